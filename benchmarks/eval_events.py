"""Events on ECB+: the pipeline's claim events against the gold cross-document event chains.

The whole pipeline (``Checker.run``: claims, embeddings, stories, candidates, the judge, the
cluster stage) runs on the ECB+ documents of one split as one corpus, with the stories it finds
itself. A claim whose sentence is annotated (``selected`` in ECB+) is scored: two such claims of
two documents are a gold pair when their sentences share an event chain, and a predicted pair
when the pipeline puts them in one event. Reported per setting: pairwise precision, recall and
F1, the share of gold pairs the judge read at all (candidate recall), and judge calls per claim.

The first setting is the shipped default (``Config()``), the figure to beat; the others vary
the candidate budget and ranking and the cluster stage's threshold and prior. Tune on
``--split train``; report ``--split dev`` (dev topics were never trained or tuned on). Judge
scores and embeddings are cached per text within one run, so each extra setting costs only
the pairs it adds.

    nice -n 19 .venv/bin/python benchmarks/eval_events.py --split dev [--out benchmarks/results/events_eval_dev.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from crosscheck import Checker  # noqa: E402
from crosscheck.bench.ecbplus import claim_chains, load_ecbplus  # noqa: E402
from crosscheck.bench.machine import machine_info  # noqa: E402
from crosscheck.config import Config  # noqa: E402
from crosscheck.types import Claim, Document, Sentence  # noqa: E402
from crosscheck.verify.nli import PairScores  # noqa: E402

ECB = ROOT.parent / "shared" / "eval-external" / "ecbplus" / "documents.jsonl"

# (candidate_budget, candidate_lexical_weight, candidate_overlap_weight, event_threshold, unread_same_event)
GRID_BUDGETS = ((6, 0.0, 0.3), (12, 1.0, 0.0), (24, 1.0, 0.0))
GRID_EVENTS = ((0.5, 0.25), (0.5, 0.0), (0.4, 0.0), (0.4, 0.25), (0.6, 0.0), (0.3, 0.0))


class _CachedEmbedder:
    """The embedder with a per-text cache (the settings share sentences)."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dimension = inner, inner.name, inner.dimension
        self._seen: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], *, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self._seen))
        if new:
            for t, v in zip(new, self.inner.encode(new, batch_size=batch_size, show_progress=show_progress), strict=True):
                self._seen[t] = v
        return np.stack([self._seen[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


class _CachedJudge:
    """The pair model with a per-(premise, hypothesis) cache; counts the calls each run asks for."""

    def __init__(self, inner) -> None:
        self.inner, self.name = inner, inner.name
        self._seen: dict[tuple[str, str], tuple[np.ndarray, float | None]] = {}
        self.asked = 0

    def predict(self, pairs, *, batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        return self.score(pairs, batch_size=batch_size, show_progress=show_progress).nli

    def score(self, pairs, *, batch_size: int = 32, show_progress: bool = False) -> PairScores:
        pairs = [tuple(p) for p in pairs]
        self.asked += len(pairs)
        new = list(dict.fromkeys(p for p in pairs if p not in self._seen))
        if new:
            scored = self.inner.score(new, batch_size=batch_size, show_progress=show_progress)
            for k, p in enumerate(new):
                self._seen[p] = (scored.nli[k], None if scored.same_event is None else float(scored.same_event[k]))
        nli = np.stack([self._seen[p][0] for p in pairs]) if pairs else np.zeros((0, 3), np.float32)
        same = [self._seen[p][1] for p in pairs]
        return PairScores(nli, None if any(s is None for s in same) else np.asarray(same, np.float32))


class _EvalChecker(Checker):
    """A ``Checker`` that finds each document's claims once for all settings."""

    def __init__(self, config: Config, *, embedder, nli, claims_cache: dict[str, list[Claim]]) -> None:
        super().__init__(config, embedder=embedder, nli=nli)
        self._claims = claims_cache

    def find_claims(self, documents: Sequence[Document], sentences: Sequence[Sentence], *, show_progress: bool = False) -> list[Claim]:
        if "all" not in self._claims:
            self._claims["all"] = super().find_claims(documents, sentences, show_progress=show_progress)
        return self._claims["all"]


def _events_of(claims: Sequence[Claim], group_of: dict[str, str]) -> list[SimpleNamespace]:
    """One event per group of documents (``group_of``: document id -> group), holding its claims."""
    members: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        if c.doc_id in group_of:
            members[group_of[c.doc_id]].append(c.id)
    return [SimpleNamespace(id=g, claim_ids=tuple(ids)) for g, ids in members.items()]


def score_events(claims: Sequence[Claim], clusters, chains: dict[str, frozenset[str]], read: set[frozenset[str]]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of the events over cross-document pairs of annotated claims."""
    annotated = [c for c in claims if c.id in chains]
    doc = {c.id: c.doc_id for c in annotated}
    gold = {frozenset((a.id, b.id)) for a, b in itertools.combinations(annotated, 2)
            if a.doc_id != b.doc_id and chains[a.id] & chains[b.id]}
    event_of = {cid: cl.id for cl in clusters for cid in cl.claim_ids}
    members = defaultdict(list)
    for cid in doc:
        if cid in event_of:
            members[event_of[cid]].append(cid)
    predicted = {frozenset((a, b)) for ids in members.values() for a, b in itertools.combinations(ids, 2) if doc[a] != doc[b]}
    tp = len(gold & predicted)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold_pairs": len(gold), "predicted_pairs": len(predicted), "gold_pairs_read": round(len(gold & read) / max(1, len(gold)), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ecbplus", type=Path, default=ECB)
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--settings", type=json.loads, default=None,
                        help='JSON list of Config overrides to run after the default, e.g. \'[{"candidate_budget": 12}]\' '
                             "(default: the grid of budgets x event thresholds)")
    args = parser.parse_args()
    out = args.out or ROOT / "benchmarks" / "results" / f"events_eval_{args.split}.json"
    started = time.perf_counter()
    documents, subtopic_of, sentence_chains = load_ecbplus(args.ecbplus, args.split)
    base = Checker(Config())
    embedder, judge, claims_cache = _CachedEmbedder(base.embedder), _CachedJudge(base.nli), {}
    grid = args.settings if args.settings is not None else [
        {"candidate_budget": b, "candidate_lexical_weight": lw, "candidate_overlap_weight": ow, "event_threshold": t,
         "unread_same_event": u}
        for (b, lw, ow), (t, u) in itertools.product(GRID_BUDGETS, GRID_EVENTS)
    ]
    settings = [Config()] + [Config(**overrides) for overrides in grid]
    results = []
    print(f"ECB+ {args.split}: {len(documents)} documents", flush=True)
    for k, config in enumerate(settings):
        judge.asked = 0
        t0 = time.perf_counter()
        run = _EvalChecker(config, embedder=embedder, nli=judge, claims_cache=claims_cache).run(documents)
        report = run.report
        chains = claim_chains(report.claims, sentence_chains)
        read = {frozenset((v.a, v.b)) for v in report.verdicts}
        scores = score_events(report.claims, report.clusters, chains, read)
        row = {"default": k == 0, "candidate_budget": config.candidate_budget,
               "candidate_lexical_weight": config.candidate_lexical_weight,
               "candidate_overlap_weight": config.candidate_overlap_weight,
               "event_threshold": config.event_threshold, "unread_same_event": config.unread_same_event,
               "claims": len(report.claims), "annotated_claims": len(chains), "events": len(report.clusters),
               "stories": len(report.stories), "judge_calls_per_claim": round(judge.asked / max(1, len(report.claims)), 2),
               **scores, "seconds": round(time.perf_counter() - t0, 1)}
        results.append(row)
        print(f"  budget {row['candidate_budget']:2} words {row['candidate_lexical_weight']:.1f} details "
              f"{row['candidate_overlap_weight']:.1f} threshold {row['event_threshold']:.2f} unread {row['unread_same_event']:.2f}: "
              f"P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f}  read {row['gold_pairs_read']:.3f}  "
              f"{row['judge_calls_per_claim']:.1f} calls/claim{'  (default)' if k == 0 else ''}", flush=True)
        if k == 0:
            # References on the same claims: every claim of a story in one event (what a metric that rewards
            # merging whole stories gives), and every annotated claim of one gold subtopic in one event.
            story_events = _events_of(report.claims, {d: s.id for s in report.stories for d in s.doc_ids})
            subtopic_events = _events_of(report.claims, subtopic_of)
            references = {"one_event_per_story": score_events(report.claims, story_events, chains, read),
                          "one_event_per_gold_subtopic": score_events(report.claims, subtopic_events, chains, read)}
            for name, row_ in references.items():
                print(f"  reference {name}: P {row_['precision']:.3f} R {row_['recall']:.3f} F1 {row_['f1']:.3f}", flush=True)
    best = max(results, key=lambda r: r["f1"])
    payload = {"split": args.split, "documents": len(documents), "machine": machine_info(), "models": {"embedder": base.embedder.name, "nli": base.nli.name},
               "settings": results, "best": best, "references": references, "seconds": round(time.perf_counter() - started, 1)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"best F1 {best['f1']:.3f} (default {results[0]['f1']:.3f}); wrote {out}")


if __name__ == "__main__":
    main()
