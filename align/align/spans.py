"""Similarity of sentence groups ("spans") for every bead type, computed block by block.

A DP node ``(i, j)`` means ``src[:i]`` and ``tgt[:j]`` are aligned; bead ``(a, b)`` ending there
covers ``src[i-a:i]`` and ``tgt[j-b:j]``. :meth:`SpanSimilarity.block` returns the cosine of each
bead type for a rectangle of nodes, ``-inf`` where the bead would start before the document.
"""

from __future__ import annotations

import numpy as np

from align.embed.base import normalize

NEG = -np.inf


def _span_norms(vectors: np.ndarray, max_len: int) -> np.ndarray:
    """``norms[a-1, s]`` = |sum of vectors[s:s+a]| (inf where the span runs past the end)."""
    n = len(vectors)
    adjacent = np.zeros((max_len, n), dtype=np.float64)  # adjacent[g, k] = v_k · v_{k+g}
    for gap in range(1, max_len):
        if gap < n:
            adjacent[gap, : n - gap] = np.einsum("ij,ij->i", vectors[:-gap], vectors[gap:])
    norms = np.full((max_len, n), np.inf)
    squared = np.zeros(n)
    for a in range(1, max_len + 1):
        # |v_s + ... + v_{s+a-1}|^2 grows by |v_new|^2 + 2 * sum of dots with the a-1 earlier ones.
        new = a - 1
        if new >= n:
            break
        extra = np.einsum("ij,ij->i", vectors[new:], vectors[new:]).astype(np.float64)
        for gap in range(1, a):
            extra += 2 * adjacent[gap, new - gap : n - gap]
        squared = squared[: n - new] + extra
        norms[a - 1, : n - new] = np.sqrt(np.maximum(squared, 1e-12))
    return norms


class SpanSimilarity:
    """Cosine similarity of span pairs.

    With ``src_spans``/``tgt_spans`` (encoded concatenations, ``spans[a-1][s]`` = vector of
    sentences ``s..s+a-1``) those are used; otherwise a span's vector is the normalised sum of its
    sentence vectors, computed from sentence-level similarities (cheap, for very long documents).
    """

    def __init__(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        max_merge: int,
        src_spans: list[np.ndarray] | None = None,
        tgt_spans: list[np.ndarray] | None = None,
    ) -> None:
        self.src, self.tgt = normalize(src), normalize(tgt)
        self.max_merge = max_merge
        self.src_spans, self.tgt_spans = src_spans, tgt_spans
        if src_spans is None or tgt_spans is None:
            self.src_norms = _span_norms(self.src, max_merge)
            self.tgt_norms = _span_norms(self.tgt, max_merge)

    def block(self, r0: int, r1: int, c0: int, c1: int, moves: list[tuple[int, int]]) -> dict:
        """``{(a, b): array (r1-r0, c1-c0)}`` of bead cosines for nodes ``[r0, r1) x [c0, c1)``."""
        out: dict[tuple[int, int], np.ndarray] = {}
        encoded = self.src_spans is not None and self.tgt_spans is not None
        if not encoded:
            # Sentence similarities for every sentence a bead ending in the block can touch, as a
            # 2-D prefix sum: a bead's summed similarity is then four slices.
            s0, t0 = max(0, r0 - self.max_merge), max(0, c0 - self.max_merge)
            sims = self.src[s0 : max(s0, r1 - 1)] @ self.tgt[t0 : max(t0, c1 - 1)].T
            prefix = np.zeros((sims.shape[0] + 1, sims.shape[1] + 1), dtype=np.float64)
            prefix[1:, 1:] = sims.cumsum(0).cumsum(1)
        for a, b in moves:
            block = np.full((r1 - r0, c1 - c0), NEG, dtype=np.float32)
            first_row, first_col = max(r0, a), max(c0, b)  # beads may not start before sentence 0
            if first_row < r1 and first_col < c1:
                target = block[first_row - r0 :, first_col - c0 :]
                if encoded:
                    u = self.src_spans[a - 1][first_row - a : r1 - a]
                    v = self.tgt_spans[b - 1][first_col - b : c1 - b]
                    target[:] = u @ v.T
                else:
                    top, bottom = slice(first_row - a - s0, r1 - a - s0), slice(first_row - s0, r1 - s0)
                    left, right = slice(first_col - b - t0, c1 - b - t0), slice(first_col - t0, c1 - t0)
                    box = (
                        prefix[bottom, right] - prefix[top, right] - prefix[bottom, left] + prefix[top, left]
                    )
                    norms = np.outer(
                        self.src_norms[a - 1][first_row - a : r1 - a],
                        self.tgt_norms[b - 1][first_col - b : c1 - b],
                    )
                    target[:] = box / norms
            out[a, b] = block
        return out

    def pairs(self, src_starts: np.ndarray, a: int, tgt_starts: np.ndarray, b: int) -> np.ndarray:
        """Cosine of bead ``(a, b)`` for each pair of span starts (vectorised, any number of beads)."""
        if self.src_spans is not None and self.tgt_spans is not None:
            u, v = self.src_spans[a - 1][src_starts], self.tgt_spans[b - 1][tgt_starts]
        else:
            u = normalize(sum(self.src[src_starts + k] for k in range(a)))
            v = normalize(sum(self.tgt[tgt_starts + k] for k in range(b)))
        return np.einsum("ij,ij->i", u, v)
