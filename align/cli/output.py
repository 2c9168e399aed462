"""What the commands tell the user besides their results: status lines and warnings, on stderr,
silenced by ``-q`` (which leaves errors only)."""

from __future__ import annotations

import click

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
