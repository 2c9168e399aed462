"""Each bead-scoring term, against its definition computed the slow way."""

from __future__ import annotations

import numpy as np
import pytest

from align.align.scoring import (
    BeadScorer,
    ScoreWeights,
    length_factor,
    length_ratio,
    paragraph_crossings,
    span_sums,
)
from align.align.spans import SpanSimilarity
from align.embed import normalize
from align.embed.base import stored

MOVES = [(a, b) for a in range(1, 4) for b in range(1, 4) if a + b <= 4]


def unit_vectors(count: int, dim: int = 8, seed: int = 0) -> np.ndarray:
    """Random unit vectors as the aligner holds them (half precision)."""
    return stored(np.random.default_rng(seed).standard_normal((count, dim)))


def span_vector(vectors: np.ndarray, start: int, size: int) -> np.ndarray:
    """The definition: the unit sum of the span's unit sentence vectors."""
    total = normalize(vectors[start : start + size]).sum(0)
    return total / np.linalg.norm(total)


def at(vectors: np.ndarray, k: int) -> np.ndarray:
    """Sentence ``k``'s unit vector (what a stored half-precision row stands for)."""
    return span_vector(vectors, k, 1)


def test_span_sums() -> None:
    out = span_sums(np.array([1.0, 2.0, 3.0]), 2)
    assert out[0].tolist() == [1.0, 2.0, 3.0]
    assert out[1, :2].tolist() == [3.0, 5.0] and np.isinf(out[1, 2])


def test_length_factor() -> None:
    assert length_factor(np.array(50.0), np.array(50.0)) == pytest.approx(1.0)
    assert length_factor(np.array(30.0), np.array(90.0)) == pytest.approx(np.log2(1 + 1 / 3))
    assert length_factor(np.array(30.0), np.array(90.0), 2.0) == pytest.approx(np.log2(1 + 1 / 3) ** 2)
    assert np.isnan(length_factor(np.array(np.inf), np.array(np.inf)))


def test_length_ratio_of_the_documents_or_of_their_aligned_beads() -> None:
    src, tgt = np.array([10.0, 20.0, 30.0, 40.0]), np.array([15.0, 25.0])
    assert length_ratio(src, tgt) == pytest.approx(100 / 40)
    # s0-t0, s1 s2-t1, then s3 unaligned (a passage the translation lacks): it does not count
    path = [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 2)]
    assert length_ratio(src, tgt, path) == pytest.approx(60 / 40)
    assert length_ratio(src, tgt, [(0, 4, 0, 0), (4, 4, 0, 2)]) == pytest.approx(1.0)  # nothing aligned


def test_the_scorer_scales_the_target_by_the_ratio_it_is_given() -> None:
    similarity = SpanSimilarity(unit_vectors(4), unit_vectors(2, seed=1), 2)
    weights = ScoreWeights(0.0, 1.0, 0.0)
    src, tgt = np.array([10.0, 20.0, 30.0, 40.0]), np.array([15.0, 25.0])
    whole = BeadScorer(similarity, src, tgt, weights)
    given = BeadScorer(similarity, src, tgt, weights, ratio=1.5)
    assert whole.tgt_length[0].tolist() == pytest.approx([37.5, 62.5])
    assert given.tgt_length[0].tolist() == pytest.approx([22.5, 37.5])


def test_paragraph_crossings() -> None:
    out = paragraph_crossings(np.array([0, 0, 1, 1]), 4, 3)
    assert out[0].tolist() == [0, 0, 0, 0]
    assert out[1, :3].tolist() == [0, 1, 0]
    assert out[2, :2].tolist() == [1, 1]
    assert not paragraph_crossings(None, 4, 3).any()


def test_cosine_of_summed_spans() -> None:
    src, tgt = unit_vectors(6, seed=1), unit_vectors(7, seed=2)
    block = SpanSimilarity(src, tgt, 3).tile(0, 7, 0, 8, MOVES)
    for (a, b), values in block.items():
        for i in range(7):
            for j in range(8):
                if i < a or j < b:
                    assert values[i, j] == -np.inf
                else:
                    expected = span_vector(src, i - a, a) @ span_vector(tgt, j - b, b)
                    assert values[i, j] == pytest.approx(expected, abs=1e-5)


