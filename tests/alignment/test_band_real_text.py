"""The coarse-to-fine band on real text: gold documents joined into one long document, aligned with a
full search and inside the band forced by a small ``full_limit``, must score the same. (CI runs it on
part of each set; `align bench align --gold DIR` measures whole sets, see docs/aligner.md.)"""

from __future__ import annotations

import pytest
from conftest import require_shared

from align.bench.gold import discover_gold, select
from align.bench.scale import join_documents, run_text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("folder", "names"),
    [("textberg-de-fr", {"test0", "test1", "test2"}), ("mac-dev-zh-en", {"004", "005"})],
)
def test_band_matches_full_search_on_joined_documents(folder: str, names: set[str], muse_cached) -> None:
    docs = select(discover_gold(require_shared("gold", folder)), names)
    result = run_text(docs, muse_cached, band_limit=2_000)
    assert result.sentences > 900
    assert result.full_f1 > 0.85
    assert abs(result.full_f1 - result.banded_f1) <= 0.005, result.line()


def test_join_documents_shifts_gold_ids() -> None:
    docs = select(discover_gold(require_shared("gold", "mac-dev-zh-en")), {"001", "002"})
    src, _, gold = join_documents(docs)
    first_src, first_tgt, first_gold = docs[0].read()
    assert gold[: len(first_gold)] == first_gold
    offset_bead = gold[len(first_gold)]
    assert min(offset_bead[0]) >= len(first_src) and min(offset_bead[1]) >= len(first_tgt)
    assert max(i for s, _ in gold for i in s) == len(src) - 1
