"""Banded dynamic programme over bead moves, in numpy, one row at a time.

Row ``i`` holds DP nodes ``(i, j)`` for ``j`` in ``[lo[i], hi[i]]``. A move ``(a, b)`` enters
``(i, j)`` from ``(i-a, j-b)``; moves with ``a >= 1`` are vectorised over the row, and the
``(0, 1)`` move (a target sentence left unaligned) is a running maximum along the row. Time and
memory are proportional to the band's area, so a band of constant width gives linear time.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Move = tuple[int, int]
BlockScorer = Callable[[int, int, int, int], dict[Move, np.ndarray]]


def banded_dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    moves: list[Move],
    block_scores: BlockScorer,
    skip: float,
    block_rows: int = 64,
) -> list[tuple[int, int, int, int]]:
    """Best-scoring monotone path from ``(0, 0)`` to ``(n, m)``.

    ``block_scores(r0, r1, c0, c1)`` gives, for every move with ``a, b >= 1``, an array of bead
    scores for nodes ``[r0, r1) x [c0, c1)``; null moves ``(1, 0)`` and ``(0, 1)`` score ``skip``.
    Returns beads as ``(i0, i1, j0, j1)`` half-open ranges, in document order.
    """
    if lo[0] != 0 or hi[n] != m:
        raise ValueError("the band must contain the start and end nodes")
    max_a = max(a for a, _ in moves)
    vertical = [(k, a, b) for k, (a, b) in enumerate(moves) if a >= 1]
    horizontal = next((k for k, mv in enumerate(moves) if mv == (0, 1)), None)
    los, his = [int(x) for x in lo], [int(x) for x in hi]
    cost: dict[int, np.ndarray] = {}
    back: list[np.ndarray] = []
    for r0 in range(0, n + 1, block_rows):
        r1 = min(n + 1, r0 + block_rows)
        c0, c1 = min(los[r0:r1]), max(his[r0:r1]) + 1
        scores = block_scores(r0, r1, c0, c1)
        for i in range(r0, r1):
            left, right = los[i], his[i]
            width = right - left + 1
            best = np.full(width, -np.inf)
            arg = np.full(width, -1, dtype=np.int8)
            if i == 0 and left == 0:
                best[0] = 0.0
            for k, a, b in vertical:
                p = i - a
                if p < 0:
                    continue
                # Predecessor columns j - b that lie in both this row's and row p's window.
                s_lo, s_hi = max(left - b, los[p]), min(right - b, his[p])
                if s_lo > s_hi:
                    continue
                step = skip if b == 0 else scores[a, b][i - r0, s_lo + b - c0 : s_hi + b - c0 + 1]
                cand = cost[p][s_lo - los[p] : s_hi - los[p] + 1] + step
                t0, t1 = s_lo + b - left, s_hi + b - left + 1
                current = best[t0:t1]
                better = cand > current
                current[better] = cand[better]
                arg[t0:t1][better] = k
            if horizontal is not None and width > 1:
                steps = np.arange(width)
                shifted = best - skip * steps
                running = np.maximum.accumulate(shifted)
                origin = np.maximum.accumulate(np.where(shifted >= running, steps, 0))
                moved = origin != steps
                if moved.any():
                    best = np.where(moved, best[origin] + skip * (steps - origin), best)
                    arg[moved] = horizontal
            cost[i] = best
            back.append(arg)
            cost.pop(i - max_a - 1, None)
    if not np.isfinite(cost[n][m - int(lo[n])]):
        raise RuntimeError("no path through the band")
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i][j - int(lo[i])])
        a, b = moves[k]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads
