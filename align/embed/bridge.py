"""The bridge: span vectors that compare a target with the source *and* with the source's machine
translation into the target language.

Source spans become unit rows ``[√(1-w)·s, √w·t]`` (``s`` the source span, ``t`` the same span of
the translation, encoded in the target language) and target spans ``[√(1-w)·v, √w·v]``, so every
cosine the aligner takes is ``(1-w)·cos(s, v) + w·cos(t, v)``: the cross-lingual cosine mixed with
a monolingual one. Merged spans are joined translations, so beads of any size are bridged.
"""

from __future__ import annotations

import numpy as np

from align.embed.base import normalize

BRIDGE_WEIGHT = 0.25  # w, chosen by cross-validation on MAC-Dev with MUSE and e5 (docs/aligner.md)


def bridged(
    source: list[np.ndarray], translated: list[np.ndarray], weight: float = BRIDGE_WEIGHT
) -> list[np.ndarray]:
    """Source span vectors per level joined with those of their translation (see the module docstring)."""
    if len(source) != len(translated) or any(
        len(s) != len(t) for s, t in zip(source, translated, strict=True)
    ):
        raise ValueError("a translation must have one sentence per source sentence")
    return [_joined(s, t, weight) for s, t in zip(source, translated, strict=True)]


def doubled(target: list[np.ndarray], weight: float = BRIDGE_WEIGHT) -> list[np.ndarray]:
    """Target span vectors per level in the bridged space."""
    return [_joined(v, v, weight) for v in target]


def _joined(first: np.ndarray, second: np.ndarray, weight: float) -> np.ndarray:
    rows = np.hstack([np.sqrt(1 - weight) * normalize(first), np.sqrt(weight) * normalize(second)])
    return normalize(rows).astype(first.dtype)
