"""Evaluate an NLI model folder on every held-out set, the Reuters synthetic set, and speed.

Prints a table and writes JSON (machine info, versions, per-set accuracy, per-label F1,
confusion matrices, calibration error, pairs per second at batch 32 on news-length pairs).

    .venv/bin/python benchmarks/eval_nli.py                       # shipped model, float32
    .venv/bin/python benchmarks/eval_nli.py --precision int8      # int8 dynamic quantization
    .venv/bin/python benchmarks/eval_nli.py --precision both      # fp32 and int8, one run, speed interleaved
    .venv/bin/python benchmarks/eval_nli.py --precision fp32,bf16,int8  # any list, one run
    .venv/bin/python benchmarks/eval_nli.py --model /tmp/m --out /tmp/eval.json

``--out`` names the float32 report; each other one goes beside it with its precision added
to the stem (``nli_eval_int8.json``, ``nli_eval_bf16.json``). With several precisions the
speed runs alternate between the variants (same pairs, same load), each report carries the
others' figures as ratios, and each non-fp32 report lists per-set argmax agreement with
float32 when fp32 is among them.

Sets (read from ``--data``, default ``../shared/nli-data``; nothing is copied):

- TextFooler samples: MNLI matched / mismatched (pairs also in TaxiNLI removed, since the
  model trains on TaxiNLI) and SNLI. Their text is tokenised ("ca n't", "word ."); it is
  detokenised lightly before scoring.
- SNLI dev / test subsets (gold ``-`` dropped).
- Negation sets (MNLI, SNLI 3-way; RTE 2-way: neutral and contradiction count as
  not_entailment).
- Breaking-NLI, one row per category (contradiction recall is the number to watch).
- Reuters-21578 synthetic pairs from ``models/synthetic_pairs.py`` (fixed seed): recall
  of changed-detail contradictions, and how often unchanged/reduced sentences are called
  contradiction.
- Reuters-21578 rewrites from ``models/news_paraphrases.py`` (one fact written two ways:
  a date as a weekday, a figure in another format, direct as reported speech): how often
  a rewrite is called contradiction, and recall when one detail is changed on top.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "models"))

import synthetic_pairs  # noqa: E402

from crosscheck.precision import PRECISIONS  # noqa: E402
from crosscheck.types import NLI_LABELS  # noqa: E402
from crosscheck.verify.nli import HFNLIModel, default_model_path  # noqa: E402

LABEL_INDEX = {name: i for i, name in enumerate(NLI_LABELS)}
Example = tuple[str, str, str]  # premise, hypothesis, gold label


# --------------------------------------------------------------------------- loading


def detokenize(text: str) -> str:
    """Undo PTB-style tokenisation ("ca n't" -> "can't", "word ." -> "word.")."""
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("ca n't", "can't").replace("wo n't", "won't")
    text = re.sub(r" ([.,!?;:%)])", r"\1", text)
    text = re.sub(r"([($]) ", r"\1", text)
    text = re.sub(r"`` | ''", '"', text)
    return text.strip()


def _key(premise: str, hypothesis: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (premise + hypothesis).lower().replace("n't", "nt"))


def taxinli_keys(data: Path) -> set[str]:
    keys = set()
    with (data / "train" / "taxinli" / "taxinli10k.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            keys.add(_key(cols[0], cols[1]))
    return keys


def load_textfooler(path: Path, drop: set[str] | None) -> tuple[list[Example], int]:
    out, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        label, premise, hypothesis = line.split("\t")[:3]
        if drop is not None and _key(premise, hypothesis) in drop:
            dropped += 1
            continue
        out.append((detokenize(premise), detokenize(hypothesis), label.strip()))
    return out, dropped


def load_snli_jsonl(path: Path) -> tuple[list[Example], int]:
    out, dropped = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["gold_label"] not in LABEL_INDEX:
            dropped += 1
            continue
        out.append((row["sentence1"], row["sentence2"], row["gold_label"]))
    return out, dropped


def load_negation(path: Path) -> list[Example]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # some files carry Windows-1252 quotes
        text = raw.decode("cp1252", errors="replace")
    rows = text.splitlines()[1:]
    return [(c[1], c[2], c[3].strip()) for c in (r.split("\t") for r in rows) if len(c) >= 4]


def load_breaking(path: Path) -> dict[str, list[Example]]:
    by_cat: dict[str, list[Example]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_cat[row["category"]].append((row["sentence1"], row["sentence2"], row["gold_label"]))
    return dict(sorted(by_cat.items()))


# --------------------------------------------------------------------------- metrics


def ece(probs: np.ndarray, gold: np.ndarray, n_bins: int = 15) -> float:
    conf, correct = probs.max(1), (probs.argmax(1) == gold).astype(float)
    total = 0.0
    edges = np.linspace(0, 1, n_bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def score(examples: list[Example], probs: np.ndarray, *, two_way: bool = False, temperature: float = 1.0) -> dict:
    """Accuracy, per-label precision/recall/F1, confusion (rows gold, cols predicted)."""
    pred = probs.argmax(1)
    if two_way:
        names = ["entailment", "not_entailment"]
        gold = np.array([0 if g == "entailment" else 1 for _, _, g in examples])
        pred = np.where(pred == 0, 0, 1)
    else:
        names = list(NLI_LABELS)
        gold = np.array([LABEL_INDEX[g] for _, _, g in examples])
    out: dict = {"n": len(examples), "accuracy": round(float((pred == gold).mean()), 4), "per_label": {}}
    for k, name in enumerate(names):
        tp = int(((pred == k) & (gold == k)).sum())
        n_gold, n_pred = int((gold == k).sum()), int((pred == k).sum())
        if n_gold == 0 and n_pred == 0:
            continue
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out["per_label"][name] = {"n": n_gold, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
    out["confusion"] = {"labels": names, "matrix": [[int(((gold == i) & (pred == j)).sum()) for j in range(len(names))]
                                                   for i in range(len(names))]}
    if not two_way:
        # probs are calibrated (divided by T); undo to report ECE before calibration too.
        logits = np.log(np.clip(probs, 1e-12, 1)) * temperature
        raw = np.exp(logits - logits.max(1, keepdims=True))
        raw /= raw.sum(1, keepdims=True)
        out["ece_uncalibrated"] = round(ece(raw, gold), 4)
        out["ece_calibrated"] = round(ece(probs, gold), 4)
    return out


def score_reuters(reuters: list, probs: np.ndarray) -> dict:
    """Predicted-label shares per kind of synthetic edit, and false contradictions."""
    pred = probs.argmax(1)
    kinds = [p.kind for p in reuters]
    by_kind = defaultdict(list)
    for k, pr in zip(kinds, pred):
        by_kind[k].append(int(pr))
    keep = [i for i, k in enumerate(kinds) if k in ("unchanged", "reduced")]
    return {
        "by_kind_predicted_share": {
            k: {lab: round(v.count(i) / len(v), 4) for i, lab in enumerate(NLI_LABELS)} | {"n": len(v)}
            for k, v in sorted(by_kind.items())
        },
        "unchanged_or_reduced_called_contradiction": round(
            float((pred[keep] == LABEL_INDEX["contradiction"]).mean()), 4),
    }


def score_rewrites(rewrites: list, probs: np.ndarray) -> dict:
    """Rewrites called contradiction (should be rare), per rule; recall of rewrites with a changed detail."""
    pred = probs.argmax(1)
    contra = LABEL_INDEX["contradiction"]
    same = np.array([p.label != "contradiction" for p in rewrites])
    by_kind: dict[str, list[int]] = defaultdict(list)
    for p, pr in zip(rewrites, pred):
        if p.label != "contradiction":
            by_kind[p.kind].append(int(pr == contra))
    return {
        "rewrites_called_contradiction": round(float((pred[same] == contra).mean()), 4) if same.any() else None,
        "rewrites_called_contradiction_by_kind": {k: {"share": round(sum(v) / len(v), 4), "n": len(v)}
                                                  for k, v in sorted(by_kind.items())},
        "changed_rewrite_contradiction_recall": round(float((pred[~same] == contra).mean()), 4) if (~same).any() else None,
    }


def measure_speed(models: dict[str, HFNLIModel], pairs: list[tuple[str, str]], *, batch_size: int = 32,
                  repeats: int = 3) -> dict[str, dict]:
    """Pairs per second for each model, runs interleaved so that load hits all of them alike."""
    for model in models.values():
        model.predict(pairs[: batch_size * 2], batch_size=batch_size)  # warm-up
    # Other jobs on a 2-core machine change the figure a lot: record the load alongside.
    load_before = os.getloadavg()[0]
    rates: dict[str, list[float]] = {name: [] for name in models}
    names = list(models)
    for r in range(repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            t0 = time.perf_counter()
            models[name].predict(pairs, batch_size=batch_size)
            rates[name].append(len(pairs) / (time.perf_counter() - t0))
    load_after = os.getloadavg()[0]
    out = {}
    for name, runs in rates.items():
        mean = statistics.mean(runs)
        half = 1.96 * statistics.stdev(runs) / len(runs) ** 0.5 if len(runs) > 1 else 0.0
        out[name] = {"pairs": len(pairs), "batch_size": batch_size, "repeats": repeats,
                     "max_length": models[name].max_length,
                     "mean_chars_per_pair": round(statistics.mean(len(p) + len(h) for p, h in pairs), 1),
                     "pairs_per_second": round(mean, 1), "ci95_half_width": round(half, 1),
                     "runs": [round(x, 1) for x in runs],
                     "load_average_1min_before_after": [round(load_before, 2), round(load_after, 2)]}
    return out


def token_lengths(model: HFNLIModel, pairs: list[tuple[str, str]]) -> dict:
    """Untruncated token counts of the pairs (how much a lower max_length would cut)."""
    model._load()
    n = np.array([len(ids) for ids in model._tokenizer([p for p, _ in pairs], [h for _, h in pairs])["input_ids"]])
    return {"mean": round(float(n.mean()), 1), "p50": int(np.median(n)), "p95": int(np.percentile(n, 95)),
            "max": int(n.max()), "over_128": int((n > 128).sum()), "over_256": int((n > 256).sum())}


def agreement(a: np.ndarray, b: np.ndarray) -> dict:
    """How far two models' probabilities for the same pairs are apart."""
    diff = np.abs(a - b)
    return {"argmax_agreement": round(float((a.argmax(1) == b.argmax(1)).mean()), 4),
            "mean_abs_prob_diff": round(float(diff.mean()), 4), "max_abs_prob_diff": round(float(diff.max()), 4)}


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate an NLI model folder on the held-out sets.")
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "nli-data")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "nli_eval.json")
    ap.add_argument("--reuters-pairs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--speed-pairs", type=int, default=640)
    ap.add_argument("--speed-repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="score at most this many pairs per set (0: all; for smoke runs)")
    ap.add_argument("--precision", default="fp32",
                    help="fp32, bf16, int8, a comma-separated list of them, or both (= fp32,int8); several run in one process")
    ap.add_argument("--speed-max-length", type=int, default=0,
                    help="also time each variant with this max_length (0: skip); accuracy is not rescored")
    args = ap.parse_args(argv)

    import torch
    import transformers

    torch.set_num_threads(args.threads)
    model_path = args.model or default_model_path()
    variants = ["fp32", "int8"] if args.precision == "both" else list(dict.fromkeys(args.precision.split(",")))
    unknown = [v for v in variants if v == "auto" or v not in PRECISIONS]
    if unknown:
        ap.error(f"--precision: unknown {unknown}; use fp32, bf16, int8, a comma-separated list, or both")
    models = {v: HFNLIModel(model_path, max_length=256, precision=v) for v in variants}
    held = args.data / "heldout"
    t_start = time.time()

    sets: dict[str, tuple[list[Example], bool, dict]] = {}
    taxi = taxinli_keys(args.data)
    for name in ("mnli_matched", "mnli_mismatched"):
        ex, dropped = load_textfooler(held / "textfooler_samples" / f"{name}.tsv", taxi)
        sets[f"textfooler_{name}"] = (ex, False, {"dropped_taxinli_overlap": dropped})
    ex, _ = load_textfooler(held / "textfooler_samples" / "snli.tsv", None)
    sets["textfooler_snli"] = (ex, False, {})
    for split in ("dev", "test"):
        ex, dropped = load_snli_jsonl(held / "snli_subsets" / f"snli_1.0_{split}.jsonl")
        sets[f"snli_{split}"] = (ex, False, {"dropped_gold_dash": dropped})
    for name in ("MNLI", "SNLI", "RTE"):
        sets[f"negation_{name.lower()}"] = (load_negation(held / "negation_nli" / f"{name}.txt"), name == "RTE", {})
    for cat, ex in load_breaking(held / "breaking_nli" / "data" / "dataset.jsonl").items():
        sets[f"breaking_{cat}"] = (ex, False, {})
    reuters_docs = synthetic_pairs.load_reuters_sentences(args.data / "news" / "reuters21578" / "reuters21578")
    reuters = synthetic_pairs.make_pairs(reuters_docs, n_pairs=args.reuters_pairs, seed=args.seed)
    sets["reuters_synthetic"] = ([(p.premise, p.hypothesis, p.label) for p in reuters], False,
                                 {"kinds": dict(Counter(p.kind for p in reuters))})
    rewrites = [p for p in synthetic_pairs.make_pairs(reuters_docs, n_pairs=args.reuters_pairs * 3, seed=args.seed + 1,
                                                      paraphrase_share=1.0)
                if p.kind.startswith("para-")]
    sets["reuters_rewrites"] = ([(p.premise, p.hypothesis, p.label) for p in rewrites], False,
                                {"kinds": dict(Counter(p.kind for p in rewrites))})

    if args.limit:
        reuters = reuters[: args.limit]
        sets = {k: (ex[: args.limit], tw, extra) for k, (ex, tw, extra) in sets.items()}
    all_results: dict[str, dict[str, dict]] = {v: {} for v in variants}
    agree: dict[str, dict[str, dict]] = {}  # variant -> set -> agreement with fp32
    for name, (examples, two_way, extra) in sets.items():
        by_variant = {}
        for variant, model in models.items():
            probs = by_variant[variant] = model.predict([(p, h) for p, h, _ in examples], batch_size=64)
            result = {**score(examples, probs, two_way=two_way, temperature=model.temperature), **extra}
            if name == "reuters_synthetic":
                result |= score_reuters(reuters, probs)
            if name == "reuters_rewrites":
                result |= score_rewrites(rewrites[: len(examples)], probs)
            all_results[variant][name] = result
            print(f"{name:32s} {variant} n={len(examples):5d} acc={result['accuracy']:.3f}", file=sys.stderr)
        for variant in by_variant.keys() - {"fp32"} if "fp32" in by_variant else ():
            agree.setdefault(variant, {})[name] = agreement(by_variant["fp32"], by_variant[variant])

    speed_pairs = [(p.premise, p.hypothesis) for p in reuters][: args.speed_pairs]
    timed: dict[str, HFNLIModel] = dict(models)
    if args.speed_max_length:
        for v in variants:
            timed[f"{v}_max_length_{args.speed_max_length}"] = HFNLIModel(
                model_path, max_length=args.speed_max_length, precision=v)
    speeds = measure_speed(timed, speed_pairs, batch_size=32, repeats=args.speed_repeats)
    tokens = token_lengths(next(iter(models.values())), speed_pairs)
    eval_seconds = round(time.time() - t_start, 1)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    for variant, model in models.items():
        results = all_results[variant]
        summary = summarize(results)
        speed = {**speeds[variant], "untruncated_tokens_per_pair": tokens}
        report = {
            "model": str(model_path.relative_to(REPO) if model_path.is_relative_to(REPO) else model_path),
            "model_name": model.name,
            "precision": variant,
            "temperature": model.temperature,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": "python benchmarks/eval_nli.py " + " ".join(sys.argv[1:] if argv is None else argv),
            "machine": {"python": platform.python_version(), "torch": torch.__version__,
                        "transformers": transformers.__version__, "numpy": np.__version__, "threads": args.threads,
                        "quantized_engine": torch.backends.quantized.engine,
                        "cpu_count": os.cpu_count(), "processor": platform.processor() or platform.machine()},
            "speed": speed,
            "targets": summary,
            "sets": results,
            "eval_seconds_all_variants": eval_seconds,
        }
        others = {k: v for k, v in speeds.items() if k != variant}
        if others:
            # Ratios are from interleaved runs of this one process: comparable, unlike
            # figures from two separate runs on a shared machine.
            report["speed_same_run"] = {
                k: {"pairs_per_second": v["pairs_per_second"], "ci95_half_width": v["ci95_half_width"],
                    "ratio_to_this": round(v["pairs_per_second"] / speed["pairs_per_second"], 3)}
                for k, v in others.items()}
        if variant in agree:
            report["agreement_with_fp32"] = agree[variant]
        out = args.out if variant == "fp32" else args.out.with_name(f"{args.out.stem}_{variant}{args.out.suffix}")
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\n## {variant} ({model.name})\n")
        print(render_table(results, summary, speed))
        print(f"\nwrote {out}")
    if len(speeds) > 1:
        print("\n| variant | pairs/s (batch 32) | ± ci95 |\n|---|---|---|")
        for k, v in speeds.items():
            print(f"| {k} | {v['pairs_per_second']:.1f} | {v['ci95_half_width']:.1f} |")
    return 0


def summarize(r: dict[str, dict]) -> dict:
    """The issue's targets, measured."""
    def c_recall(name: str) -> float:
        return r[name]["per_label"]["contradiction"]["recall"]

    n_m, n_mm = r["textfooler_mnli_matched"]["n"], r["textfooler_mnli_mismatched"]["n"]
    mnli = (r["textfooler_mnli_matched"]["accuracy"] * n_m + r["textfooler_mnli_mismatched"]["accuracy"] * n_mm) / (n_m + n_mm)
    n_d, n_t = r["snli_dev"]["n"], r["snli_test"]["n"]
    snli = (r["snli_dev"]["accuracy"] * n_d + r["snli_test"]["accuracy"] * n_t) / (n_d + n_t)
    rows = {
        "snli_heldout_accuracy": (snli, ">=", 0.80),
        "textfooler_mnli_m_mm_accuracy": (mnli, ">=", 0.75),
        "breaking_cardinals_contradiction_recall": (c_recall("breaking_cardinals"), ">=", 0.90),
        "breaking_nationalities_contradiction_recall": (c_recall("breaking_nationalities"), ">=", 0.90),
        "breaking_countries_contradiction_recall": (c_recall("breaking_countries"), ">=", 0.90),
        "reuters_contradiction_recall": (c_recall("reuters_synthetic"), ">=", 0.90),
        "reuters_unchanged_or_reduced_called_contradiction": (
            r["reuters_synthetic"]["unchanged_or_reduced_called_contradiction"], "<=", 0.10),
    }
    if r.get("reuters_rewrites", {}).get("rewrites_called_contradiction") is not None:
        rows["reuters_rewrites_called_contradiction"] = (r["reuters_rewrites"]["rewrites_called_contradiction"], "<=", 0.10)
    return {k: {"value": round(v, 4), "target": f"{op} {t}", "met": bool(v >= t if op == ">=" else v <= t)}
            for k, (v, op, t) in rows.items()}


def render_table(results: dict[str, dict], summary: dict, speed: dict) -> str:
    lines = ["| set | n | accuracy | F1 entail | F1 neutral | F1 contra | ECE T=1 | ECE T |", "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        f1 = {k: v["f1"] for k, v in r["per_label"].items()}
        cells = [f"{f1[k]:.3f}" if k in f1 else "-" for k in ("entailment", "neutral", "contradiction")]
        if "not_entailment" in f1:
            cells[1] = f"{f1['not_entailment']:.3f} (not_ent)"
        eces = [f"{r[k]:.3f}" if k in r else "-" for k in ("ece_uncalibrated", "ece_calibrated")]
        lines.append(f"| {name} | {r['n']} | {r['accuracy']:.3f} | " + " | ".join(cells + eces) + " |")
    lines += ["", "| target | value | goal | met |", "|---|---|---|---|"]
    for name, t in summary.items():
        lines.append(f"| {name} | {t['value']:.3f} | {t['target']} | {'yes' if t['met'] else 'NO'} |")
    lines.append(f"| pairs/s at batch 32 (news-length, {speed['mean_chars_per_pair']} chars) | "
                 f"{speed['pairs_per_second']:.1f} ± {speed['ci95_half_width']:.1f} | >= 150 | "
                 f"{'yes' if speed['pairs_per_second'] >= 150 else 'NO'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
