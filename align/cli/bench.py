"""``align bench``: translation throughput and aligner scaling benchmarks."""

from __future__ import annotations

import itertools
from pathlib import Path

import click

from align.align.matching import MatchConfig
from align.cli.options import encoder_option, gold_option, variant_option


@click.group()
def bench() -> None:
    """Benchmarks (ratios measured in one run; absolute times depend on the machine)."""


@bench.command("translate")
@click.option("--from", "source", default="zh", show_default=True, help="Source language of the model.")
@click.option("--to", "target", default="en", show_default=True, help="Target language of the model.")
@click.option(
    "--sentences",
    "count",
    default=200,
    show_default=True,
    type=click.IntRange(4, 200),
    help="How many to translate.",
)
def bench_translate(source: str, target: str, count: int) -> None:
    """Batched translation vs argostranslate.translate() per paragraph, same model and sentences."""
    from align.bench.translate import default_sentences, run

    result = run(default_sentences()[:count], source, target)
    click.echo(result.report())


@bench.command("formats")
@click.option("--from", "source", default="zh", show_default=True, help="Source language of the model.")
@click.option("--to", "target", default="en", show_default=True, help="Target language of the model.")
@click.option(
    "--sentences", "count", default=200, show_default=True, type=click.IntRange(min=8), help="Article size."
)
def bench_formats(source: str, target: str, count: int) -> None:
    """What keeping the structure costs: one article as text and as HTML, DOCX and Markdown."""
    from align.bench.formats import run
    from align.bench.translate import default_sentences

    for cost in run(default_sentences()[:count], source, target):
        click.echo(cost.report())


@bench.command("store")
@click.option(
    "--sizes",
    default="100000,1000000",
    show_default=True,
    help="Corpus sizes in pairs, comma-separated (smallest first).",
)
def bench_store(sizes: str) -> None:
    """Peak memory and time of stats, report, filter, dedupe and the review list as the corpus grows
    (each in a fresh process; loading every pair shown for reference)."""
    from align.bench.store import growth, run

    try:
        counts = sorted(int(n) for n in sizes.split(","))
    except ValueError:
        raise click.BadParameter("expected comma-separated pair counts", param_hint="--sizes") from None
    costs = run(counts)
    for cost in costs:
        click.echo(cost.report())
    for operation, ratio in growth(costs).items():
        click.echo(f"{operation:<9} extra memory ×{ratio:.1f} from {counts[0]} to {counts[-1]} pairs")


@bench.command("corpus")
@click.option(
    "--documents", default=200, show_default=True, type=click.IntRange(4, 100_000), help="Articles."
)
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(2, 64), help="For --jobs and --dask."
)
@click.option(
    "--chunk", default=8, show_default=True, type=click.IntRange(1, 1000), help="Articles per batch."
)
@click.option(
    "--from",
    "lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="en: generated English articles to Arabic (installed model, else the tiny one); zh: Chinese "
    "news through the installed zh→en model.",
)
@click.option(
    "--pairs",
    "human",
    is_flag=True,
    help="Human translations instead: DOCUMENTS Text+Berg excerpt pairs (../shared), added by separate "
    "corpus add-pair commands (20 timed, scaled) and by one corpus add-pairs with each engine.",
)
def bench_corpus(documents: int, workers: int, chunk: int, lang: str, human: bool) -> None:
    """corpus add with --jobs 1, --jobs N and --dask local:N on the same articles: docs/min, peak RSS."""
    from align.bench.corpus import run, run_pairs

    if human:
        results = run_pairs(_shared_gold() / "textberg-de-fr", documents, workers, chunk)
    else:
        results = run(documents, workers, chunk, lang)
    for result in results:
        click.echo(result.line(results[0]))
    dask, jobs = results[-1], results[-2]
    click.echo(f"Dask overhead over --jobs {workers}: {100 * (dask.seconds / jobs.seconds - 1):+.0f}%")


