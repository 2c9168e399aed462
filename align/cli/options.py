"""Options shared by several commands."""

from __future__ import annotations

import click

from align.errors import InputError


def parse_langs(value: str) -> list[str]:
    """Parse ``ar,fr de`` style language lists into unique codes, order kept."""
    langs: list[str] = []
    for code in value.replace(",", " ").split():
        code = code.strip()
        if not code.replace("-", "").isalpha() or len(code) > 12:
            raise InputError(f"invalid language code '{code}'")
        if code not in langs:
            langs.append(code)
    if not langs:
        raise InputError("no target language given")
    return langs


encoder_option = click.option(
    "--encoder",
    default="auto",
    show_default=True,
    help="Sentence encoder: auto, muse, or st:<sentence-transformers model name or path>.",
)

flag_below_option = click.option(
    "--flag-below",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Pairs scoring under this are marked flagged for review (0.5 flags about the lowest-scoring "
    "tenth of correct pairs on Text+Berg dev).",
)


def gold_option(help_text: str, required: bool = True):  # type: ignore[no-untyped-def]
    """``--gold DIR`` (repeatable): gold-standard folders in any layout align reads."""
    return click.option(
        "--gold",
        "golds",
        multiple=True,
        required=required,
        type=click.Path(exists=True, file_okay=False),
        help=help_text,
    )
