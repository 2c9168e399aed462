"""Moses, TSV, JSONL and bead exports."""

from __future__ import annotations

import json
from pathlib import Path

from align.export import format_beads, format_jsonl, format_tsv, write_lines, write_moses
from align.records import Bead, TranslationUnit

UNITS = [
    TranslationUnit("d", "en", "ar", "One\ttab.", "واحد.", Bead((0,), (0,), 0.91)),
    TranslationUnit(
        "d", "en", "ar", "Two. Three.", "اثنان\nثلاثة.", Bead((1, 2), (1,), 0.5), "mt:x", "flagged"
    ),
    TranslationUnit("d", "en", "ar", "Orphan.", "", Bead((3,), (), 0.0)),
]


def test_moses_files_are_line_aligned(tmp_path: Path) -> None:
    src, tgt = write_moses(tmp_path / "corpus", UNITS, "en", "ar")
    assert src.name == "corpus.en" and tgt.name == "corpus.ar"
    assert src.read_text(encoding="utf-8").splitlines() == ["One tab.", "Two. Three."]
    assert tgt.read_text(encoding="utf-8").splitlines() == ["واحد.", "اثنان ثلاثة."]


def test_tsv_escapes_tabs_and_newlines() -> None:
    lines = list(format_tsv(UNITS))
    assert lines == ["One tab.\tواحد.\t0.910\n", "Two. Three.\tاثنان ثلاثة.\t0.500\n"]


def test_jsonl_keeps_all_metadata(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "u.jsonl", format_jsonl(UNITS))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    assert (
        records[1]["bead"] == "2-1" and records[1]["status"] == "flagged" and records[1]["origin"] == "mt:x"
    )
    assert records[2]["tgt_ids"] == []


def test_beads_cover_null_beads() -> None:
    assert list(format_beads(UNITS)) == ["[0]:[0]:0.910\n", "[1, 2]:[1]:0.500\n", "[3]:[]:0.000\n"]
