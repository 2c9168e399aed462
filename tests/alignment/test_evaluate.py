"""Gold scoring protocol and gold discovery; a regression check on a Text+Berg test document."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_shared

from align.align import Aligner
from align.align.evaluate import discover_gold, score_alignments
from align.embed import MuseEncoder


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


def test_discover_both_layouts() -> None:
    textberg = discover_gold(require_shared("gold", "textberg-de-fr"))
    assert {d.name for d in textberg} == {"dev", *(f"test{i}" for i in range(7))}
    assert {(d.src_lang, d.tgt_lang) for d in textberg} == {("de", "fr")}
    parice = discover_gold(require_shared("gold", "parice-en-is"))
    assert len(parice) == 10 and {(d.src_lang, d.tgt_lang) for d in parice} == {("en", "is")}
    src, _tgt, gold = parice[0].read()
    assert not src[0][0].isdigit() or "\t" not in src[0], "ParIce line numbers must be stripped"
    assert max(i for s, _ in gold for i in s) < len(src)


def test_textberg_document_regression(tmp_path: Path) -> None:
    doc = next(d for d in discover_gold(require_shared("gold", "textberg-de-fr")) if d.name == "test4")
    src, tgt, gold = doc.read()
    result = Aligner(MuseEncoder()).align(src, tgt, "de", "fr")
    scores = score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]])
    assert scores.f1_strict >= 0.85 and scores.f1_lax >= 0.92, scores
