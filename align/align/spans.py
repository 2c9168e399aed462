"""Vectors of sentence groups ("spans") and their similarities, computed tile by tile (DP rows × columns).

A DP node ``(i, j)`` means ``src[:i]`` and ``tgt[:j]`` are aligned; bead ``(a, b)`` ending there
covers ``src[i-a:i]`` and ``tgt[j-b:j]``. A span's vector is the encoding of its sentences joined
into one text when those encodings are given, else the normalised sum of its sentence vectors
(for synthetic or very long inputs). Blocks hold ``-inf`` where a bead would start before the
document.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from align.embed.base import as_stored, normalize

NEG = -np.inf


class SpanVectors:
    """Span vectors of one side: ``vectors(a, starts)`` = unit vectors of sentences ``s..s+a-1``.

    Vectors are held as ``STORE_DTYPE`` (arrays already of that type are kept, not copied) and handed
    out as float32, normalised again so that rounding leaves no length error in a cosine."""

    def __init__(self, sentences: np.ndarray, encoded: list[np.ndarray] | None = None) -> None:
        self.sentences = as_stored(sentences)
        self.encoded = encoded

    def __len__(self) -> int:
        return len(self.sentences)

    def rows(self, start: int, stop: int) -> np.ndarray:
        """Sentence vectors ``start..stop-1`` as float32."""
        return normalize(self.sentences[start:stop])

    def vectors(self, a: int, starts: np.ndarray) -> np.ndarray:
        if self.encoded is not None:
            return normalize(self.encoded[a - 1][starts])
        if a == 1:
            return normalize(self.sentences[starts])
        total = normalize(self.sentences[starts])
        for k in range(1, a):
            total += normalize(self.sentences[starts + k])
        return normalize(total)


class SpanSimilarity:
    """Similarity of span pairs, and of each span to the sentences around its counterpart.

    Similarities are cosines passed through ``calibration`` (the encoder's map onto the shared
    score scale, :mod:`align.embed.calibration`; none: plain cosines).
    """

    def __init__(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        max_merge: int,
        src_spans: list[np.ndarray] | None = None,
        tgt_spans: list[np.ndarray] | None = None,
        calibration: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> None:
        self.src_side = SpanVectors(src, src_spans)
        self.tgt_side = SpanVectors(tgt, tgt_spans)
        self.src, self.tgt = self.src_side.sentences, self.tgt_side.sentences
        self.max_merge = max_merge
        self.calibrate = calibration or (lambda cosines: cosines)

    def tile(self, r0: int, r1: int, c0: int, c1: int, moves: list[tuple[int, int]]) -> dict:
        """``{(a, b): array (r1-r0, c1-c0)}`` of bead cosines for nodes ``[r0, r1) x [c0, c1)``."""
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, b in moves:
            tile = np.full((r1 - r0, c1 - c0), NEG, dtype=np.float32)
            first_row, first_col = max(r0, a), max(c0, b)  # beads may not start before sentence 0
            if first_row < r1 and first_col < c1:
                u = self.src_side.vectors(a, np.arange(first_row - a, r1 - a))
                v = self.tgt_side.vectors(b, np.arange(first_col - b, c1 - b))
                tile[first_row - r0 :, first_col - c0 :] = self.calibrate(u @ v.T)
            out[a, b] = tile
        return out

    def neighbours(self, r0: int, r1: int, c0: int, c1: int, moves: list[tuple[int, int]]) -> dict:
        """``{(a, b): array}``: for the bead ending at each node, the mean similarity of its source
        span to the target sentences just before and after its target span, averaged with the same
        from the target span's side (sentences past either end are left out of the mean)."""
        n, m = len(self.src), len(self.tgt)
        rows, cols = np.arange(r0, r1), np.arange(c0, c1)
        # Sentences a bead ending in the tile can have beside it: [s0, s1) and [t0, t1).
        s0, s1 = max(0, r0 - self.max_merge - 1), min(n, r1 + 1)
        t0, t1 = max(0, c0 - self.max_merge - 1), min(m, c1 + 1)
        src_sims = {
            a: self.calibrate(
                self.src_side.vectors(a, np.clip(rows - a, 0, n - a)) @ self.tgt_side.rows(t0, t1).T
            )
            for a in {a for a, _ in moves}
            if a <= n
        }
        tgt_sims = {
            b: self.calibrate(
                self.tgt_side.vectors(b, np.clip(cols - b, 0, m - b)) @ self.src_side.rows(s0, s1).T
            )
            for b in {b for _, b in moves}
            if b <= m
        }
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, b in moves:
            if a > n or b > m:
                out[a, b] = np.zeros((r1 - r0, c1 - c0), dtype=np.float32)
                continue
            around_tgt = _mean_beside(src_sims[a], cols - b - 1, cols, t0, m)
            around_src = _mean_beside(tgt_sims[b], rows - a - 1, rows, s0, n).T
            out[a, b] = 0.5 * (around_tgt + around_src)
        return out

    def shortfall(
        self, r0: int, r1: int, c0: int, c1: int, moves: list[tuple[int, int]], floor: float
    ) -> dict:
        """``{(a, b): array}``: for the bead ending at each node, how far the similarity of each
        sentence of a merged side (``a > 1`` or ``b > 1``) to the other side's whole span falls
        below ``floor``, summed over those sentences (0 for a sentence at or above ``floor``)."""
        n, m, k = len(self.src), len(self.tgt), self.max_merge
        rows, cols = np.arange(r0, r1), np.arange(c0, c1)
        s0, t0 = max(0, r0 - k), max(0, c0 - k)  # first sentence a bead ending in the tile can hold
        # Each sentence's shortfall against each span of the other side, summed cumulatively along
        # the sentences, so that a bead's total is the difference of two running sums.
        src_sums = {  # rows: source sentences s0.., columns: target spans of b sentences ending at cols
            b: _running_sum(
                self._below(
                    self.src_side.rows(s0, r1), self.tgt_side.vectors(b, np.clip(cols - b, 0, m - b)), floor
                ),
                0,
            )
            for b in {b for a, b in moves if a > 1 and b <= m}
        }
        tgt_sums = {  # rows: source spans of a sentences ending at rows, columns: target sentences t0..
            a: _running_sum(
                self._below(
                    self.src_side.vectors(a, np.clip(rows - a, 0, n - a)), self.tgt_side.rows(t0, c1), floor
                ),
                1,
            )
            for a in {a for a, b in moves if b > 1 and a <= n}
        }
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, b in moves:
            total = np.zeros((r1 - r0, c1 - c0), dtype=np.float32)
            if a > 1 and b in src_sums:
                sums = src_sums[b]
                total += (
                    sums[np.clip(rows - s0, 0, len(sums) - 1)]
                    - sums[np.clip(rows - a - s0, 0, len(sums) - 1)]
                )
            if b > 1 and a in tgt_sums:
                sums = tgt_sums[a]
                last = sums.shape[1] - 1
                total += sums[:, np.clip(cols - t0, 0, last)] - sums[:, np.clip(cols - b - t0, 0, last)]
            out[a, b] = total
        return out

    def _below(self, src: np.ndarray, tgt: np.ndarray, floor: float) -> np.ndarray:
        """How far each similarity of ``src`` rows to ``tgt`` rows falls below ``floor`` (0 if not)."""
        return np.maximum(0.0, floor - self.calibrate(src @ tgt.T))

    def pairs(self, src_starts: np.ndarray, a: int, tgt_starts: np.ndarray, b: int) -> np.ndarray:
        """Cosine of bead ``(a, b)`` for each pair of span starts (vectorised, any number of beads)."""
        u, v = self.src_side.vectors(a, src_starts), self.tgt_side.vectors(b, tgt_starts)
        return self.calibrate(np.einsum("ij,ij->i", u, v))


def _mean_beside(
    sims: np.ndarray, before: np.ndarray, after: np.ndarray, offset: int, count: int
) -> np.ndarray:
    """Mean of ``sims[:, before]`` and ``sims[:, after]`` (columns shifted by ``offset``), leaving out
    positions outside ``[0, count)``; 0 where neither exists."""
    width = sims.shape[1]
    has_before, has_after = before >= 0, after < count
    left = np.where(has_before, sims[:, np.clip(before - offset, 0, width - 1)], 0.0)
    right = np.where(has_after, sims[:, np.clip(after - offset, 0, width - 1)], 0.0)
    return (left + right) / np.maximum(has_before.astype(np.float32) + has_after, 1)


def _running_sum(values: np.ndarray, axis: int) -> np.ndarray:
    """Cumulative sums along ``axis`` with a leading zero: ``out[k] = sum(values[:k])``."""
    shape = list(values.shape)
    shape[axis] = 1
    return np.concatenate(
        [np.zeros(shape, dtype=np.float64), np.cumsum(values, axis=axis, dtype=np.float64)], axis
    )
