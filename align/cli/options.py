"""Options shared by several commands."""

from __future__ import annotations

import click

from align.align.config import settings_help
from align.document import is_label
from align.errors import InputError
from align.languages import language_tag
from align.records import FLAG_BELOW


def parse_langs(value: str) -> list[str]:
    """Parse ``ar,fr de`` style language lists into unique standard tags, order kept."""
    langs: list[str] = []
    for code in value.replace(",", " ").split():
        tag = language_tag(code)
        if tag not in langs:
            langs.append(tag)
    if not langs:
        raise InputError("no target language given")
    return langs


def _language(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: a checked, standardised language code (None stays None)."""
    if value is None:
        return None
    try:
        return language_tag(value)
    except InputError as exc:
        raise click.BadParameter(str(exc), param=param) from None


encoder_option = click.option(
    "--encoder",
    default="auto",
    show_default=True,
    help="Sentence encoder: auto (muse where it covers both languages, else e5), muse, e5, muse+e5 "
    "(both: the most accurate, as slow as e5), or st:<sentence-transformers model name or path>.",
)

# The variants of align.bench.variants.VARIANTS, named here so that the CLI starts without loading the
# evaluation tooling (tests/cli/test_help.py checks they agree).
VARIANT_NAMES = ("as-is", "truncated", "padded", "short-truncated")

variant_option = click.option(
    "--variant",
    type=click.Choice(VARIANT_NAMES),
    default="as-is",
    show_default=True,
    help="Make the documents harder first: truncated (the target stops half way), padded (the target has "
    "a passage from another document) or short-truncated (excerpts of about 25 target sentences, each "
    "truncated).",
)

settings_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Change an aligner setting (repeatable; e.g. --set skip=-0.1, --set margin=0 for an ablation). "
    + settings_help()
    + ".",
)

bridge_option = click.option(
    "--bridge",
    is_flag=True,
    help="Also compare the target with the source's machine translation (an installed translation "
    "model for the pair, through English if need be). On MAC-Dev zh-en: strict F1 +0.002 with MUSE, "
    "+0.026 with e5, in about 12 times the time (translation dominates).",
)

flag_below_option = click.option(
    "--flag-below",
    default=FLAG_BELOW,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Pairs scoring under this are marked flagged for review (0.5 flags about the lowest-scoring "
    "tenth of correct pairs on Text+Berg dev).",
)


def gold_option(help_text: str, required: bool = True):
    """``--gold DIR`` (repeatable): gold-standard folders in any layout align reads."""
    return click.option(
        "--gold",
        "golds",
        multiple=True,
        required=required,
        type=click.Path(exists=True, file_okay=False),
        help=help_text,
    )


class _AliasedOption(click.Option):
    """An option whose later names are old spellings: accepted, but not shown in ``--help``."""

    def __init__(self, *args, shown: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return (f"{', '.join(self.opts[: self.shown])} {self.metavar or ''}".strip(), record[1])


def language_option(
    name: str,
    dest: str,
    help_text: str,
    required: bool = False,
    aliases: tuple[str, ...] = (),
):
    """A language-code option, checked before any work (exit 2 for an invalid code). Every command
    speaks of ``--from``/``--to``; ``aliases`` are the older names, still accepted, hidden from help."""
    return click.option(
        name,
        *aliases,
        dest,
        cls=_AliasedOption,
        required=required,
        default=None,
        callback=_language,
        metavar="LANG",
        help=help_text,
    )


def checked_origin(_ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Click callback: a provenance label fit for TMX (printable, at most 200 characters)."""
    if not is_label(value):
        raise click.BadParameter(
            "must be 1-200 printable characters, e.g. human or mt:argos-en-ar", param=param
        )
    return value


input_format_option = click.option(
    "--input-format",
    "input_fmt",
    type=click.Choice(["auto", "text", "markdown", "html", "docx"]),
    default="auto",
    show_default=True,
    help="How to read the input files: auto (from the extension; .txt and language codes such as "
    ".de are text) or one format for every file, whatever its name.",
)

beam_size_option = click.option(
    "--beam-size",
    default=4,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Translation beam width (1: greedy, fastest).",
)

targets_option = click.option(
    "--to", "targets", required=True, help="Target languages, comma-separated: ar or ar,fr,de."
)
source_option = language_option("--from", "source", "Source language (detected when omitted).")
