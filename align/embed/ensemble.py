"""Two encoders as one: a text's vector is both encoders' vectors side by side, scaled so that the
cosine of two such vectors is the weighted mean of the two encoders' calibrated cosines.

With calibrations ``offset_i + slope_i · cos_i`` and weight ``w`` on the second encoder, the parts are
scaled by ``√((1−w)·slope_1)`` and ``√(w·slope_2)`` and the whole by ``1/√N``, ``N = (1−w)·slope_1 +
w·slope_2``. A dot product is then ``((1−w)·slope_1·cos_1 + w·slope_2·cos_2) / N``, and the ensemble's
own calibration, ``(1−w)·offset_1 + w·offset_2 + N · dot``, is the weighted mean of the two calibrated
cosines. The aligner, flags and stored scores need nothing else (figures: docs/aligner.md).
"""

from __future__ import annotations

import numpy as np

from align.embed.base import Encoder, encode_spans, normalize, stored
from align.embed.calibration import Calibration, calibration_for, register_calibration


class EnsembleEncoder:
    """``first`` and ``second`` as one encoder, ``weight`` on ``second`` (see the module docstring)."""

    def __init__(self, first: Encoder, second: Encoder, weight: float) -> None:
        if not 0 < weight < 1:
            raise ValueError("the ensemble weight must lie strictly between 0 and 1")
        self.first, self.second, self.weight = first, second, weight
        self.name = f"{first.name}+{second.name}@{weight:g}"
        one, two = calibration_for(first.name), calibration_for(second.name)
        slope = (1 - weight) * one.slope + weight * two.slope
        self._scales = (
            float(np.sqrt((1 - weight) * one.slope / slope)),
            float(np.sqrt(weight * two.slope / slope)),
        )
        offset = (1 - weight) * one.offset + weight * two.offset
        register_calibration(self.name, Calibration.linear(offset, slope))

    def _join(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return np.hstack([normalize(first) * self._scales[0], normalize(second) * self._scales[1]]).astype(
            np.float32
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._join(self.first.encode(texts), self.second.encode(texts))

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        """Span vectors of both encoders (each by its own span path), joined size by size."""
        firsts = encode_spans(self.first, sentences, max_len, joiner)
        seconds = encode_spans(self.second, sentences, max_len, joiner)
        return [stored(self._join(a, b)) for a, b in zip(firsts, seconds, strict=True)]
