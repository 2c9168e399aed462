"""``align run``: the main job — translate, align and export TMX in one go."""

from __future__ import annotations

from pathlib import Path

import click

from align.cli.options import (
    beam_size_option,
    encoder_option,
    flag_below_option,
    input_format_option,
    parse_langs,
    source_option,
    targets_option,
)
from align.cli.output import fail_if_skipped, say, warn
from align.document import Document, distinct_slug
from align.home import corpora_root
from align.ingest import read_documents
from align.pipeline import AlignSettings
from align.records import Skipped
from align.run import run as run_pipeline
from align.translate import DecodeOptions


def _folder_name(document: Document) -> str:
    """The default output folder of one article: named by its file, distinctly (``خبر عاجل.txt``
    and ``خبر-عاجل.txt`` never share ``corpora/<name>/``)."""
    source = document.source
    return distinct_slug(Path(source).stem) if source and source != "-" else document.id


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@targets_option
@source_option
@input_format_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Output folder (default: CORPORA/<name>, CORPORA being $ALIGN_CORPORA, else ./corpora).",
)
@click.option("--name", default=None, help="Corpus name (default: the first input's name).")
@encoder_option
@flag_below_option
@beam_size_option
def run(
    inputs: tuple[str, ...],
    targets: str,
    source: str | None,
    input_fmt: str,
    out_dir: str | None,
    name: str | None,
    encoder: str,
    flag_below: float,
    beam_size: int,
) -> None:
    """Translate INPUTS (files or folders), align each with its translation, write TMX + JSONL + text."""
    langs = parse_langs(targets)
    skipped: list[Skipped] = []
    documents = read_documents(list(inputs), source, input_fmt, skipped)
    corpus = name or (_folder_name(documents[0]) if len(documents) == 1 else Path(inputs[0]).name or "corpus")
    out = Path(out_dir) if out_dir else corpora_root()[0] / corpus  # $ALIGN_CORPORA, else ./corpora
    settings = AlignSettings(encoder, flag_below=flag_below)
    summary = run_pipeline(documents, langs, out, settings, DecodeOptions(beam_size=beam_size), name=corpus)
    for warning in summary.warnings:
        warn(warning)
    for lang in langs:
        say(
            f"{lang}: {summary.pairs[lang]} pairs, {summary.flagged[lang]} flagged, "
            f"median score {summary.median_score[lang]:.3f}"
        )
    say(f"wrote {out / (corpus + '.tmx')} and {len(summary.files) - 1} other files in {out}")
    fail_if_skipped(skipped, f"the other articles are in {out}")
