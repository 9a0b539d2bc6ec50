"""How much the reuse stage's approximate neighbour search keeps, and what it saves.

The reuse stage asks, for every sentence, for its nearest sentences in embedding space and
keeps pairs from different documents with cosine >= ``reuse.EMBED_MIN_COSINE``. Beyond
``index.EXACT_SEARCH_MAX`` sentences that search is an inverted-file index instead of an
exact one (``index.nearest_to_each``). This script embeds the sentences of the first N
Reuters-21578 stories with the pipeline's embedder, runs both searches on the same vectors
in one process, and reports the time of each and the share of the exact search's qualifying
pairs the approximate one also finds.

    .venv/bin/python benchmarks/eval_knn.py                   # all stories (~170 s of embedding)
    .venv/bin/python benchmarks/eval_knn.py --stories 5000 --probes 8,16,32
    .venv/bin/python benchmarks/eval_knn.py --k 21 --min-cosine 0.55   # the cluster stage's search
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crosscheck import reuse  # noqa: E402
from crosscheck.backends import get_embedder  # noqa: E402
from crosscheck.bench.machine import machine_info  # noqa: E402
from crosscheck.bench.reuters import load_reuters  # noqa: E402
from crosscheck.claims.segment import split_sentences  # noqa: E402
from crosscheck.index import vectors as index_module  # noqa: E402


def qualifying_pairs(scores: np.ndarray, ids: np.ndarray, doc_of: np.ndarray, min_cosine: float) -> set[tuple[int, int]]:
    """Cross-document pairs among the neighbours with cosine >= ``min_cosine``, as the reuse stage keeps them."""
    pairs: set[tuple[int, int]] = set()
    rows, cols = np.nonzero((scores >= min_cosine) & (ids >= 0))
    for p, j in zip(rows.tolist(), cols.tolist(), strict=True):
        q = int(ids[p, j])
        if q != p and doc_of[q] != doc_of[p]:
            pairs.add((min(p, q), max(p, q)))
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reuters", type=Path, default=REPO.parent / "shared" / "nli-data" / "news" / "reuters21578")
    ap.add_argument("--stories", type=int, default=0, help="first N stories (0: all)")
    ap.add_argument("--probes", default="8,16,32", help="IVF cells searched, comma-separated")
    ap.add_argument("--embedder", default="minilm")
    ap.add_argument("--k", type=int, default=0, help="neighbours per sentence (0: the reuse stage's, EMBED_NEIGHBOURS + 1)")
    ap.add_argument("--min-cosine", type=float, default=None, help="pairs counted (default: the reuse stage's EMBED_MIN_COSINE)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "knn_eval.json")
    args = ap.parse_args(argv)

    import faiss

    docs = load_reuters(args.reuters, limit=args.stories or None)
    sentences = [s for d in docs for s in split_sentences(d)]
    doc_index = {d.id: i for i, d in enumerate(docs)}
    doc_of = np.array([doc_index[s.doc_id] for s in sentences])
    embedder = get_embedder(args.embedder)
    t0 = time.perf_counter()
    vectors = embedder.encode([s.text for s in sentences], batch_size=64)
    embed_seconds = time.perf_counter() - t0
    k = args.k or reuse.EMBED_NEIGHBOURS + 1
    min_cosine = reuse.EMBED_MIN_COSINE if args.min_cosine is None else args.min_cosine
    print(f"{len(docs)} stories, {len(sentences)} sentences embedded in {embed_seconds:.0f} s", file=sys.stderr)

    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    exact_scores, exact_ids = flat.search(vectors, k)
    exact_seconds = time.perf_counter() - t0
    exact = qualifying_pairs(exact_scores, exact_ids, doc_of, min_cosine)

    runs = []
    saved_probes = index_module.IVF_PROBES
    saved_max = index_module.EXACT_SEARCH_MAX
    index_module.EXACT_SEARCH_MAX = 0  # force the approximate path whatever the size
    try:
        for probes in [int(p) for p in args.probes.split(",")]:
            index_module.IVF_PROBES = probes
            t0 = time.perf_counter()
            scores, ids = index_module.nearest_to_each(vectors, k)
            seconds = time.perf_counter() - t0
            again = index_module.nearest_to_each(vectors, k)
            found = qualifying_pairs(scores, ids, doc_of, min_cosine)
            runs.append({
                "probes": probes,
                "seconds": round(seconds, 2),
                "speed_up": round(exact_seconds / seconds, 2),
                "pairs_found": len(found & exact),
                "pairs_exact": len(exact),
                "recall": round(len(found & exact) / len(exact), 4) if exact else None,
                "extra_pairs": len(found - exact),
                "same_result_twice": bool(np.array_equal(again[1], ids) and np.array_equal(again[0], scores)),
            })
            print(json.dumps(runs[-1]), file=sys.stderr)
    finally:
        index_module.IVF_PROBES, index_module.EXACT_SEARCH_MAX = saved_probes, saved_max

    result = {
        "command": "python benchmarks/eval_knn.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine_info(),
        "stories": len(docs),
        "sentences": len(sentences),
        "embedder": embedder.name,
        "k": k,
        "min_cosine": min_cosine,
        "cells": int(4 * np.sqrt(len(sentences))),
        "exact_seconds": round(exact_seconds, 2),
        "approximate": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"| probes | seconds | speed-up vs exact | recall of cosine >= {min_cosine} pairs | extra pairs | deterministic |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['probes']} | {r['seconds']} | {r['speed_up']} | {r['recall']} ({r['pairs_found']}/{r['pairs_exact']}) "
              f"| {r['extra_pairs']} | {r['same_result_twice']} |")
    print(f"exact: {exact_seconds:.1f} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