@bench.command("align")
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Source sentence counts.")
@click.option("--dim", default=512, show_default=True, type=click.IntRange(8, 4096), help="Embedding size.")
@gold_option(
    "Also align this gold folder's documents joined into one, on the default path (encoding "
    "included), with a full search and with the band; repeatable.",
    required=False,
)
@encoder_option
def bench_align(sizes: str, dim: int, golds: tuple[str, ...], encoder: str) -> None:
    """Align synthetic documents with precomputed embeddings (time, peak RSS, accuracy per size) and,
    with --gold, real text on the default path."""
    from align.bench.gold import discover_gold
    from align.bench.scale import run, run_text
    from align.embed import load_encoder

    for gold in golds:
        docs = discover_gold(gold)
        model = load_encoder(encoder, (docs[0].src_lang, docs[0].tgt_lang), cache=False)
        click.echo(f"{gold}: {run_text(docs, model).line()}")

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


@bench.command("long")
@click.option(
    "--gold",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Gold folder whose documents are joined and repeated; default: ../shared/gold/textberg-de-fr.",
)
@click.option(
    "--sentences",
    default=100_000,
    show_default=True,
    type=click.IntRange(10, 1_000_000),
    help="At least this many sentences a side.",
)
@encoder_option
def bench_long(gold: str | None, sentences: int, encoder: str) -> None:
    """One very long pair of real text through align pair: wall time, peak RSS and accuracy."""
    from align.bench.gold import discover_gold
    from align.bench.long import run

    folder = Path(gold) if gold else _shared_gold() / "textberg-de-fr"
    click.echo(run(discover_gold(folder), sentences, encoder).line())


def _shared_gold() -> Path:
    """``../shared/gold`` beside the checkout (a usage error when it is not there)."""
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "gold"
    if not shared.is_dir():
        raise click.UsageError("no --gold given and ../shared/gold is not there")
    return shared


@bench.command("match")
@click.option(
    "--gold-root",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Folder holding textberg-de-fr, mac-dev-zh-en and parice-en-is; default: ../shared/gold.",
)
@click.option(
    "--size",
    default=40,
    show_default=True,
    type=click.IntRange(5, 500),
    help="Target sentences per document.",
)
@click.option(
    "--only",
    default="",
    help="Comma-separated collections to run (of textberg-dev, textberg-test, mac-dev, parice, "
    "gold-en-ar); default: all.",
)
@click.option(
    "--min-match",
    default=MatchConfig().min_match,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="The confidence threshold scored (corpus add-pairs --min-match).",
)
@click.option(
    "--fit", is_flag=True, help="Also fit the confidence model, leaving one collection out at a time."
)
@click.option(
    "--scale",
    default=None,
    type=click.IntRange(10, 1_000_000),
    help="Instead: match N x N synthetic documents (search time, re-scoring cost, peak memory).",
)
@encoder_option
def bench_match(
    gold_root: str | None, size: int, only: str, min_match: float, fit: bool, scale: int | None, encoder: str
) -> None:
    """Document matching (corpus add-pairs --match) on collections cut from the gold sets, files with
    random names, a fifth of each side without partner: precision and recall per collection."""
    from align.bench.match import (
        COLLECTIONS,
        cross_validate,
        default_collections,
        overall,
        run_collection,
        run_folders,
        run_scale,
    )

    if scale is not None:
        click.echo(run_scale(scale).line())
        return

    names = [x.strip() for x in only.split(",") if x.strip()]
    unknown = sorted(set(names) - set(COLLECTIONS))
    if unknown:
        raise click.BadParameter(f"unknown collection {unknown[0]}", param_hint="--only")
    en_ar = Path(__file__).resolve().parents[2] / "corpora" / "gold-en-ar"
    collections = default_collections(
        gold_root or _shared_gold(), size, names, en_ar if en_ar.is_dir() else None
    )
    results = []
    for collection in collections:
        results.append(run_folders(collection, encoder, min_match))
        click.echo(results[-1].line())
    click.echo(overall(results))
    if fit:
        lines, weights = cross_validate([run_collection(c, encoder) for c in collections], min_match)
        click.echo("\n".join(lines))
        click.echo(f"fitted on all: BIAS, W_SCORE, W_MARGIN = {', '.join(f'{w:.2f}' for w in weights)}")


