"""Every inference path of both models in one run: speed, agreement with torch float32, accuracy.

Paths: torch fp32, torch bf16, torch int8 (NLI only), ONNX Runtime fp32 and int8. Each model
scores the same inputs; timed runs alternate between the paths (same load on a shared
machine), after one warm-up pass each. Recorded per path: items/s with a 95% interval and the
ratio to torch fp32 of this run; argmax agreement with torch fp32 and held-out accuracy (NLI),
nearest-neighbour agreement, the lowest cosine to the fp32 vector and SICK relatedness
Spearman (embedder); plus the CPU flags, what ``precision="auto"`` picks here and how fast
that is.

    .venv/bin/python benchmarks/compare_backends.py                 # writes benchmarks/results/backends.json
    ONEDNN_MAX_CPU_ISA=AVX2 .venv/bin/python benchmarks/compare_backends.py \\
        --out benchmarks/results/backends_torch_avx2.json          # torch limited to AVX2 (see below)

``ONEDNN_MAX_CPU_ISA=AVX2`` makes torch's oneDNN kernels use AVX2 at most, which emulates an
AVX2-only CPU for the torch paths (bf16 becomes emulated); ONNX Runtime has no such switch and
still uses every instruction the CPU has (AVX512-VNNI for int8 here), so in that run only the
torch figures stand for an AVX2 CPU.

Data (from ``--data``, default ``../shared/nli-data``; nothing is copied): NLI pairs from the
held-out TextFooler MNLI matched + mismatched samples (pairs also in TaxiNLI, which the model
trains on, dropped) topped up with SNLI dev to ``--nli-pairs``; embedder sentences from
Reuters-21578 (news length); SICK sentence pairs with relatedness scores for the Spearman.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "models"))
sys.path.insert(0, str(REPO / "benchmarks"))

from eval_nli import LABEL_INDEX, load_snli_jsonl, load_textfooler, taxinli_keys

from crosscheck import precision as precision_rules
from crosscheck.bench.machine import cpu_flags, machine_info
from crosscheck.bench.measure import mean_ci
from crosscheck.embed.minilm import MiniLMEmbedder
from crosscheck.verify.nli import HFNLIModel, default_model_path

NLI_PATHS = ("fp32", "bf16", "int8", "onnx-fp32", "onnx-int8")
EMBED_PATHS = ("fp32", "bf16", "onnx-fp32", "onnx-int8")
# The bound: a path whose labels agree with float32 less often than this is not used by "auto".
AGREEMENT_BOUND = 0.97


def nli_examples(data: Path, n: int) -> list[tuple[str, str, str]]:
    held = data / "heldout"
    taxi = taxinli_keys(data)
    out: list[tuple[str, str, str]] = []
    for name in ("mnli_matched", "mnli_mismatched"):
        out += load_textfooler(held / "textfooler_samples" / f"{name}.tsv", taxi)[0]
    out += load_snli_jsonl(held / "snli_subsets" / "snli_1.0_dev.jsonl")[0]
    return out[:n]


def reuters_sentences(data: Path, n: int) -> list[str]:
    import synthetic_pairs

    docs = synthetic_pairs.load_reuters_sentences(data / "news" / "reuters21578" / "reuters21578")
    sentences = list(dict.fromkeys(s for doc in docs for s in doc))
    step = max(1, len(sentences) // n)  # spread over the collection, not its first files
    return sentences[::step][:n]


def sick_pairs(data: Path, n: int) -> tuple[list[str], list[str], np.ndarray]:
    rows = (data / "train" / "sick" / "SICK.txt").read_text(encoding="utf-8").splitlines()[1:]
    cols = [r.split("\t") for r in rows if r.strip()][:n]
    return [c[1] for c in cols], [c[2] for c in cols], np.array([float(c[3]) for c in cols])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def timed_rates(fns: dict[str, object], items: int, repeats: int) -> dict[str, dict]:
    """Items/s of each zero-argument function, runs alternating in order then reversed."""
    rates: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for r in range(repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            started = time.perf_counter()
            fns[name]()  # type: ignore[operator]
            rates[name].append(items / (time.perf_counter() - started))
    return {name: {**{k: (round(v, 2) if isinstance(v, float) else v) for k, v in mean_ci(runs).items()},
                   "runs": [round(x, 2) for x in runs]} for name, runs in rates.items()}


def with_ratios(speed: dict[str, dict], key: str = "fp32") -> dict[str, dict]:
    base = speed[key]["mean"]
    return {name: {**s, "ratio_to_torch_fp32": round(s["mean"] / base, 3)} for name, s in speed.items()}


def bench_nli(examples: list[tuple[str, str, str]], paths: tuple[str, ...], repeats: int, batch_size: int) -> dict:
    pairs = [(p, h) for p, h, _ in examples]
    gold = np.array([LABEL_INDEX[g] for _, _, g in examples])
    models = {p: HFNLIModel(default_model_path(), precision=p) for p in paths}  # type: ignore[arg-type]
    scores, load_seconds = {}, {}
    for p, model in models.items():
        started = time.perf_counter()
        model.score(pairs[:batch_size], batch_size=batch_size)  # load (and export once) + warm-up
        load_seconds[p] = round(time.perf_counter() - started, 2)
        scores[p] = model.score(pairs, batch_size=batch_size)
    speed = with_ratios(timed_rates({p: (lambda m=m: m.score(pairs, batch_size=batch_size)) for p, m in models.items()},
                                    len(pairs), repeats))
    ref = scores["fp32"]
    out = {}
    for p in paths:
        s = scores[p]
        same = None
        if s.same_event is not None and ref.same_event is not None:
            same = {"agreement_at_0_5": round(float(((s.same_event > 0.5) == (ref.same_event > 0.5)).mean()), 4),
                    "max_abs_diff": round(float(np.abs(s.same_event - ref.same_event).max()), 4)}
        out[p] = {
            "name": models[p].name,
            "pairs_per_second": speed[p],
            "first_call_seconds": load_seconds[p],
            "argmax_agreement_with_torch_fp32": round(float((s.nli.argmax(1) == ref.nli.argmax(1)).mean()), 4),
            "max_abs_prob_diff": round(float(np.abs(s.nli - ref.nli).max()), 4),
            "heldout_accuracy": round(float((s.nli.argmax(1) == gold).mean()), 4),
            "same_event": same,
        }
    return out


def bench_embedder(sentences: list[str], sick: tuple[list[str], list[str], np.ndarray], paths: tuple[str, ...],
                   repeats: int, batch_size: int) -> dict:
    models = {p: MiniLMEmbedder(precision=p) for p in paths}
    vectors, load_seconds, spear = {}, {}, {}
    a, b, relatedness = sick
    for p, model in models.items():
        started = time.perf_counter()
        model.encode(sentences[:batch_size], batch_size=batch_size)
        load_seconds[p] = round(time.perf_counter() - started, 2)
        vectors[p] = model.encode(sentences, batch_size=batch_size)
        va, vb = model.encode(a, batch_size=batch_size), model.encode(b, batch_size=batch_size)
        spear[p] = round(spearman((va * vb).sum(1), relatedness), 4)
    speed = with_ratios(timed_rates({p: (lambda m=m: m.encode(sentences, batch_size=batch_size)) for p, m in models.items()},
                                    len(sentences), repeats))
    ref = vectors["fp32"]
    ref_sims = ref @ ref.T
    np.fill_diagonal(ref_sims, -2)
    ref_nn = ref_sims.argmax(1)
    out = {}
    for p in paths:
        v = vectors[p]
        sims = v @ v.T
        np.fill_diagonal(sims, -2)
        out[p] = {
            "name": models[p].name,
            "sentences_per_second": speed[p],
            "first_call_seconds": load_seconds[p],
            "nearest_neighbour_agreement_with_torch_fp32": round(float((sims.argmax(1) == ref_nn).mean()), 4),
            "min_cosine_to_torch_fp32": round(float((v * ref).sum(1).min()), 5),
            "max_abs_similarity_diff": round(float(np.abs(sims - ref_sims).max()), 4),
            "sick_relatedness_spearman": spear[p],
        }
    return out


def best_within_bound(results: dict, speed_key: str, agree_key: str, accuracy_key: str) -> str:
    """The fastest path that agrees with torch fp32 at least AGREEMENT_BOUND and loses at most a point."""
    ok = [p for p, r in results.items()
          if r[agree_key] >= AGREEMENT_BOUND and r[accuracy_key] >= results["fp32"][accuracy_key] - 0.01]
    return max(ok, key=lambda p: results[p][speed_key]["mean"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Compare the torch and ONNX Runtime paths of both models.")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "nli-data")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "backends.json")
    ap.add_argument("--nli-pairs", type=int, default=2000)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--sick-pairs", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--nli-paths", default=",".join(NLI_PATHS), help="comma-separated; fp32 (the reference) is always run")
    ap.add_argument("--embed-paths", default=",".join(EMBED_PATHS), help="comma-separated; fp32 (the reference) is always run")
    ap.add_argument("--note", default=None, help="free text recorded in the results (e.g. what else ran)")
    args = ap.parse_args(argv)
    nli_paths = tuple(dict.fromkeys(["fp32", *args.nli_paths.split(",")]))
    embed_paths = tuple(dict.fromkeys(["fp32", *args.embed_paths.split(",")]))
    unknown = sorted(set(nli_paths) - set(NLI_PATHS) | set(embed_paths) - set(EMBED_PATHS))
    if unknown:
        ap.error(f"unknown paths {unknown}; NLI: {list(NLI_PATHS)}, embedder: {list(EMBED_PATHS)}")

    started = time.time()
    examples = nli_examples(args.data, args.nli_pairs)
    sentences = reuters_sentences(args.data, args.sentences)
    sick = sick_pairs(args.data, args.sick_pairs)
    load_before = os.getloadavg()
    print(f"NLI: {len(examples)} pairs, paths {list(nli_paths)}", file=sys.stderr)
    nli = bench_nli(examples, nli_paths, args.repeats, batch_size=32)
    print(f"embedder: {len(sentences)} sentences, paths {list(embed_paths)}", file=sys.stderr)
    embed = bench_embedder(sentences, sick, embed_paths, args.repeats, batch_size=64)
    native, kind = precision_rules.native_bf16(), precision_rules.cpu_kind()
    auto = {"nli": precision_rules.resolve_precision("auto", model="nli"),
            "embedder": precision_rules.resolve_precision("auto", model="embedder")}
    results = {
        "command": "python benchmarks/compare_backends.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine_info() | {"cpu_flags": cpu_flags(), "torch_native_bf16": native, "cpu_kind": kind,
                                     "ONEDNN_MAX_CPU_ISA": os.environ.get("ONEDNN_MAX_CPU_ISA")},
        "note": args.note,
        "load_average_before_after": [list(load_before), list(os.getloadavg())],
        "inputs": {"nli_pairs": len(examples), "nli_batch_size": 32,
                   "nli_mean_chars_per_pair": round(float(np.mean([len(p) + len(h) for p, h, _ in examples])), 1),
                   "sentences": len(sentences), "embed_batch_size": 64,
                   "mean_chars_per_sentence": round(float(np.mean([len(s) for s in sentences])), 1),
                   "sick_pairs": len(sick[2]), "repeats": args.repeats},
        "agreement_bound": AGREEMENT_BOUND,
        "nli": nli,
        "embedder": embed,
        "fastest_within_bound": {
            "nli": best_within_bound(nli, "pairs_per_second", "argmax_agreement_with_torch_fp32", "heldout_accuracy"),
            "embedder": best_within_bound(embed, "sentences_per_second", "nearest_neighbour_agreement_with_torch_fp32",
                                          "sick_relatedness_spearman"),
        },
        "auto_picks_here": auto,
        "seconds": round(time.time() - started, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(render(results))
    print(f"\nwrote {args.out}")
    return 0


def render(results: dict) -> str:
    flags = " ".join(results["machine"]["cpu_flags"])
    lines = [f"CPU: {results['machine']['cpu']}, {results['machine']['usable_cores']} cores; flags: {flags}; "
             f"ONEDNN_MAX_CPU_ISA={results['machine']['ONEDNN_MAX_CPU_ISA']}", "",
             "| NLI path | pairs/s | x torch fp32 | agreement | held-out acc | same-event agr |", "|---|---|---|---|---|---|"]
    for r in results["nli"].values():
        s = r["pairs_per_second"]
        same = r["same_event"]["agreement_at_0_5"] if r["same_event"] else "-"
        lines.append(f"| {r['name']} | {s['mean']:.1f} ± {s['ci95'] or 0:.1f} | {s['ratio_to_torch_fp32']:.2f} | "
                     f"{r['argmax_agreement_with_torch_fp32']:.4f} | {r['heldout_accuracy']:.4f} | {same} |")
    lines += ["", "| embedder path | sentences/s | x torch fp32 | NN agreement | min cos | SICK Spearman |", "|---|---|---|---|---|---|"]
    for r in results["embedder"].values():
        s = r["sentences_per_second"]
        lines.append(f"| {re.sub(r'^.*[)]', 'minilm', r['name'])} | {s['mean']:.1f} ± {s['ci95'] or 0:.1f} | "
                     f"{s['ratio_to_torch_fp32']:.2f} | {r['nearest_neighbour_agreement_with_torch_fp32']:.4f} | "
                     f"{r['min_cosine_to_torch_fp32']:.4f} | {r['sick_relatedness_spearman']:.4f} |")
    lines += ["", f"fastest within the bound: {results['fastest_within_bound']}; auto picks here: {results['auto_picks_here']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
