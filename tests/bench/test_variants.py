"""Harder variants of gold documents: exact gold after the change, and the aligner's robustness."""

from __future__ import annotations

import pytest
from conftest import NEWS_GOLD, require_shared

from align.align import AlignConfig
from align.bench.gold import discover_gold, evaluate_gold, select
from align.bench.variants import EXCERPT, excerpts, make_variant, padded, truncated
from align.errors import InputError

NO_BLOCKS = AlignConfig(block_open=float("-inf"))  # unaligned sentences scored one at a time


def with_and_without_blocks(docs, encoder, variant: str):
    """Scores of ``docs`` made harder by ``variant``: with the default blocks, and without them."""
    return (
        evaluate_gold(docs, encoder, variant=variant).scores,
        evaluate_gold(docs, encoder, NO_BLOCKS, variant=variant).scores,
    )


SRC = ["s0", "s1", "s2", "s3", "s4"]
TGT = ["t0", "t1", "t2", "t3", "t4", "t5"]
# s0-t0, s1-t1 t2 (a 1-2 bead), t3 unaligned, s2-t4, s3 unaligned, s4-t5
GOLD = [((0,), (0,)), ((1,), (1, 2)), ((), (3,)), ((2,), (4,)), ((3,), ()), ((4,), (5,))]


def test_truncated_cuts_the_target_at_a_bead_boundary_and_unaligns_what_it_lost() -> None:
    src, tgt, gold = truncated((SRC, TGT, GOLD))
    assert src == SRC and tgt == TGT[:3]  # cut between t2 and t3, the middle; t1-t2 stays whole
    assert sorted(gold) == sorted([((0,), (0,)), ((1,), (1, 2)), ((3,), ()), ((2,), ()), ((4,), ())])


def test_padded_inserts_an_unaligned_passage_and_shifts_the_gold() -> None:
    src, tgt, gold = padded((SRC, TGT, GOLD), ["x", "y"])
    assert src == SRC and tgt == ["t0", "t1", "t2", "x", "y", "t3", "t4", "t5"]
    assert ((), (3,)) in gold and ((), (4,)) in gold and ((1,), (1, 2)) in gold and ((2,), (6,)) in gold
    assert all(tgt[j] == TGT[j if j < 3 else j - 2] for s, t in gold if s for j in t)


def test_excerpts_cut_where_both_sides_separate_and_renumber_the_gold() -> None:
    # Cut points are 1, 3, 4 and 5 (t1-t2 is one bead); pieces start at least size/2 apart.
    pieces = excerpts((SRC, TGT, GOLD), size=2)
    assert [(p[0], p[1]) for p in pieces] == [(SRC[:2], TGT[:3]), (["s2"], ["t3", "t4"]), (SRC[3:], ["t5"])]
    assert pieces[0][2] == [((0,), (0,)), ((1,), (1, 2))]
    assert pieces[1][2] == [((), (0,)), ((0,), (1,))]  # t3 unaligned, s2-t4
    assert pieces[2][2] == [((0,), ()), ((1,), (0,))]  # s3 unaligned, s4-t5
    # At the default size the toy documents are one excerpt each, truncated like the whole.
    both = make_variant("short-truncated", [(SRC, TGT, GOLD), (SRC, TGT, GOLD)], ["a", "b"])
    assert [k for k, _ in both] == [0, 1], "every excerpt remembers its document"
    assert both[0][1] == truncated((SRC, TGT, GOLD))


def test_a_gold_naming_missing_sentences_is_refused() -> None:
    with pytest.raises(InputError, match="does not have"):
        make_variant("truncated", [(SRC, TGT[:4], GOLD)], ["short"])  # GOLD names t4 and t5


def test_cut_points_stay_linear_on_a_long_document() -> None:
    # 50,000 one-to-one beads: the quadratic search for cut points would not finish (hours); the
    # linear one takes a fraction of a second, so a large gold file cannot stall `align eval --variant`.
    n = 50_000
    document = ([f"s{k}" for k in range(n)], [f"t{k}" for k in range(n)], [((k,), (k,)) for k in range(n)])
    pieces = make_variant("short-truncated", [document], ["long"])
    assert len(pieces) == n // EXCERPT and truncated(document)[1] == document[1][: n // 2]


def test_padded_needs_a_second_document_and_unknown_variants_are_refused() -> None:
    with pytest.raises(InputError, match="two documents"):
        make_variant("padded", [(SRC, TGT, GOLD)], ["one"])
    with pytest.raises(InputError, match="unknown variant"):
        make_variant("shuffled", [(SRC, TGT, GOLD)], ["one"])
    with pytest.raises(InputError, match="no gold bead boundary"):
        truncated((["a"], ["b"], [((0,), (0,))]), "tiny")


def test_a_news_translation_that_stops_half_way(muse_cached) -> None:
    # The 25-sentence news pair with its Arabic cut in half (12 sentences lost): a block is cheaper
    # than merging the lost sentences into beads only when it costs little to open.
    with_blocks, without = with_and_without_blocks(discover_gold(NEWS_GOLD), muse_cached, "truncated")
    assert with_blocks.f1_strict >= 0.88 and with_blocks.f1_lax >= 0.95
    assert without.f1_strict < 0.6


def test_the_second_pass_measures_the_length_ratio_on_what_both_sides_hold(muse_cached) -> None:
    # The news pair cut in half looks twice as long in English as in Arabic, so the length term
    # favoured beads of two English sentences; searching again with the ratio of the aligned beads
    # of the first search puts every kept bead right. Whole documents have no passage: unchanged.
    docs = discover_gold(NEWS_GOLD)
    one_pass = AlignConfig(second_pass=False)
    second = evaluate_gold(docs, muse_cached, variant="truncated").scores
    first = evaluate_gold(docs, muse_cached, one_pass, variant="truncated").scores
    assert second.f1_strict >= 0.95 and first.f1_strict < 0.93
    assert evaluate_gold(docs, muse_cached).beads == evaluate_gold(docs, muse_cached, one_pass).beads


def test_article_length_excerpts_cut_short(muse_cached) -> None:
    docs = select(discover_gold(require_shared("gold", "textberg-de-fr")), only={"test3", "test5"})
    with_blocks, without = with_and_without_blocks(docs, muse_cached, "short-truncated")
    assert with_blocks.f1_strict >= 0.8 and with_blocks.f1_lax >= 0.9
    assert with_blocks.f1_strict > without.f1_strict + 0.15


def test_a_translation_that_stops_half_way_is_left_unaligned(muse_cached) -> None:
    # Two Text+Berg articles with their French cut in half: blocks of unaligned sentences keep the
    # first half right and leave the rest out; scored one sentence at a time, the rest is merged in.
    docs = select(discover_gold(require_shared("gold", "textberg-de-fr")), only={"test3", "test5"})
    with_blocks, without = with_and_without_blocks(docs, muse_cached, "truncated")
    assert with_blocks.f1_strict >= 0.86 and with_blocks.f1_lax >= 0.96
    assert without.f1_strict < 0.7 and without.f1_lax < 0.8


@pytest.mark.slow
def test_novel_chapters_cut_or_padded(muse_cached) -> None:
    docs = select(discover_gold(require_shared("gold", "mac-dev-zh-en")), only={"001", "002"})
    cut = evaluate_gold(docs, muse_cached, variant="truncated").scores
    assert cut.f1_strict >= 0.82 and cut.f1_lax >= 0.97
    pad, unpadded = with_and_without_blocks(docs, muse_cached, "padded")
    assert pad.f1_strict >= 0.87 and pad.f1_lax >= 0.99
    assert pad.f1_lax > unpadded.f1_lax + 0.03
