"""Every option of every command says what it does."""

from __future__ import annotations

import click

from align.cli import cli, main


def all_options(command: click.Command, path: str) -> list[tuple[str, click.Option]]:
    found = [(path, p) for p in command.params if isinstance(p, click.Option)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += all_options(sub, f"{path} {name}")
    return found


def test_every_option_has_help() -> None:
    undocumented = [
        f"{path} {opt.opts[0]}" for path, opt in all_options(cli, "align") if not opt.help and not opt.hidden
    ]
    assert undocumented == []


def test_models_install_with_one_code_names_the_two_code_form(capsys) -> None:
    assert main(["models", "install", "en"]) == 2
    err = capsys.readouterr().err
    assert "align models install en TO" in err and err.count("\n") == 1
