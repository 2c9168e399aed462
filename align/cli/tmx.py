"""``align tmx``: merge and inspect translation memories (read safely)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from align.cli.output import say, warn
from align.document import unique_names
from align.export import merge_units, read_tmx, tmx_stats, write_tmx
from align.export.tmx_read import format_tmx_stats


@click.group()
def tmx() -> None:
    """Merge, de-duplicate and inspect TMX files."""


@tmx.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The merged TMX file.")
def merge(inputs: tuple[str, ...], output: str) -> None:
    """Merge TMX INPUTS into one, dropping exact duplicates."""
    files = [read_tmx(path) for path in inputs]
    srclang, units, dropped = merge_units(files, unique_names([Path(p).stem for p in inputs]))
    count = write_tmx(output, units, srclang)
    say(f"{output}: {count} units ({dropped} duplicates dropped)")
    if not count:
        warn("no unit was merged: no tu has a source segment and a target")


@tmx.command("stats")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(path: str, as_json: bool) -> None:
    """Units, languages, statuses and median score of a TMX file."""
    result = tmx_stats(read_tmx(path))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(format_tmx_stats(result))
