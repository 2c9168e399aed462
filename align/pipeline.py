"""The main jobs, one library function each: ingest → segment → translate → embed → align → export.

- :func:`translate_and_align`: documents → their machine translations and aligned units. Each sentence
  is translated on its own, so every pair is 1-1 by construction and scored by the cosine of source
  and translation (the quality flag). ``align run``, ``corpus add`` (local or on a cluster) call it.
- :func:`align_files`: two files, a text and its human translation → aligned units, through the
  aligner's n-m search. ``align pair`` and ``corpus add-pair`` call it.

``align run`` (:mod:`align.run`) writes the first job's results as files and a corpus.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from align.align import AlignConfig, Aligner, score_links
from align.document import Document, Sentence, slugify
from align.embed import load_encoder
from align.embed.base import capped
from align.embed.memo import MemoEncoder
from align.errors import InputError
from align.export import units_from_alignment
from align.ingest import read_document, read_lines
from align.ingest.langid import detect_language
from align.languages import base_language
from align.records import FLAG_BELOW, Status, TranslationUnit
from align.segment import MAX_SENTENCE_CHARS, segment_document
from align.translate import DecodeOptions, DocumentTranslation, Translator, translators_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlignSettings:
    """How texts are aligned and flagged: the encoder, the aligner's settings, the flag threshold,
    whether embeddings go through the on-disk cache, whether human translations are aligned through
    the bridge (:mod:`align.embed.bridge`; an installed translation model for the pair)."""

    encoder: str = "auto"
    config: AlignConfig = field(default_factory=AlignConfig)
    flag_below: float = FLAG_BELOW
    cache: bool = True  # keep embeddings in the on-disk cache
    bridge: bool = False  # also compare the target with the source's machine translation

    def aligner(self, langs: tuple[str, str]) -> Aligner:
        """An aligner for a language pair (encoders are loaded once per process)."""
        return Aligner(load_encoder(self.encoder, langs, cache=self.cache), self.config)

    def scorer(self, langs: tuple[str, str], texts: list[str]) -> MemoEncoder:
        """The language pair's encoder with ``texts`` encoded in one call (as pairs are scored)."""
        return MemoEncoder(
            load_encoder(self.encoder, langs, cache=self.cache), capped(texts, MAX_SENTENCE_CHARS)
        )


def bridge_translations(langs: tuple[str, str], sentences: list[str]) -> list[str]:
    """Source sentences translated into the target language for the bridge (:mod:`align.embed.bridge`;
    greedy, as measured)."""
    return Translator(*langs, DecodeOptions(beam_size=1)).translate(sentences)


