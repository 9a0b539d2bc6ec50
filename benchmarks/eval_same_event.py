"""Evaluate the judge's same-event signal on ECB+ dev, against embedding cosine on the same pairs.

    .venv/bin/python benchmarks/eval_same_event.py                        # shipped model
    .venv/bin/python benchmarks/eval_same_event.py --model /tmp/m --out /tmp/se.json

ECB+ dev (``../shared/eval-external/ecbplus/sentence_pairs_dev.jsonl``; 8 topics no model
was trained or calibrated on) pairs selected sentences of two documents of one topic:
``same_event`` (they share a cross-document event chain) against ``different_subtopic``
(the same kind of event, another real one: the hard negatives) and
``same_subtopic_no_shared_event``. Each pair is scored both ways and the two same-event
probabilities are averaged, as the pipeline does. Reported: ROC AUC of the judge and of the
all-MiniLM-L6-v2 cosine (all negatives, and hard negatives only); precision, recall and F1
at the probability 0.5 the calibration makes meaningful, and for the cosine at its best
threshold on these very pairs (an upper bound it cannot reach in use); calibration error.
Also (``story_gated``; ``--no-stories`` skips it) the signal the event stage acts on: the
pipeline's own stories over the dev documents first (claims of two stories never share an
event), then the judge's probability inside a story. Writes JSON with machine info.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "models"))

from sklearn.metrics import roc_auc_score  # noqa: E402
from train_nli import binary_ece  # noqa: E402  (the calibration's own ECE, so the two figures compare)

from crosscheck.verify.nli import HFNLIModel, default_model_path  # noqa: E402


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative (ties half)."""
    return float(roc_auc_score(positive, scores))


def prf(pred: np.ndarray, positive: np.ndarray) -> dict:
    tp = int((pred & positive).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(positive.sum()), 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def best_threshold(scores: np.ndarray, positive: np.ndarray) -> tuple[float, dict]:
    best = (0.0, {"f1": -1.0})
    for t in np.unique(np.round(scores, 3)):
        m = prf(scores >= t, positive)
        if m["f1"] > best[1]["f1"]:
            best = (float(t), m)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--ecbplus", type=Path, default=REPO.parent / "shared" / "eval-external" / "ecbplus")
    ap.add_argument("--precision", default="auto", help="fp32, bf16, int8 or auto")
    ap.add_argument("--limit", type=int, default=0, help="score at most this many pairs (0: all)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-stories", dest="stories", action="store_false",
                    help="skip the story-gated figure (it runs the pipeline's story stage over the dev documents)")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "same_event_eval.json")
    args = ap.parse_args(argv)

    import torch

    from crosscheck.backends import get_embedder

    torch.set_num_threads(args.threads)
    model = HFNLIModel(args.model or default_model_path(), precision=args.precision)
    if model.same_event_index is None:
        ap.error(f"{model.path} has no same_event output (config.json id2label); nothing to evaluate")
    rows = [json.loads(line) for line in (args.ecbplus / "sentence_pairs_dev.jsonl").read_text().splitlines() if line]
    if args.limit:
        rows = rows[: args.limit]
    positive = np.array([r["label"] == "same_event" for r in rows])
    hard = np.array([r["label"] == "different_subtopic" for r in rows])

    t0 = time.perf_counter()
    ab = model.score([(r["text_a"], r["text_b"]) for r in rows], batch_size=32).same_event
    ba = model.score([(r["text_b"], r["text_a"]) for r in rows], batch_size=32).same_event
    judge_seconds = time.perf_counter() - t0
    prob = (ab + ba) / 2

    embedder = get_embedder("minilm")
    texts = sorted({r[k] for r in rows for k in ("text_a", "text_b")})
    vectors = dict(zip(texts, embedder.encode(texts), strict=False))
    cosine = np.array([float(np.dot(vectors[r["text_a"]], vectors[r["text_b"]])) for r in rows])

    pos_or_hard = positive | hard
    gated = _story_gated(args, rows, prob) if args.stories else None
    t_cos, cos_best = best_threshold(cosine, positive)
    t_judge, judge_best = best_threshold(prob, positive)
    report = {
        "model": str(model.path), "model_name": model.name,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python benchmarks/eval_same_event.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": {"python": platform.python_version(), "torch": torch.__version__, "cpu_count": os.cpu_count(),
                    "processor": platform.processor() or platform.machine(), "threads": args.threads},
        "pairs": len(rows), "labels": dict(Counter(r["label"] for r in rows)),
        "judge": {
            "auc": round(roc_auc(prob, positive), 4),
            "auc_vs_different_subtopic": round(roc_auc(prob[pos_or_hard], positive[pos_or_hard]), 4),
            "at_0.5": prf(prob >= 0.5, positive),
            "best_threshold_on_these_pairs": {"threshold": t_judge, **judge_best},
            "ece": round(binary_ece(prob, positive), 4),
            "direction_agreement_at_0.5": round(float(((ab >= 0.5) == (ba >= 0.5)).mean()), 4),
            "pairs_per_second_both_directions": round(2 * len(rows) / judge_seconds, 1),
        },
        "cosine": {
            "auc": round(roc_auc(cosine, positive), 4),
            "auc_vs_different_subtopic": round(roc_auc(cosine[pos_or_hard], positive[pos_or_hard]), 4),
            "best_threshold_on_these_pairs": {"threshold": t_cos, **cos_best},
        },
        **({"story_gated": gated} if gated else {}),
        "targets": {"judge_auc": {"value": round(roc_auc(prob, positive), 4), "target": ">= 0.90",
                                  "met": roc_auc(prob, positive) >= 0.90}},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    j, c = report["judge"], report["cosine"]
    print(f"ECB+ dev, {len(rows)} pairs {report['labels']}")
    print("| signal | AUC | AUC vs different_subtopic | F1 (threshold) |\n|---|---|---|---|")
    print(f"| judge same-event | {j['auc']:.3f} | {j['auc_vs_different_subtopic']:.3f} | "
          f"{j['at_0.5']['f1']:.3f} (0.5; P {j['at_0.5']['precision']:.3f} R {j['at_0.5']['recall']:.3f}) |")
    print(f"| cosine | {c['auc']:.3f} | {c['auc_vs_different_subtopic']:.3f} | "
          f"{c['best_threshold_on_these_pairs']['f1']:.3f} (best, {t_cos:.2f}) |")
    if gated:
        g = gated
        print(f"| stories, then the judge (the pipeline's events) | {g['auc']:.3f} | {g['auc_vs_different_subtopic']:.3f} | "
              f"{g['at_0.5']['f1']:.3f} (0.5 in one story; P {g['at_0.5']['precision']:.3f} R {g['at_0.5']['recall']:.3f}) |")
        print(f"  story stage on the dev documents: same story for {g['same_story_share']['same_event']:.3f} of same_event pairs, "
              f"{g['same_story_share']['different_subtopic']:.3f} of different_subtopic pairs; "
              f"judge AUC inside one predicted story {g['auc_within_predicted_story']:.3f}")
    print(f"wrote {args.out}")
    return 0


