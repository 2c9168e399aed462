"""Aligner behaviour: edge cases, confidence scores, warnings, beads on real text, scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import AR_NEWS as AR
from conftest import EN_NEWS as EN
from conftest import NEWS_GOLD

from align.align import AlignConfig, Aligner, format_bead, parse_bead
from align.align.result import passage_warnings
from align.bench.gold import discover_gold
from align.bench.scale import synthetic_pair
from align.bench.scoring import score_alignments
from align.bench.variants import truncated
from align.document import Sentence
from align.embed import MuseEncoder
from align.records import Bead


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


def test_beads_carry_the_sentences_own_ids(aligner: Aligner) -> None:
    src = [Sentence(text, 0, 10 + 2 * i) for i, text in enumerate(EN)]  # ids 10, 12, 14...
    tgt = [Sentence(text, 0, 100 + i) for i, text in enumerate(AR)]
    result = aligner.align(src, tgt, "en", "ar")
    assert pairs(result) == [((10 + 2 * i,), (100 + i,)) for i in range(6)]


def test_same_beads_in_another_process(aligner: Aligner) -> None:
    """Determinism across processes (hash seeds, thread counts, cache state), not one call twice."""
    here = [
        format_bead(b) for b in aligner.align(EN, [*AR[:2], AR[2] + " " + AR[3], *AR[4:]], "en", "ar").beads
    ]
    code = (
        "from conftest import AR_NEWS as AR, EN_NEWS as EN\n"
        "from align.align import Aligner, format_bead\n"
        "from align.embed import MuseEncoder\n"
        "r = Aligner(MuseEncoder()).align(EN, AR[:2] + [AR[2] + ' ' + AR[3]] + AR[4:], 'en', 'ar')\n"
        "print('\\n'.join(format_bead(b) for b in r.beads))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "7", "PYTHONPATH": str(Path(__file__).parents[1])}
    there = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert there.stdout.split() == " ".join(here).split()
    assert "[2, 3]:[2]" in " ".join(here)


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


def test_reported_score_is_the_beads_cosine_clipped_to_zero() -> None:
    # Pairs 0-4 point the same way (cosine 1); pairs 5-9 are opposite (cosine -1). With no
    # calibration (no encoder), the reported score is the raw cosine clipped to [0, 1]: 1 and 0,
    # never the search's margin-adjusted score.
    rng = np.random.default_rng(1)
    src = rng.standard_normal((10, 16))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = src.copy()
    tgt[5:] *= -1
    config = AlignConfig(skip=-10.0, block_open=-np.inf, max_merge=1)  # 1-1 beads only, none left out
    result = Aligner(config=config).align_vectors(src, tgt, np.full(10, 40), np.full(10, 40))
    ones = [b for b in result.beads if b.kind == "1-1"]
    assert [b.score for b in ones[:5]] == [1.0] * 5
    assert [b.score for b in ones[5:]] == [0.0] * 5


def test_a_long_unaligned_run_is_reported() -> None:
    # Sources 0-1 aligned, 2-7 unaligned (6 of 10), then 8-9 aligned; target sentence 2 unaligned alone.
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,))]
    beads += [Bead((i,), ()) for i in range(2, 8)] + [Bead((8,), (3,)), Bead((9,), (4,))]
    (warning,) = passage_warnings(beads, 10, 5)
    assert warning.startswith("source sentences 3-8 (6 of 10) have no counterpart")
    assert passage_warnings(beads, 10, 5, least=7) == []  # shorter than asked for
    assert passage_warnings(beads[:3] + beads[-2:], 4, 5) == []  # one unaligned target sentence: no warning


def test_a_translation_that_stops_early_is_reported(aligner: Aligner) -> None:
    (document,) = discover_gold(NEWS_GOLD)
    src, tgt, _gold = truncated(document.read())
    warnings = aligner.align(src, tgt, "en", "ar").warnings
    assert any(w.startswith("source sentences 14-25 (12 of 25)") for w in warnings), warnings
    assert not aligner.align(*document.read()[:2], "en", "ar").warnings, "the whole pair raises none"
