"""Adding articles to a corpus: the main job (:func:`align.pipeline.translate_and_align`) over
batches of documents, merged into the store, resumable.

Work is split into chunks of documents; each chunk is processed by :func:`process_partition` (no
database access: safe in any worker) and its results are merged into the store by
:func:`merge_results`, one transaction per document, in input order. ``--jobs N`` maps chunks over
local worker processes, ``--dask`` over a Dask cluster (:mod:`align.corpus.cluster`). A document
already stored (same checksum and target language) is skipped, so an interrupted run resumes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from align.corpus.store import CorpusStore
from align.cpu import share_cores
from align.document import Document
from align.ingest import read_document
from align.pipeline import AlignSettings, DocumentResult, align_sides, read_sides, translate_and_align

T = TypeVar("T")


@dataclass(frozen=True)
class BuildOptions:
    """What ``corpus add`` makes: target languages, alignment settings, the source language if known."""

    targets: tuple[str, ...]
    settings: AlignSettings = field(default_factory=AlignSettings)
    source_lang: str | None = None


def process_partition(documents: list[Document], options: BuildOptions) -> list[DocumentResult]:
    """Translate and align a batch of documents (no database access: safe in any worker)."""
    return translate_and_align(documents, options.targets, options.settings)


def merge_results(store: CorpusStore, results: Iterable[DocumentResult]) -> int:
    """Write results into the store, one transaction per document; returns pairs added."""
    added = 0
    for result in results:
        with store.transaction():
            doc_id = store.add_document(result.document, result.sentences)
            for target, units in result.units.items():
                if not store.has_pairs(doc_id, target):
                    added += store.add_pairs(doc_id, units)
    return added


def pending_documents(
    store: CorpusStore, paths: Iterable[str], options: BuildOptions
) -> Iterator[Document | None]:
    """Each article read once, in order: the document when it still needs work for some target
    language, None when it is stored for every one."""
    for path in paths:
        document = read_document(path, options.source_lang)
        doc_id = store.document_id(document.checksum)
        if doc_id is None or not all(store.has_pairs(doc_id, t) for t in options.targets):
            yield document
        else:
            yield None


def add_articles(
    store: CorpusStore,
    paths: list[str],
    options: BuildOptions,
    jobs: int = 1,
    chunk: int = 8,
    on_document: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> tuple[int, int]:
    """Add articles (skipping stored ones); returns ``(documents processed, pairs added)``.

    Articles are read and batched as the work proceeds, and at most a few batches per worker are in
    flight, so memory does not grow with the number of articles. Results are merged in input order
    (document ids, hence exports, do not depend on which worker finished first). ``engine`` runs
    the batches elsewhere (:mod:`align.corpus.cluster`); else ``jobs`` local processes."""
    progress = on_document or (lambda _n: None)
    state = {"todo": 0}

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for document in pending_documents(store, paths, options):
            if document is None:
                progress(1)
                continue
            state["todo"] += 1
            batch.append(document)
            if len(batch) == chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    added = 0
    for results in run_batches(batches(), options, jobs, engine):
        added += merge_results(store, results)
        progress(len(results))
    return state["todo"], added


def write_shards(
    paths: list[str],
    options: BuildOptions,
    folder: Path,
    jobs: int = 1,
    chunk: int = 8,
    on_document: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> tuple[int, int]:
    """``corpus add --shards``: one Parquet shard per batch of ``chunk`` articles (numbered over
    ``paths``) instead of the store; batches whose shard exists are skipped, so a re-run resumes.
    Returns ``(documents processed, shards written)``."""
    from align.corpus.shards import shard_path, write_shard

    progress = on_document or (lambda _n: None)
    numbered = [(k, paths[start : start + chunk]) for k, start in enumerate(range(0, len(paths), chunk))]
    todo = []
    for k, part in numbered:
        if shard_path(folder, k).exists():
            progress(len(part))
        else:
            todo.append((k, part))
    batches = ([read_document(p, options.source_lang) for p in part] for _, part in todo)
    documents = 0
    for (k, _), results in zip(todo, run_batches(batches, options, jobs, engine), strict=True):
        write_shard(shard_path(folder, k), results)
        documents += len(results)
        progress(len(results))
    return documents, len(todo)


def run_batches(
    batches: Iterable[list[Document]], options: BuildOptions, jobs: int = 1, engine: Engine | None = None
) -> Iterator[list[DocumentResult]]:
    """Results of :func:`process_partition` on each batch, in input order: here, on ``jobs`` local
    processes, or on ``engine``."""
    if engine is None and jobs <= 1:
        for batch in batches:
            yield process_partition(batch, options)
        return
    if engine is not None:  # the caller's engine: the caller closes it
        yield from engine.map_ordered(process_partition, batches, options)
        return
    with LocalEngine(jobs) as runner:
        yield from runner.map_ordered(process_partition, batches, options)


class Engine(Protocol):
    """Runs batches of documents somewhere and hands results back in input order."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def map_ordered(
        self,
        work: Callable[[list[Document], BuildOptions], list[DocumentResult]],
        batches: Iterable[list[Document]],
        options: BuildOptions,
    ) -> Iterator[list[DocumentResult]]: ...


class LocalEngine:
    """``--jobs N``: N spawned worker processes on this machine, each with its share of the cores."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        # spawn, not fork: a forked child inherits BLAS and CTranslate2 thread state and can deadlock.
        context = multiprocessing.get_context("spawn")
        home = os.environ.get("ALIGN_HOME")
        self.pool = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_worker_init, initargs=(home, jobs)
        )

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(cancel_futures=True)

    def map_ordered(
        self,
        work: Callable[[list[Document], BuildOptions], list[DocumentResult]],
        batches: Iterable[list[Document]],
        options: BuildOptions,
    ) -> Iterator[list[DocumentResult]]:
        return ordered_window(lambda batch: self.pool.submit(work, batch, options), batches, 2 * self.jobs)


def ordered_window(submit: Callable[[T], Future], items: Iterable[T], window: int) -> Iterator:
    """Submit ``items`` with at most ``window`` in flight; yield results in input order."""
    pending: deque[Future] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _worker_init(home: str | None, workers: int) -> None:
    share_cores(workers)
    if home:
        os.environ["ALIGN_HOME"] = home


def add_human_pair(
    store: CorpusStore,
    src: str | Path,
    tgt: str | Path,
    langs: tuple[str, str],
    settings: AlignSettings | None = None,
    presplit: bool = False,
    fmt: str = "auto",
) -> int:
    """Align an article with its published (human) translation and store the pairs; returns pairs added
    (0 when the two documents are already stored together). ``presplit``: one sentence per line."""
    src_side, tgt_side = read_sides(src, tgt, langs, presplit, fmt)
    if store.has_human_pair(src_side[0].checksum, tgt_side[0].checksum):
        return 0
    result = align_sides(src_side, tgt_side, langs, settings)
    with store.transaction():
        src_id = store.add_document(result.src_document, result.src_sentences)
        tgt_id = store.add_document(result.tgt_document, result.tgt_sentences)
        return store.add_pairs(src_id, result.units, target_document_id=tgt_id)
