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

import itertools

from align.bench.scoring import BeadPair
from align.errors import InputError

Document = tuple[list[str], list[str], list[BeadPair]]
VARIANTS = ("as-is", "truncated", "padded", "short-truncated")
EXCERPT = 25  # target sentences per excerpt in short-truncated


def _cut_points(gold: list[BeadPair], tgt_count: int) -> list[int]:
    """Target positions ``c`` that no gold bead straddles, and where every bead before ``c`` also
    comes before every bead after it on the source side; nearest the middle first."""
    beads = [(s, t) for s, t in gold if t]
    clean = []
    for c in range(1, tgt_count):
        before = [b for b in beads if max(b[1]) < c]
        after = [b for b in beads if min(b[1]) >= c]
        if len(before) + len(after) != len(beads):
            continue
        last = max((max(s) for s, _ in before if s), default=-1)
        first = min((min(s) for s, _ in after if s), default=1 << 30)
        if last < first:
            clean.append(c)
    return sorted(clean, key=lambda c: abs(c - tgt_count / 2))


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
    points = sorted(_cut_points(gold, len(tgt)))
    cuts = [0]
    while len(tgt) - cuts[-1] >= size + size // 2:
        later = [c for c in points if c > cuts[-1] + size // 2]
        if not later:
            break
        cuts.append(min(later, key=lambda c: abs(c - cuts[-1] - size)))
    cuts.append(len(tgt))

    def source_cut(c: int) -> int:
        if c == len(tgt):
            return len(src)
        return 1 + max((max(s) for s, t in gold if s and t and max(t) < c), default=-1)

    pieces = []
    for a, b in itertools.pairwise(cuts):
        sa, sb = source_cut(a), source_cut(b)
        beads = [
            (tuple(i - sa for i in s), tuple(j - a for j in t))
            for s, t in gold
            if (t and a <= min(t) and max(t) < b) or (not t and s and sa <= s[0] < sb)
        ]
        pieces.append((src[sa:sb], tgt[a:b], beads))
    return pieces


def make_variant(variant: str, documents: list[Document], names: list[str]) -> list[tuple[int, Document]]:
    """The documents as ``variant`` changes them, each with the position of the document it came from
    (``short-truncated`` makes several of each; ``padded`` takes its passage from the next document)."""
    if variant == "as-is":
        return list(enumerate(documents))
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
