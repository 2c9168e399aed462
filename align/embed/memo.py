"""An encoder that encodes a known set of texts in one call up front and serves them from memory:
one call for the sentences of many short documents is much faster than one call per document."""

from __future__ import annotations

import numpy as np

from align.embed.base import Encoder


class MemoEncoder:
    """``encoder`` with ``texts`` encoded once; other texts still go to ``encoder`` (same ``name``,
    so calibration and caches see the wrapped model)."""

    def __init__(self, encoder: Encoder, texts: list[str]) -> None:
        self.encoder = encoder
        self.name = encoder.name
        unique = list(dict.fromkeys(texts))
        self._memo = dict(zip(unique, encoder.encode(unique), strict=True)) if unique else {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        found = dict(zip(missing, self.encoder.encode(missing), strict=True)) if missing else {}
        return np.stack([self._memo[t] if t in self._memo else found[t] for t in texts])
