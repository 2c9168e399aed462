"""Hubness of sentences: mean similarity to their ``k`` nearest neighbours on the other side.

Subtracting it (a CSLS-style margin) makes sentences that resemble everything (boilerplate,
numbers, fragments) cheap to leave unaligned and hard to merge. Neighbours are looked up only
inside the search band (plus ``pad``), so the cost stays linear in document length; for small
documents the band is everything and this is the usual global margin.
"""

from __future__ import annotations

import numpy as np


def _windowed_topk(
    own: np.ndarray, other: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int, block: int = 256
) -> np.ndarray:
    """For each row ``s`` of ``own``: mean of its top-``k`` similarities with ``other[lo[s]:hi[s]]``."""
    out = np.zeros(len(own), dtype=np.float32)
    for b0 in range(0, len(own), block):
        b1 = min(len(own), b0 + block)
        wl, wh = lo[b0:b1], hi[b0:b1]
        c0, c1 = int(wl.min()), int(wh.max())
        if c1 <= c0:
            continue
        sims = own[b0:b1] @ other[c0:c1].T
        cols = np.arange(c0, c1)
        inside = (cols[None, :] >= wl[:, None]) & (cols[None, :] < wh[:, None])
        sims = np.where(inside, sims, -np.inf)
        kk = min(k, c1 - c0)
        top = -np.partition(-sims, kk - 1, axis=1)[:, :kk]
        finite = np.isfinite(top)
        out[b0:b1] = np.where(finite, top, 0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)
    return out


def sentence_hubness(
    src: np.ndarray, tgt: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int, pad: int = 16
) -> tuple[np.ndarray, np.ndarray]:
    """Hubness of every source and target sentence, neighbours taken within the DP band."""
    n, m = len(src), len(tgt)
    # Source sentence s ends at DP row s + 1; its candidate targets are that row's band.
    src_lo = np.clip(lo[1:] - pad, 0, m)
    src_hi = np.clip(hi[1:] + pad, 0, m)
    # Target sentence t ends at column t + 1; rows whose band holds that column.
    columns = np.arange(1, m + 1)
    first = np.searchsorted(hi, columns, side="left")
    last = np.searchsorted(lo, columns, side="right") - 1
    tgt_lo = np.clip(first - 1 - pad, 0, n)
    tgt_hi = np.clip(last + pad, 0, n)
    return _windowed_topk(src, tgt, src_lo, src_hi, k), _windowed_topk(tgt, src, tgt_lo, tgt_hi, k)


def span_means(values: np.ndarray, max_len: int) -> np.ndarray:
    """``out[a-1, s]`` = mean of ``values[s:s+a]`` (0 where the span runs past the end)."""
    prefix = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    n = len(values)
    out = np.zeros((max_len, n), dtype=np.float32)
    for a in range(1, max_len + 1):
        if a <= n:
            out[a - 1, : n - a + 1] = (prefix[a:] - prefix[:-a]) / a
    return out
