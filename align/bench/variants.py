"""Gold documents made harder: a translation that stops half way, or one with a passage the source
lacks.

Real pairs are not always whole translations of each other: a translation abridged or cut off, a
web page with a section the other side has not got. ``truncated`` keeps the first half of the
target (cut at a gold bead boundary), so the source sentences of the lost beads become unaligned;
``padded`` inserts the first quarter of another document's target into the middle of the target, as
unaligned sentences. Both keep the gold exact, so the standard scores apply.
"""

from __future__ import annotations

from align.bench.scoring import BeadPair
from align.errors import InputError

Document = tuple[list[str], list[str], list[BeadPair]]
VARIANTS = ("as-is", "truncated", "padded")


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


def make_variant(variant: str, documents: list[Document], names: list[str]) -> list[Document]:
    """Every document as ``variant`` changes it; ``padded`` takes its passage from the next document."""
    if variant == "as-is":
        return documents
    if variant == "truncated":
        return [truncated(d, n) for d, n in zip(documents, names, strict=True)]
    if variant == "padded":
        if len(documents) < 2:
            raise InputError(
                "the padded variant needs two documents or more (the passage comes from another one)"
            )
        others = documents[1:] + documents[:1]
        return [
            padded(d, o[1][: max(1, len(o[1]) // 4)], n)
            for d, o, n in zip(documents, others, names, strict=True)
        ]
    raise InputError(f"unknown variant '{variant}' (known: {', '.join(VARIANTS)})")
