"""``Store.query`` latency on a store of every Reuters-21578 story (target: under 0.5 s), models loaded.

A query embeds its text, searches the store's FAISS file of every stored claim, and judges
the ``top`` hits both ways with the real judge; it reads no stored verdict. So the store is
built here with the real embedder and parser but the fake judge (``--build-nli fake``, the
default): a real-judge check of all 19,043 stories takes hours on a 2-core CPU, and the
verdicts it would store play no part in a query. The queries then run with the real models
(``Checker()``): the longest sentence of stories spread over the corpus.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/store_query.py --store /tmp/reuters-store

The store is kept at ``--store`` and reused when it already holds the stories. Writes
JSON with machine info (default benchmarks/results/store_query_all.json).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosscheck import Checker, Config, Store
from crosscheck.bench.machine import load_average, machine_info
from crosscheck.bench.reuters import load_reuters
from crosscheck.claims import split_sentences
from crosscheck.claims.slots.parse import extract_slots

REUTERS = ROOT.parent / "shared" / "nli-data" / "news" / "reuters21578" / "reuters21578"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="Folder of the store (built if it does not hold the stories).")
    parser.add_argument("--limit", type=int, default=None, help="Stories to store (default: all with a body).")
    parser.add_argument("--build-nli", default="fake", help="Judge the store is built with (default: fake; see above).")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "store_query_all.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    documents = load_reuters(args.reuters, args.limit)
    result: dict = {"machine": machine_info(), "documents": len(documents), "build_nli": args.build_nli}
    with Store(args.store, create=True, config=Config(nli_model=args.build_nli)) as store:
        started = time.perf_counter()
        added = store.add(documents)
        result["build_seconds"] = round(time.perf_counter() - started, 1) if added.checked else None
    # The longest sentence of stories spread over the corpus: wire sentences with figures and names.
    step = max(1, len(documents) // (args.queries + 1))
    asked = [max((s.text for s in split_sentences(doc)), key=len) for doc in documents[::step][: args.queries + 1]]
    checker = Checker()  # the real embedder (the store's) and the real judge
    started = time.perf_counter()
    checker.embedder.encode(["Warm-up sentence."])
    checker.nli.predict([("A man spoke.", "Someone spoke.")])
    extract_slots(["The minister said on Monday that prices rose."], [0], [None])
    result["model_load_seconds"] = round(time.perf_counter() - started, 2)
    result["models"] = {"embedder": checker.embedder.name, "nli": checker.nli.name}
    result["load_average_before_queries"] = load_average()
    with Store(args.store, checker=checker) as store:
        store.query(asked[0], top=args.top)  # warm-up: the vector file
        latencies, best = [], []
        for text in asked[1:]:
            t = time.perf_counter()
            hits = store.query(text, top=args.top)
            latencies.append(time.perf_counter() - t)
            best.append(hits[0].similarity)
        stats = store.stats()
    result["load_average_after_queries"] = load_average()
    result["query_seconds"] = {"n": len(latencies), "median": round(statistics.median(latencies), 4),
                               "p95": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 4),
                               "max": round(max(latencies), 4), "top": args.top, "target": 0.5}
    result["closest_hit_similarity_median"] = round(statistics.median(best), 4)
    result["store"] = {k: stats[k] for k in ("documents", "claims", "verdicts", "bytes_on_disk")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
