"""Banded dynamic programme over bead moves, in numpy, one row at a time.

Row ``i`` holds DP nodes ``(i, j)`` for ``j`` in ``[lo[i], hi[i]]``; node ``(i, j)`` means
``src[:i]`` and ``tgt[:j]`` are aligned. Unaligned sentences score ``skip`` each, or, in a run on
one side, ``block`` for the whole run where that is higher: a passage that one side lacks (an
untranslated section, a page of advertisements, a translation that stops half way) then costs
``block``, instead of ``k * skip``, which grows until stretching the rest of the document over it
is cheaper. Each node has three scores, as in affine-gap alignment, the two gaps alike:

    best[i, j]    = max(best[i-a, j-b] + bead(a, b), src_gap[i, j], tgt_gap[i, j])
    src_gap[i, j] = max(best[i-1, j] + block, src_gap[i-1, j])   # source sentence i-1 in a block
    tgt_gap[i, j] = max(best[i, j-1] + block, tgt_gap[i, j-1])   # target sentence j-1 in a block

with ``bead(1, 0) = bead(0, 1) = skip``. Moves with ``a >= 1`` are vectorised over the row; the
target side's recurrences run along the row as running maxima, over the row before its target
moves (a block or skips that follow target moves never score higher). Time and memory are
proportional to the band's area, so a band of constant width gives linear time.

One back-pointer byte per node, in one array: the low six bits say where ``best`` came from (a move
index, or one of the gaps), bit 6 that the source gap continues one from the row above, bit 7 that
the target gap continues one from the column before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Move = tuple[int, int]
TileScorer = Callable[[int, int, int, int], dict[Move, np.ndarray]]

_CHOICE = 0b0011_1111  # bits of the back-pointer that say where ``best`` came from
_FLAGS = np.uint8(0b1100_0000)
_FROM_SRC_GAP, _FROM_TGT_GAP = 62, 63  # ``best`` is the node's source / target gap
_SRC_GAP_CONTINUES, _TGT_GAP_CONTINUES = np.uint8(1 << 6), np.uint8(1 << 7)
_MAX_MOVES = _FROM_SRC_GAP


@dataclass(frozen=True)
class Nulls:
    """Scores of unaligned sentences: ``skip`` each, or ``block`` for a whole run of them on one
    side where that is higher (None: no blocks)."""

    skip: float
    block: float | None = None


def _running_best(values: np.ndarray, per_step: float) -> np.ndarray:
    """For each column ``j``: the best ``values[o] + (j - o) * per_step`` over ``o < j`` (``-inf`` at 0)."""
    steps = np.arange(len(values))
    best = np.empty_like(values)
    best[0] = -np.inf
    best[1:] = np.maximum.accumulate(values - per_step * steps)[:-1] + per_step * steps[1:]
    return best


def _latest_best(values: np.ndarray) -> np.ndarray:
    """For each column ``j``: the ``o < j`` with the highest ``values[o]`` (the latest on ties; 0 at 0)."""
    steps = np.arange(len(values))
    latest = np.maximum.accumulate(np.where(values >= np.maximum.accumulate(values), steps, 0))
    origin = np.empty_like(steps)
    origin[0], origin[1:] = 0, latest[:-1]
    return origin


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
    if len(moves) > _MAX_MOVES:
        raise ValueError(f"at most {_MAX_MOVES} moves")
    max_a = max(a for a, _ in moves)
    vertical = [(k, a, b) for k, (a, b) in enumerate(moves) if a >= 1]
    target_skip = moves.index((0, 1)) if (0, 1) in moves else None
    los, his = [int(x) for x in lo], [int(x) for x in hi]
    starts = np.concatenate([[0], np.cumsum([h - low + 1 for low, h in zip(los, his, strict=True)])])
    back = np.zeros(int(starts[-1]), dtype=np.uint8)  # one byte per node of the band
    best: dict[int, np.ndarray] = {}  # per row still needed: the best score of each node
    src_gap: dict[int, np.ndarray] = {}  # per row still needed: the best score inside a source gap
    for r0 in range(0, n + 1, tile_rows):
        r1 = min(n + 1, r0 + tile_rows)
        c0, c1 = min(los[r0:r1]), max(his[r0:r1]) + 1
        tile = tile_scores(r0, r1, c0, c1)  # bead scores of the tile's nodes, per merge move
        for i in range(r0, r1):
            left, right = los[i], his[i]
            width = right - left + 1
            row = np.full(width, -np.inf)
            pointers = back[starts[i] : starts[i + 1]]
            if i == 0 and left == 0:
                row[0] = 0.0
            for k, a, b in vertical:
                p = i - a
                if p < 0:
                    continue
                # Predecessor columns j - b that lie in both this row's and row p's window.
                s_lo, s_hi = max(left - b, los[p]), min(right - b, his[p])
                if s_lo > s_hi:
                    continue
                step = nulls.skip if b == 0 else tile[a, b][i - r0, s_lo + b - c0 : s_hi + b - c0 + 1]
                cand = best[p][s_lo - los[p] : s_hi - los[p] + 1] + step
                t0, t1 = s_lo + b - left, s_hi + b - left + 1
                current = row[t0:t1]
                better = cand > current
                current[better] = cand[better]
                pointers[t0:t1][better] = k
            if nulls.block is not None:
                src_gap[i] = _source_gap(i, left, right, los, best, src_gap, nulls.block, pointers)
                _take(row, src_gap[i], pointers, _FROM_SRC_GAP)
                src_gap.pop(i - 2, None)
            if target_skip is not None and width > 1:
                _target_moves(row, pointers, nulls, target_skip)
            best[i] = row
            best.pop(i - max_a - 1, None)
    if not np.isfinite(best[n][m - int(lo[n])]):
        raise RuntimeError("no path through the band")
    return _trace(n, m, los, starts, moves, back)


def _take(row: np.ndarray, cand: np.ndarray, pointers: np.ndarray, choice: int) -> None:
    """Where ``cand`` beats ``row``: take it, and point the node at ``choice``."""
    better = cand > row
    row[better] = cand[better]
    pointers[better] = (pointers[better] & _FLAGS) | choice


def _target_moves(row: np.ndarray, pointers: np.ndarray, nulls: Nulls, target_skip: int) -> None:
    """Runs of ``(0, 1)`` skips and target gaps along ``row`` (in place), from the row before them."""
    before = row.copy()
    _take(row, _running_best(before, nulls.skip), pointers, target_skip)
    if nulls.block is not None:
        pointers[_latest_best(before) < np.arange(len(row)) - 1] |= _TGT_GAP_CONTINUES
        _take(row, _running_best(before, 0.0) + nulls.block, pointers, _FROM_TGT_GAP)


def _source_gap(
    i: int,
    left: int,
    right: int,
    los: list[int],
    best: dict[int, np.ndarray],
    src_gap: dict[int, np.ndarray],
    block: float,
    pointers: np.ndarray,
) -> np.ndarray:
    """Row ``i``'s source-gap scores: a block opened after node ``(i-1, j)`` or one continued from
    ``(i-1, j)``'s gap (marked in ``pointers``), for the columns rows ``i-1`` and ``i`` share."""
    inside = np.full(right - left + 1, -np.inf)
    if i == 0:
        return inside
    above = los[i - 1]
    a, b = max(left, above) - above, min(right, above + len(best[i - 1]) - 1) - above
    if a <= b:
        opened = best[i - 1][a : b + 1] + block
        continued = src_gap[i - 1][a : b + 1]
        here = slice(a + above - left, b + above - left + 1)
        inside[here] = np.maximum(continued, opened)
        pointers[here][continued > opened] |= _SRC_GAP_CONTINUES
    return inside


def _trace(
    n: int, m: int, los: list[int], starts: np.ndarray, moves: list[Move], back: np.ndarray
) -> list[tuple[int, int, int, int]]:
    """Beads of the best path, from the back-pointers, in document order."""
    beads = []
    i, j, state = n, m, "best"
    while i > 0 or j > 0:
        code = int(back[starts[i] + j - los[i]])
        if state == "src_gap":
            beads.append((i - 1, i, j, j))
            state = "src_gap" if code & _SRC_GAP_CONTINUES else "best"
            i -= 1
        elif state == "tgt_gap":
            beads.append((i, i, j - 1, j))
            state = "tgt_gap" if code & _TGT_GAP_CONTINUES else "best"
            j -= 1
        elif (code & _CHOICE) == _FROM_SRC_GAP:
            state = "src_gap"
        elif (code & _CHOICE) == _FROM_TGT_GAP:
            state = "tgt_gap"
        else:
            a, b = moves[code & _CHOICE]
            beads.append((i - a, i, j - b, j))
            i, j = i - a, j - b
    beads.reverse()
    return beads
