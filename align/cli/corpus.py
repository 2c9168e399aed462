"""``align corpus``: build, curate, inspect and export parallel corpora (SQLite store)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click

from align.cli.options import (
    encoder_option,
    flag_below_option,
    input_format_option,
    language_option,
    parse_langs,
    source_option,
    targets_option,
)
from align.cli.output import say, warn
from align.corpus import (
    BuildOptions,
    CorpusStore,
    FilterRules,
    add_articles,
    add_human_pair,
    corpus_stats,
    dedupe,
    exportable_units,
    filter_pairs,
    format_stats,
    write_shards,
)
from align.errors import InputError
from align.export import EXPORT_FORMATS, write_units
from align.ingest import find_articles
from align.languages import language_pair
from align.pipeline import AlignSettings
from align.progress import progress_bar
from align.records import Status


def corpus_path(name: str, root: str = "corpora") -> Path:
    """``corpora/NAME/corpus.db``; a NAME with a slash or ending in .db is used as a path."""
    if name.endswith(".db"):
        return Path(name)
    if "/" in name:
        return Path(name) / "corpus.db"
    return Path(root) / name / "corpus.db"


name_argument = click.argument("name")
root_option = click.option(
    "--root", default="corpora", show_default=True, help="Folder holding named corpora."
)


@click.group()
def corpus() -> None:
    """Build, curate, inspect and export parallel corpora from many articles."""


@corpus.command("init")
@name_argument
@root_option
def init(name: str, root: str) -> None:
    """Create an empty corpus NAME."""
    path = corpus_path(name, root)
    if path.exists():
        raise InputError(f"{path}: corpus already exists")
    CorpusStore(path, create=True).close()
    say(f"created {path}")


@corpus.command("add")
@name_argument
@click.argument("inputs", nargs=-1, required=True)
@targets_option
@source_option
@encoder_option
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option(
    "--chunk",
    default=8,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Documents translated and embedded per batch.",
)
@click.option(
    "--dask",
    "dask_address",
    default=None,
    metavar="ADDRESS",
    help="Run the batches on a Dask cluster: its scheduler (tcp://host:8786), or local[:N] for N "
    "worker processes here. Needs align[dask].",
)
@click.option(
    "--shards",
    "shards_dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Write one Parquet file per batch into this folder instead of the corpus (load them with "
    "corpus import-shards; corpus export reads the folder too).",
)
@flag_below_option
@root_option
def add(
    name: str,
    inputs: tuple[str, ...],
    targets: str,
    source: str | None,
    encoder: str,
    jobs: int,
    chunk: int,
    dask_address: str | None,
    shards_dir: str | None,
    flag_below: float,
    root: str,
) -> None:
    """Translate and align INPUTS (files or folders) into corpus NAME; stored articles are skipped."""
    if dask_address and jobs > 1:
        raise click.UsageError("use --jobs or --dask, not both")
    store = None if shards_dir else CorpusStore(corpus_path(name, root))
    options = BuildOptions(tuple(parse_langs(targets)), AlignSettings(encoder, flag_below=flag_below), source)
    paths = find_articles(inputs)
    with contextlib.ExitStack() as stack:
        engine = None
        if dask_address:
            from align.corpus.cluster import DaskEngine

            engine = stack.enter_context(DaskEngine(dask_address, encoder))
        bar = stack.enter_context(progress_bar(len(paths), desc="corpus add", unit="doc"))
        if store is None:
            folder = Path(str(shards_dir))
            done, written = write_shards(paths, options, folder, jobs, chunk, bar.update, engine)
            finished = len(paths) - done
            say(f"{done} documents processed ({finished} in finished shards), {written} shards in {folder}")
            return
        done, added = add_articles(
            store, paths, options, jobs=jobs, chunk=chunk, on_document=bar.update, engine=engine
        )
    say(f"{done} documents processed ({len(paths) - done} already stored), {added} pairs added")


@corpus.command("add-pair")
@name_argument
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.argument("tgt", type=click.Path(exists=True, dir_okay=False))
@language_option("--from", "src_lang", "Source language code.", required=True, aliases=("--src-lang",))
@language_option("--to", "tgt_lang", "Target language code.", required=True, aliases=("--tgt-lang",))
@click.option("--presplit", is_flag=True, help="Inputs are one sentence per line; use them as they are.")
@input_format_option
@encoder_option
@flag_below_option
@root_option
def add_pair(
    name: str,
    src: str,
    tgt: str,
    src_lang: str,
    tgt_lang: str,
    presplit: bool,
    input_fmt: str,
    encoder: str,
    flag_below: float,
    root: str,
) -> None:
    """Align an article SRC with its human translation TGT and store the pairs."""
    store = CorpusStore(corpus_path(name, root))
    settings = AlignSettings(encoder, flag_below=flag_below)
    added = add_human_pair(store, src, tgt, (src_lang, tgt_lang), settings, presplit, input_fmt)
    say(f"{added} pairs added" if added else "already stored: nothing added")


@corpus.command("import-shards")
@name_argument
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@root_option
def import_shards_command(name: str, folder: str, root: str) -> None:
    """Load the Parquet shards of FOLDER (corpus add --shards) into corpus NAME."""
    from align.corpus.shards import import_shards

    added = import_shards(CorpusStore(corpus_path(name, root)), folder)
    say(f"{added} pairs added from {folder}")


@corpus.command("stats")
@name_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one record per language pair).")
@root_option
def stats(name: str, as_json: bool, root: str) -> None:
    """Per language pair: documents, units, words, score histogram, flagged and review states."""
    records = corpus_stats(CorpusStore(corpus_path(name, root)))
    click.echo(json.dumps(records, ensure_ascii=False, indent=2) if as_json else format_stats(records))


@corpus.command("export")
@name_argument
@click.option("--pair", "lang_pair", required=True, help="Language pair, e.g. en-ar.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="tmx",
    show_default=True,
    help="tmx (for CAT tools), moses (two files), tsv, jsonl or beads.",
)
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=None, help="Leave out pairs scoring under this."
)
@click.option(
    "--status",
    "statuses",
    default=",".join(Status.exportable()),
    show_default=True,
    help="Review states to export (rejected pairs are never exported).",
)
@click.option("-o", "--output", required=True, help="Output file (moses: a prefix).")
@root_option
def export(
    name: str, lang_pair: str, fmt: str, min_score: float | None, statuses: str, output: str, root: str
) -> None:
    """Export pairs of one language pair; reviewers' edits replace the machine text."""
    langs = language_pair(lang_pair)
    wanted = [Status.parse(x) for x in statuses.split(",") if x.strip()]
    folder = Path(name)
    if folder.is_dir() and any(folder.glob("part-*.parquet")) and not (folder / "corpus.db").exists():
        from align.corpus.shards import shard_units

        _, count = write_units(shard_units(folder, langs, wanted, min_score), fmt, output, langs)
        say(f"{output}: {count} units")
        return
    units, empty_because = exportable_units(CorpusStore(corpus_path(name, root)), langs, wanted, min_score)
    if empty_because:
        warn(empty_because)
    _, count = write_units(units, fmt, output, langs)
    say(f"{output}: {count} units")


