"""The bead line format (``[0]:[0, 1]:0.873``) of gold files and ``--format beads``."""

from __future__ import annotations

import re

from align.records import Bead

MAX_BEAD_SIDE = 8  # most sentences on one side of a bead, anywhere in align (``--max-merge`` too)
_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*([-\d.eE]+))?\s*$")


def format_bead(bead: Bead, with_score: bool = True) -> str:
    """``[0]:[0, 1]:0.873`` (the gold-standard bead format, score last)."""
    text = f"[{', '.join(map(str, bead.src))}]:[{', '.join(map(str, bead.tgt))}]"
    return f"{text}:{bead.score:.3f}" if with_score else text


def parse_bead(line: str) -> Bead:
    """Parse one bead line (score optional)."""
    match = _BEAD.match(line)
    if not match:
        raise ValueError(f"not a bead: {line!r}")

    def ids(text: str) -> tuple[int, ...]:
        return tuple(int(x) for x in text.replace(",", " ").split())

    return Bead(ids(match.group(1)), ids(match.group(2)), float(match.group(3) or 0.0))
