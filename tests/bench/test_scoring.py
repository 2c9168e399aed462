"""The gold scoring protocol (strict and lax precision/recall/F1, counts summed over documents)."""

from __future__ import annotations

import pytest

from align.bench.scoring import score_alignments


def test_perfect_alignment() -> None:
    gold = [[((0,), (0,)), ((1, 2), (1,)), ((), (2,))]]
    scores = score_alignments(gold, gold)
    assert scores.f1_strict == 1.0 and scores.f1_lax == 1.0


def test_strict_and_lax_counts() -> None:
    gold = [[((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]]
    test = [[((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]]
    scores = score_alignments(gold, test)
    # precision: 4 test beads, 2 exact; lax: (1)-(1) overlaps gold, (2)-() does not
    assert scores.precision_strict == pytest.approx(2 / 4)
    assert scores.precision_lax == pytest.approx(3 / 4)
    # recall ignores null beads: 3 gold links, 2 exact, all 3 overlap test links
    assert scores.recall_strict == pytest.approx(2 / 3)
    assert scores.recall_lax == pytest.approx(3 / 3)


def test_counts_are_summed_over_documents() -> None:
    gold = [[((0,), (0,))], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]]
    test = [[((0,), (1,))], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]]
    assert score_alignments(gold, test).precision_strict == pytest.approx(3 / 4)
