"""``align translate``: translate articles offline into one or more languages."""

from __future__ import annotations

import sys

import click

from align.cli.options import (
    beam_size_option,
    input_format_option,
    parse_langs,
    source_option,
    targets_option,
)
from align.cli.output import fail_if_skipped, say
from align.document import Document
from align.errors import InputError
from align.ingest import read_documents
from align.progress import progress
from align.records import Skipped
from align.translate import DecodeOptions, translators_for, write_translation
from align.translate.render import render


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
    type=click.Path(file_okay=False, allow_dash=True),
    help="Folder for the translated files (NAME.LANG.txt, NAME.LANG.jsonl, and NAME.LANG.html, .docx "
    "or .md for such inputs); default: the current "
    "folder, or standard output when the input is - (stdin).",
)
@click.option(
    "--force", is_flag=True, help="Replace translation files that already exist (else each is refused)."
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
    out_dir: str | None,
    force: bool,
    beam_size: int,
    compute_type: str,
) -> None:
    """Translate INPUTS (files, folders, http(s) URLs or -) and write DIR/<slug>.<lang>.txt and .jsonl,
    and the translation in the input's own format (HTML, DOCX, Markdown; a PDF's as HTML); from stdin
    (-), the translation goes to stdout, in the input's own format (HTML in, HTML out)."""
    langs = parse_langs(targets)
    out_dir = out_dir or ("-" if inputs == ("-",) else ".")
    if out_dir == "-" and inputs != ("-",):
        raise click.UsageError("-o - (standard output) is for one input read from stdin (-)")
    skipped: list[Skipped] = []
    documents = read_documents(list(inputs), source, input_fmt, skipped)
    to_stdout = inputs == ("-",) and out_dir == "-"
    if to_stdout:
        _check_stdout(documents, langs)
    options = DecodeOptions(beam_size=beam_size, compute_type=compute_type)
    translators = translators_for(documents, langs, options)  # a missing model fails before any output
    for document in progress(documents, desc="translate", unit="doc"):
        for lang in langs:
            result = translators[document.lang, lang].translate_document(document)
            if to_stdout:  # a filter: the translation on stdout, the summary on stderr
                rendered = render(result)
                if rendered:
                    sys.stdout.buffer.write(rendered[1])
                else:
                    click.echo("\n\n".join(result.paragraphs))
                say(f"-\t{lang}\t{len(result.pairs)} sentences")
                continue
            try:
                written = write_translation(result, out_dir, force)
            except InputError as exc:  # one refused output: named, the others still written
                skipped.append(Skipped(f"{document.source or document.id} ({lang})", str(exc)))
                continue
            click.echo(f"{written[0]}\t{len(result.pairs)} sentences")
            for path in written[2:]:  # the translation in the input's own format
                click.echo(f"{path}\t{document.layout.format if document.layout else 'text'}")
    fail_if_skipped(skipped, f"the other translations are in {out_dir}")


def _check_stdout(documents: list[Document], langs: list[str]) -> None:
    """Standard output holds one translated document of a format with structure (several in plain
    text, one after the other), and no DOCX on a terminal."""
    layout = documents[0].layout if documents else None
    if layout is None:
        return
    if len(langs) > 1:
        raise click.UsageError(
            f"standard output holds one translation of a {layout.format} input: give one language "
            "with --to, or -o DIR"
        )
    if layout.format == "docx" and sys.stdout.isatty():
        raise click.UsageError("a .docx is binary: redirect standard output to a file, or give -o DIR")
