"""On-disk embedding cache: SQLite, keyed by model name and a hash of the text."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from align.embed.base import Encoder, joined_spans, split_groups


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
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return self.encoder.encode([])
        keys = [_key(self.name, t) for t in texts]
        found = self._lookup(keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            vectors = self.encoder.encode(list(missing.values()))
            self._store(list(missing.values()), vectors)
            found.update(zip(missing, vectors, strict=True))
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        """Vectors of joined sentences (``out[a-1][s]``), from the cache when all are there, else
        from the wrapped encoder's span path when it has one (then stored), else encoded as texts."""
        groups = joined_spans(sentences, max_len, joiner)
        texts = [text for group in groups for text in group]
        compute = getattr(self.encoder, "encode_spans", None)
        if compute is None:
            return split_groups(self.encode(texts), groups)
        if not texts:
            return [np.zeros((0, 1), dtype=np.float32) for _ in groups]
        keys = [_key(self.name, t) for t in texts]
        found = self._lookup(keys)
        if all(k in found for k in keys):
            return split_groups(np.stack([found[k] for k in keys]).astype(np.float32), groups)
        out = compute(sentences, max_len, joiner)
        self._store(texts, np.concatenate(out))
        return out

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [
                    (_key(self.name, t), v.astype(np.float32).tobytes())
                    for t, v in zip(texts, vectors, strict=True)
                ],
            )

    def close(self) -> None:
        self._db.close()