def test_cosine_of_encoded_spans_uses_the_encodings() -> None:
    src, tgt = unit_vectors(4, seed=3), unit_vectors(4, seed=4)
    encoded = [unit_vectors(4 - a, seed=10 + a) for a in range(3)]
    similarity = SpanSimilarity(src, tgt, 3, encoded, [tgt[: 4 - a] for a in range(3)])
    values = similarity.tile(0, 5, 0, 5, [(2, 1)])[2, 1]
    assert values[3, 1] == pytest.approx(at(encoded[1], 1) @ at(tgt, 0), abs=1e-6)


def neighbour_margin(src: np.ndarray, tgt: np.ndarray, i: int, j: int, a: int, b: int) -> float:
    """The definition: bead src[i-a:i] / tgt[j-b:j]; each span against the sentences just outside
    its counterpart, averaged over those that exist, then over both sides."""
    u, v = span_vector(src, i - a, a), span_vector(tgt, j - b, b)
    around_tgt = [u @ at(tgt, k) for k in (j - b - 1, j) if 0 <= k < len(tgt)]
    around_src = [v @ at(src, k) for k in (i - a - 1, i) if 0 <= k < len(src)]
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    return 0.5 * (mean(around_tgt) + mean(around_src))


@pytest.mark.parametrize(("r0", "c0"), [(0, 0), (3, 2)])
def test_neighbour_margin(r0: int, c0: int) -> None:
    src, tgt = unit_vectors(7, seed=5), unit_vectors(6, seed=6)
    similarity = SpanSimilarity(src, tgt, 3)
    margins = similarity.neighbours(r0, 8, c0, 7, MOVES)
    for (a, b), values in margins.items():
        for i in range(max(r0, a), 8):
            for j in range(max(c0, b), 7):
                expected = neighbour_margin(src, tgt, i, j, a, b)
                assert values[i - r0, j - c0] == pytest.approx(expected, abs=1e-5), (a, b, i, j)


def test_bead_score_combines_the_terms() -> None:
    src, tgt = unit_vectors(5, seed=7), unit_vectors(5, seed=8)
    src_len, tgt_len = np.array([10.0, 20, 30, 40, 50]), np.array([25.0, 25, 25, 25, 50])
    weights = ScoreWeights(margin=0.5, length_weight=1.0, paragraph_penalty=0.3)
    similarity = SpanSimilarity(src, tgt, 3)
    scorer = BeadScorer(similarity, src_len, tgt_len, weights, np.array([0, 0, 1, 1, 1]), None)
    scores = scorer.tile(0, 6, 0, 6, MOVES)
    ratio = src_len.sum() / tgt_len.sum()
    for (a, b), values in scores.items():
        for i in range(a, 6):
            for j in range(b, 6):
                cos = span_vector(src, i - a, a) @ span_vector(tgt, j - b, b)
                factor = length_factor(src_len[i - a : i].sum(), tgt_len[j - b : j].sum() * ratio)
                crossing = float(a > 1 and i - a < 2 <= i - 1)
                expected = (cos - 0.5 * neighbour_margin(src, tgt, i, j, a, b)) * factor - 0.3 * crossing
                assert values[i, j] == pytest.approx(expected, abs=1e-5), (a, b, i, j)


def test_margin_off_leaves_the_plain_cosine() -> None:
    src, tgt = unit_vectors(4, seed=9), unit_vectors(4, seed=10)
    scorer = BeadScorer(SpanSimilarity(src, tgt, 2), np.ones(4), np.ones(4), ScoreWeights(0.0, 1.0, 0.0))
    values = scorer.tile(0, 5, 0, 5, [(1, 1)])[1, 1]
    assert values[2, 3] == pytest.approx(at(src, 1) @ at(tgt, 2), abs=1e-6)


