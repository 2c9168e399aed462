"""``align bench calibrate``: the two constants of an encoder's score calibration.

Translation: the median cosine of gold 1-1 beads. Unrelated: the median cosine of each source
sentence with a target sentence of another document (documents paired in a rotation, so sentence
``i`` of document ``k`` meets sentence ``i`` of document ``k+1``'s target side).
"""

from __future__ import annotations

import numpy as np

from align.bench.gold import GoldDocument
from align.embed import Encoder
from align.embed.calibration import Calibration
from align.errors import InputError


def measure(docs: list[GoldDocument], encoder: Encoder) -> Calibration:
    """Median cosines of translations and of unrelated pairs over ``docs`` (two documents at least)."""
    if len(docs) < 2:
        raise InputError("calibration needs two documents or more (unrelated pairs come from another one)")
    read = [doc.read() for doc in docs]
    vectors = [(encoder.encode(src), encoder.encode(tgt)) for src, tgt, _ in read]
    translation, unrelated = [], []
    for k, ((src_vecs, tgt_vecs), (_, _, gold)) in enumerate(zip(vectors, read, strict=True)):
        for s, t in gold:
            if len(s) == 1 and len(t) == 1:
                translation.append(float(src_vecs[s[0]] @ tgt_vecs[t[0]]))
        other = vectors[(k + 1) % len(vectors)][1]
        count = min(len(src_vecs), len(other))
        unrelated += np.einsum("ij,ij->i", src_vecs[:count], other[:count]).tolist()
    return Calibration(round(float(np.median(unrelated)), 4), round(float(np.median(translation)), 4))
