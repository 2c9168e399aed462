"""The build loop: every way of filling a corpus is one call of :func:`build`.

``align run``, ``corpus add`` and ``corpus add-pairs``, on one process, ``--jobs N`` local processes
or a Dask cluster, into the store, into Parquet shards or into memory, all go through it:

1. the client reads each input into a task (a :class:`~align.document.Document` to translate, or a
   :class:`PairTask`: a text and its human translation); an input that cannot be read is skipped
   and named, and the rest goes on;
2. a task the sink already holds (keyed by content, so a re-run resumes exactly whatever changed
   between runs) or that repeats an earlier input of the run is passed over;
3. the rest is batched and each batch goes to a work function (:func:`translate_batch`,
   :func:`align_batch`) here or on an engine: no file or database access there;
4. results come back in input order and the sink (:mod:`align.corpus.sinks`), the single writer,
   stores them, so every engine writes the same thing.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from align.cpu import share_cores
from align.document import Document, Sentence
from align.errors import InputError
from align.ingest import read_document
from align.pipeline import AlignSettings, DocumentResult, align_sides, translate_and_align
from align.records import Skipped
from align.translate import DecodeOptions, translators_for

T = TypeVar("T")
Side = tuple[Document, list[Sentence]]


@dataclass(frozen=True)
class BuildOptions:
    """What a build makes: target languages (machine translation), alignment settings, the source
    language if known, decoding settings."""

    targets: tuple[str, ...] = ()
    settings: AlignSettings = field(default_factory=AlignSettings)
    source_lang: str | None = None
    decode: DecodeOptions | None = None


@dataclass(frozen=True)
class PairTask:
    """A text and its human translation, read and segmented: one unit of ``add-pairs`` work."""

    src: Side
    tgt: Side

    @property
    def langs(self) -> tuple[str, str]:
        return self.src[0].lang, self.tgt[0].lang


Task = Document | PairTask


def _key(document: Document, partner: Document | None, targets: Iterable[str]) -> str:
    """``SRC>TGT``, both checksums of a text and its translation; or ``CHECKSUM:LANG,LANG``, a
    document's checksum with the languages it is translated into."""
    if partner is not None:
        return f"{document.checksum}>{partner.checksum}"
    return f"{document.checksum}:{','.join(targets)}"


def task_key(task: Task, targets: tuple[str, ...]) -> str:
    """What identifies a task's output by content (:func:`_key`)."""
    if isinstance(task, PairTask):
        return _key(task.src[0], task.tgt[0], ())
    return _key(task, None, targets)


def result_key(result: DocumentResult) -> str:
    """:func:`task_key` of the task that gave ``result``."""
    return _key(result.document, result.partner[0] if result.partner else None, result.units)


@dataclass
class BuildReport:
    """What a build did: tasks worked on, already held by the sink, repeated inputs, units written,
    inputs skipped."""

    processed: int = 0
    finished: int = 0
    duplicates: int = 0
    added: int = 0
    skipped: list[Skipped] = field(default_factory=list)


class Sink(Protocol):
    """Where results go (the single writer): the store, a shard folder, a list."""

    def holds(self, key: str) -> bool:
        """Whether the output of the task keyed ``key`` is already stored."""
        ...

    def write(self, results: list[DocumentResult]) -> int:
        """Store one batch's results (in input order); return the units added."""
        ...


def read_each(
    items: Iterable[T], read: Callable[[T], Task], label: Callable[[T], str] = str
) -> Iterator[Task | Skipped]:
    """``read(item)`` for each item; an item whose reading fails with an input error is skipped
    with its one-line reason."""
    for item in items:
        try:
            yield read(item)
        except InputError as exc:
            yield Skipped.of(label(item), exc)


