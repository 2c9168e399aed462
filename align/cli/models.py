"""``align models``: list, install and remove offline translation packages."""

from __future__ import annotations

from pathlib import Path

import click

from align.cli.output import say
from align.home import packages_dir
from align.translate import install_file, install_from_index, installed_packages, reachable_pairs, remove


@click.group()
def models() -> None:
    """List, install and remove offline translation models (Argos packages)."""


@models.command("list")
def list_models() -> None:
    """Show installed language pairs and pairs reachable through English."""
    packages = installed_packages()
    click.echo(f"packages in {packages_dir()}")
    if not packages:
        click.echo(
            "  (none installed: align models install FROM TO, or align models install FILE.argosmodel)"
        )
    for package in packages:
        click.echo(f"  {package.pair:<10} {package.version:<8} {package.name}")
    for source, target, via in reachable_pairs():
        click.echo(f"  {source}-{target:<7} via {via}")


@models.command("install")
@click.argument("what", nargs=-1, required=True)
def install(what: tuple[str, ...]) -> None:
    """Install WHAT: a local FILE.argosmodel, or FROM TO from the Argos package index."""
    if len(what) == 1 and not Path(what[0]).exists() and not Path(what[0]).suffix:
        raise click.UsageError(
            f"{what[0]}: no such file; to download a model give two language codes: "
            f"align models install {what[0]} TO (e.g. align models install en ar)"
        )
    if len(what) == 1:
        package = install_file(what[0])
        say(f"installed {package.pair} {package.version} into {package.path}")
    elif len(what) == 2 and not Path(what[0]).suffix:
        for package in install_from_index(what[0], what[1]):
            say(f"installed {package.pair} {package.version} into {package.path}")
    else:
        raise click.UsageError("give one .argosmodel file, or two language codes (FROM TO)")


@models.command("remove")
@click.argument("source")
@click.argument("target")
def remove_model(source: str, target: str) -> None:
    """Remove the installed package SOURCE→TARGET."""
    package = remove(source, target)
    say(f"removed {package.pair} ({package.path})")


@models.command("make-test-model", hidden=False)
@click.argument("output", type=click.Path(dir_okay=False))
@click.option("--from", "source", default="en", show_default=True, help="Source language of the model.")
@click.option("--to", "target", default="ar", show_default=True, help="Target language of the model.")
def make_test_model(output: str, source: str, target: str) -> None:
    """Build a tiny deterministic package (fixed Arabic output) for tests and demos."""
    from align.translate.synthetic import build_tiny_package

    click.echo(build_tiny_package(output, source, target))
