"""What the commands tell the user besides their results: status lines and warnings, on stderr,
silenced by ``-q`` (which leaves errors only)."""

from __future__ import annotations

from pathlib import Path

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
        raise InputError(f"{plural(len(skipped), 'input')} skipped (named above); {rest}")


def plural(count: int, noun: str) -> str:
    """``1 pair``, ``2 pairs``."""
    return f"{count} {noun if count == 1 else noun + 's'}"


def written(paths: list[Path], output: str, count: int, fmt: str, left_out: int = 0) -> str:
    """``FILES: N pairs`` (or units) for an export: the files really written (stdout: ``output``), the
    count they hold, and the beads a pairs-only format left out."""
    from align.export import PAIR_FORMATS

    noun = "pair" if fmt in PAIR_FORMATS else "unit"
    line = f"{' and '.join(map(str, paths)) or output}: {plural(count, noun)}"
    if left_out:
        line += (
            f" ({plural(left_out, 'bead')} without text on both sides not written: {fmt} holds pairs only)"
        )
    return line
