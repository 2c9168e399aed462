"""The sub-commands of the ``align`` group, each loaded only when it runs (or help lists it), so
that ``align pair`` does not import the corpus, the review server or the evaluation tooling."""

from __future__ import annotations

import importlib

import click

# name → "module:attribute", in the order ``align --help`` lists them.
COMMANDS: dict[str, str] = {
    "models": "align.cli.models:models",
    "translate": "align.cli.translate:translate",
    "pair": "align.cli.pair:pair",
    "run": "align.cli.run:run",
    "segment": "align.cli.segment:segment",
    "eval": "align.cli.evaluate:evaluate",
    "tmx": "align.cli.tmx:tmx",
    "bench": "align.cli.bench:bench",
    "corpus": "align.cli.corpus:corpus",
    "review": "align.cli.review:review",
    "report": "align.cli.report:report",
}


class LazyGroup(click.Group):
    """A group whose sub-commands (:data:`COMMANDS`) are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise RuntimeError(f"{COMMANDS[cmd_name]} is not the command {cmd_name}")
        return command
