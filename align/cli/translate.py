"""``align translate``: translate articles offline into one or more languages."""

from __future__ import annotations

import click

from align.cli.options import (
    beam_size_option,
    input_format_option,
    parse_langs,
    source_option,
    targets_option,
)
from align.cli.output import fail_if_skipped
from align.ingest import read_documents
from align.progress import progress
from align.records import Skipped
from align.translate import DecodeOptions, translators_for, write_translation


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@targets_option
@source_option
@input_format_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the translated files (NAME.LANG.txt and NAME.LANG.jsonl).",
)
@beam_size_option
@click.option(
    "--compute-type", default="auto", show_default=True, help="CTranslate2 compute type (auto, int8...)."
)
def translate(
    inputs: tuple[str, ...],
    targets: str,
    source: str | None,
    input_fmt: str,
    out_dir: str,
    beam_size: int,
    compute_type: str,
) -> None:
    """Translate INPUTS (files, folders or -) and write DIR/<slug>.<lang>.txt and .jsonl."""
    langs = parse_langs(targets)
    skipped: list[Skipped] = []
    documents = read_documents(list(inputs), source, input_fmt, skipped)
    options = DecodeOptions(beam_size=beam_size, compute_type=compute_type)
    translators = translators_for(documents, langs, options)  # a missing model fails before any output
    for document in progress(documents, desc="translate", unit="doc"):
        for lang in langs:
            result = translators[document.lang, lang].translate_document(document)
            text_path, _ = write_translation(result, out_dir)
            click.echo(f"{text_path}\t{len(result.pairs)} sentences")
    fail_if_skipped(skipped, f"the other translations are in {out_dir}")
