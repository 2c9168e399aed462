"""The encoder interface: texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
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


# Span vectors (every group of up to ``max_merge`` sentences, both sides) are what an alignment
# holds in memory: they are kept in half precision (1 KB per 512-d vector) and computed on in float32.
STORE_DTYPE = np.float16
_CHUNK = 8192  # rows converted at a time, so no full-size float32 copy is ever made


def stored(vectors: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``vectors`` normalised row by row into a ``STORE_DTYPE`` array (``out`` when given), a chunk
    of rows at a time; rows already in ``STORE_DTYPE`` are taken as unit rows and copied unchanged
    (normalising them again could move their last bit)."""
    if out is None:
        out = np.empty(vectors.shape, dtype=STORE_DTYPE)
    if vectors.dtype == STORE_DTYPE:
        out[...] = vectors
        return out
    for start in range(0, len(vectors), _CHUNK):
        out[start : start + _CHUNK] = normalize(vectors[start : start + _CHUNK])
    return out


def as_stored(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as held for an alignment: a ``STORE_DTYPE`` array is kept as it is (taken as unit
    rows), anything else normalised into one (:func:`stored`)."""
    return vectors if vectors.dtype == STORE_DTYPE else stored(vectors)


def stack_stored(parts: Iterable[np.ndarray], count: int, width: int) -> np.ndarray:
    """``count`` rows arriving as ``parts`` (arrays of rows, in order) normalised into one
    ``STORE_DTYPE`` array, without holding them all first; ``width`` when no part comes."""
    out: np.ndarray | None = None
    row = 0
    for part in parts:
        if out is None:
            out = np.empty((count, part.shape[1]), dtype=STORE_DTYPE)
        stored(part, out[row : row + len(part)])
        row += len(part)
    return out if out is not None else np.zeros((0, width), dtype=STORE_DTYPE)


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


def span_texts(sentences: list[str], a: int, joiner: str) -> Iterator[list[str]]:
    """The texts of spans of ``a`` sentences (``s..s+a-1`` joined with ``joiner``), ``_CHUNK`` at a time."""
    starts = range(len(sentences) - a + 1)
    for first in range(0, len(starts), _CHUNK):
        yield [joiner.join(sentences[s : s + a]) for s in starts[first : first + _CHUNK]]


def encode_joined(encoder: Encoder, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
    """``out[a-1][s]``: the vector of sentences ``s..s+a-1`` joined with ``joiner`` (``STORE_DTYPE``),
    by encoding the joined texts a chunk at a time."""
    width = 0 if sentences else encoder.encode([]).shape[1]  # no sentences: the encoder's width
    out: list[np.ndarray] = []
    for a in range(1, max_len + 1):
        parts = (encoder.encode(texts) for texts in span_texts(sentences, a, joiner))
        out.append(stack_stored(parts, max(len(sentences) - a + 1, 0), out[0].shape[1] if out else width))
    return out


def encode_spans(encoder: Encoder, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
    """``out[a-1][s]``: the vector of sentences ``s..s+a-1`` joined with ``joiner`` (``STORE_DTYPE``),
    from the encoder's own span path when it has one (``encoder.encode_spans``), else by encoding the
    joined texts."""
    compute = getattr(encoder, "encode_spans", None)
    if compute is not None:
        return compute(sentences, max_len, joiner)
    return encode_joined(encoder, sentences, max_len, joiner)
