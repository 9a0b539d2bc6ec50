"""The store's targets, measured in one run on Reuters-21578 and the seeds (real models).

1. Adding ``--new`` documents to a store of ``--base`` costs what share of checking the
   ``base + new`` from scratch (target: at most 5% for 50 on 5,000), and are the verdicts of
   the pairs with a new claim the same?
2. ``Store.query`` latency on that store, models loaded (target: under 0.5 s).
3. The store's report on the seeds equals ``Checker.check`` on the seeds apart from timings.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/store_speed.py                  # 5000 + 50
    PYTHONPATH=$PWD .venv/bin/python benchmarks/store_speed.py --base 500 --out benchmarks/results/store_speed_500.json

Writes JSON with machine info and versions (default benchmarks/results/store_speed.json).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosscheck import Checker, Store, load_documents
from crosscheck.bench.machine import load_average, machine_info
from crosscheck.bench.measure import nli_calls
from crosscheck.bench.reuters import load_reuters
from crosscheck.claims.slots.parse import extract_slots
from crosscheck.types import Report

REUTERS = ROOT.parent / "shared" / "nli-data" / "news" / "reuters21578" / "reuters21578"


def _without_timings(report: Report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("timings")
    return data


def _new_pair_labels(report: Report, new_docs: set[str]) -> dict[tuple[str, str], str]:
    doc_of = {c.id: c.doc_id for c in report.claims}
    return {(v.a, v.b): v.label for v in report.verdicts if doc_of[v.a] in new_docs or doc_of[v.b] in new_docs}


def measure_add(checker: Checker, base: int, new: int, queries: int, reuters: Path) -> dict:
    documents = load_reuters(reuters, base + new)
    base_docs, new_docs = documents[:base], documents[base:]
    load_before_scratch = load_average()
    started = time.perf_counter()
    scratch = checker.check(documents)
    scratch_s = time.perf_counter() - started
    print(f"scratch check of {len(documents)}: {scratch_s:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder, Store(folder, create=True, checker=checker) as store:
        first = store.add(base_docs)
        print(f"first add of {base}: {first.seconds:.1f} s", flush=True)
        added = store.add(new_docs)
        print(f"add of {new} to {base}: {added.seconds:.1f} s ({added.seconds / scratch_s:.1%} of scratch)", flush=True)
        stored = store.report()
        stages = dict(stored.timings)
        texts = [c.text for c in stored.claims if c.doc_id in {d.id for d in new_docs}][: queries + 1]
        store.query(texts[0])  # warm-up: the parser, the vector file
        latencies = []
        for text in texts[1:]:
            t = time.perf_counter()
            store.query(text, top=10)
            latencies.append(time.perf_counter() - t)
        stats = store.stats()
    new_ids = {d.id for d in new_docs}
    want, got = _new_pair_labels(scratch, new_ids), _new_pair_labels(stored, new_ids)
    return {
        "base_documents": base,
        "new_documents": new,
        "scratch_seconds": round(scratch_s, 2),
        "load_average_before_scratch": load_before_scratch,
        "first_add_seconds": first.seconds,
        "add_seconds": added.seconds,
        "add_was_full_recheck": added.full,
        "add_share_of_scratch": round(added.seconds / scratch_s, 4),
        "target_share": 0.05,
        "add_stage_seconds": stages,
        "scratch_stage_seconds": dict(scratch.timings),
        "add_counts": {"embedded": added.embedded, "embeddings_reused": added.embeddings_reused, "judged": added.judged,
                       "judgements_reused": added.judgements_reused, "parsed_documents": added.parsed_documents},
        # Model work of the add as a share of the scratch check's, which load on a shared machine does not skew:
        # texts embedded of all the add needed, judge directions of those the scratch check ran.
        "add_work_share": {"embedded_texts": round(added.embedded / max(1, added.embedded + added.embeddings_reused), 4),
                           "judged_pairs": round(added.judged / max(1, len(nli_calls(scratch, checker.config.max_claim_chars))), 4),
                           "parsed_documents": round(added.parsed_documents / max(1, base + new), 4)},
        "load_average_around_add": load_average(),
        "new_pairs": {"scratch": len(want), "store": len(got), "same_label": sum(1 for k, v in want.items() if got.get(k) == v),
                      "only_scratch": len(set(want) - set(got)), "only_store": len(set(got) - set(want))},
        "whole_report_equal_apart_from_timings": _without_timings(scratch) == _without_timings(stored),
        "query_seconds": {"n": len(latencies), "median": round(statistics.median(latencies), 4),
                          "p95": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 4), "max": round(max(latencies), 4),
                          "claims_in_store": stats["claims"], "top": 10},
        "store_bytes": stats["bytes_on_disk"],
    }


def measure_seeds(checker: Checker, seeds: Path) -> dict:
    loaded = load_documents([seeds])
    scratch = checker.check(loaded.documents).model_copy(
        update={"errors": tuple(loaded.errors), "skipped": tuple(loaded.skipped), "warnings": tuple(loaded.warnings)})
    with tempfile.TemporaryDirectory() as folder, Store(folder, create=True, checker=checker) as store:
        store.add(loaded.documents, errors=loaded.errors, skipped=loaded.skipped, warnings=loaded.warnings)
        stored = store.report()
    from crosscheck.report import render

    return {"documents": len(loaded.documents), "json_equal_apart_from_timings": _without_timings(scratch) == _without_timings(stored),
            "markdown_equal": render(scratch, "md") == render(stored, "md")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=5000)
    parser.add_argument("--new", type=int, default=50)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "store_speed.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    checker = Checker()
    started = time.perf_counter()
    checker.embedder.encode(["Warm-up sentence."])
    checker.nli.predict([("A man spoke.", "Someone spoke.")])
    extract_slots(["The minister said on Monday that prices rose."], [0], [None])
    load_s = time.perf_counter() - started
    result = {"machine": machine_info(), "load_average_before": load_average(), "model_load_seconds": round(load_s, 2),
              "models": {"embedder": checker.embedder.name, "nli": checker.nli.name},
              "cpu_note": "AMD EPYC, 2 cores, AVX2 + AVX512F + AVX512-BF16 + AVX512-VNNI (no AMX), shared with other work"}
    result["seeds"] = measure_seeds(checker, args.seeds)
    print("seeds:", result["seeds"], flush=True)
    result["reuters"] = measure_add(checker, args.base, args.new, args.queries, args.reuters)
    result["load_average_after"] = load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result["reuters"].items() if k not in ("add_stage_seconds", "scratch_stage_seconds")}, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
