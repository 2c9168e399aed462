"""Alignment stage: embedding-based sentence alignment with n-m beads in linear time."""

from align.align.aligner import AlignConfig, Aligner, bead_moves
from align.align.beads import format_bead, parse_bead
from align.align.links import score_links
from align.align.result import Alignment

__all__ = ["AlignConfig", "Aligner", "Alignment", "bead_moves", "format_bead", "parse_bead", "score_links"]
