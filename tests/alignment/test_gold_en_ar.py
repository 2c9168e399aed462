"""Held-out English–Arabic check: a hand-made news translation with splits, merges and page furniture."""

from __future__ import annotations

from conftest import NEWS_GOLD as GOLD

from align.align import Aligner
from align.bench.gold import discover_gold
from align.bench.scoring import score_alignments
from align.embed import MuseEncoder


def test_every_translated_sentence_is_aligned_as_in_gold() -> None:
    (document,) = discover_gold(GOLD)
    src, tgt, gold = document.read()
    result = Aligner(MuseEncoder()).align(src, tgt, "en", "ar")
    content = [(s, t) for s, t in gold if s and t]
    unaligned_src = {i for s, t in gold if not t for i in s}
    unaligned_tgt = {j for s, t in gold if not s for j in t}
    assert len(content) == 21
    # Every bead with text on both sides (1-1, 1-2, 2-1) is recovered exactly, except that page
    # furniture ("3 min read", a dateline, a credit line) may be taken into a neighbouring bead.
    for src_ids, tgt_ids in content:
        (bead,) = [b for b in result.beads if set(src_ids) & set(b.src)]
        assert set(bead.src) - set(src_ids) <= unaligned_src, (src_ids, tgt_ids, bead)
        assert set(bead.tgt) - set(tgt_ids) <= unaligned_tgt, (src_ids, tgt_ids, bead)
        assert set(src_ids) <= set(bead.src) and set(tgt_ids) <= set(bead.tgt)
    # Beads not in gold are only furniture lines (taken into a content bead, or paired together).
    for bead in result.beads:
        if (bead.src, bead.tgt) not in gold and not any(set(s) & set(bead.src) for s, _ in content):
            assert set(bead.src) <= unaligned_src and set(bead.tgt) <= unaligned_tgt, bead
    scores = score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]])
    assert scores.f1_lax >= 0.97 and scores.f1_strict >= 0.88
    assert result.warnings == []
