"""Aligner behaviour: edge cases, confidence scores, warnings, beads on real text, scaling."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import AR_NEWS as AR
from conftest import EN_NEWS as EN

from align.align import AlignConfig, Aligner, format_bead, parse_bead
from align.bench.scale import synthetic_pair
from align.bench.scoring import score_alignments
from align.embed import MuseEncoder


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(MuseEncoder())


def pairs(result) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in result.beads]


def covers_everything(result, n: int, m: int) -> bool:
    src = [i for b in result.beads for i in b.src]
    tgt = [j for b in result.beads for j in b.tgt]
    return src == list(range(n)) and tgt == list(range(m))


def test_english_arabic_one_to_one(aligner: Aligner) -> None:
    result = aligner.align(EN, AR, "en", "ar")
    assert pairs(result) == [((i,), (i,)) for i in range(6)]
    assert all(0.4 < b.score <= 1 for b in result.beads)
    assert result.warnings == []


def test_two_to_one_merge(aligner: Aligner) -> None:
    result = aligner.align(EN, [AR[0], AR[1] + " " + AR[2], *AR[3:]], "en", "ar")
    assert covers_everything(result, 6, 5)
    assert pairs(result) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]


def test_inserted_sentence_stays_unaligned(aligner: Aligner) -> None:
    inserted = [AR[0], AR[1], "إعلان: اشترك في نشرتنا الإخبارية اليوم.", *AR[2:]]
    result = aligner.align(EN, inserted, "en", "ar")
    assert covers_everything(result, 6, 7)
    assert ((), (2,)) in pairs(result)
    assert [b.score for b in result.beads if b.is_null] == [0.0]


def test_empty_side_gives_null_beads(aligner: Aligner) -> None:
    result = aligner.align(EN, [], "en", "ar")
    assert pairs(result) == [((i,), ()) for i in range(6)]
    result = aligner.align([], AR[:2], "en", "ar")
    assert pairs(result) == [((), (0,)), ((), (1,))]


def test_identical_documents(aligner: Aligner) -> None:
    result = aligner.align(EN, EN, "en", "en")
    assert pairs(result) == [((i,), (i,)) for i in range(6)]
    assert all(b.score > 0.99 for b in result.beads)


def test_unrelated_texts_score_low_and_warn(aligner: Aligner) -> None:
    recipes = [
        "Preheat the oven to 200 degrees and grease a baking tray.",
        "Mix the flour, sugar and butter until the dough is smooth.",
        "Roll the dough out thinly and cut it into small circles.",
        "Bake the biscuits for twelve minutes until golden.",
        "Let them cool on a rack before serving with tea.",
        "Store leftovers in an airtight tin for up to a week.",
    ]
    related = aligner.align(EN, AR, "en", "ar")
    unrelated = aligner.align(EN, recipes, "en", "en")
    assert unrelated.median_score < AlignConfig().warn_below < related.median_score
    assert any("not be translations" in w for w in unrelated.warnings)


def test_swapped_languages_warn(aligner: Aligner) -> None:
    result = aligner.align(AR, EN, "en", "ar")
    assert any("looks like 'ar', not 'en'" in w for w in result.warnings)


def test_known_pairs_are_scored_without_search(aligner: Aligner) -> None:
    translation = [*AR[:3], "", *AR[4:]]  # sentence 3 came out empty
    result = aligner.score_pairs(EN, translation, "en", "ar")
    assert pairs(result) == [((i,), (i,) if i != 3 else ()) for i in range(6)]
    vectors = zip(aligner.encoder.encode(EN), aligner.encoder.encode(AR), strict=True)
    cosines = [float(u @ v) for u, v in vectors]
    for bead in result.beads:
        if bead.tgt:
            assert bead.score == pytest.approx(cosines[bead.src[0]], abs=1e-3)
    assert result.warnings == []
    shuffled = aligner.score_pairs(EN, AR[1:] + AR[:1], "en", "ar")
    assert any("not be translations" in w for w in shuffled.warnings)
    with pytest.raises(ValueError, match="one target sentence per source"):
        aligner.score_pairs(EN, AR[:2])


def test_deterministic(aligner: Aligner) -> None:
    assert aligner.align(EN, AR, "en", "ar").beads == aligner.align(EN, AR, "en", "ar").beads


def test_bead_format_round_trip() -> None:
    bead = parse_bead("[0]:[0, 1]:0.873")
    assert (bead.src, bead.tgt, bead.score, bead.kind) == ((0,), (0, 1), 0.873, "1-2")
    assert format_bead(bead) == "[0]:[0, 1]:0.873"
    assert parse_bead("[3]:[]").is_null


def test_banded_search_matches_full_search_on_synthetic_documents() -> None:
    src, tgt, src_len, tgt_len, gold = synthetic_pair(1500, dim=64, seed=3)
    full = Aligner(config=AlignConfig(full_limit=10**8)).align_vectors(src, tgt, src_len, tgt_len)
    banded = Aligner(config=AlignConfig(full_limit=5_000)).align_vectors(src, tgt, src_len, tgt_len)
    f_full = score_alignments([gold], [pairs(full)]).f1_strict
    f_banded = score_alignments([gold], [pairs(banded)]).f1_strict
    assert f_full > 0.98 and f_banded > 0.98
    assert abs(f_full - f_banded) < 0.01


def test_scores_lie_in_unit_interval() -> None:
    rng = np.random.default_rng(1)
    src = rng.standard_normal((50, 16)).astype(np.float32)
    result = Aligner().align_vectors(src, -src, np.full(50, 40), np.full(50, 40))
    assert all(0.0 <= b.score <= 1.0 for b in result.beads)
