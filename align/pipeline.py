"""The main job, ``align run``: ingest → segment → translate → embed → align → export.

For each article and target language: translate sentence by sentence, which makes every pair 1-1
by construction, score each pair by the cosine of source and translation (the quality flag), then
write the translated text, sentence JSONL, one TMX for all, and a summary. Human translations,
whose sentences do not map one to one, go through the aligner's search instead (``align pair``).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from align.align import AlignConfig, Aligner
from align.atomic import atomic_write_text, staged_directory
from align.document import Document, Sentence
from align.embed import load_encoder
from align.export import TranslationUnit, units_from_alignment, write_lines, write_tmx
from align.export.formats import format_jsonl
from align.progress import progress
from align.segment import segment_document
from align.translate import DecodeOptions, DocumentTranslation, Translator, write_translation


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


@dataclass
class DocumentResult:
    """One document's sentences and its aligned units per target language."""

    document: Document
    sentences: list[Sentence]
    units: dict[str, list[TranslationUnit]] = field(default_factory=dict)


def translation_sides(translation: DocumentTranslation) -> tuple[list[str], list[str]]:
    """Source sentences and their translations, index for index (empty where nothing came out)."""
    return [p.source for p in translation.pairs], [p.translation for p in translation.pairs]


def align_translation(
    translation: DocumentTranslation, aligner: Aligner, flag_below: float
) -> tuple[list[TranslationUnit], list[str]]:
    """Units of a document and its sentence-by-sentence machine translation; plus any warnings."""
    src, tgt = translation_sides(translation)
    alignment = aligner.score_pairs(src, tgt, translation.document.lang, translation.target)
    units = units_from_alignment(
        alignment,
        src,
        tgt,
        translation.document.id,
        translation.document.lang,
        translation.target,
        origin=translation.origin,
        flag_below=flag_below,
    )
    return units, [f"{translation.document.id} → {translation.target}: {w}" for w in alignment.warnings]


def run(
    documents: list[Document],
    targets: list[str],
    out_dir: str | Path,
    encoder: str = "auto",
    options: DecodeOptions | None = None,
    config: AlignConfig | None = None,
    flag_below: float = 0.5,
    name: str = "corpus",
) -> RunSummary:
    """Translate every document into every target, align, and export into ``out_dir`` (every file of the
    run appears together at the end; an interrupted or failed run leaves the folder as it was)."""
    summary = RunSummary(documents=len(documents))
    translators: dict[tuple[str, str], Translator] = {}
    for document in documents:  # fail early on missing models, before any work
        for target in targets:
            key = (document.lang, target)
            if key not in translators:
                translators[key] = Translator(document.lang, target, options)
    with staged_directory(out_dir) as stage:
        results = _run(documents, targets, translators, stage, encoder, config, flag_below, name, summary)
    final = Path(out_dir)
    summary.files = [str(final / Path(p).name) for p in summary.files]
    # The run is also a corpus (one article or several): `align review NAME` opens it, and running
    # again into the same folder adds to it instead of replacing it.
    from align.corpus.build import merge_results
    from align.corpus.store import CorpusStore

    store = CorpusStore(final / "corpus.db", create=True)
    try:
        merge_results(store, results)
    finally:
        store.close()
    summary.files.append(str(final / "corpus.db"))
    return summary


def _run(
    documents: list[Document],
    targets: list[str],
    translators: dict[tuple[str, str], Translator],
    out: Path,
    encoder: str,
    config: AlignConfig | None,
    flag_below: float,
    name: str,
    summary: RunSummary,
) -> list[DocumentResult]:
    aligners: dict[str, Aligner] = {}
    units: list[TranslationUnit] = []
    results: list[DocumentResult] = []
    src_langs = {d.lang for d in documents}
    for document in progress(documents, desc="align run", unit="doc"):
        sentences = segment_document(document)
        results.append(DocumentResult(document, sentences))
        for target in targets:
            translation = translators[document.lang, target].translate_sentences(document, sentences)
            summary.files.extend(str(p) for p in write_translation(translation, out))
            langs = (document.lang, target)
            key = "|".join(langs)
            if key not in aligners:
                aligners[key] = Aligner(load_encoder(encoder, langs), config)
            doc_units, warnings = align_translation(translation, aligners[key], flag_below)
            units.extend(doc_units)
            results[-1].units[target] = doc_units
            summary.warnings.extend(warnings)
    for target in targets:
        pairs = [u for u in units if u.tgt_lang == target and not u.is_null]
        summary.pairs[target] = len(pairs)
        summary.flagged[target] = sum(u.status == "flagged" for u in pairs)
        summary.median_score[target] = round(statistics.median(u.score for u in pairs), 3) if pairs else 0.0
    for src_lang in sorted(src_langs):
        suffix = "" if len(src_langs) == 1 else f".{src_lang}"
        tmx_path = out / f"{name}{suffix}.tmx"
        write_tmx(tmx_path, [u for u in units if u.src_lang == src_lang], src_lang)
        summary.files.append(str(tmx_path))
    jsonl_path = write_lines(out / f"{name}.units.jsonl", format_jsonl(units))
    summary.files.append(str(jsonl_path))
    summary_path = out / f"{name}.summary.json"
    summary.files.append(str(summary_path))
    names = [Path(p).name for p in summary.files] + ["corpus.db"]  # names, as moved; the corpus last
    atomic_write_text(
        summary_path, json.dumps({**summary.as_dict(), "files": names}, ensure_ascii=False, indent=2) + "\n"
    )
    return results
