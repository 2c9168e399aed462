"""On-disk embedding cache: SQLite, keyed by model name and a hash of the text."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from align.embed.base import Encoder


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

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [_key(self.name, t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        if missing:
            vectors = self.encoder.encode(list(missing.values()))
            self._store(list(missing.values()), vectors)
            found.update(zip(missing, vectors, strict=True))
        if not texts:
            return self.encoder.encode([])
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        """Vectors of joined sentences (``out[a-1][s]``), from the cache when all are there, else
        from the wrapped encoder's span path when it has one (then stored), else encoded as texts."""
        groups = [
            [joiner.join(sentences[s : s + a]) for s in range(len(sentences) - a + 1)]
            for a in range(1, max_len + 1)
        ]
        compute = getattr(self.encoder, "encode_spans", None)
        texts = [text for group in groups for text in group]
        if compute is None or self._all_cached(texts):
            flat = self.encode(texts)
            out, offset = [], 0
            for group in groups:
                out.append(flat[offset : offset + len(group)])
                offset += len(group)
            return out
        out = compute(sentences, max_len, joiner)
        self._store(texts, np.concatenate(out) if texts else np.zeros((0, 1), dtype=np.float32))
        return out

    def _all_cached(self, texts: list[str]) -> bool:
        keys = list(dict.fromkeys(_key(self.name, t) for t in texts))
        found = 0
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            query = f"SELECT COUNT(*) FROM vectors WHERE key IN ({','.join('?' * len(chunk))})"
            found += self._db.execute(query, chunk).fetchone()[0]
        return found == len(keys)

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
