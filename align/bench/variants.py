"""Gold documents made harder: a translation that stops half way, or one with a passage the source
lacks.

Real pairs are not always whole translations of each other: a translation abridged or cut off, a
web page with a section the other side has not got. ``truncated`` keeps the first half of the
target (cut at a gold bead boundary), so the source sentences of the lost beads become unaligned;
``padded`` inserts the first quarter of another document's target into the middle of the target, as
unaligned sentences; ``short-truncated`` cuts each document into excerpts of about a news article's
length (``EXCERPT`` target sentences) and truncates each, so the lost passage is a dozen sentences, not
hundreds. All keep the gold exact, so the standard scores apply.
"""

from __future__ import annotations

import bisect

import numpy as np

from align.bench.scoring import BeadPair
from align.errors import InputError

Document = tuple[list[str], list[str], list[BeadPair]]
VARIANTS = ("as-is", "truncated", "padded", "short-truncated")
EXCERPT = 25  # target sentences per excerpt in short-truncated


def _boundaries(gold: list[BeadPair], tgt_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per target position ``c``: how many gold beads hold both ``c - 1`` and ``c``; the last source
    sentence of the beads that end before ``c`` (at ``[c - 1]``); the first source sentence of the
    beads that start at ``c`` or later (at ``[c]``). One pass over the beads."""
    n = tgt_count
    straddles = np.zeros(n + 2, dtype=np.int64)  # +1 where a bead's span opens, -1 where it closes
    last_src = np.full(n + 1, -1, dtype=np.int64)  # per last target sentence: the bead's last source one
    first_src = np.full(n + 1, np.iinfo(np.int64).max, dtype=np.int64)  # per first target sentence
    for s, t in gold:
        if not t:
            continue
        lo, hi = min(t), max(t)
        straddles[lo + 1] += 1
        straddles[hi + 1] -= 1
        if s:
            last_src[hi] = max(last_src[hi], max(s))
            first_src[lo] = min(first_src[lo], min(s))
    return (
        np.cumsum(straddles),
        np.maximum.accumulate(last_src),
        np.minimum.accumulate(first_src[::-1])[::-1],
    )


def _clean_cuts(boundaries: tuple[np.ndarray, np.ndarray, np.ndarray], tgt_count: int) -> list[int]:
    """Target positions ``c`` that no gold bead straddles, and where every bead before ``c`` also
    comes before every bead after it on the source side; in order."""
    inside, last_before, first_after = boundaries
    return [c for c in range(1, tgt_count) if inside[c] == 0 and last_before[c - 1] < first_after[c]]


def _cut_points(gold: list[BeadPair], tgt_count: int) -> list[int]:
    """:func:`_clean_cuts`, nearest the middle first."""
    clean = _clean_cuts(_boundaries(gold, tgt_count), tgt_count)
    return sorted(clean, key=lambda c: abs(c - tgt_count / 2))


def _check_ids(document: Document, name: str) -> None:
    src, tgt, gold = document
    if any(i < 0 or i >= len(src) for s, _ in gold for i in s) or any(
        j < 0 or j >= len(tgt) for _, t in gold for j in t
    ):
        raise InputError(f"{name}: the gold names sentences the document does not have")


def _middle(gold: list[BeadPair], tgt_count: int, name: str) -> int:
    points = _cut_points(gold, tgt_count)
    if not points:
        raise InputError(f"{name}: no gold bead boundary to cut the target at")
    return points[0]


def truncated(document: Document, name: str = "document") -> Document:
    """The target's first half; source sentences aligned past the cut become unaligned."""
    src, tgt, gold = document
    cut = _middle(gold, len(tgt), name)
    kept = [(s, t) for s, t in gold if not t or max(t) < cut]
    lost = [(i,) for s, t in gold if t and min(t) >= cut for i in s]
    return src, tgt[:cut], kept + [(s, ()) for s in lost]


def padded(document: Document, passage: list[str], name: str = "document") -> Document:
    """``passage`` inserted into the target at the bead boundary nearest its middle, unaligned."""
    src, tgt, gold = document
    at, k = _middle(gold, len(tgt), name), len(passage)
    moved = [(s, tuple(j + k if j >= at else j for j in t)) for s, t in gold]
    return src, tgt[:at] + passage + tgt[at:], moved + [((), (at + q,)) for q in range(k)]


def excerpts(document: Document, size: int = EXCERPT) -> list[Document]:
    """Consecutive pieces of about ``size`` target sentences, cut where no gold bead is split and the
    source side separates too; each piece keeps its own gold, renumbered."""
    src, tgt, gold = document
    boundaries = _boundaries(gold, len(tgt))
    points = _clean_cuts(boundaries, len(tgt))
    cuts = [0]
    while len(tgt) - cuts[-1] >= size + size // 2:
        k = bisect.bisect_right(points, cuts[-1] + size // 2)  # the first cut far enough on
        if k == len(points):
            break
        near = min(points[k : k + 2 * size], key=lambda c: abs(c - cuts[-1] - size))
        cuts.append(near)
    cuts.append(len(tgt))
    last_before = boundaries[1]
    src_cuts = [0] + [int(last_before[c - 1]) + 1 for c in cuts[1:-1]] + [len(src)]
    pieces: list[list[BeadPair]] = [[] for _ in cuts[1:]]
    for s, t in gold:
        if t:
            k = bisect.bisect_right(cuts, min(t)) - 1
        elif s:
            k = bisect.bisect_right(src_cuts, s[0]) - 1
        else:
            continue
        k = min(k, len(pieces) - 1)
        pieces[k].append((tuple(i - src_cuts[k] for i in s), tuple(j - cuts[k] for j in t)))
    return [
        (src[src_cuts[k] : src_cuts[k + 1]], tgt[cuts[k] : cuts[k + 1]], beads)
        for k, beads in enumerate(pieces)
    ]


def make_variant(variant: str, documents: list[Document], names: list[str]) -> list[tuple[int, Document]]:
    """The documents as ``variant`` changes them, each with the position of the document it came from
    (``short-truncated`` makes several of each; ``padded`` takes its passage from the next document)."""
    if variant == "as-is":
        return list(enumerate(documents))
    for document, name in zip(documents, names, strict=True):
        _check_ids(document, name)
    if variant == "truncated":
        return [(k, truncated(d, n)) for k, (d, n) in enumerate(zip(documents, names, strict=True))]
    if variant == "padded":
        if len(documents) < 2:
            raise InputError(
                "the padded variant needs two documents or more (the passage comes from another one)"
            )
        others = documents[1:] + documents[:1]
        return [
            (k, padded(d, o[1][: max(1, len(o[1]) // 4)], n))
            for k, (d, o, n) in enumerate(zip(documents, others, names, strict=True))
        ]
    if variant == "short-truncated":
        # An excerpt too short to cut anywhere (rare) is kept whole.
        return [
            (k, truncated(piece, n) if _cut_points(piece[2], len(piece[1])) else piece)
            for k, (d, n) in enumerate(zip(documents, names, strict=True))
            for piece in excerpts(d)
        ]
    raise InputError(f"unknown variant '{variant}' (known: {', '.join(VARIANTS)})")
