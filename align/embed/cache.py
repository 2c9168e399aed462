"""On-disk embedding cache: SQLite, keyed by model name and a hash of the text.

Sentence vectors (``encode``) and span vectors (``encode_spans``) are kept apart, each exactly as the
encoder gave it (float32 and ``STORE_DTYPE``), so a cached answer is bit for bit the uncached one:
a corpus built with a warm cache equals one built without (as on Dask workers)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from align.embed.base import STORE_DTYPE, Encoder, as_stored, encode_joined, span_texts, stack_stored

_TABLES = {np.dtype(np.float32): "sentences", np.dtype(STORE_DTYPE): "spans"}


def _key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class CachedEncoder:
    """Wraps an :class:`Encoder`; vectors already computed are read back instead of re-encoded."""

    def __init__(self, encoder: Encoder, path: str | Path) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        with self._db:
            # The one table of older versions, sentence and half-precision span vectors mixed, goes.
            self._db.execute("DROP TABLE IF EXISTS vectors")
            for table in _TABLES.values():
                self._db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, vec BLOB NOT NULL)"
                )

    def _lookup(self, keys: list[str], dtype: type = np.float32) -> dict[str, np.ndarray]:
        table = _TABLES[np.dtype(dtype)]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM {table} WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((k, np.frombuffer(v, dtype=dtype)) for k, v in rows)
        return found

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.encoder.encode([])
        keys = [_key(self.name, t) for t in texts]
        found = self._lookup(keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            vectors = self.encoder.encode(list(missing.values()))
            vectors = np.asarray(vectors, dtype=np.float32)
            self._store(list(missing.values()), vectors)
            found.update(zip(missing, vectors, strict=True))
        return np.stack([found[k] for k in keys])

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        """Vectors of joined sentences (``out[a-1][s]``, ``STORE_DTYPE``), from the cache when all are
        there, else from the wrapped encoder's span path when it has one (then stored), else encoded
        as texts through the cache. Read and written a chunk at a time."""
        compute = getattr(self.encoder, "encode_spans", None)
        if compute is None:
            return encode_joined(self, sentences, max_len, joiner)
        out = self._cached_spans(sentences, max_len, joiner)
        if out is None:
            out = [as_stored(v) for v in compute(sentences, max_len, joiner)]
            for a, vectors in enumerate(out, start=1):
                row = 0
                for texts in span_texts(sentences, a, joiner):
                    self._store(texts, vectors[row : row + len(texts)])
                    row += len(texts)
        return out

    def _cached_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray] | None:
        """Every span vector from the cache, or None as soon as one is missing (or none exist)."""
        if not sentences:
            return None
        out: list[np.ndarray] = []
        try:
            for a in range(1, max_len + 1):
                parts = (self._cached(texts) for texts in span_texts(sentences, a, joiner))
                out.append(stack_stored(parts, len(sentences) - a + 1, out[0].shape[1] if out else 0))
        except KeyError:
            return None
        return out

    def _cached(self, texts: list[str]) -> np.ndarray:
        """The cached span vectors of ``texts``; KeyError when one is not cached."""
        keys = [_key(self.name, t) for t in texts]
        found = self._lookup(keys, STORE_DTYPE)
        return np.stack([found[k] for k in keys])

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        """Keep ``vectors`` (float32 sentence vectors or ``STORE_DTYPE`` span vectors) as they are."""
        table = _TABLES[vectors.dtype]
        with self._db:
            self._db.executemany(
                f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                [(_key(self.name, t), v.tobytes()) for t, v in zip(texts, vectors, strict=True)],
            )

    def close(self) -> None:
        self._db.close()