@dataclass
class DocumentResult:
    """One document's sentences, its translation and aligned units per target language, warnings;
    for a human translation, ``partner``: the translated document and its sentences."""

    document: Document
    sentences: list[Sentence]
    translations: dict[str, DocumentTranslation] = field(default_factory=dict)
    units: dict[str, list[TranslationUnit]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    partner: tuple[Document, list[Sentence]] | None = None


def translate_and_align(
    documents: list[Document],
    targets: tuple[str, ...] | list[str],
    settings: AlignSettings | None = None,
    translators: dict[tuple[str, str], Translator] | None = None,
) -> list[DocumentResult]:
    """Segment, translate (all sentences of one language pair in one batched call) and score each
    sentence with its translation. No file or database is touched: safe in any worker process."""
    settings = settings or AlignSettings()
    translators = translators if translators is not None else translators_for(documents, targets)
    results = [DocumentResult(doc, segment_document(doc)) for doc in documents]
    for target in targets:
        for lang in dict.fromkeys(r.document.lang for r in results):
            group = [r for r in results if r.document.lang == lang]
            translator = translators[lang, target]
            outputs = iter(translator.translate([s.text for r in group for s in r.sentences]))
            for result in group:
                translated = [next(outputs) for _ in result.sentences]
                translation = translator.translate_sentences_from(
                    result.document, result.sentences, translated
                )
                result.translations[target] = translation
            texts = [p.source for r in group for p in r.translations[target].pairs] + [
                p.translation for r in group for p in r.translations[target].pairs if p.translation.strip()
            ]
            encoder = settings.scorer((lang, target), texts)  # one encoder call for the whole group
            for result in group:
                translation = result.translations[target]
                result.units[target], warnings = _score_translation(translation, encoder, settings)
                result.warnings += [f"{result.document.id} → {target}: {w}" for w in warnings]
    return results


def _score_translation(
    translation: DocumentTranslation, encoder: MemoEncoder, settings: AlignSettings
) -> tuple[list[TranslationUnit], list[str]]:
    source = [Sentence(p.source, p.paragraph, p.index) for p in translation.pairs]
    target = [
        Sentence(p.translation, p.paragraph, p.index) for p in translation.pairs if p.translation.strip()
    ]
    kept = {s.index for s in target}
    links = list(zip([k for k, s in enumerate(source) if s.index in kept], range(len(target)), strict=True))
    langs = (translation.document.lang, translation.target)
    alignment = score_links(encoder, source, target, links, settings.config)
    units = units_from_alignment(
        alignment, source, target, translation.document.id, langs, translation.origin, settings.flag_below
    )
    warnings = language_warnings([s.text for s in source], [s.text for s in target], langs)
    if log.isEnabledFor(logging.INFO):  # counting costs a pass over the units: only for -v
        log.info(
            "%s %s-%s: %d pairs scored, %d flagged, median score %.2f",
            translation.document.id,
            *langs,
            sum(not u.is_null for u in units),
            sum(u.status is Status.FLAGGED for u in units),
            alignment.median_score,
        )
    return units, warnings + alignment.warnings


@dataclass
class PairResult:
    """Two documents aligned with each other: their sentences, units and warnings."""

    src_document: Document
    src_sentences: list[Sentence]
    tgt_document: Document
    tgt_sentences: list[Sentence]
    units: list[TranslationUnit]
    warnings: list[str]

    def as_document_result(self) -> DocumentResult:
        """The pair as a corpus build stores it: the source document, with the target as partner."""
        return DocumentResult(
            self.src_document,
            self.src_sentences,
            units={self.tgt_document.lang: self.units},
            warnings=self.warnings,
            partner=(self.tgt_document, self.tgt_sentences),
        )


def read_side(
    path: str | Path, lang: str, presplit: bool = False, fmt: str = "auto"
) -> tuple[Document, list[Sentence]]:
    """A document and its sentences: segmented, or one sentence per line with ``presplit``."""
    if not presplit:
        document = read_document(path, lang, fmt=fmt)
        return document, segment_document(document)
    lines = read_lines(path)
    name = slugify(Path(path).stem) if str(path) != "-" else "stdin"
    document = Document(name, lines[0] if lines else name, lang, ["\n".join(lines)], source=str(path))
    return document, [Sentence(text=text, paragraph=0, index=i) for i, text in enumerate(lines)]


def align_files(
    src: str | Path,
    tgt: str | Path,
    langs: tuple[str, str],
    settings: AlignSettings | None = None,
    presplit: bool = False,
    fmt: str = "auto",
    origin: str = "human",
) -> PairResult:
    """Align a text with its (human or post-edited) translation: read, segment (unless
    ``presplit``), search n-m beads. Units carry the documents' sentence ids."""
    return align_sides(*read_sides(src, tgt, langs, presplit, fmt), langs, settings, origin)


def read_sides(
    src: str | Path, tgt: str | Path, langs: tuple[str, str], presplit: bool = False, fmt: str = "auto"
) -> tuple[tuple[Document, list[Sentence]], tuple[Document, list[Sentence]]]:
    """Both texts of a pair, read with :func:`read_side` (at most one from stdin)."""
    if str(src) == "-" and str(tgt) == "-":
        raise InputError("only one of the two texts can be read from stdin")
    return read_side(src, langs[0], presplit, fmt), read_side(tgt, langs[1], presplit, fmt)


def align_sides(
    src: tuple[Document, list[Sentence]],
    tgt: tuple[Document, list[Sentence]],
    langs: tuple[str, str],
    settings: AlignSettings | None = None,
    origin: str = "human",
) -> PairResult:
    """Align two read documents (each with its sentences); see :func:`align_files`."""
    settings = settings or AlignSettings()
    (src_doc, src_sents), (tgt_doc, tgt_sents) = src, tgt
    bridge = bridge_translations(langs, [s.text for s in src_sents]) if settings.bridge else None
    alignment = settings.aligner(langs).align(src_sents, tgt_sents, *langs, bridge=bridge)
    units = units_from_alignment(
        alignment, src_sents, tgt_sents, src_doc.id, langs, origin, settings.flag_below
    )
    warnings = language_warnings([s.text for s in src_sents], [s.text for s in tgt_sents], langs)
    return PairResult(src_doc, src_sents, tgt_doc, tgt_sents, units, warnings + alignment.warnings)


def language_warnings(src: list[str], tgt: list[str], langs: tuple[str, str]) -> list[str]:
    """A warning per side whose text is confidently identified as another language than given."""
    warnings = []
    for side, texts, lang in (("source", src, langs[0]), ("target", tgt, langs[1])):
        try:
            found = detect_language(" ".join(texts[:50])[:3000]) if lang else None
        except InputError:
            found = None  # too short or ambiguous to tell
        if found and found != base_language(lang):
            warnings.append(
                f"the {side} text looks like '{found}', not '{lang}' as given (are the files swapped?)"
            )
    return warnings
