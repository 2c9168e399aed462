"""What the commands tell the user besides their results: status lines and warnings, on stderr,
silenced by ``-q`` (which leaves errors only)."""

from __future__ import annotations

import click

from align.errors import InputError
from align.records import Skipped

_quiet = False


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def say(message: str) -> None:
    """A status line ("wrote …", "N pairs added"): stderr, not with ``-q``."""
    if not _quiet:
        click.echo(message, err=True)


def warn(message: str) -> None:
    """``align: warning: …`` on stderr, not with ``-q``."""
    say(f"align: warning: {message}")


def fail_if_skipped(skipped: list[Skipped], rest: str) -> None:
    """Name each skipped input on its own warning line, then exit 2 with one error line saying that
    ``rest`` (what was done with the other inputs) holds."""
    for item in skipped:
        warn(f"skipped {item.name}: {item.reason}")
    if skipped:
        raise InputError(f"{len(skipped)} inputs skipped (named above); {rest}")
