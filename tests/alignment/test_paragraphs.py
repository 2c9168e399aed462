"""The paragraph penalty, justified on real article input: the held-out English–Arabic news pair as
articles with paragraphs (`corpora/gold-en-ar/*.txt`), segmented by align itself as `align pair` does."""

from __future__ import annotations

import pytest
from conftest import NEWS_GOLD as GOLD

from align.align import AlignConfig, Aligner
from align.bench.gold import discover_gold
from align.bench.scoring import score_alignments
from align.ingest import read_document
from align.segment import segment_document


@pytest.fixture(scope="module")
def articles() -> tuple[list, list, list]:
    (document,) = discover_gold(GOLD)
    src_lines, tgt_lines, gold = document.read()
    src = segment_document(read_document(GOLD / "iraq-coalition.en.txt", "en"))
    tgt = segment_document(read_document(GOLD / "iraq-coalition.ar.txt", "ar"))
    # The articles segment into exactly the gold's sentences, so gold ids apply.
    assert [s.text for s in src] == src_lines and [t.text for t in tgt] == tgt_lines
    assert len({s.paragraph for s in src}) == 21 and len({t.paragraph for t in tgt}) == 20
    return src, tgt, gold


def strict_f1(articles, muse_cached, **settings: float) -> float:
    src, tgt, gold = articles
    result = Aligner(muse_cached, AlignConfig(**settings)).align(src, tgt, "en", "ar")
    return score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]]).f1_strict


def test_paragraph_penalty_keeps_page_furniture_out_of_content_beads(articles, muse_cached) -> None:
    with_penalty = strict_f1(articles, muse_cached)
    without = strict_f1(articles, muse_cached, paragraph_penalty=0.0)
    assert with_penalty >= 0.95
    assert with_penalty >= without + 0.03  # one furniture line fewer merged into content (0.979 vs 0.932)
