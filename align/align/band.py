"""Coarse-to-fine search band: align halved documents recursively, then refine around that path.

Each level averages neighbouring sentence vectors in pairs, aligns the shorter documents (1-1,
1-2, 2-1 and skips) inside the band found one level further down, and widens that path by
``window`` sentences on either side. The smallest level is searched in full. Every level costs
time proportional to its length, so the whole search is linear in document length. Coarse beads
score the bead model's calibrated cosine, and unaligned sentences its null costs.
"""

from __future__ import annotations

import numpy as np

from align.align.dp import banded_dp
from align.align.model import BeadModel
from align.embed.base import STORE_DTYPE, stored

COARSE_MOVES = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def _halve(vectors: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """Unit means of neighbouring rows (the last row alone doubled), as ``STORE_DTYPE``."""
    out = np.empty(((len(vectors) + 1) // 2, vectors.shape[1]), dtype=STORE_DTYPE)
    for start in range(0, len(out), chunk):
        rows = vectors[2 * start : 2 * (start + chunk)].astype(np.float32)
        if len(rows) % 2:
            rows = np.vstack([rows, rows[-1:]])
        stored(rows[0::2] + rows[1::2], out[start : start + len(rows) // 2])
    return out


def band_from_path(nodes: np.ndarray, n: int, m: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """A monotone, connected band of half-width ``window`` around path ``nodes`` (k x 2 array)."""
    rows, cols = nodes[:, 0], nodes[:, 1]
    lo_raw = np.full(n + 1, np.iinfo(np.int64).max, dtype=np.int64)
    hi_raw = np.full(n + 1, -1, dtype=np.int64)
    for shift in range(-window, window + 1):
        r = np.clip(rows + shift, 0, n)
        np.minimum.at(lo_raw, r, cols)
        np.maximum.at(hi_raw, r, cols)
    lo = np.minimum.accumulate(lo_raw[::-1])[::-1]
    hi = np.maximum.accumulate(hi_raw)
    lo = np.clip(lo - window, 0, m)
    hi = np.clip(hi + window, 0, m)
    lo[0], hi[n] = 0, m
    hi = np.maximum(hi, np.concatenate([lo[1:], [m]]))
    return lo, np.maximum(hi, lo)


def search_band(
    src: np.ndarray,
    tgt: np.ndarray,
    window: int,
    full_limit: int,
    model: BeadModel,
) -> tuple[np.ndarray, np.ndarray]:
    """The band of DP nodes to search at full resolution (all nodes when the matrix is small)."""
    n, m = len(src), len(tgt)
    if (n + 1) * (m + 1) <= full_limit or n < 4 or m < 4:
        return full_band(n, m)
    coarse_src, coarse_tgt = _halve(src), _halve(tgt)
    cn, cm = len(coarse_src), len(coarse_tgt)
    clo, chi = search_band(coarse_src, coarse_tgt, window, full_limit, model)
    similarity = model.similarity(coarse_src, coarse_tgt, max_merge=2)
    beads = banded_dp(
        cn,
        cm,
        clo,
        chi,
        COARSE_MOVES,
        lambda r0, r1, c0, c1: similarity.tile(r0, r1, c0, c1, [mv for mv in COARSE_MOVES if min(mv) > 0]),
        model.nulls,
    )
    nodes = np.array([(0, 0)] + [(i1, j1) for _, i1, _, j1 in beads], dtype=np.int64)
    fine = np.minimum(nodes * 2, [n, m])
    # Interpolate between consecutive coarse nodes so each fine row has a point nearby.
    mids = (fine[:-1] + fine[1:]) // 2
    points = np.vstack([fine, mids])
    return band_from_path(points, n, m, window)
