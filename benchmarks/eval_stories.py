"""Stories on ECB+ and the seeds: document-to-story B-cubed, against a plain embedding baseline.

ECB+ topics each hold two different real events of one kind; the gold story of a document is
its ``subtopic``. Weights and thresholds are tuned on the **train** topics only (run as one
corpus), then the dev topics are grouped as one corpus with the chosen settings. The baseline
is average-linkage clustering on the cosine of the same document embeddings, its threshold
tuned on train the same way. The seed articles are grouped with the settings chosen on train.

    nice -n 19 python benchmarks/eval_stories.py [--ecbplus PATH] [--seeds PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from crosscheck import stories  # noqa: E402
from crosscheck.claims.slots.parse import SPACY_MODEL  # noqa: E402
from crosscheck.config import StoryConfig  # noqa: E402
from crosscheck.stories import group as story_group  # noqa: E402  (its similarity blocks, for the ablation)
from crosscheck.types import Document, stable_id  # noqa: E402

DEFAULT_ECB = ROOT.parent / "shared" / "eval-external" / "ecbplus" / "documents.jsonl"
THRESHOLDS = np.round(np.arange(0.05, 0.71, 0.025), 3)
GRID = {
    "participants": (0.5, 1.0, 2.0, 3.0),
    "places": (0.25, 0.5, 1.0, 2.0),
    "dates": (0.0, 0.5, 1.0, 2.0),
    "terms": (0.25, 0.5, 1.0, 2.0),
    "embedding": (0.0, 1.0, 2.0, 3.0, 4.0),
    "embedding_floor": (0.2, 0.4),
}


def bcubed(predicted: list[int], gold: list[str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (labels per item) against gold labels."""
    by_pred: dict[int, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=False)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "clusters": len(by_pred), "gold_clusters": len(by_gold)}


def labels_of(clusters: list[list[int]], n: int) -> list[int]:
    labels = [0] * n
    for k, members in enumerate(clusters):
        for i in members:
            labels[i] = k
    return labels


