"""``align run``: translate articles, align each with its translations, and write the results together:
translated text, sentence JSONL, one TMX for all, a summary, and a corpus (``corpus.db``) that
``align review`` and ``align corpus`` open. An interrupted or failed run leaves the folder as it was.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from align.atomic import atomic_write_text, staged_directory
from align.corpus.build import BuildOptions, build
from align.corpus.curate import exportable_units
from align.corpus.sinks import ListSink, merge_results
from align.corpus.store import CorpusStore
from align.document import Document
from align.export import write_lines, write_tmx
from align.export.formats import format_jsonl
from align.pipeline import AlignSettings, DocumentResult
from align.progress import progress_bar
from align.records import Status, TranslationUnit
from align.translate import DecodeOptions, translators_for, write_translation


@dataclass
class RunSummary:
    """What ``align run`` produced: counts per language and where the files are."""

    documents: int = 0
    pairs: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)
    median_score: dict[str, float] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def run(
    documents: list[Document],
    targets: list[str],
    out_dir: str | Path,
    settings: AlignSettings | None = None,
    options: DecodeOptions | None = None,
    name: str = "corpus",
) -> RunSummary:
    """Translate every document into every target, align, and export into ``out_dir`` (every file of the
    run appears together at the end; an interrupted or failed run leaves the folder as it was)."""
    translators_for(documents, targets, options)  # missing models fail before any work
    sink = ListSink()
    build_options = BuildOptions(tuple(targets), settings or AlignSettings(), decode=options)
    with progress_bar(len(documents), desc="align run", unit="doc") as bar:
        report = build(documents, build_options, sink, on_task=bar.update)
    results = sink.results
    summary = RunSummary(documents=len(results), warnings=[w for r in results for w in r.warnings])
    if report.duplicates:
        summary.warnings.append(f"{report.duplicates} repeated articles (same text) translated once")
    with staged_directory(out_dir) as stage:
        _write_run(results, targets, stage, name, summary)
    final = Path(out_dir)
    summary.files = [str(final / Path(p).name) for p in summary.files]
    # The run is also a corpus (one article or several): `align review NAME` opens it, and running
    # again into the same folder adds to it instead of replacing it.
    store = CorpusStore(final / "corpus.db", create=True)
    try:
        merge_results(store, results)
    finally:
        store.close()
    summary.files.append(str(final / "corpus.db"))
    return summary


def _write_run(
    results: list[DocumentResult], targets: list[str], out: Path, name: str, summary: RunSummary
) -> None:
    units = [u for r in results for target in targets for u in r.units[target]]
    for result in results:
        for target in targets:
            written = write_translation(result.translations[target], out, force=True)  # the run's own folder
            summary.files.extend(str(p) for p in written)
    _count(units, targets, summary)
    summary.files.extend(str(p) for p in _write_units(units, out, name))
    summary_path = out / f"{name}.summary.json"
    summary.files.append(str(summary_path))
    names = [Path(p).name for p in summary.files] + ["corpus.db"]  # names, as moved; the corpus last
    atomic_write_text(
        summary_path, json.dumps({**summary.as_dict(), "files": names}, ensure_ascii=False, indent=2) + "\n"
    )


def _count(units: list[TranslationUnit], targets: list[str], summary: RunSummary) -> None:
    for target in targets:
        pairs = [u for u in units if u.tgt_lang == target and not u.is_null]
        summary.pairs[target] = len(pairs)
        summary.flagged[target] = sum(u.status is Status.FLAGGED for u in pairs)
        summary.median_score[target] = round(statistics.median(u.score for u in pairs), 3) if pairs else 0.0


def _write_units(units: list[TranslationUnit], out: Path, name: str) -> list[Path]:
    """One TMX per source language (``NAME.tmx``, or ``NAME.LANG.tmx`` for several) and the units JSONL."""
    paths = []
    src_langs = sorted({u.src_lang for u in units})
    for src_lang in src_langs:
        suffix = "" if len(src_langs) == 1 else f".{src_lang}"
        tmx_path = out / f"{name}{suffix}.tmx"
        write_tmx(tmx_path, [u for u in units if u.src_lang == src_lang], src_lang)
        paths.append(tmx_path)
    paths.append(write_lines(out / f"{name}.units.jsonl", format_jsonl(units)))
    return paths


def run_name(folder: str | Path) -> str | None:
    """The name of the run whose files are in ``folder`` (its ``NAME.summary.json``), else None."""
    found = sorted(Path(folder).glob("*.summary.json"))
    return found[0].name.removesuffix(".summary.json") if found else None


def refresh_run(folder: str | Path) -> list[Path]:
    """Re-write a run's TMX, units JSONL and summary counts from its ``corpus.db``: reviewers' edits in,
    rejected pairs out. Returns the files written ([] when ``folder`` holds no run)."""
    out = Path(folder)
    name = run_name(out)
    if name is None or not (out / "corpus.db").is_file():
        return []
    summary_path = out / f"{name}.summary.json"
    record = json.loads(summary_path.read_text(encoding="utf-8"))
    store = CorpusStore(out / "corpus.db")
    try:
        units = [u for langs in store.language_pairs() for u in exportable_units(store, langs)[0]]
    finally:
        store.close()
    summary = RunSummary(documents=int(record.get("documents", 0)))
    _count(units, sorted({u.tgt_lang for u in units}), summary)
    written = _write_units(units, out, name)
    record.update(pairs=summary.pairs, flagged=summary.flagged, median_score=summary.median_score)
    atomic_write_text(summary_path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return [*written, summary_path]