def _story_gated(args: argparse.Namespace, rows: list[dict], prob: np.ndarray) -> dict:
    """The same-event signal as the pipeline's event stage uses it: claims of two stories never share an
    event, so a pair the story stage puts in two stories ranks below every pair of one story (the
    judge's order kept within each side). Stories come from the pipeline itself (``Checker.run`` with
    the real embedder and parser, the fake judge: the story stage reads no judge score) over the dev
    documents as one corpus."""
    from crosscheck import Checker, Config
    from crosscheck.bench.ecbplus import load_ecbplus

    documents, _, _ = load_ecbplus(args.ecbplus / "documents.jsonl", "dev")
    report = Checker(Config(nli_model="fake")).run(documents).report
    story = {d: s.id for s in report.stories for d in s.doc_ids}
    one = np.array([story.get(r["doc_a"], r["doc_a"]) == story.get(r["doc_b"], r["doc_b"]) for r in rows])
    positive = np.array([r["label"] == "same_event" for r in rows])
    hard = np.array([r["label"] == "different_subtopic" for r in rows])
    score = np.where(one, prob, prob - 1.0)
    keep = positive | hard
    return {
        "stories": len(report.stories), "documents": len(documents),
        "auc": round(roc_auc(score, positive), 4),
        "auc_vs_different_subtopic": round(roc_auc(score[keep], positive[keep]), 4),
        "auc_within_predicted_story": round(roc_auc(prob[one], positive[one]), 4) if len(set(positive[one])) == 2 else None,
        "at_0.5": prf(one & (prob >= 0.5), positive),
        "same_story_share": {label: round(float(one[np.array([r["label"] == label for r in rows])].mean()), 4)
                             for label in ("same_event", "same_subtopic_no_shared_event", "different_subtopic")},
    }


if __name__ == "__main__":
    raise SystemExit(main())
