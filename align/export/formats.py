"""Every export format behind one call (:func:`write_units`): TMX, Moses (two aligned text files), TSV,
JSONL and bead lines. All atomic."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from align.atomic import atomic_open, atomic_open_all
from align.errors import InputError
from align.export.tmx import clean_segment, write_tmx
from align.ingest.text import strip_bidi_controls
from align.records import TranslationUnit

EXPORT_FORMATS = ("tmx", "moses", "tsv", "jsonl", "beads")
PAIR_FORMATS = ("tmx", "moses", "tsv")  # hold sentence pairs only: 1-0 and 0-1 beads are left out
T = TypeVar("T")


def _pairs(units: Iterable[TranslationUnit]) -> Iterator[TranslationUnit]:
    """Exportable pairs: non-null beads with text on both sides."""
    return (u for u in units if not u.is_null and clean_segment(u.source) and clean_segment(u.target))


class _Counted(Iterator[T]):
    """An iterator that counts what passes through it."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items, self.count = iter(items), 0

    def __next__(self) -> T:
        item = next(self.items)
        self.count += 1
        return item


def write_moses(
    prefix: str | Path, units: Iterable[TranslationUnit], src_lang: str, tgt_lang: str
) -> tuple[Path, Path]:
    """``PREFIX.src_lang`` and ``PREFIX.tgt_lang``, line n of one the translation of line n of the other."""
    pairs = _pairs(units)
    src_path, tgt_path = Path(f"{prefix}.{src_lang}"), Path(f"{prefix}.{tgt_lang}")
    with atomic_open_all([src_path, tgt_path]) as (src, tgt):
        for unit in pairs:
            src.write(clean_segment(unit.source) + "\n")
            tgt.write(clean_segment(unit.target) + "\n")
    return src_path, tgt_path


def format_tsv(units: Iterable[TranslationUnit]) -> Iterable[str]:
    """One line per pair; null beads are left out."""
    for unit in _pairs(units):
        yield f"{clean_segment(unit.source)}\t{clean_segment(unit.target)}\t{unit.score:.3f}\n"


def format_jsonl(units: Iterable[TranslationUnit]) -> Iterable[str]:
    for unit in units:
        record = unit.as_dict()
        for side in ("source", "target"):
            record[side] = strip_bidi_controls(record[side])
        yield json.dumps(record, ensure_ascii=False) + "\n"


def format_beads(units: Iterable[TranslationUnit]) -> Iterable[str]:
    for unit in units:
        src, tgt = ", ".join(map(str, unit.src_ids)), ", ".join(map(str, unit.tgt_ids))
        yield f"[{src}]:[{tgt}]:{unit.score:.3f}\n"


def write_lines(path: str | Path, lines: Iterable[str]) -> Path:
    """Write formatted lines to ``path`` atomically."""
    with atomic_open(path) as handle:
        handle.writelines(lines)
    return Path(path)


_SQLITE = b"SQLite format 3\x00"


def output_paths(fmt: str, path: str | Path, langs: tuple[str, str]) -> list[Path]:
    """The files :func:`write_units` writes (none for stdout)."""
    if str(path) == "-":
        return []
    return [Path(f"{path}.{lang}") for lang in langs] if fmt == "moses" else [Path(path)]


def refuse_overwrite(outputs: Iterable[Path], reading: Iterable[Path] = ()) -> None:
    """An input error when an output would replace a file or folder being read (``reading``: the
    corpus database, a shard folder) or any SQLite database (a corpus: its review edits would be lost)."""
    read = [Path(p).resolve() for p in reading]
    for output in outputs:
        target = output.resolve()
        if any(target == r or r in target.parents for r in read):
            raise InputError(f"{output}: is what this command reads; write the export elsewhere")
        head = b""
        if target.is_file():  # never open a FIFO or device to look: opening one for reading blocks
            try:
                with open(target, "rb") as handle:
                    head = handle.read(len(_SQLITE))
            except OSError:
                pass
        if head == _SQLITE:
            raise InputError(f"{output}: is a database (a corpus?); align does not write exports over it")


def write_units(
    units: Iterable[TranslationUnit],
    fmt: str,
    path: str | Path,
    langs: tuple[str, str],
    reading: Iterable[Path] = (),
) -> tuple[list[Path], int]:
    """Write ``units`` as ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``path`` (moses: a prefix; tsv,
    jsonl, beads: ``-`` for stdout), streaming; returns the files written and how many units they
    hold (for :data:`PAIR_FORMATS`, pairs: null beads are not written). Never over what is being
    read (``reading``) or a database (:func:`refuse_overwrite`)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown format '{fmt}' (use {', '.join(EXPORT_FORMATS)})")
    refuse_overwrite(output_paths(fmt, path, langs), reading)
    if fmt in ("tmx", "moses") and str(path) == "-":
        raise InputError(f"{fmt} output needs a file{' prefix' if fmt == 'moses' else ''}, not stdout")
    if fmt == "tmx":
        return [Path(path)], write_tmx(path, units, langs[0])
    if fmt == "moses":
        pairs = _Counted(_pairs(units))
        return list(write_moses(path, pairs, *langs)), pairs.count
    # One line per unit written (tsv: per pair), so the lines are what is counted.
    lines = _Counted({"tsv": format_tsv, "jsonl": format_jsonl, "beads": format_beads}[fmt](units))
    if str(path) == "-":
        sys.stdout.writelines(lines)
        sys.stdout.flush()
        return [], lines.count
    return [write_lines(path, lines)], lines.count
