"""The encoder interface: texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Maps sentences to unit vectors; ``name`` identifies the model (used as cache key)."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, float32, rows of unit length."""
        ...


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Row-wise L2 normalisation (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


MAX_TEXT_CHARS = 10_000  # what one text may send to an encoder; the aligner caps sentences lower
_log = logging.getLogger(__name__)


def capped(texts: list[str], limit: int = MAX_TEXT_CHARS) -> list[str]:
    """``texts`` with any text over ``limit`` characters cut there (memory grows with text length)."""
    long = sum(len(t) > limit for t in texts)
    if not long:
        return texts
    _log.warning("%d text(s) over %d characters were cut to that length for the encoder", long, limit)
    return [t[:limit] for t in texts]


def joined_spans(sentences: list[str], max_len: int, joiner: str) -> list[list[str]]:
    """``out[a-1][s]`` = sentences ``s..s+a-1`` joined with ``joiner``, for ``a`` from 1 to ``max_len``."""
    return [
        [joiner.join(sentences[s : s + a]) for s in range(len(sentences) - a + 1)]
        for a in range(1, max_len + 1)
    ]


def split_groups(flat: np.ndarray, groups: list[list[str]]) -> list[np.ndarray]:
    """Rows of ``flat`` (one per text of ``groups``, in order) cut back into one array per group."""
    out, offset = [], 0
    for group in groups:
        out.append(flat[offset : offset + len(group)])
        offset += len(group)
    return out


def encode_spans(encoder: Encoder, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
    """``out[a-1][s]``: the vector of sentences ``s..s+a-1`` joined with ``joiner``, from the
    encoder's own span path when it has one (``encoder.encode_spans``), else by encoding the texts."""
    compute = getattr(encoder, "encode_spans", None)
    if compute is not None:
        return compute(sentences, max_len, joiner)
    groups = joined_spans(sentences, max_len, joiner)
    return split_groups(encoder.encode([text for group in groups for text in group]), groups)
