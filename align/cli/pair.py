"""``align pair``: sentence-align a document with its translation (machine or human)."""

from __future__ import annotations

import click

from align.align import AlignConfig
from align.align.beads import MAX_BEAD_SIDE
from align.cli.options import (
    bridge_option,
    checked_origin,
    encoder_option,
    flag_below_option,
    input_format_option,
    language_option,
    settings_option,
)
from align.cli.output import say, warn, written
from align.export import EXPORT_FORMATS, PAIR_FORMATS, write_units
from align.pipeline import AlignSettings, align_files


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
    type=click.Choice(EXPORT_FORMATS),
    default="beads",
    show_default=True,
    help="beads (gold format with scores), tsv, jsonl, tmx or moses (two files).",
)
@click.option("-o", "--output", default="-", help="Output file (moses: a prefix); - for stdout.")
@click.option(
    "--max-merge",
    default=None,
    type=click.IntRange(1, MAX_BEAD_SIDE),
    help=f"Beads join at most this many plus one sentences (a-b with a + b <= N + 1; default "
    f"{AlignConfig().max_merge}): the same as --set max_merge=N.",
)
@settings_option
@bridge_option
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
    max_merge: int | None,
    overrides: tuple[str, ...],
    bridge: bool,
    flag_below: float,
    origin: str,
) -> None:
    """Align SRC with its translation TGT; print or write beads, TSV, JSONL, TMX or Moses files."""
    if fmt in ("tmx", "moses") and output == "-":
        raise click.UsageError(f"--format {fmt} needs -o {'PREFIX' if fmt == 'moses' else 'FILE'}")
    if max_merge is not None:
        overrides += (f"max_merge={max_merge}",)
    settings = AlignSettings(encoder, AlignConfig.from_overrides(overrides), flag_below, bridge=bridge)
    result = align_files(src, tgt, (src_lang, tgt_lang), settings, presplit, input_fmt, origin)
    for warning in result.warnings:
        warn(warning)
    paths, count = write_units(result.units, fmt, output, (src_lang, tgt_lang))
    if paths:
        left_out = len(result.units) - count if fmt in PAIR_FORMATS else 0
        say(written(paths, output, count, fmt, left_out))
