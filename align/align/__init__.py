"""Alignment stage: embedding-based sentence alignment with n-m beads in linear time."""

from align.align.aligner import AlignConfig, Aligner, Alignment, bead_moves
from align.align.beads import format_bead, parse_bead

__all__ = ["AlignConfig", "Aligner", "Alignment", "bead_moves", "format_bead", "parse_bead"]
