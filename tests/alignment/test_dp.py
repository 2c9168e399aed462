"""The banded DP finds the same optimum as an exhaustive search; bands are valid and linear."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest

from align.align.band import band_from_path, full_band, search_band
from align.align.dp import Nulls, banded_dp
from align.align.model import BeadModel
from align.align.scoring import ScoreWeights

MOVES = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)]


def run_score(k: int, nulls: Nulls) -> float:
    """What ``k`` unaligned sentences in a row on one side score."""
    if nulls.block is None:
        return k * nulls.skip
    return max(k * nulls.skip, nulls.block)


def brute_force(n: int, m: int, score, nulls: Nulls) -> float:
    """Every path, with runs of unaligned sentences of any length as single moves."""

    @functools.cache
    def best(i: int, j: int) -> float:
        if i == 0 and j == 0:
            return 0.0
        options = [best(i - a, j - b) + score[a, b][i, j] for a, b in MOVES if a and b and i >= a and j >= b]
        options += [best(i - k, j) + run_score(k, nulls) for k in range(1, i + 1)]
        options += [best(i, j - k) + run_score(k, nulls) for k in range(1, j + 1)]
        return max(options)

    return best(n, m)


def path_score(path, score, nulls: Nulls) -> float:
    """A path's score, each run of unaligned sentences split into its best-scoring pieces."""
    total, runs = 0.0, []
    for key, group in itertools.groupby(
        path, key=lambda b: "src" if b[2] == b[3] else "tgt" if b[0] == b[1] else None
    ):
        beads = list(group)
        if key is None:
            total += sum(score[i1 - i0, j1 - j0][i1, j1] for i0, i1, j0, j1 in beads)
        else:
            runs.append(len(beads))
    for k in runs:
        pieces = [0.0] + [-np.inf] * k
        for x in range(1, k + 1):
            pieces[x] = max(pieces[x - q] + run_score(q, nulls) for q in range(1, x + 1))
        total += pieces[k]
    return total


@pytest.mark.parametrize("seed", range(60))
def test_full_band_matches_exhaustive_search(seed: int) -> None:
    # Every third instance scores unaligned sentences one by one; the others let runs of them
    # score as blocks, with random costs, on random shapes (one-row and one-column ones included).
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 11))
    nulls = Nulls(-0.3, None if seed % 3 == 0 else -rng.uniform(0, 1.2))
    score = {mv: rng.uniform(-1.5, 1.0, (n + 1, m + 1)) for mv in MOVES if min(mv) > 0}
    lo, hi = full_band(n, m)
    path = banded_dp(
        n,
        m,
        lo,
        hi,
        MOVES,
        lambda r0, r1, c0, c1: {k: v[r0:r1, c0:c1] for k, v in score.items()},
        nulls,
        tile_rows=3,
    )
    assert path_score(path, score, nulls) == pytest.approx(brute_force(n, m, score, nulls))
    assert path[0][0] == 0 and path[0][2] == 0 and path[-1][1] == n and path[-1][3] == m
    assert all(a[1] == b[0] and a[3] == b[2] for a, b in itertools.pairwise(path))


def test_a_missing_passage_costs_one_block_not_a_skip_per_sentence() -> None:
    # 1-1 beads score 0.5 on the diagonal and -1 elsewhere; the target has 12 extra sentences in
    # the middle. Skips alone (12 x -0.3 = -3.6) make merging them cheaper: 1-2 beads score 0.2
    # here. A block (-0.5 to open) leaves all 12 unaligned.
    n, extra = 10, 12
    m = n + extra
    one = np.full((n + 1, m + 1), -1.0)
    for i in range(1, n + 1):
        one[i, i if i <= n // 2 else i + extra] = 0.5
    score = {(1, 1): one, (1, 2): np.full((n + 1, m + 1), 0.2)}
    moves = [(1, 0), (0, 1), (1, 1), (1, 2)]
    lo, hi = full_band(n, m)

    def search(nulls: Nulls) -> list[tuple[int, int, int, int]]:
        return banded_dp(
            n, m, lo, hi, moves, lambda r0, r1, c0, c1: {k: v[r0:r1, c0:c1] for k, v in score.items()}, nulls
        )

    blocked = search(Nulls(-0.3, -0.5))
    assert [(i0, j0) for i0, i1, j0, j1 in blocked if i0 == i1] == [(5, 5 + k) for k in range(extra)]
    assert sum(1 for i0, i1, j0, j1 in blocked if i1 - i0 == 1 and j1 - j0 == 1) == n
    stretched = search(Nulls(-0.3))
    assert any(j1 - j0 == 2 for _, _, j0, j1 in stretched), "without blocks the extra passage is merged in"


def coarse_model(nulls: Nulls) -> BeadModel:
    """A bead model that scores coarse beads by plain cosines."""
    return BeadModel(2, ScoreWeights(margin=0.0, length_weight=1.0, paragraph_penalty=0.0), nulls)


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
    lo, hi = search_band(src, tgt, 8, 10_000, coarse_model(Nulls(-0.1)))
    rows = np.arange(3001)
    assert np.all((lo <= rows) & (rows <= hi)), "the true path must lie inside the band"
    assert (hi - lo).mean() < 40, "the band must stay narrow for linear time"


def test_coarse_band_follows_a_translation_that_stops_half_way() -> None:
    # The target translates the first 1500 of 3000 sentences: at every level the coarse search
    # must leave the rest unaligned (one block) rather than stretch the target over the source.
    rng = np.random.default_rng(1)
    src = rng.standard_normal((3000, 32)).astype(np.float32)
    tgt = src[:1500] + 0.3 * rng.standard_normal((1500, 32)).astype(np.float32)
    lo, hi = search_band(src, tgt, 8, 10_000, coarse_model(Nulls(-0.1, -0.5)))
    rows = np.arange(1501)
    assert np.all((lo[:1501] <= rows) & (rows <= hi[:1501])), (
        "the translated half's path must lie in the band"
    )
    assert (hi - lo).mean() < 40


@pytest.mark.parametrize("seed", range(20))
def test_the_two_sides_are_searched_alike(seed: int) -> None:
    # Swapping source and target (and transposing the bead scores) mirrors the best path: skips,
    # blocks and merges score the same whichever side they fall on.
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(2, 12)), int(rng.integers(2, 12))
    nulls = Nulls(-0.3, -rng.uniform(0.2, 1.2))
    score = {mv: rng.uniform(-1.5, 1.0, (n + 1, m + 1)) for mv in MOVES if min(mv) > 0}
    swapped = {(b, a): v.T.copy() for (a, b), v in score.items()}

    def search(rows: int, cols: int, scores: dict) -> list[tuple[int, int, int, int]]:
        lo, hi = full_band(rows, cols)
        return banded_dp(
            rows,
            cols,
            lo,
            hi,
            MOVES,
            lambda r0, r1, c0, c1: {k: v[r0:r1, c0:c1] for k, v in scores.items()},
            nulls,
        )

    path = search(n, m, score)
    mirrored = sorted((j0, j1, i0, i1) for i0, i1, j0, j1 in search(m, n, swapped))
    assert sorted(path) == mirrored