@bench.command("pair")
@gold_option(
    "Gold folder whose documents to align (repeatable); default: Text+Berg dev and MAC-Dev 001 "
    "from ../shared.",
    required=False,
)
@click.option("--only", default="", help="Comma-separated document names to keep.")
@encoder_option
def bench_pair(golds: tuple[str, ...], only: str, encoder: str) -> None:
    """`align pair` on real documents with an empty cache: sentences/s, and the time spent encoding."""
    from align.bench.gold import discover_gold, select
    from align.bench.pair import run

    keep = {x for x in only.split(",") if x}
    if golds:
        docs = [d for gold in golds for d in select(discover_gold(gold), keep)]
    else:
        shared = _shared_gold()
        docs = select(discover_gold(shared / "textberg-de-fr"), {"dev"}) + select(
            discover_gold(shared / "mac-dev-zh-en"), {"001"}
        )
    if not docs:
        raise click.BadParameter("no document left after --only")
    for result in run(docs, encoder):
        click.echo(result.line())


@bench.command("tune")
@gold_option(
    "Gold folder; repeatable (each is one set in the tuning average).",
)
@click.option("--tune", "tune_names", required=True, help="Comma-separated names of the tuning documents.")
@click.option(
    "--grid",
    multiple=True,
    metavar="KEY=V1,V2,...",
    help="Values to try for one aligner setting; repeatable (every combination is tried).",
)
@click.option(
    "--encoder",
    "encoder_names",
    multiple=True,
    default=("auto",),
    show_default=True,
    help="Sentence encoder (auto, muse, e5, muse+e5, st:<model>); repeatable: each gold set with each "
    "encoder is one entry in the tuning average, so the settings chosen are not fitted to one encoder.",
)
@variant_option
def bench_tune(
    golds: tuple[str, ...],
    tune_names: str,
    grid: tuple[str, ...],
    encoder_names: tuple[str, ...],
    variant: str,
) -> None:
    """Cross-validate aligner settings: choose on the tuning documents, report on the rest."""
    from align.bench.gold import discover_gold
    from align.bench.tune import sets_by_encoder, tune
    from align.embed import load_encoder

    golds_read = {gold.rstrip("/").rsplit("/", 1)[-1]: discover_gold(gold) for gold in golds}
    sets, encoders = sets_by_encoder(golds_read, encoder_names, load_encoder)
    for row in tune(sets, {x for x in tune_names.split(",") if x}, list(grid), encoders, variant):
        click.echo(row.line())


@bench.command("calibrate")
@gold_option(
    "Gold folder; repeatable.",
)
@click.option("--only", default="", help="Comma-separated document names to use (e.g. dev,001,002,003).")
@encoder_option
def bench_calibrate(golds: tuple[str, ...], only: str, encoder: str) -> None:
    """Measure an encoder's median cosine of unrelated pairs and of translations (its score calibration)."""
    from align.bench.calibrate import measure
    from align.bench.gold import discover_gold, select
    from align.embed import load_encoder

    keep = {x for x in only.split(",") if x}
    docs = [d for gold in golds for d in select(discover_gold(gold), keep)]
    if not docs:
        raise click.BadParameter("no document left after --only")
    model = load_encoder(encoder, tuple(sorted({d.src_lang for d in docs} | {d.tgt_lang for d in docs})))
    result = measure(docs, model)
    click.echo(f"{model.name}: unrelated {result.unrelated}, translation {result.translation}")


@bench.command("encoders")
@click.option(
    "--encoder",
    "specs",
    multiple=True,
    default=("muse", "e5"),
    show_default=True,
    help="Encoder to measure; repeatable.",
)
@click.option(
    "--sentences",
    "count",
    default=200,
    show_default=True,
    type=click.IntRange(1, 200),
    help="How many to encode.",
)
def bench_encoders(specs: tuple[str, ...], count: int) -> None:
    """Sentences/s, model load time and peak RSS of each encoder on the same sentences, one run."""
    from align.bench.encoders import run
    from align.bench.translate import default_sentences

    results = run(list(specs), default_sentences()[:count])
    for result in results:
        click.echo(result.line())
    if len(results) > 1:
        first = results[0]
        for other in results[1:]:
            ratio = (other.encode_s / other.sentences) / (first.encode_s / first.sentences)
            click.echo(f"{other.encoder} takes {ratio:.1f}x the time of {first.encoder} per sentence")
