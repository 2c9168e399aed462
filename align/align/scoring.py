"""Bead scores: every term the dynamic programme adds up, in one place.

An aligned bead ``(a, b)`` scores

    (cos − margin · neighbours) · length − coverage · shortfall − paragraph_penalty · crossings

and a null bead (``1-0``, ``0-1``) scores ``skip``. ``cos`` is the cosine of the two spans;
``neighbours`` is each span's mean similarity to the sentences just around its counterpart (a
local margin: a bead must beat the neighbouring alternatives, not only be similar);
``length`` is ``log2(1 + short/long)`` of the two spans' character lengths after scaling the target
by the length ratio of the two sides (:func:`length_ratio`); ``shortfall`` sums, over each sentence
of a merged side, how far its similarity to the other side's span falls below ``coverage_floor`` (a
sentence that resembles nothing across, such as page debris, must not ride along in a bead);
``crossings`` counts the sides that run over a paragraph boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.align.spans import SpanSimilarity


def span_sums(values: np.ndarray, max_len: int) -> np.ndarray:
    """``out[a-1, s]`` = sum of ``values[s:s+a]`` (inf where the span runs past the end)."""
    prefix = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    n = len(values)
    out = np.full((max_len, n), np.inf)
    for a in range(1, min(max_len, n) + 1):
        out[a - 1, : n - a + 1] = prefix[a:] - prefix[:-a]
    return out


def length_ratio(
    src_lengths: np.ndarray, tgt_lengths: np.ndarray, path: list[tuple[int, int, int, int]] | None = None
) -> float:
    """Source characters per target character: of the whole documents, or of the aligned beads of
    ``path`` (``(i0, i1, j0, j1)`` spans) when given, so that a passage one side lacks does not count."""
    src, tgt = np.asarray(src_lengths, dtype=np.float64), np.asarray(tgt_lengths, dtype=np.float64)
    if path is not None:
        aligned = [(i0, i1, j0, j1) for i0, i1, j0, j1 in path if i1 > i0 and j1 > j0]
        src = np.concatenate([src[i0:i1] for i0, i1, _, _ in aligned] or [np.zeros(0)])
        tgt = np.concatenate([tgt[j0:j1] for _, _, j0, j1 in aligned] or [np.zeros(0)])
    return max(float(np.sum(src)), 1.0) / max(float(np.sum(tgt)), 1.0)


def length_factor(src_length: np.ndarray, tgt_length: np.ndarray, weight: float = 1.0) -> np.ndarray:
    """``log2(1 + short/long) ** weight``: 1 for equal lengths, falling as they diverge (NaN past the end)."""
    shorter, longer = np.minimum(src_length, tgt_length), np.maximum(src_length, tgt_length)
    with np.errstate(invalid="ignore"):  # inf/inf for spans past the document end
        return np.log2(1 + shorter / np.maximum(longer, 1e-9)) ** weight


def paragraph_crossings(paragraphs: np.ndarray | None, n: int, max_len: int) -> np.ndarray:
    """``out[a-1, s]`` = 1 when sentences ``s..s+a-1`` lie in more than one paragraph, else 0."""
    out = np.zeros((max_len, n), dtype=np.float32)
    if paragraphs is None:
        return out
    for a in range(2, min(max_len, n) + 1):
        out[a - 1, : n - a + 1] = paragraphs[a - 1 :] != paragraphs[: n - a + 1]
    return out


@dataclass(frozen=True)
class ScoreWeights:
    """The weights of the terms (see the module docstring)."""

    margin: float
    length_weight: float
    paragraph_penalty: float
    coverage: float = 0.0
    coverage_floor: float = 0.0


class BeadScorer:
    """Scores of every bead type for a tile of DP nodes."""

    def __init__(
        self,
        similarity: SpanSimilarity,
        src_lengths: np.ndarray,
        tgt_lengths: np.ndarray,
        weights: ScoreWeights,
        src_paragraphs: np.ndarray | None = None,
        tgt_paragraphs: np.ndarray | None = None,
        ratio: float | None = None,
    ) -> None:
        """``ratio``: source characters per target character (default: the whole documents')."""
        n, m, k = len(similarity.src), len(similarity.tgt), similarity.max_merge
        self.similarity, self.weights = similarity, weights
        if ratio is None:
            ratio = length_ratio(src_lengths, tgt_lengths)
        self.src_length = span_sums(np.asarray(src_lengths, dtype=np.float64), k)
        self.tgt_length = span_sums(np.asarray(tgt_lengths, dtype=np.float64) * ratio, k)
        self.src_crossings = paragraph_crossings(src_paragraphs, n, k)
        self.tgt_crossings = paragraph_crossings(tgt_paragraphs, m, k)

    def tile(self, r0: int, r1: int, c0: int, c1: int, moves: list[tuple[int, int]]) -> dict:
        """``{(a, b): array (r1-r0, c1-c0)}`` of bead scores, ``-inf`` where a bead cannot end."""
        w = self.weights
        cosines = self.similarity.tile(r0, r1, c0, c1, moves)
        beside = self.similarity.neighbours(r0, r1, c0, c1, moves) if w.margin else None
        shortfall = self.similarity.shortfall(r0, r1, c0, c1, moves, w.coverage_floor) if w.coverage else None
        rows, cols = np.arange(r0, r1), np.arange(c0, c1)
        out = {}
        for (a, b), cos in cosines.items():
            rs, cs = np.clip(rows - a, 0, None), np.clip(cols - b, 0, None)
            factor = length_factor(
                self.src_length[a - 1][rs][:, None], self.tgt_length[b - 1][cs][None, :], w.length_weight
            )
            score = cos if beside is None else cos - w.margin * beside[a, b]
            crossing = self.src_crossings[a - 1][rs][:, None] + self.tgt_crossings[b - 1][cs][None, :]
            with np.errstate(invalid="ignore"):
                value = score * factor - w.paragraph_penalty * crossing
            if shortfall is not None:
                value = value - w.coverage * shortfall[a, b]
            out[a, b] = np.where(np.isfinite(cos) & np.isfinite(factor), value, -np.inf)
        return out