def load_ecb(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def to_documents(rows: list[dict]) -> list[Document]:
    # The ECB+ file name encodes the subtopic ("1_10ecb" / "1_10ecbplus"): hash it so no
    # feature can see it.
    return [Document(id=stable_id("ecbplus", r["doc_id"]), source="ecbplus", text=r["text"]) for r in rows]


def per_kind_matrices(docs: list[Document], evidence: list, vectors: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Raw cosine and 'both present' matrices per kind, so the grid only re-weights them.

    Uses the module's private helpers on purpose: the grid must score exactly what
    ``group_stories`` scores, without recomputing the features for each of its cells.
    """
    full = StoryConfig(**{k: 1.0 for k in stories.KINDS}, embedding_floor=0.0)
    blocks = story_group._blocks(docs, evidence, vectors, full)
    idx = np.arange(len(docs))
    out = {}
    for kind, m in blocks.matrices.items():
        p = blocks.present[kind]
        out[kind] = (story_group._cosines(kind, m, idx, None, full), np.outer(p, p).astype(np.float64))
    return out


def combine(mats: dict[str, tuple[np.ndarray, np.ndarray]], weights: dict[str, float], floor: float) -> np.ndarray:
    total = weights_sum = 0.0
    for kind, (cos, both) in mats.items():
        w = weights.get(kind, 0.0)
        if w == 0:
            continue
        if kind == "embedding":
            cos = np.clip((cos - floor) / (1.0 - floor), 0.0, 1.0)
        total = total + w * both * cos
        weights_sum = weights_sum + w * both
    return np.divide(total, weights_sum, out=np.zeros_like(total), where=weights_sum > 0)


def sweep(sims: np.ndarray, gold: list[str]) -> tuple[float, dict[str, float]]:
    """Best B-cubed F1 over THRESHOLDS. One scipy average-linkage tree is cut at every
    threshold (the same merges sklearn's AgglomerativeClustering makes, built once)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distances = 1.0 - sims
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(np.clip(distances, 0.0, None), checks=False), method="average")
    best_t, best = THRESHOLDS[0], {"f1": -1.0}
    for t in THRESHOLDS:
        # sklearn keeps merges at distance < 1 - t; fcluster keeps those <= its cut.
        score = bcubed(fcluster(tree, np.nextafter(1.0 - t, 0.0), criterion="distance").tolist(), gold)
        if score["f1"] > best["f1"]:
            best_t, best = float(t), score
    return best_t, best


def tune(mats: dict, gold: list[str]) -> tuple[dict[str, float], dict[str, float], list[dict]]:
    keys = list(GRID)
    best_cfg: dict[str, float] = {}
    best = {"f1": -1.0}
    table = []
    for values in itertools.product(*(GRID[k] for k in keys)):
        cfg = dict(zip(keys, values, strict=False))
        if cfg["embedding"] == 0 and cfg["embedding_floor"] != GRID["embedding_floor"][0]:
            continue
        sims = combine(mats, cfg, cfg["embedding_floor"])
        t, score = sweep(sims, gold)
        cfg["threshold"] = t
        table.append({**cfg, **score})
        if score["f1"] > best["f1"]:
            best_cfg, best = cfg, score
    return best_cfg, best, table


def machine() -> dict[str, str]:
    model = platform.processor()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import sklearn
    import spacy

    return {"cpu": model, "cores": str(os.cpu_count()), "python": platform.python_version(), "numpy": np.__version__,
            "scikit-learn": sklearn.__version__, "spacy": spacy.__version__, "platform": platform.platform()}


def seed_stories(seeds: Path, embedder: object, config: StoryConfig) -> tuple[list[dict], float]:
    from crosscheck.ingest import load_documents
    from crosscheck.ingest.dating import infer_document_dates

    docs = infer_document_dates(load_documents([str(seeds)]).documents)
    start = time.perf_counter()
    result = stories.group_stories(docs, embedder=embedder, config=config)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    by_id = {d.id: d for d in docs}
    listing = []
    for s in result:
        listing.append({
            "id": s.id,
            "documents": [f"{Path(by_id[i].path or '').name}:{by_id[i].line_start} {by_id[i].title or by_id[i].text[:60]!s}" for i in s.doc_ids],
            "participants": list(s.participants), "places": list(s.places), "dates": list(s.dates), "terms": list(s.terms),
            "cohesion": s.cohesion,
        })
    return listing, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, default=DEFAULT_ECB)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "stories_eval.json")
    args = parser.parse_args()

    from crosscheck.embed.minilm import MiniLMEmbedder

    embedder = MiniLMEmbedder(precision="fp32")
    rows = load_ecb(args.ecbplus)
    timings: dict[str, float] = {}
    results: dict[str, object] = {"machine": machine(), "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                  "embedder": embedder.name, "spacy_model": SPACY_MODEL}

    split_data = {}
    for split in ("train", "dev"):
        part = [r for r in rows if r["split"] == split]
        docs = to_documents(part)
        t0 = time.perf_counter()
        evidence = stories.extract_evidence(docs)
        t1 = time.perf_counter()
        vectors = stories.document_vectors(docs, embedder)
        t2 = time.perf_counter()
        timings[f"{split}_evidence_s"], timings[f"{split}_embedding_s"] = round(t1 - t0, 2), round(t2 - t1, 2)
        split_data[split] = (part, docs, evidence, vectors)
        print(f"{split}: {len(docs)} documents, evidence {t1 - t0:.1f}s, embeddings {t2 - t1:.1f}s", flush=True)

    part, docs, evidence, vectors = split_data["train"]
    gold = [r["subtopic"] for r in part]
    t0 = time.perf_counter()
    mats = per_kind_matrices(docs, evidence, vectors)
    cfg, train_score, table = tune(mats, gold)
    base_t, base_train = sweep(np.clip(vectors @ vectors.T, -1.0, 1.0), gold)
    timings["tuning_s"] = round(time.perf_counter() - t0, 2)
    print(f"train: best {cfg} -> {train_score}; baseline cosine >= {base_t}: {base_train}", flush=True)
    ablations = {}
    for kind in stories.KINDS:
        if cfg.get(kind, 0) == 0:
            continue
        w = {**cfg, kind: 0.0}
        ablations[f"without_{kind}"] = sweep(combine(mats, w, cfg["embedding_floor"]), gold)[1]["f1"]
    config = StoryConfig(**cfg)

    part, docs, evidence, vectors = split_data["dev"]
    gold = [r["subtopic"] for r in part]
    t0 = time.perf_counter()
    result = stories.group_stories(docs, doc_vectors=vectors, evidence=evidence, config=config)
    timings["dev_grouping_s"] = round(time.perf_counter() - t0, 3)
    position = {d.id: i for i, d in enumerate(docs)}
    dev_score = bcubed(labels_of([[position[i] for i in s.doc_ids] for s in result], len(docs)), gold)
    dev_base = bcubed(labels_of(story_group._average_linkage(np.clip(vectors @ vectors.T, -1.0, 1.0), base_t), len(docs)), gold)
    print(f"dev: stories {dev_score}; baseline {dev_base}", flush=True)

    # The same dev corpus through the candidate-pair path (used beyond dense_limit documents).
    sparse_cfg = config.model_copy(update={"dense_limit": 50, "neighbours": 10})
    t0 = time.perf_counter()
    sparse = stories.group_stories(docs, doc_vectors=vectors, evidence=evidence, config=sparse_cfg)
    timings["dev_grouping_candidate_path_s"] = round(time.perf_counter() - t0, 3)
    sparse_score = bcubed(labels_of([[position[i] for i in s.doc_ids] for s in sparse], len(docs)), gold)
    print(f"dev via candidate pairs (dense_limit=50, neighbours=10): {sparse_score}", flush=True)

    t0 = time.perf_counter()
    seeds, seed_grouping_s = seed_stories(args.seeds, embedder, config)
    timings["seeds_total_s"], timings["seeds_grouping_s"] = round(time.perf_counter() - t0, 2), round(seed_grouping_s, 2)
    for s in seeds:
        print("story", s["id"], "|", "; ".join(s["participants"][:5]), "|", "; ".join(s["places"][:4]))
        for d in s["documents"]:
            print("   ", d)

    results.update({
        "tuned_on": "ecbplus train (575 documents, 25 topics, 50 subtopics) as one corpus",
        "grid": {k: list(v) for k, v in GRID.items()}, "thresholds": THRESHOLDS.tolist(),
        "chosen_config": config.model_dump(), "defaults_match_chosen": config == StoryConfig(),
        "train": {"stories": train_score, "baseline_embedding_cosine": {**base_train, "threshold": base_t}, "ablation_f1": ablations},
        "dev": {"documents": len(docs), "stories": dev_score, "baseline_embedding_cosine": {**dev_base, "threshold": base_t},
                "stories_candidate_path": sparse_score},
        "seeds_config": "chosen_config", "seeds": seeds, "timings": timings,
        "top_train_configs": sorted(table, key=lambda r: -r["f1"])[:10],
    })
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
