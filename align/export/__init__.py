"""Export stage: TMX 1.4 (write, safe read, merge), Moses, TSV, JSONL and bead files."""

from align.export.formats import (
    EXPORT_FORMATS,
    PAIR_FORMATS,
    format_beads,
    format_jsonl,
    format_tsv,
    write_lines,
    write_moses,
    write_units,
)
from align.export.tmx import write_tmx
from align.export.tmx_read import merge_units, read_tmx, tmx_stats, tmx_units
from align.export.units import join_sentences, units_from_alignment

__all__ = [
    "EXPORT_FORMATS",
    "PAIR_FORMATS",
    "format_beads",
    "format_jsonl",
    "format_tsv",
    "join_sentences",
    "merge_units",
    "read_tmx",
    "tmx_stats",
    "tmx_units",
    "units_from_alignment",
    "write_lines",
    "write_moses",
    "write_tmx",
    "write_units",
]
