"""Sub-commands whose capability has not landed yet: registered so the CLI's shape is stable."""

from __future__ import annotations

import click

from align.errors import AlignError


def pending(name: str, summary: str) -> click.Command:
    """A command that explains it is not available in this version (exit code 1)."""

    @click.command(
        name=name,
        help=f"{summary} (not available in this version yet).",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    def command() -> None:
        raise AlignError(f"'align {name}' is not available in this version yet")

    return command
