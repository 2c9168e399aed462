"""Scoring alignments against gold beads (strict and lax precision/recall/F1, summed over documents).

The protocol is the standard one of Vecalign's ``score.py`` and Bertalign's evaluation: precision
is measured on all test beads (null beads included), recall on non-null beads of both sides; a
bead is a strict hit when identical to a gold bead, a lax hit when it shares a source sentence and
a target sentence with gold links. Counts are summed over documents before dividing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


def _hits(reference: Iterable[BeadPair], candidates: Iterable[BeadPair]) -> tuple[int, int, int, int]:
    """``(strict_hits, strict_misses, lax_hits, lax_misses)`` of ``candidates`` against ``reference``."""
    reference = {(tuple(s), tuple(t)) for s, t in reference if s or t}
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for s in src:
            links[s].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for src, tgt in {(tuple(s), tuple(t)) for s, t in candidates if s or t}:
        if (src, tgt) in reference:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        linked = set().union(*(links[s] for s in src)) if src else set()
        if linked.intersection(tgt):
            lax_hit += 1
        else:
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


@dataclass
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(gold: Sequence[Sequence[BeadPair]], test: Sequence[Sequence[BeadPair]]) -> Scores:
    """Strict and lax P/R/F1 with counts summed over documents."""
    if len(gold) != len(test):
        raise ValueError("gold and test need the same number of documents")
    precision = [0, 0, 0, 0]
    recall = [0, 0, 0, 0]
    for gold_doc, test_doc in zip(gold, test, strict=True):
        for k, v in enumerate(_hits(gold_doc, test_doc)):
            precision[k] += v
        gold_links = [(s, t) for s, t in gold_doc if s and t]
        test_links = [(s, t) for s, t in test_doc if s and t]
        for k, v in enumerate(_hits(test_links, gold_links)):
            recall[k] += v
    ps, pl = _ratio(precision[0], precision[1]), _ratio(precision[2], precision[3])
    rs, rl = _ratio(recall[0], recall[1]), _ratio(recall[2], recall[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))
