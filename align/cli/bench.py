"""``align bench``: translation throughput and aligner scaling benchmarks."""

from __future__ import annotations

import itertools

import click


@click.group()
def bench() -> None:
    """Benchmarks (ratios measured in one run; absolute times depend on the machine)."""


@bench.command("translate")
@click.option("--from", "source", default="zh", show_default=True)
@click.option("--to", "target", default="en", show_default=True)
@click.option("--sentences", "count", default=200, show_default=True, type=click.IntRange(4, 200))
def bench_translate(source: str, target: str, count: int) -> None:
    """Batched translation vs argostranslate.translate() per paragraph, same model and sentences."""
    from align.bench.translate import default_sentences, run

    result = run(default_sentences()[:count], source, target)
    click.echo(result.report())


@bench.command("align")
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Source sentence counts.")
@click.option("--dim", default=512, show_default=True, type=click.IntRange(8, 4096), help="Embedding size.")
def bench_align(sizes: str, dim: int) -> None:
    """Align synthetic documents with precomputed embeddings: time, peak RSS and accuracy per size."""
    from align.bench.scale import run

    try:
        counts = [int(x) for x in sizes.split(",") if x.strip()]
    except ValueError:
        raise click.BadParameter("sizes must be integers, e.g. 1000,10000") from None
    results = run(counts, dim)
    for result in results:
        click.echo(result.line())
    for previous, current in itertools.pairwise(results):
        click.echo(
            f"{previous.size} → {current.size}: time x{current.seconds / previous.seconds:.1f} "
            f"for x{current.size / previous.size:.1f} sentences"
        )
