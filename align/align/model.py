"""The bead model: what every bead scores, from the settings and the encoder's calibration.

One frozen object per aligner. The coarse band, the DP and the reported scores all read their
similarities, term weights and null costs from it, so every score is on the encoder's calibrated
scale (:mod:`align.embed.calibration`) and the settings are read in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from align.align.config import AlignConfig
from align.align.dp import Move, Nulls, TileScorer
from align.align.result import reported_score
from align.align.scoring import BeadScorer, ScoreWeights
from align.align.spans import SpanSimilarity
from align.embed.calibration import REFERENCE, Calibration, calibration_for


def bead_moves(max_merge: int) -> list[Move]:
    """Null moves first, then every merge allowed by ``max_merge``."""
    merges = [
        (a, b) for a in range(1, max_merge + 1) for b in range(1, max_merge + 1) if a + b <= max_merge + 1
    ]
    return [(1, 0), (0, 1), *merges]


@dataclass(frozen=True)
class BeadModel:
    """Bead types, term weights, null costs and the calibration of the encoder's cosines."""

    max_merge: int
    weights: ScoreWeights
    nulls: Nulls
    calibration: Calibration = REFERENCE

    @classmethod
    def of(cls, config: AlignConfig, encoder_name: str | None = None) -> BeadModel:
        """The model of ``config`` for an encoder (none: cosines taken as they are, on USE's scale)."""
        weights = ScoreWeights(
            config.margin,
            config.length_weight,
            config.paragraph_penalty,
            config.coverage,
            config.coverage_floor,
        )
        block = config.block_open if math.isfinite(config.block_open) else None
        calibration = calibration_for(encoder_name) if encoder_name is not None else REFERENCE
        return cls(config.max_merge, weights, Nulls(config.skip, block), calibration)

    @property
    def moves(self) -> list[Move]:
        return bead_moves(self.max_merge)

    def similarity(
        self,
        src: np.ndarray,
        tgt: np.ndarray,
        src_spans: list[np.ndarray] | None = None,
        tgt_spans: list[np.ndarray] | None = None,
        max_merge: int | None = None,
    ) -> SpanSimilarity:
        """Calibrated similarities of the two sides' spans (up to ``max_merge`` sentences)."""
        return SpanSimilarity(src, tgt, max_merge or self.max_merge, src_spans, tgt_spans, self.calibration)

    def tile_scorer(
        self,
        similarity: SpanSimilarity,
        src_lengths: np.ndarray,
        tgt_lengths: np.ndarray,
        src_paragraphs: np.ndarray | None = None,
        tgt_paragraphs: np.ndarray | None = None,
        ratio: float | None = None,
    ) -> TileScorer:
        """The DP's bead scores for one document pair, tile by tile (:class:`BeadScorer`)."""
        scorer = BeadScorer(
            similarity, src_lengths, tgt_lengths, self.weights, src_paragraphs, tgt_paragraphs, ratio
        )
        merges = [mv for mv in self.moves if min(mv) > 0]
        return lambda r0, r1, c0, c1: scorer.tile(r0, r1, c0, c1, merges)

    def reported(self, similarity: SpanSimilarity, path: list[tuple[int, int, int, int]]) -> list[float]:
        """The reported score of each bead of ``path`` (0 for null beads): its calibrated cosine."""
        scores = np.zeros(len(path))
        kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path]).reshape(-1, 2)
        starts = np.array([(i0, j0) for i0, _, j0, _ in path]).reshape(-1, 2)
        for a, b in {tuple(k) for k in kinds.tolist() if min(k) > 0}:
            chosen = np.nonzero((kinds[:, 0] == a) & (kinds[:, 1] == b))[0]
            scores[chosen] = similarity.pairs(starts[chosen, 0], a, starts[chosen, 1], b)
        return [reported_score(score) for score in scores]

    def pair_scores(self, src: np.ndarray, tgt: np.ndarray) -> list[float]:
        """The reported score of each row pair ``(src[k], tgt[k])`` of unit vectors (1-1 beads)."""
        return [reported_score(score) for score in self.calibration(np.einsum("ij,ij->i", src, tgt))]