@corpus.command("dedupe")
@name_argument
@click.option("--dry-run", is_flag=True, help="Only show what would be removed.")
@root_option
def dedupe_command(name: str, dry_run: bool, root: str) -> None:
    """Remove exact duplicate pairs (same languages and texts), keeping the best-scored copy."""
    removed = dedupe(CorpusStore(corpus_path(name, root)), dry_run)
    say(f"{'would remove' if dry_run else 'removed'} {len(removed)} duplicate pairs")


@corpus.command("filter")
@name_argument
@click.option(
    "--max-length-ratio",
    default=3.0,
    show_default=True,
    type=click.FloatRange(1.0),
    help="Flag pairs whose longer side has more than this many times the characters of the shorter.",
)
@click.option(
    "--min-script-share",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Flag targets with less than this share of letters in their language's script.",
)
@click.option("--min-score", default=None, type=click.FloatRange(0, 1), help="Flag pairs scoring under this.")
@click.option("--dry-run", is_flag=True, help="Only show what each rule would remove.")
@click.option("--show", default=3, show_default=True, help="Examples to print per rule.")
@root_option
def filter_command(
    name: str,
    max_length_ratio: float,
    min_script_share: float,
    min_score: float | None,
    dry_run: bool,
    show: int,
    root: str,
) -> None:
    """Reject pairs with odd length ratios, identical sides, the wrong script, or low scores."""
    rules = FilterRules(max_length_ratio, min_script_share, min_score)
    removed = filter_pairs(CorpusStore(corpus_path(name, root)), rules, dry_run)
    for rule, pairs in removed.items():
        click.echo(f"{rule:<13} {'would remove' if dry_run else 'removed'} {len(pairs)}")
        for pair in pairs[:show]:
            click.echo(f"    #{pair.id} {pair.source[:60]!r} → {pair.final_target[:60]!r}")
