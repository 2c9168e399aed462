"""Adding articles to a corpus: the main job (:func:`align.pipeline.translate_and_align`) over
batches of documents, merged into the store, resumable.

Work is split into chunks of documents; each chunk is processed by :func:`process_partition` (no
database access: safe in any worker) and its results are merged into the store by
:func:`merge_results`, one transaction per document. A local ``--jobs N`` run maps chunks over
worker processes. A document already stored (same checksum and target language) is skipped, so an
interrupted run simply resumes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from align.corpus.store import CorpusStore
from align.cpu import share_cores
from align.document import Document
from align.ingest import read_document
from align.pipeline import AlignSettings, DocumentResult, align_sides, read_side, translate_and_align


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


def pending_documents(store: CorpusStore, paths: list[str], options: BuildOptions) -> list[Document]:
    """Articles not yet stored for every target language (each read once, here)."""
    todo = []
    for path in paths:
        document = read_document(path, options.source_lang)
        doc_id = store.document_id(document.checksum)
        if doc_id is None or not all(store.has_pairs(doc_id, t) for t in options.targets):
            todo.append(document)
    return todo


def add_articles(
    store: CorpusStore,
    paths: list[str],
    options: BuildOptions,
    jobs: int = 1,
    chunk: int = 8,
    on_document: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Add articles (skipping stored ones); returns ``(documents processed, pairs added)``."""
    todo = pending_documents(store, paths, options)
    chunks = [todo[i : i + chunk] for i in range(0, len(todo), chunk)]
    added = 0
    if jobs <= 1:
        for part in chunks:
            added += merge_results(store, process_partition(part, options))
            if on_document:
                on_document(len(part))
        return len(todo), added
    env_home = os.environ.get("ALIGN_HOME")
    # spawn, not fork: a forked child inherits BLAS and CTranslate2 thread state and can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_init, initargs=(env_home, jobs)
    ) as pool:
        for part, results in zip(
            chunks, pool.map(process_partition, chunks, [options] * len(chunks)), strict=True
        ):
            added += merge_results(store, results)
            if on_document:
                on_document(len(part))
    return len(todo), added


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
    src_side, tgt_side = read_side(src, langs[0], presplit, fmt), read_side(tgt, langs[1], presplit, fmt)
    if store.has_human_pair(src_side[0].checksum, tgt_side[0].checksum):
        return 0
    result = align_sides(src_side, tgt_side, langs, settings)
    with store.transaction():
        src_id = store.add_document(result.src_document, result.src_sentences)
        tgt_id = store.add_document(result.tgt_document, result.tgt_sentences)
        return store.add_pairs(src_id, result.units, target_document_id=tgt_id)
