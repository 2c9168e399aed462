"""``align bench calibrate``: the two constants of an encoder's score calibration.

Translation: the median cosine of gold 1-1 beads. Unrelated: the median cosine of each source
sentence with the target sentence half a document away (same document, different content).
"""

from __future__ import annotations

import numpy as np

from align.bench.gold import GoldDocument
from align.embed import Encoder
from align.embed.calibration import Calibration


def measure(docs: list[GoldDocument], encoder: Encoder) -> Calibration:
    """Median cosines of translations and of unrelated pairs over ``docs``."""
    translation: list[float] = []
    unrelated: list[float] = []
    for doc in docs:
        src, tgt, gold = doc.read()
        src_vecs, tgt_vecs = encoder.encode(src), encoder.encode(tgt)
        translation += [float(src_vecs[s[0]] @ tgt_vecs[t[0]]) for s, t in gold if len(s) == len(t) == 1]
        away = (np.arange(len(src)) + len(tgt) // 2) % max(len(tgt), 1)
        if len(tgt):
            unrelated += np.einsum("ij,ij->i", src_vecs, tgt_vecs[away]).tolist()
    return Calibration(round(float(np.median(unrelated)), 4), round(float(np.median(translation)), 4))
