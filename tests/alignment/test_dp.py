"""The banded DP finds the same optimum as an exhaustive search; bands are valid and linear."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from align.align.band import band_from_path, full_band, search_band
from align.align.dp import banded_dp

MOVES = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)]


def brute_force(n: int, m: int, score, skip: float) -> float:
    @functools.cache
    def best(i: int, j: int) -> float:
        if i == 0 and j == 0:
            return 0.0
        options = []
        for a, b in MOVES:
            if i - a >= 0 and j - b >= 0:
                step = skip if a == 0 or b == 0 else score[a, b][i, j]
                options.append(best(i - a, j - b) + step)
        return max(options)

    return best(n, m)


@pytest.mark.parametrize("seed", range(5))
def test_full_band_matches_exhaustive_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m, skip = 7, 9, -0.3
    score = {mv: rng.uniform(-0.5, 1.0, (n + 1, m + 1)) for mv in MOVES if min(mv) > 0}
    lo, hi = full_band(n, m)
    path = banded_dp(
        n,
        m,
        lo,
        hi,
        MOVES,
        lambda r0, r1, c0, c1: {k: v[r0:r1, c0:c1] for k, v in score.items()},
        skip,
        block_rows=3,
    )
    total = sum(skip if i0 == i1 or j0 == j1 else score[i1 - i0, j1 - j0][i1, j1] for i0, i1, j0, j1 in path)
    assert total == pytest.approx(brute_force(n, m, score, skip))
    assert path[0][0] == 0 and path[0][2] == 0 and path[-1][1] == n and path[-1][3] == m
    assert all(a[1] == b[0] and a[3] == b[2] for a, b in itertools.pairwise(path))


def test_band_is_monotone_connected_and_narrow() -> None:
    nodes = np.array([(i, i + i // 10) for i in range(0, 101)])
    lo, hi = band_from_path(nodes, 100, 110, window=3)
    assert lo[0] == 0 and hi[-1] == 110
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0) and np.all(lo <= hi)
    assert np.all(hi[:-1] >= lo[1:])
    assert (hi - lo).max() <= 4 * 3 + 2


def test_coarse_to_fine_band_follows_the_diagonal() -> None:
    rng = np.random.default_rng(0)
    src = rng.standard_normal((3000, 32)).astype(np.float32)
    tgt = src + 0.3 * rng.standard_normal(src.shape).astype(np.float32)
    lo, hi = search_band(src, tgt, window=8, full_limit=10_000, skip=-0.1)
    rows = np.arange(3001)
    assert np.all((lo <= rows) & (rows <= hi)), "the true path must lie inside the band"
    assert (hi - lo).mean() < 40, "the band must stay narrow for linear time"