def translate_batch(documents: list[Task], options: BuildOptions) -> list[DocumentResult]:
    """Translate and align a batch of documents (no file or database access: safe in any worker)."""
    docs = [d for d in documents if isinstance(d, Document)]
    translators = translators_for(docs, options.targets, options.decode)
    return translate_and_align(docs, options.targets, options.settings, translators)


def align_batch(tasks: list[Task], options: BuildOptions) -> list[DocumentResult]:
    """Align each text of a batch with its human translation (safe in any worker)."""
    return [
        align_sides(t.src, t.tgt, t.langs, options.settings).as_document_result()
        for t in tasks
        if isinstance(t, PairTask)
    ]


Work = Callable[[list[Task], BuildOptions], list[DocumentResult]]


def build(
    tasks: Iterable[Task | Skipped],
    options: BuildOptions,
    sink: Sink,
    *,
    jobs: int = 1,
    chunk: int = 8,
    engine: Engine | None = None,
    on_task: Callable[[int], None] | None = None,
) -> BuildReport:
    """Run every task the sink does not hold yet and write the results through ``sink``.

    Tasks are read and batched as the work proceeds, with a few batches per worker in flight, so
    memory does not grow with the number of inputs. A batch holds documents or pairs, not both.
    ``engine`` runs the batches elsewhere (:mod:`align.corpus.cluster`); else ``jobs`` local
    processes. ``on_task(n)`` is told of every ``n`` inputs done, skipped or passed over."""
    progress = on_task or (lambda _n: None)
    report = BuildReport()
    seen: set[str] = set()

    def batches() -> Iterator[list[Task]]:
        batch: list[Task] = []
        for task in tasks:
            if isinstance(task, Skipped):
                report.skipped.append(task)
                progress(1)
                continue
            key = task_key(task, options.targets)
            if key in seen:
                report.duplicates += 1
                progress(1)
                continue
            seen.add(key)
            if sink.holds(key):
                report.finished += 1
                progress(1)
                continue
            if batch and isinstance(batch[0], PairTask) != isinstance(task, PairTask):
                yield batch
                batch = []
            report.processed += 1
            batch.append(task)
            if len(batch) == chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    for results in run_batches(batches(), options, jobs, engine):
        report.added += sink.write(results)
        progress(len(results))
    return report


def add_articles(
    paths: Iterable[str],
    options: BuildOptions,
    sink: Sink,
    *,
    jobs: int = 1,
    chunk: int = 8,
    engine: Engine | None = None,
    on_task: Callable[[int], None] | None = None,
) -> BuildReport:
    """Translate and align articles (``corpus add``) into ``sink``: an unreadable article is skipped
    and named, one the sink holds is passed over."""
    tasks = read_each(paths, lambda path: read_document(path, options.source_lang))
    return build(tasks, options, sink, jobs=jobs, chunk=chunk, engine=engine, on_task=on_task)


def work_for(batch: list[Task]) -> Work:
    """The work function a batch needs."""
    return align_batch if isinstance(batch[0], PairTask) else translate_batch


def run_batches(
    batches: Iterable[list[Task]], options: BuildOptions, jobs: int = 1, engine: Engine | None = None
) -> Iterator[list[DocumentResult]]:
    """The results of each batch's work, in input order: here, on ``jobs`` local processes, or on
    ``engine`` (which the caller closes)."""
    if engine is not None:
        yield from engine.map_ordered(batches, options)
    elif jobs <= 1:
        for batch in batches:
            yield work_for(batch)(batch, options)
    else:
        with LocalEngine(jobs) as runner:
            yield from runner.map_ordered(batches, options)


class Engine(Protocol):
    """Runs batches somewhere and hands results back in input order."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def map_ordered(
        self, batches: Iterable[list[Task]], options: BuildOptions
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
        self, batches: Iterable[list[Task]], options: BuildOptions
    ) -> Iterator[list[DocumentResult]]:
        return ordered_window(
            lambda batch: self.pool.submit(work_for(batch), batch, options), batches, 2 * self.jobs
        )


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
