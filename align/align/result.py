"""An alignment, as the search and the scoring of given pairs both return it: beads, the reported
bead score, and the warnings that the beads call for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from align.records import Bead


def reported_score(calibrated_cosine: float) -> float:
    """A bead's score as align reports and stores it: its calibrated cosine in [0, 1], 4 decimals."""
    return round(float(np.clip(calibrated_cosine, 0.0, 1.0)), 4)


@dataclass(frozen=True)
class Passage:
    """A run of unaligned sentences on one side: ``length`` sentences from position ``first``, of the
    side's ``total``."""

    side: str  # "source" or "target"
    first: int
    length: int
    total: int


def passages(beads: Sequence[Bead], n: int, m: int, least: int = 5, share: float = 0.1) -> list[Passage]:
    """Each side's longest run of unaligned sentences when it is at least ``least`` long and ``share``
    of that side: a translation that stops early, or a passage one side lacks."""
    found = []
    for side, total in (("source", n), ("target", m)):
        best = (0, 0)  # (length, first position) of the longest run
        run = 0
        for bead in beads:
            mine, theirs = (bead.src, bead.tgt) if side == "source" else (bead.tgt, bead.src)
            run = run + 1 if mine and not theirs else 0
            if run > best[0]:
                best = (run, mine[0] - run + 1)
        length, first = best
        if length >= least and length >= share * total:
            found.append(Passage(side, first, length, total))
    return found


def passage_warnings(beads: Sequence[Bead], n: int, m: int, least: int = 5, share: float = 0.1) -> list[str]:
    """A warning for each :func:`passages` run."""
    why = {
        "source": "the translation may stop early or leave that passage out",
        "target": "the translation may add a passage the source lacks",
    }
    return [
        f"{p.side} sentences {p.first + 1}-{p.first + p.length} ({p.length} of {p.total}) have no "
        f"counterpart: {why[p.side]}"
        for p in passages(beads, n, m, least, share)
    ]


@dataclass
class Alignment:
    """Beads covering every sentence of both sides exactly once, in document order."""

    beads: list[Bead]
    src_count: int
    tgt_count: int
    warnings: list[str] = field(default_factory=list)

    @property
    def median_score(self) -> float:
        scores = [b.score for b in self.beads if not b.is_null]
        return float(np.median(scores)) if scores else 0.0


def score_warnings(result: Alignment, limit: float, machine: bool = False) -> list[str]:
    """A warning when the median bead score is below ``limit``; ``machine``: the target is this
    source's machine translation, so a low score speaks of translation quality."""
    if result.median_score >= limit:
        return []
    if machine:
        why = "the model may translate this text poorly (or its source language is not the one given)"
    else:
        why = "the texts may not be translations of each other, or the languages may be swapped"
    return [f"median bead score {result.median_score:.2f} is below {limit:.2f}: {why}"]
