"""Batched sentence translation with CTranslate2, using Argos packages (direct or pivot routes).

argostranslate's own path splits text with stanza/spaCy/minisbd, which download at run time; here
the project's segmenter splits, and every sentence of a document goes to CTranslate2 in one
length-sorted batched call per model hop.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from functools import lru_cache

from align.cpu import thread_budget
from align.document import Document, Sentence
from align.errors import ModelError
from align.languages import sentence_joiner
from align.progress import progress
from align.segment import segment_document
from align.translate.packages import ModelPackage, find_route

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecodeOptions:
    """CTranslate2 decoding settings (beam 4 and length penalty 0.2 match argostranslate)."""

    beam_size: int = 4
    length_penalty: float = 0.2
    batch_tokens: int = 2048
    max_decoding_length: int = 512
    compute_type: str = "auto"
    threads: int = 0  # 0: align.cpu.thread_budget() (ALIGN_THREADS, else every core)


class _Model:
    """One loaded package: a CTranslate2 translator plus its SentencePiece model."""

    def __init__(self, package: ModelPackage, compute_type: str, threads: int) -> None:
        import ctranslate2
        import sentencepiece

        try:
            self.translator = ctranslate2.Translator(
                str(package.path / "model"),
                device="cpu",
                compute_type=compute_type,
                inter_threads=1,
                intra_threads=threads or thread_budget(),
            )
            self.sp = sentencepiece.SentencePieceProcessor(
                model_file=str(package.path / "sentencepiece.model")
            )
        except (RuntimeError, OSError, ValueError) as exc:
            raise ModelError(f"cannot load model {package.name}: {exc}") from None
        metadata = json.loads((package.path / "metadata.json").read_text(encoding="utf-8"))
        self.target_prefix = str(metadata.get("target_prefix", ""))
        self.package = package

    def translate(self, sentences: list[str], options: DecodeOptions) -> list[str]:
        """Translate in batches of sentences with the same token count.

        Padding inside a mixed-length batch changes CTranslate2's numerics slightly, so a sentence's
        translation would depend on its neighbours; equal-length batches need no source padding, which
        keeps every output identical to decoding the sentence alone (reproducible, resumable corpora).
        """
        tokens = [self.sp.encode(s, out_type=str) for s in sentences]
        groups: dict[int, list[int]] = {}
        for i, pieces in enumerate(tokens):
            groups.setdefault(len(pieces), []).append(i)
        outputs = [""] * len(sentences)
        for indices in progress(list(groups.values()), desc=f"translate {self.package.pair}", unit="batch"):
            batch = [tokens[i] for i in indices]
            prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
            results = self.translator.translate_batch(
                batch,
                target_prefix=prefix,
                beam_size=options.beam_size,
                length_penalty=options.length_penalty,
                max_batch_size=options.batch_tokens,
                batch_type="tokens",
                replace_unknowns=True,
                max_decoding_length=options.max_decoding_length,
            )
            for i, result in zip(indices, results, strict=True):
                outputs[i] = self._detokenize(result.hypotheses[0])
        return outputs

    def _detokenize(self, pieces: list[str]) -> str:
        # Pieces outside the SentencePiece vocabulary keep their U+2581 word marker: make it a space.
        text = self.sp.decode_pieces(pieces).replace("\u2581", " ")
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix) :]
        return " ".join(text.split())


@lru_cache(maxsize=8)
def _load(package: ModelPackage, compute_type: str, threads: int) -> _Model:
    start = time.perf_counter()
    model = _Model(package, compute_type, threads)
    log.info(
        "loaded %s %s from %s in %.1f s",
        package.pair,
        package.version,
        package.path,
        time.perf_counter() - start,
    )
    return model


@dataclass(frozen=True)
class SentencePair:
    """A source sentence and its machine translation, with the source position."""

    source: str
    translation: str
    paragraph: int
    index: int


@dataclass
class DocumentTranslation:
    """A document translated into one target language, sentence by sentence."""

    document: Document
    target: str
    pairs: list[SentencePair]
    origin: str

    @property
    def paragraphs(self) -> list[str]:
        """Translated paragraphs, in the source's paragraph structure."""
        joiner = sentence_joiner(self.target)
        grouped: dict[int, list[str]] = {}
        for pair in self.pairs:
            grouped.setdefault(pair.paragraph, []).append(pair.translation)
        return [joiner.join(parts) for _, parts in sorted(grouped.items())]


class Translator:
    """Translate from ``source`` to ``target`` language with installed Argos packages.

    Example::

        translator = Translator("en", "ar")
        translator.translate(["The talks resume on Monday."])
    """

    def __init__(self, source: str, target: str, options: DecodeOptions | None = None) -> None:
        self.source, self.target = source, target
        self.options = options or DecodeOptions()
        self.route = find_route(source, target)

    @property
    def origin(self) -> str:
        """Provenance label, e.g. ``mt:translate-zh_en-1_9+translate-en_ar-1_0``."""
        return "mt:" + "+".join(p.name for p in self.route)

    def translate(self, sentences: list[str]) -> list[str]:
        """Translate sentences (each one independently), in batched calls per hop; order kept."""
        texts = list(sentences)
        for package in self.route:
            model = _load(package, self.options.compute_type, self.options.threads)
            unique = [s for s in dict.fromkeys(texts) if s.strip()]
            translated = dict(
                zip(unique, model.translate(unique, self.options) if unique else [], strict=True)
            )
            texts = [translated.get(s, "") for s in texts]
            log.debug("%s: %d sentences (%d distinct) translated", package.pair, len(texts), len(unique))
        return texts

    def translate_sentences(self, document: Document, sentences: list[Sentence]) -> DocumentTranslation:
        """Translate already-segmented sentences of ``document``."""
        return self.translate_sentences_from(document, sentences, self.translate([s.text for s in sentences]))

    def translate_sentences_from(
        self, document: Document, sentences: list[Sentence], outputs: list[str]
    ) -> DocumentTranslation:
        """Package translations computed elsewhere (e.g. in one batch for many documents)."""
        pairs = [
            SentencePair(s.text, t, s.paragraph, s.index) for s, t in zip(sentences, outputs, strict=True)
        ]
        return DocumentTranslation(document, self.target, pairs, self.origin)

    def translate_document(self, document: Document) -> DocumentTranslation:
        """Segment ``document`` with the project's splitter and translate every sentence."""
        start = time.perf_counter()
        result = self.translate_sentences(document, segment_document(document))
        log.info(
            "%s: %d sentences in %d paragraphs translated %s→%s in %.1f s",
            document.id,
            len(result.pairs),
            len(document.paragraphs),
            self.source,
            self.target,
            time.perf_counter() - start,
        )
        return result


def translators_for(
    documents: list[Document], targets: tuple[str, ...] | list[str], options: DecodeOptions | None = None
) -> dict[tuple[str, str], Translator]:
    """A translator for every (document language, target) pair, so that a missing model fails
    before any work is done."""
    return {
        (lang, target): Translator(lang, target, options)
        for lang in dict.fromkeys(d.lang for d in documents)
        for target in targets
    }
