"""Alignment stage: embedding-based sentence alignment with n-m beads in linear time."""

from align.align.aligner import Aligner
from align.align.beads import format_bead, parse_bead
from align.align.config import AlignConfig
from align.align.links import score_links
from align.align.model import BeadModel, bead_moves
from align.align.result import Alignment

__all__ = [
    "AlignConfig",
    "Aligner",
    "Alignment",
    "BeadModel",
    "bead_moves",
    "format_bead",
    "parse_bead",
    "score_links",
]
