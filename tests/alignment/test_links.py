"""Given 1-1 pairs (a machine translation's) scored without search: beads, scores, warnings."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import AR_NEWS as AR
from conftest import EN_NEWS as EN

from align.align import score_links
from align.align.result import Alignment, reported_score
from align.document import Sentence
from align.embed import Encoder, MuseEncoder


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return MuseEncoder()


def pairs(result: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in result.beads]


def test_known_links_are_scored_without_search(encoder: Encoder) -> None:
    src = [Sentence(text, 0, i) for i, text in enumerate(EN)]
    tgt = [Sentence(text, 0, i) for i, text in enumerate(AR) if i != 3]  # sentence 3 came out empty
    links = [(i, k) for k, i in enumerate(i for i in range(6) if i != 3)]
    result = score_links(encoder, src, tgt, links)
    assert pairs(result) == [((i,), (i,) if i != 3 else ()) for i in range(6)]
    vectors = zip(encoder.encode(EN), encoder.encode(AR), strict=True)
    cosines = [float(u @ v) for u, v in vectors]
    for bead in result.beads:
        if bead.tgt:
            assert bead.score == pytest.approx(cosines[bead.src[0]], abs=1e-3)
    assert result.warnings == []
    shuffled = score_links(encoder, EN, AR[1:] + AR[:1], [(i, i) for i in range(6)])
    # A machine translation scoring low speaks of translation quality, not of swapped languages.
    assert any("may translate this text poorly" in w for w in shuffled.warnings), shuffled.warnings
    assert not any("swapped" in w for w in shuffled.warnings)
    with pytest.raises(ValueError, match="increasing"):
        score_links(encoder, EN, AR, [(0, 1), (1, 1)])
    with pytest.raises(ValueError, match="inside both"):
        score_links(encoder, EN, AR[:2], [(0, 0), (5, 5)])


def test_the_reported_score_is_the_calibrated_cosine_clipped_to_four_decimals() -> None:
    assert [reported_score(x) for x in (-0.2, 0.123456, 1.7)] == [0.0, 0.1235, 1.0]


def test_no_links_give_null_beads_only(encoder: Encoder) -> None:
    result = score_links(encoder, EN[:2], AR[:1], [])
    assert pairs(result) == [((0,), ()), ((1,), ()), ((), (0,))] and result.median_score == 0.0
    assert np.isclose(result.median_score, 0.0)
