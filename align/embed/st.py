"""Any sentence-transformers model, by hub name or local path."""

from __future__ import annotations

import numpy as np

from align.embed.base import capped, normalize
from align.errors import ModelError


class SentenceTransformerEncoder:
    """A sentence-transformers model on the CPU (downloaded by the library on first use, if a hub name)."""

    def __init__(self, model: str, batch_size: int = 64) -> None:
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HTTP errors...
            raise ModelError(
                f"cannot load sentence-transformers model '{model}' ({type(exc).__name__}); "
                "on a machine without internet, download it elsewhere and pass its folder: "
                "--encoder st:/path/to/model"
            ) from None
        self.name = f"st:{model}"
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            capped(list(texts)), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalize(np.asarray(vectors).reshape(len(texts), -1))
