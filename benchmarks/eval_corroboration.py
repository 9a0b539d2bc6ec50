"""How often a corroboration (agree without entailment) joins two reports of one event, on ECB+.

    .venv/bin/python benchmarks/eval_corroboration.py --split train   # choose corroboration_words
    .venv/bin/python benchmarks/eval_corroboration.py --split dev     # report it

``crosscheck.verify.decide`` calls two claims that do not contradict each other ``agree`` when
the judge reads one event (same-event probability at ``corroboration_threshold`` or more) even
though NLI finds no entailment, provided they share words their story does not use everywhere
(``corroboration_words``). ECB+ sentence pairs of one topic (``same_event`` against
``same_subtopic_no_shared_event`` and ``different_subtopic``) say how often such a pair really
reports one event. Every pair goes through ``decide`` as the pipeline would (no slot findings),
scored by the shipped judge both ways; ``words`` is the TF-IDF cosine of the two sentences with
the IDF over the topic's sentences in the pairs file (the pipeline takes it over the story's
claims). Reported per setting: corroborations, the share of them that are same-event pairs
(precision), the share of all same-event pairs they reach, and the same for every ``agree``
(entailment or corroboration). Writes JSON with machine info.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosscheck.bench.machine import machine_info  # noqa: E402
from crosscheck.config import Config  # noqa: E402
from crosscheck.types import NLI_LABELS  # noqa: E402
from crosscheck.verify.decide import decide  # noqa: E402
from crosscheck.words.tfidf import set_tfidf  # noqa: E402

ECB = ROOT.parent / "shared" / "eval-external" / "ecbplus"
SAME_EVENT = (0.7, 0.8)
WORDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
_E = NLI_LABELS.index("entailment")


def topic_words(rows: list[dict]) -> np.ndarray:
    """TF-IDF cosine of each pair's two sentences, the IDF over its topic's distinct sentences."""
    texts_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        texts_of[r["topic"]] |= {r["text_a"], r["text_b"]}
    row_of: dict[tuple[str, str], object] = {}
    for topic, texts in texts_of.items():
        ordered = sorted(texts)
        matrix = set_tfidf(ordered)
        for n, text in enumerate(ordered):
            row_of[(topic, text)] = matrix[n] if matrix is not None else None
    out = []
    for r in rows:
        x, y = row_of[(r["topic"], r["text_a"])], row_of[(r["topic"], r["text_b"])]
        out.append(0.0 if x is None or y is None else float((x @ y.T).toarray()[0, 0]))
    return np.array(out)


def score_setting(rows: list[dict], ab: np.ndarray, ba: np.ndarray, same: np.ndarray, words: np.ndarray,
                  positive: np.ndarray, config: Config) -> dict[str, object]:
    labels, corroborated = [], []
    for n in range(len(rows)):
        label, probability = decide(ab[n], ba[n], (), thresholds=config, same_event=float(same[n]), words=float(words[n]))
        labels.append(label)
        entailed = max(float(ab[n][_E]), float(ba[n][_E])) >= config.entailment_threshold
        corroborated.append(label == "agree" and not entailed)
    agree = np.array([label == "agree" for label in labels])
    corr = np.array(corroborated)

    def share(selected: np.ndarray) -> dict[str, object]:
        return {"pairs": int(selected.sum()),
                "precision": round(float(positive[selected].mean()), 4) if selected.any() else None,
                "same_event_reached": round(float((selected & positive).sum() / max(1, positive.sum())), 4)}

    return {"corroboration_threshold": config.corroboration_threshold, "corroboration_words": config.corroboration_words,
            "corroborations": share(corr), "agree": share(agree)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev"), default="dev")
    ap.add_argument("--ecbplus", type=Path, default=ECB)
    ap.add_argument("--limit", type=int, default=0, help="read at most this many pairs (0: all; a smoke run)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    out = args.out or ROOT / "benchmarks" / "results" / f"corroboration_eval_{args.split}.json"

    from crosscheck.verify.nli import HFNLIModel, default_model_path

    rows = [json.loads(line) for line in (args.ecbplus / f"sentence_pairs_{args.split}.jsonl").read_text().splitlines() if line]
    rows = rows[: args.limit] if args.limit else rows
    positive = np.array([r["label"] == "same_event" for r in rows])
    model = HFNLIModel(default_model_path(), precision="auto")
    started = time.perf_counter()
    one = model.score([(r["text_a"], r["text_b"]) for r in rows], batch_size=32)
    two = model.score([(r["text_b"], r["text_a"]) for r in rows], batch_size=32)
    judge_seconds = time.perf_counter() - started
    if one.same_event is None or two.same_event is None:
        ap.error(f"{model.path} has no same_event output; nothing to evaluate")
    same = (one.same_event + two.same_event) / 2
    words = topic_words(rows)
    default = Config()
    settings = [score_setting(rows, one.nli, two.nli, same, words, positive,
                              default.model_copy(update={"corroboration_threshold": t, "corroboration_words": w}))
                for t in SAME_EVENT for w in WORDS]
    result = {
        "split": args.split, "pairs": len(rows), "same_event_pairs": int(positive.sum()), "model": model.name,
        "default": {"corroboration_threshold": default.corroboration_threshold,
                    "corroboration_words": default.corroboration_words},
        "settings": settings, "judge_seconds": round(judge_seconds, 1), "machine": machine_info(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"ECB+ {args.split}: {len(rows)} pairs, {int(positive.sum())} same-event")
    print("| same-event >= | words >= | corroborations | P(same event) | same-event pairs reached | all agree | P | reached |")
    print("|---|---|---|---|---|---|---|---|")
    for s in settings:
        c, a = s["corroborations"], s["agree"]
        mark = " (default)" if (s["corroboration_threshold"], s["corroboration_words"]) == tuple(result["default"].values()) else ""
        print(f"| {s['corroboration_threshold']} | {s['corroboration_words']}{mark} | {c['pairs']} | {c['precision']} | "
              f"{c['same_event_reached']} | {a['pairs']} | {a['precision']} | {a['same_event_reached']} |")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
