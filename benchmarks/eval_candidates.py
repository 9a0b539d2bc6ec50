"""Candidate recall: how many same-event claim pairs the judge gets to read, per ranking and budget.

Two corpora, each run through the pipeline's own ingest, sentence and claim stages:

* ECB+ dev, or train with ``--split train`` (``../shared/eval-external/ecbplus``): claims whose sentence is in the annotated
  index; a pair of claims from two documents of one subtopic is same-event when their
  sentences share a cross-document event chain. The story of a document is its gold subtopic,
  so the figure measures the candidate ranking alone, not the story stage.
* gold-dev (``../shared/eval/gold-dev``): the hand-labelled pairs (agree and related) whose
  claims the pipeline extracts, with the stories the pipeline finds.

For every ranking (cosine; plus shared details; plus the story-level TF-IDF of words) and
budget it prints the share of same-event pairs selected, and the pairs selected per claim.

    nice -n 19 python benchmarks/eval_candidates.py [--out benchmarks/results/candidates_eval.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from crosscheck import Checker, load_documents  # noqa: E402
from crosscheck.backends import new_index  # noqa: E402
from crosscheck.bench.ecbplus import claim_chains, load_ecbplus  # noqa: E402
from crosscheck.bench.gold import load_gold  # noqa: E402
from crosscheck.bench.machine import machine_info  # noqa: E402
from crosscheck.bench.scoring import locate_gold_claims, match_claims  # noqa: E402
from crosscheck.claims import find_claims, split_sentences  # noqa: E402
from crosscheck.config import Config  # noqa: E402
from crosscheck.types import Claim  # noqa: E402
from crosscheck.verify.select import select_candidates  # noqa: E402

ECB = ROOT.parent / "shared" / "eval-external" / "ecbplus" / "documents.jsonl"
GOLD = ROOT.parent / "shared" / "eval" / "gold-dev"
BUDGETS = (6, 12, 24)
# (name, overlap weight, lexical weight)
RANKINGS = (("cosine", 0.0, 0.0), ("cosine+details", 0.3, 0.0), ("cosine+words", 0.0, 1.0),
            ("cosine+words+details", 0.3, 1.0))


def ecb_corpus(path: Path, config: Config, split: str = "dev") -> tuple[list[Claim], dict[str, str], set[tuple[str, str]]]:
    """Claims of the ECB+ documents of ``split``, the gold story of each document, and the same-event claim pairs."""
    documents, story_of, sentence_chains = load_ecbplus(path, split)
    sentences = [s for doc in documents for s in split_sentences(doc)]
    claims = find_claims(documents, sentences, config)
    chains = claim_chains(claims, sentence_chains)
    same = set()
    by_story = defaultdict(list)
    for c in claims:
        if c.id in chains:
            by_story[story_of[c.doc_id]].append(c)
    for members in by_story.values():
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if a.doc_id != b.doc_id and chains[a.id] & chains[b.id]:
                    same.add((min(a.id, b.id), max(a.id, b.id)))
    return claims, story_of, same


def gold_corpus(folder: Path, checker: Checker) -> tuple[list[Claim], dict[str, str], set[tuple[str, str]]]:
    """The seed claims, the pipeline's stories, and the gold agree/related pairs as claim-id pairs."""
    gold = load_gold(folder)
    paths = [ROOT / "seeds" / f for f in gold.files]
    report = checker.check(list(load_documents(paths).documents))
    matches = match_claims(locate_gold_claims(gold.claims, report.documents), report.claims)
    story_of = {d: s.id for s in report.stories for d in s.doc_ids}
    same = set()
    for p in gold.pairs:
        if p.label in ("agree", "related") and matches.get(p.a) and matches.get(p.b):
            a, b = matches[p.a][0], matches[p.b][0]  # the best-overlapping extracted claim
            same.add((min(a, b), max(a, b)))
    return list(report.claims), story_of, same


def measure(claims: list[Claim], story_of: dict[str, str], same: set[tuple[str, str]], checker: Checker,
            config: Config) -> dict[str, dict[str, dict[str, float]]]:
    vectors = checker.embedder.encode([c.text for c in claims], batch_size=config.embed_batch_size)
    vectors = np.ascontiguousarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), dtype=np.float32)
    index = new_index(config.index, checker.embedder.dimension)
    index.add(vectors)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, overlap, lexical in RANKINGS:
        out[name] = {}
        for budget in BUDGETS:
            picks = select_candidates(claims, vectors, story_of, index, budget=budget, overlap_weight=overlap,
                                      near_duplicate=config.near_duplicate_threshold, neighbours=config.neighbours,
                                      lexical_weight=lexical)
            chosen = {(min(claims[p.a].id, claims[p.b].id), max(claims[p.a].id, claims[p.b].id)) for p in picks}
            found = len(same & chosen)
            out[name][str(budget)] = {"recall": round(found / max(1, len(same)), 4), "found": found,
                                      "pairs_per_claim": round(len(chosen) / max(1, len(claims)), 2)}
            print(f"  {name:22} budget {budget:3}: recall {found / max(1, len(same)):.3f} ({found}/{len(same)}), "
                  f"{len(chosen) / max(1, len(claims)):.2f} pairs per claim", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus", type=Path, default=ECB)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--split", choices=("dev", "train"), default="dev",
                        help="ECB+ split (train: the split rankings may be chosen on; the gold-dev part runs either way)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "candidates_eval.json")
    args = parser.parse_args()
    config = Config()
    checker = Checker(config)
    started = time.perf_counter()
    results: dict[str, object] = {"machine": machine_info(), "budgets": BUDGETS,
                                  "rankings": {n: {"overlap_weight": o, "lexical_weight": w} for n, o, w in RANKINGS}}
    print(f"ECB+ {args.split} (stories = gold subtopics):", flush=True)
    claims, story_of, same = ecb_corpus(args.ecbplus, config, args.split)
    results[f"ecbplus_{args.split}"] = {"claims": len(claims), "same_event_pairs": len(same),
                                        **measure(claims, story_of, same, checker, config)}
    print("gold-dev (stories from the pipeline):", flush=True)
    claims, story_of, same = gold_corpus(args.gold, checker)
    results["gold_dev"] = {"claims": len(claims), "same_event_pairs": len(same),
                           **measure(claims, story_of, same, checker, config)}
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
