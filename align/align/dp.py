"""Banded dynamic programme over bead moves, in numpy, one row at a time.

Row ``i`` holds DP nodes ``(i, j)`` for ``j`` in ``[lo[i], hi[i]]``. A move ``(a, b)`` enters
``(i, j)`` from ``(i-a, j-b)``; moves with ``a >= 1`` are vectorised over the row, and runs of
``(0, 1)`` moves (target sentences left unaligned) are a running maximum along the row. Time and
memory are proportional to the band's area, so a band of constant width gives linear time.

Unaligned sentences score ``skip`` each. With a ``block`` score, a run of unaligned sentences on
one side may instead score ``block`` however long it is (whichever is higher): a passage that one
side lacks (an untranslated section, a page of advertisements, a translation that stops half way)
then costs ``block``, instead of ``k * skip``, which grows until stretching the rest of the
document over it is cheaper. Source runs keep a second state per node (inside such
a block or not); target runs are a second running maximum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Move = tuple[int, int]
TileScorer = Callable[[int, int, int, int], dict[Move, np.ndarray]]

_SOURCE_BLOCK, _TARGET_RUN = -2, -3  # back-pointer codes besides move indices (-1: unreached)


@dataclass(frozen=True)
class Nulls:
    """Scores of unaligned sentences: ``skip`` each, or ``block`` for a whole run of them on one
    side where that is higher (None: no blocks)."""

    skip: float
    block: float | None = None


def _target_runs(
    best: np.ndarray, arg: np.ndarray, nulls: Nulls, left: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """``best`` with runs of unaligned target sentences along the row (``arg`` updated in place), and
    the column each such run starts at (-1 elsewhere; None when there is none).

    A run from an earlier column ``o`` to ``j`` scores ``base[o] + offset + (j - o) * per_step``
    (skips: ``offset`` 0, ``per_step`` skip; a block: ``offset`` block, ``per_step`` 0), where ``base`` is the
    row before any run: a running maximum of ``base[o] - o * per_step``."""
    base, origins = best, None
    steps = np.arange(len(base))
    runs = [(nulls.skip, 0.0)] + ([(0.0, nulls.block)] if nulls.block is not None else [])
    for per_step, offset in runs:
        shifted = base - per_step * steps
        running = np.maximum.accumulate(shifted)
        cand = np.empty_like(base)
        cand[0] = -np.inf
        cand[1:] = running[:-1] + per_step * steps[1:] + offset
        better = cand > best
        if not better.any():
            continue
        first = np.maximum.accumulate(np.where(shifted >= running, steps, 0))  # argmax so far
        start = np.empty_like(steps)
        start[0], start[1:] = 0, first[:-1]
        best = np.where(better, cand, best)
        arg[better] = _TARGET_RUN
        origins = np.where(better, start + left, -1 if origins is None else origins)
    return best, origins


def _source_block(
    previous: np.ndarray,
    previous_block: np.ndarray,
    overlap: tuple[int, int],
    shift: int,
    width: int,
    block: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Best score of nodes whose last sentence is a source sentence inside a block, and whether that
    block began before the row above (else it opens there). ``overlap``: the columns (relative to the
    row above) that both rows share; ``shift``: this row's first column minus the row above's."""
    inside, continued = np.full(width, -np.inf), np.zeros(width, dtype=bool)
    a, b = overlap
    if a <= b:
        opened = previous[a : b + 1] + block
        extended = previous_block[a : b + 1]
        continued[a - shift : b - shift + 1] = extended > opened
        inside[a - shift : b - shift + 1] = np.maximum(extended, opened)
    return inside, continued


def banded_dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    moves: list[Move],
    tile_scores: TileScorer,
    nulls: Nulls,
    tile_rows: int = 64,
) -> list[tuple[int, int, int, int]]:
    """Best-scoring monotone path from ``(0, 0)`` to ``(n, m)``.

    ``tile_scores(r0, r1, c0, c1)`` gives, for every move with ``a, b >= 1``, an array of bead
    scores for nodes ``[r0, r1) x [c0, c1)``; unaligned sentences score as ``nulls`` says.
    Returns beads as ``(i0, i1, j0, j1)`` half-open ranges, in document order.
    """
    if lo[0] != 0 or hi[n] != m:
        raise ValueError("the band must contain the start and end nodes")
    max_a = max(a for a, _ in moves)
    vertical = [(k, a, b) for k, (a, b) in enumerate(moves) if a >= 1]
    horizontal = (0, 1) in moves
    los, his = [int(x) for x in lo], [int(x) for x in hi]
    score: dict[int, np.ndarray] = {}  # best path score per node of the rows still needed
    in_block: dict[int, np.ndarray] = {}  # best score ending inside a source block, per row
    back: list[np.ndarray] = []
    run_from: list[np.ndarray | None] = []  # first column of the unaligned target run ending here
    block_back: list[np.ndarray | None] = []  # True: the source block began before this row
    for r0 in range(0, n + 1, tile_rows):
        r1 = min(n + 1, r0 + tile_rows)
        c0, c1 = min(los[r0:r1]), max(his[r0:r1]) + 1
        tile = tile_scores(r0, r1, c0, c1)  # bead scores of the tile's nodes, per merge move
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
                step = nulls.skip if b == 0 else tile[a, b][i - r0, s_lo + b - c0 : s_hi + b - c0 + 1]
                cand = score[p][s_lo - los[p] : s_hi - los[p] + 1] + step
                t0, t1 = s_lo + b - left, s_hi + b - left + 1
                current = best[t0:t1]
                better = cand > current
                current[better] = cand[better]
                arg[t0:t1][better] = k
            continued = None
            if nulls.block is not None:
                if i == 0:
                    in_block[i], continued = np.full(width, -np.inf), np.zeros(width, dtype=bool)
                else:
                    overlap = (max(left, los[i - 1]) - los[i - 1], min(right, his[i - 1]) - los[i - 1])
                    in_block[i], continued = _source_block(
                        score[i - 1], in_block[i - 1], overlap, left - los[i - 1], width, nulls.block
                    )
                better = in_block[i] > best
                best[better], arg[better] = in_block[i][better], _SOURCE_BLOCK
                in_block.pop(i - 2, None)
            origins = None
            if horizontal and width > 1:
                best, origins = _target_runs(best, arg, nulls, left)
            score[i] = best
            back.append(arg)
            run_from.append(origins)
            block_back.append(continued)
            score.pop(i - max_a - 1, None)
    if not np.isfinite(score[n][m - int(lo[n])]):
        raise RuntimeError("no path through the band")
    return _trace(n, m, los, moves, back, run_from, block_back)


def _trace(
    n: int,
    m: int,
    los: list[int],
    moves: list[Move],
    back: list[np.ndarray],
    run_from: list[np.ndarray | None],
    block_back: list[np.ndarray | None],
) -> list[tuple[int, int, int, int]]:
    """Beads of the best path, from the back-pointers, in document order."""
    beads = []
    i, j, inside_block = n, m, False
    while i > 0 or j > 0:
        col = j - los[i]
        if inside_block:
            inside_block = bool(block_back[i][col])  # type: ignore[index]
            beads.append((i - 1, i, j, j))
            i -= 1
            continue
        k = int(back[i][col])
        if k == _SOURCE_BLOCK:
            inside_block = True
        elif k == _TARGET_RUN:
            start = int(run_from[i][col])  # type: ignore[index]
            beads += [(i, i, c - 1, c) for c in range(j, start, -1)]
            j = start
        else:
            a, b = moves[k]
            beads.append((i - a, i, j - b, j))
            i, j = i - a, j - b
    beads.reverse()
    return beads
