"""Adding articles to a corpus: the ``align run`` pipeline, batched across documents, resumable.

Work is split into partitions of documents (:func:`partition`); each partition is processed by
:func:`process_partition` (translate all sentences of the partition per language pair in one
batched call, pre-encode all alignment texts in one encoder call, align each document) and its
results are merged into the store by :func:`merge_results`, one transaction per document. A local
``--jobs N`` run maps partitions over worker processes; a distributed engine (Dask, Ray) maps the
same function over its workers. A document already stored (same checksum and target language) is
skipped, so an interrupted run simply resumes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from align.align import AlignConfig, Aligner
from align.corpus.store import CorpusStore
from align.cpu import share_cores
from align.document import Document, Sentence, slugify
from align.embed import load_encoder
from align.export import units_from_alignment
from align.ingest import read_document, read_lines
from align.pipeline import DocumentResult, align_translation, translation_sides
from align.segment import segment_document
from align.translate import Translator


@dataclass(frozen=True)
class BuildOptions:
    targets: tuple[str, ...]
    encoder: str = "auto"
    flag_below: float = 0.5
    source_lang: str | None = None


def partition(items: list, parts: int) -> list[list]:
    """Split ``items`` into ``parts`` contiguous, nearly equal partitions (order kept)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (k < extra)
        out.append(items[start:end])
        start = end
    return [p for p in out if p]


def process_partition(documents: list[Document], options: BuildOptions) -> list[DocumentResult]:
    """Translate and align a partition of documents (no database access: safe in any worker)."""
    results = [DocumentResult(doc, segment_document(doc)) for doc in documents]
    by_lang: dict[str, list[DocumentResult]] = {}
    for result in results:
        by_lang.setdefault(result.document.lang, []).append(result)
    aligners: dict[tuple[str, str], Aligner] = {}
    for target in options.targets:
        for lang, group in by_lang.items():
            translator = Translator(lang, target)
            flat = translator.translate([s.text for r in group for s in r.sentences])
            key = (lang, target)
            if key not in aligners:
                aligners[key] = Aligner(load_encoder(options.encoder, key), AlignConfig())
            aligner = aligners[key]
            translations, offset = [], 0
            for result in group:
                outputs = flat[offset : offset + len(result.sentences)]
                offset += len(result.sentences)
                translation = translator.translate_sentences_from(result.document, result.sentences, outputs)
                translations.append(translation)
            # One encoder call for every sentence the partition's scores need (the cache serves them).
            texts = []
            for translation in translations:
                src, tgt = translation_sides(translation)
                texts += src + [text for text in tgt if text.strip()]
            if texts and aligner.encoder is not None:
                aligner.encoder.encode(texts)
            for result, translation in zip(group, translations, strict=True):
                result.units[target], _ = align_translation(translation, aligner, options.flag_below)
    return results


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


def _read_side(path: str | Path, lang: str, presplit: bool, fmt: str) -> tuple[Document, list[Sentence]]:
    if not presplit:
        document = read_document(path, lang, fmt=fmt)
        return document, segment_document(document)
    lines = read_lines(path)
    name = slugify(Path(path).stem) if str(path) != "-" else "stdin"
    document = Document(name, lines[0] if lines else name, lang, ["\n".join(lines)], source=str(path))
    return document, [Sentence(text=text, paragraph=0, index=i) for i, text in enumerate(lines)]


def add_human_pair(
    store: CorpusStore,
    src: str | Path,
    tgt: str | Path,
    src_lang: str,
    tgt_lang: str,
    encoder: str = "auto",
    flag_below: float = 0.5,
    presplit: bool = False,
    fmt: str = "auto",
) -> int:
    """Align an article with its published (human) translation and store the pairs; returns pairs added.
    ``presplit``: the files hold one sentence per line, used as they are."""
    src_doc, src_sents = _read_side(src, src_lang, presplit, fmt)
    tgt_doc, tgt_sents = _read_side(tgt, tgt_lang, presplit, fmt)
    src_id, tgt_id = store.document_id(src_doc.checksum), store.document_id(tgt_doc.checksum)
    if src_id is not None and tgt_id is not None:
        row = store.db.execute(
            "SELECT 1 FROM pairs WHERE document_id = ? AND target_document_id = ? LIMIT 1", (src_id, tgt_id)
        ).fetchone()
        if row:
            return 0
    aligner = Aligner(load_encoder(encoder, (src_lang, tgt_lang)), AlignConfig())
    alignment = aligner.align(
        [s.text for s in src_sents],
        [s.text for s in tgt_sents],
        src_lang,
        tgt_lang,
        [s.paragraph for s in src_sents],
        [s.paragraph for s in tgt_sents],
    )
    units = units_from_alignment(
        alignment,
        [s.text for s in src_sents],
        [s.text for s in tgt_sents],
        src_doc.id,
        src_lang,
        tgt_lang,
        "human",
        flag_below,
    )
    with store.transaction():
        src_id = store.add_document(src_doc, src_sents)
        tgt_id = store.add_document(tgt_doc, tgt_sents)
        return store.add_pairs(src_id, units, target_document_id=tgt_id)