def shortfall(src: np.ndarray, tgt: np.ndarray, i: int, j: int, a: int, b: int, floor: float) -> float:
    """The definition: each sentence of a merged side against the other side's whole span; what
    falls below ``floor`` is summed (a 1-1 bead has none)."""
    u, v = span_vector(src, i - a, a), span_vector(tgt, j - b, b)
    total = sum(max(0.0, floor - at(src, k) @ v) for k in range(i - a, i)) if a > 1 else 0.0
    return total + (sum(max(0.0, floor - at(tgt, k) @ u) for k in range(j - b, j)) if b > 1 else 0.0)


@pytest.mark.parametrize(("r0", "c0", "floor"), [(0, 0, 0.0), (3, 2, 0.2), (5, 6, -0.1)])
def test_shortfall_of_merged_sentences(r0: int, c0: int, floor: float) -> None:
    src, tgt = unit_vectors(8, seed=11), unit_vectors(9, seed=12)
    values = SpanSimilarity(src, tgt, 3).shortfall(r0, 9, c0, 10, MOVES, floor)
    checked = 0
    for (a, b), block in values.items():
        for i in range(max(r0, a), 9):
            for j in range(max(c0, b), 10):
                expected = shortfall(src, tgt, i, j, a, b, floor)
                assert block[i - r0, j - c0] == pytest.approx(expected, abs=1e-5), (a, b, i, j)
                checked += expected > 0
    assert checked > 20  # the random vectors do fall short, so the sums are exercised


def test_a_sentence_that_resembles_nothing_across_costs_its_bead() -> None:
    tgt = unit_vectors(3, seed=13)
    debris = normalize(np.cross(tgt[0, :3], tgt[1, :3]).reshape(1, 3) @ np.eye(3, 8))  # orthogonal-ish
    src = stored(np.vstack([tgt[0] + tgt[1], debris[0] - 0.5 * (tgt[0] + tgt[1])]))
    weights = ScoreWeights(0.0, 0.0, 0.0, coverage=1.0, coverage_floor=0.1)
    plain = BeadScorer(SpanSimilarity(src, tgt, 2), np.ones(2), np.ones(3), ScoreWeights(0.0, 0.0, 0.0))
    covered = BeadScorer(SpanSimilarity(src, tgt, 2), np.ones(2), np.ones(3), weights)
    one_two = (plain.tile(1, 2, 2, 3, [(1, 2)])[1, 2][0, 0], covered.tile(1, 2, 2, 3, [(1, 2)])[1, 2][0, 0])
    assert one_two[1] == pytest.approx(one_two[0], abs=1e-6)  # both target sentences resemble src[0]
    two_one = (plain.tile(2, 3, 1, 2, [(2, 1)])[2, 1][0, 0], covered.tile(2, 3, 1, 2, [(2, 1)])[2, 1][0, 0])
    below = 0.1 - at(src, 1) @ at(tgt, 0)
    assert below > 0 and two_one[1] == pytest.approx(two_one[0] - below, abs=1e-5)


def test_span_vectors_in_half_precision_are_held_without_a_copy() -> None:
    """An alignment holds every span vector of both sides: kept as the encoder stored them (half
    precision), never copied to float32 whole, and the coarse band's halved levels are half too."""
    from align.align.band import _halve

    src, tgt = unit_vectors(9, seed=14), unit_vectors(8, seed=15)
    spans = [src, stored(np.vstack([span_vector(src, s, 2) for s in range(8)]))]
    similarity = SpanSimilarity(src, tgt, 2, spans, None)
    assert similarity.src_side.sentences is src and similarity.tgt_side.sentences is tgt
    assert similarity.src_side.vectors(2, np.array([3])).dtype == np.float32
    halved = _halve(src)
    assert halved.dtype == src.dtype and len(halved) == 5
    assert np.allclose(normalize(halved[1:2])[0], span_vector(src, 2, 2), atol=5e-4)
