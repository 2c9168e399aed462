"""``align corpus``: build, curate, inspect and export parallel corpora (SQLite store)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import click

from align.align import AlignConfig
from align.align.matching import MatchConfig
from align.atomic import atomic_write_text
from align.cli.options import (
    bridge_option,
    encoder_option,
    flag_below_option,
    input_format_option,
    language_option,
    parse_langs,
    settings_option,
    source_option,
    targets_option,
)
from align.cli.output import fail_if_skipped, plural, say, warn, written
from align.corpus import (
    BuildOptions,
    BuildReport,
    CorpusStore,
    FilterRules,
    PairOptions,
    ShardSink,
    StoreSink,
    add_articles,
    add_human_pair,
    add_pairs,
    corpus_stats,
    dedupe,
    exportable_units,
    filter_pairs,
    format_stats,
    import_shards,
    pair_folders,
)
from align.corpus.store import database_files
from align.errors import InputError
from align.export import EXPORT_FORMATS, write_units
from align.home import CORPORA_VARIABLE, corpora_root
from align.ingest import find_articles
from align.languages import language_pair
from align.pipeline import AlignSettings
from align.progress import progress_bar
from align.records import Status


def corpus_path(name: str, root: str | None = None) -> Path:
    """``ROOT/NAME/corpus.db`` (ROOT: :func:`~align.home.corpora_root`); a NAME with a slash or
    ending in .db is used as a path."""
    if name.endswith(".db"):
        return Path(name)
    if "/" in name:
        return Path(name) / "corpus.db"
    return corpora_root(root)[0] / name / "corpus.db"


def existing_corpus(name: str, root: str | None = None) -> Path:
    """:func:`corpus_path` of a corpus that exists; else an input error saying which root was looked
    in, why, and how to create it there."""
    path = corpus_path(name, root)
    if path.is_file() or name.endswith(".db") or "/" in name:  # a path: the store says what is wrong
        return path
    folder, why = corpora_root(root)
    raise InputError(
        f"no corpus '{name}' in {folder} ({why}; --root DIR or {CORPORA_VARIABLE} picks another); "
        f"create it with: align corpus init {name}" + (f" --root {folder}" if why == "--root" else "")
    )


name_argument = click.argument("name")
root_option = click.option(
    "--root",
    default=None,
    help=f"Folder holding named corpora (default: ${CORPORA_VARIABLE}, else ./corpora).",
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


def build_options(command):
    """``--jobs``, ``--chunk``, ``--dask`` and ``--shards``: where a build runs and writes."""
    for option in reversed(
        [
            click.option(
                "--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
            ),
            click.option(
                "--chunk",
                default=8,
                show_default=True,
                type=click.IntRange(1, 1000),
                help="Documents (or pairs) worked on per batch.",
            ),
            click.option(
                "--dask",
                "dask_address",
                default=None,
                metavar="ADDRESS",
                help="Run the batches on a Dask cluster: its scheduler (tls://host:8786 with Dask's TLS "
                "configuration, or tcp://host:8786 on a network only you use), or local[:N] for N "
                "worker processes here (TLS, 1-64). Needs align[dask].",
            ),
            click.option(
                "--shards",
                "shards_dir",
                default=None,
                type=click.Path(file_okay=False),
                help="Write one Parquet file per batch into this folder instead of the corpus (load "
                "them with corpus import-shards, or export them with corpus export --shards). A re-run "
                "resumes.",
            ),
        ]
    ):
        command = option(command)
    return command


def _run_build(
    what: str,
    total: int,
    target: Path,
    shards_dir: str | None,
    dask_address: str | None,
    jobs: int,
    encoder: str,
    start: Callable[..., BuildReport],
) -> None:
    """Open the sink (store or shard folder) and the engine, run ``start(sink, engine=…, jobs=…,
    on_task=…)``, and report: counts on one line, each skipped input on its own; exit 2 when an
    input was skipped."""
    if dask_address and jobs > 1:
        raise click.UsageError("use --jobs or --dask, not both")
    sink: StoreSink | ShardSink = ShardSink(shards_dir) if shards_dir else StoreSink(CorpusStore(target))
    with contextlib.ExitStack() as stack:
        engine = None
        if dask_address:
            from align.corpus.cluster import DaskEngine

            engine = stack.enter_context(DaskEngine(dask_address, encoder))
        bar = stack.enter_context(progress_bar(total, desc=f"corpus {what}", unit="doc"))
        report = start(sink, engine=engine, jobs=jobs, on_task=bar.update)
    held = "in finished shards" if isinstance(sink, ShardSink) else "already stored"
    noun = "pair" if what == "add-pairs" else "document"
    line = f"{plural(report.processed, noun)} processed ({report.finished} {held}"
    if report.duplicates:
        line += f", {report.duplicates} repeated"
    line += f"), {plural(report.added, 'pair')} added"
    if isinstance(sink, ShardSink):
        line += f" in {plural(len(sink.written), 'new shard')} in {sink.folder}"
    say(line)
    fail_if_skipped(report.skipped, "the rest is stored")


@corpus.command("add")
@name_argument
@click.argument("inputs", nargs=-1, required=True)
@targets_option
@source_option
@encoder_option
@build_options
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
    """Translate and align INPUTS (files or folders) into corpus NAME; stored articles are passed
    over, unreadable ones skipped and named."""
    options = BuildOptions(tuple(parse_langs(targets)), AlignSettings(encoder, flag_below=flag_below), source)
    paths = find_articles(inputs)
    _run_build(
        "add",
        len(paths),
        corpus_path(name, root) if shards_dir else existing_corpus(name, root),
        shards_dir,
        dask_address,
        jobs,
        encoder,
        lambda sink, **kw: add_articles(paths, options, sink, chunk=chunk, **kw),
    )


@corpus.command("add-pairs")
@name_argument
@click.argument("src_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("tgt_dir", type=click.Path(exists=True, file_okay=False))
@language_option("--from", "src_lang", "Language of SRC_DIR's texts.", required=True)
@language_option("--to", "tgt_lang", "Language of TGT_DIR's translations.", required=True)
@click.option(
    "--pairs",
    "manifest",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="Pair the files listed in this TSV file, one 'source<TAB>target' line each (paths relative "
    "to SRC_DIR and TGT_DIR).",
)
@click.option(
    "--match",
    is_flag=True,
    help="Pair documents by content (multilingual embeddings and sentence order), one to one, "
    "whatever their names.",
)
@click.option(
    "--min-match",
    default=MatchConfig().min_match,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="With --match: the least confidence (estimated probability that the match is right) of a "
    "pair kept; documents under it stay unpaired.",
)
@click.option("--dry-run", is_flag=True, help="Print the pairing and store nothing.")
@click.option(
    "--report",
    "report_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the pairing as TSV: source, target, score; unpaired documents with the other side empty.",
)
@click.option("--presplit", is_flag=True, help="Inputs are one sentence per line; use them as they are.")
@input_format_option
@encoder_option
@settings_option
@bridge_option
@build_options
@flag_below_option
@root_option
def add_pairs_command(
    name: str,
    src_dir: str,
    tgt_dir: str,
    src_lang: str,
    tgt_lang: str,
    manifest: str | None,
    match: bool,
    min_match: float,
    dry_run: bool,
    report_path: str | None,
    presplit: bool,
    input_fmt: str,
    encoder: str,
    overrides: tuple[str, ...],
    bridge: bool,
    jobs: int,
    chunk: int,
    dask_address: str | None,
    shards_dir: str | None,
    flag_below: float,
    root: str,
) -> None:
    """Align the texts of SRC_DIR with their human translations in TGT_DIR and store the pairs.

    Files pair by name by default: the same relative path in both folders (a language tag aside:
    x.en.txt with x.ar.txt), or x.en.txt beside x.ar.txt when both folders are one. --pairs reads
    the pairs from a list, --match finds them by content."""
    if manifest and match:
        raise click.UsageError("use --pairs or --match, not both")
    langs = (src_lang, tgt_lang)
    settings = AlignSettings(encoder, AlignConfig.from_overrides(overrides), flag_below, bridge=bridge)
    method = "manifest" if manifest else "match" if match else "name"
    config = MatchConfig(min_match=min_match)
    options = PairOptions(settings, presplit, input_fmt)
    pairing = pair_folders(src_dir, tgt_dir, langs, method, manifest, options, config)
    if report_path:
        atomic_write_text(report_path, pairing.tsv())
    say(
        f"{plural(len(pairing.pairs), 'pair')}, {plural(len(pairing.unpaired_src), 'source')} and "
        f"{plural(len(pairing.unpaired_tgt), 'target')} unpaired (by {method})"
    )
    if dry_run:
        click.echo(pairing.tsv(), nl=False)
        return
    target = corpus_path(name, root) if shards_dir else existing_corpus(name, root)
    _run_build(
        "add-pairs",
        len(pairing.pairs) + len(pairing.unreadable),
        target,
        shards_dir,
        dask_address,
        jobs,
        encoder,
        lambda sink, **kw: add_pairs(sink, pairing, langs, options, chunk=chunk, **kw),
    )


@corpus.command("add-pair")
@name_argument
@click.argument("src", type=click.Path(exists=True, dir_okay=False))
@click.argument("tgt", type=click.Path(exists=True, dir_okay=False))
@language_option("--from", "src_lang", "Source language code.", required=True, aliases=("--src-lang",))
@language_option("--to", "tgt_lang", "Target language code.", required=True, aliases=("--tgt-lang",))
@click.option("--presplit", is_flag=True, help="Inputs are one sentence per line; use them as they are.")
@input_format_option
@encoder_option
@settings_option
@bridge_option
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
    overrides: tuple[str, ...],
    bridge: bool,
    flag_below: float,
    root: str,
) -> None:
    """Align an article SRC with its human translation TGT and store the pairs (many pairs at once:
    corpus add-pairs)."""
    store = CorpusStore(existing_corpus(name, root))
    options = PairOptions(
        AlignSettings(encoder, AlignConfig.from_overrides(overrides), flag_below, bridge=bridge),
        presplit,
        input_fmt,
    )
    added = add_human_pair(store, src, tgt, (src_lang, tgt_lang), options)
    say(f"{plural(added, 'pair')} added" if added else "already stored: nothing added")


@corpus.command("import-shards")
@name_argument
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@root_option
def import_shards_command(name: str, folder: str, root: str) -> None:
    """Load the Parquet shards of FOLDER (corpus add --shards, add-pairs --shards) into corpus NAME."""
    added = import_shards(CorpusStore(existing_corpus(name, root)), folder)
    say(f"{plural(added, 'pair')} added from {folder}")


@corpus.command("stats")
@name_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one record per language pair).")
@root_option
def stats(name: str, as_json: bool, root: str) -> None:
    """Per language pair: documents, units, words, score histogram, flagged and review states."""
    records = corpus_stats(CorpusStore(existing_corpus(name, root)))
    click.echo(json.dumps(records, ensure_ascii=False, indent=2) if as_json else format_stats(records))


@corpus.command("export")
@click.argument("name", required=False)
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
@click.option(
    "--shards",
    "shards_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False),
    help="Export from this folder of Parquet shards (corpus add --shards) instead of a corpus NAME.",
)
@click.option("-o", "--output", required=True, help="Output file (moses: a prefix).")
@root_option
def export(
    name: str | None,
    lang_pair: str,
    fmt: str,
    min_score: float | None,
    statuses: str,
    shards_dir: str | None,
    output: str,
    root: str,
) -> None:
    """Export pairs of one language pair from corpus NAME (or --shards DIR); reviewers' edits replace
    the machine text."""
    if (name is None) == (shards_dir is None):
        raise click.UsageError("give a corpus NAME or --shards DIR (one of them)")
    langs = language_pair(lang_pair)
    wanted = [Status.parse(x) for x in statuses.split(",") if x.strip()]
    if shards_dir is not None:
        from align.corpus.shards import shard_units

        folder = Path(shards_dir)
        units = shard_units(folder, langs, wanted, min_score)
        paths, count = write_units(units, fmt, output, langs, reading=[folder])
        say(f"{written(paths, output, count, fmt)} from the shards in {folder}")
        return
    path = existing_corpus(str(name), root)
    selected, empty_because = exportable_units(CorpusStore(path), langs, wanted, min_score)
    if empty_because:
        warn(empty_because)
    paths, count = write_units(selected, fmt, output, langs, reading=database_files(path))
    say(f"{written(paths, output, count, fmt)} from {path}")


@corpus.command("dedupe")
@name_argument
@click.option("--dry-run", is_flag=True, help="Only show what would be removed.")
@root_option
def dedupe_command(name: str, dry_run: bool, root: str) -> None:
    """Remove exact duplicate pairs (same languages and texts), keeping the best-scored copy."""
    removed = dedupe(CorpusStore(existing_corpus(name, root)), dry_run)
    say(f"{'would remove' if dry_run else 'removed'} {plural(removed.count, 'duplicate pair')}")


@corpus.command("filter")
@name_argument
@click.option(
    "--max-length-ratio",
    default=FilterRules.max_length_ratio,
    show_default=True,
    type=click.FloatRange(1.0),
    help="Reject pairs whose longer side has more than this many times the characters of the shorter.",
)
@click.option(
    "--min-script-share",
    default=FilterRules.min_script_share,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Reject pairs with less than this share of letters in their language's script on either side.",
)
@click.option(
    "--min-score", default=None, type=click.FloatRange(0, 1), help="Reject pairs scoring under this."
)
@click.option("--dry-run", is_flag=True, help="Only show what each rule would reject.")
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
    removed = filter_pairs(CorpusStore(existing_corpus(name, root)), rules, dry_run, examples=show)
    for rule, found in removed.items():
        click.echo(f"{rule:<13} {'would reject' if dry_run else 'rejected'} {found.count}")
        for pair in found.examples:
            click.echo(f"    #{pair.id} {pair.source[:60]!r} → {pair.final_target[:60]!r}")
