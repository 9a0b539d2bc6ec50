"""The store's claim vectors: a FAISS index in one file with a versioned, checksummed header.

Layout: the magic bytes ``CCVECTOR``, a 4-byte little-endian header length, a JSON header
(``format``, ``dimension``, ``count``, ``embedder``, ``sha256`` of the payload), then the
payload, FAISS's own serialisation of the index (``faiss.serialize_index``, not pickle). The
file is written through a temporary file and a rename, so a reader sees a whole file or the
previous one; on open the format version, the size and the checksum are checked, so a
truncated or altered file is refused with a clear error instead of answering wrongly.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.atomic import write_bytes_atomic
from crosscheck.store.errors import StoreDamagedError, StoreVersionError

MAGIC = b"CCVECTOR"
FORMAT_VERSION = 1


def write_vectors(path: Path, vectors: np.ndarray, *, embedder: str) -> None:
    """Write ``vectors`` (``(n, dimension)`` float32, L2-normalised) as a FAISS flat inner-product index at ``path``."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(vectors)
    payload = faiss.serialize_index(index).tobytes()
    header = json.dumps(
        {"format": FORMAT_VERSION, "dimension": int(vectors.shape[1]), "count": int(len(vectors)), "embedder": embedder,
         "sha256": hashlib.sha256(payload).hexdigest()},
        sort_keys=True,
    ).encode("utf-8")
    write_bytes_atomic(path, MAGIC + struct.pack("<I", len(header)) + header + payload)


def read_vectors(path: Path) -> tuple[dict[str, Any], Any]:
    """Read a file written by ``write_vectors``: ``(header, faiss index)``.

    Raises:
        StoreDamagedError: if the file is missing, truncated, altered or not a vector file.
        StoreVersionError: if it was written in a newer format than this crosscheck reads.
    """
    import faiss

    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise StoreDamagedError(f"the store's vector file {path} is missing; rebuild the store with `crosscheck store add`") from exc
    damaged = f"the store's vector file {path} is damaged"
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise StoreDamagedError(f"{damaged} (it does not start with the crosscheck vector header)")
    (length,) = struct.unpack("<I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    try:
        header = json.loads(data[start : start + length].decode("utf-8"))
        version = int(header["format"])
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreDamagedError(f"{damaged} (unreadable header: {exc})") from exc
    if version > FORMAT_VERSION:
        raise StoreVersionError(
            f"the store's vector file {path} has format {version}, newer than this crosscheck reads ({FORMAT_VERSION}); upgrade crosscheck"
        )
    payload = data[start + length :]
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise StoreDamagedError(f"{damaged} (its checksum does not match: truncated or altered)")
    index = faiss.deserialize_index(np.frombuffer(payload, dtype=np.uint8))
    if index.ntotal != header.get("count") or index.d != header.get("dimension"):
        raise StoreDamagedError(f"{damaged} (it holds {index.ntotal} vectors of {index.d} dimensions, the header says otherwise)")
    return header, index
