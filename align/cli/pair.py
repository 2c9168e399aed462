"""``align pair``: sentence-align a document with its translation (machine or human)."""

from __future__ import annotations

from pathlib import Path

import click

from align.align import AlignConfig, Aligner
from align.align.beads import MAX_BEAD_SIDE
from align.cli.options import (
    checked_origin,
    encoder_option,
    flag_below_option,
    input_format_option,
    language_option,
)
from align.cli.output import say, warn
from align.document import slugify
from align.embed import load_encoder
from align.errors import InputError
from align.export import (
    format_beads,
    format_jsonl,
    format_tsv,
    units_from_alignment,
    write_lines,
    write_moses,
)
from align.export.tmx import write_tmx
from align.ingest import read_document, read_lines
from align.segment import segment_document

FORMATS = ("beads", "tsv", "jsonl", "tmx", "moses")


def _sentences(path: str, lang: str, presplit: bool, fmt: str) -> tuple[list[str], list[int] | None, str]:
    if presplit:
        return read_lines(path), None, slugify(Path(path).stem) if path != "-" else "stdin"
    document = read_document(path, lang, fmt=fmt)
    sentences = segment_document(document)
    return [s.text for s in sentences], [s.paragraph for s in sentences], document.id


@click.command()
@click.argument("src", type=click.Path(allow_dash=True))
@click.argument("tgt", type=click.Path(allow_dash=True))
@language_option("--from", "src_lang", "Source language code.", required=True, aliases=("--src-lang",))
@language_option("--to", "tgt_lang", "Target language code.", required=True, aliases=("--tgt-lang",))
@encoder_option
@click.option("--presplit", is_flag=True, help="Inputs are one sentence per line; use them as they are.")
@input_format_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="beads",
    show_default=True,
    help="beads (gold format with scores), tsv, jsonl, tmx or moses (two files).",
)
@click.option("-o", "--output", default="-", help="Output file (moses: a prefix); - for stdout.")
@click.option(
    "--max-merge",
    default=4,
    show_default=True,
    type=click.IntRange(1, MAX_BEAD_SIDE),
    help="Most sentences on one side of a bead.",
)
@flag_below_option
@click.option(
    "--origin",
    default="human",
    show_default=True,
    callback=checked_origin,
    help="x-origin of the pairs (human or mt:<model>).",
)
def pair(
    src: str,
    tgt: str,
    src_lang: str,
    tgt_lang: str,
    encoder: str,
    presplit: bool,
    input_fmt: str,
    fmt: str,
    output: str,
    max_merge: int,
    flag_below: float,
    origin: str,
) -> None:
    """Align SRC with its translation TGT; print or write beads, TSV, JSONL, TMX or Moses files."""
    if src == "-" and tgt == "-":
        raise InputError("only one of SRC and TGT can be read from stdin")
    src_sents, src_paras, doc_id = _sentences(src, src_lang, presplit, input_fmt)
    tgt_sents, tgt_paras, _ = _sentences(tgt, tgt_lang, presplit, input_fmt)
    aligner = Aligner(load_encoder(encoder, (src_lang, tgt_lang)), AlignConfig(max_merge=max_merge))
    alignment = aligner.align(src_sents, tgt_sents, src_lang, tgt_lang, src_paras, tgt_paras)
    for warning in alignment.warnings:
        warn(warning)
    units = units_from_alignment(
        alignment, src_sents, tgt_sents, doc_id, src_lang, tgt_lang, origin, flag_below
    )
    if fmt == "moses":
        if output == "-":
            raise click.UsageError("--format moses needs -o PREFIX")
        paths = write_moses(output, units, src_lang, tgt_lang)
        say(f"{' and '.join(map(str, paths))}: {sum(not u.is_null for u in units)} pairs")
        return
    if fmt == "tmx":
        if output == "-":
            raise click.UsageError("--format tmx needs -o FILE")
        count = write_tmx(output, units, src_lang)
        say(f"{output}: {count} units")
        return
    lines = {"beads": format_beads, "tsv": format_tsv, "jsonl": format_jsonl}[fmt](units)
    if output == "-":
        click.echo("".join(lines), nl=False)
    else:
        write_lines(output, lines)
        say(f"{output}: {len(units)} units")
