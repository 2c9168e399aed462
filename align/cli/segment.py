"""``align segment``: print an article one sentence per line."""

from __future__ import annotations

import click

from align.cli.options import input_format_option, language_option
from align.ingest import read_document
from align.segment import segment_document


@click.command()
@click.argument("input", type=click.Path(allow_dash=True))
@language_option("--from", "lang", "Language of the text (detected when omitted).", aliases=("--lang",))
@input_format_option
@click.option("--paragraphs", is_flag=True, help="Print a blank line between paragraphs.")
def segment(input: str, lang: str | None, input_fmt: str, paragraphs: bool) -> None:
    """Split INPUT (.txt, .md, .html, .docx or -) into sentences, one per line."""
    document = read_document(input, lang, fmt=input_fmt)
    previous = None
    for sentence in segment_document(document):
        if paragraphs and previous is not None and sentence.paragraph != previous:
            click.echo("")
        click.echo(sentence.text)
        previous = sentence.paragraph
