"""Sentence alignment of a document and its translation with multilingual embeddings.

Bead types: 1-0, 0-1 and every ``a-b`` with ``a, b >= 1`` and ``a + b <= max_merge + 1``. Beads
score as the bead model (:mod:`align.align.model`) says; the best path is found in a band from a
coarse-to-fine search, so time and memory grow linearly with document length.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from align.align.band import search_band
from align.align.config import AlignConfig
from align.align.dp import banded_dp
from align.align.model import BeadModel
from align.align.result import Alignment, passage_warnings, passages, score_warnings
from align.align.scoring import length_ratio
from align.document import Sentence, as_sentences
from align.embed.base import Encoder, capped, encode_spans
from align.embed.bridge import bridged, doubled
from align.languages import sentence_joiner
from align.records import Bead
from align.segment import MAX_SENTENCE_CHARS


class Aligner:
    """Align sentences with an :class:`~align.embed.Encoder`.

    Example::

        aligner = Aligner(load_encoder("muse"))
        result = aligner.align(english_sentences, arabic_sentences, "en", "ar")
    """

    def __init__(self, encoder: Encoder | None = None, config: AlignConfig | None = None) -> None:
        self.encoder = encoder
        self.config = config or AlignConfig()
        self.model = BeadModel.of(self.config, encoder.name if encoder is not None else None)

    def span_vectors(self, sentences: list[str], lang: str) -> list[np.ndarray]:
        """Vectors of every span the search can use: ``out[a-1][s]`` for sentences ``s..s+a-1``
        (each sentence cut to ``MAX_SENTENCE_CHARS`` for the encoder)."""
        encoder = self._encoder()
        sentences = capped(sentences, MAX_SENTENCE_CHARS)
        return encode_spans(encoder, sentences, self.config.max_merge, sentence_joiner(lang))

    def align(
        self,
        src: Sequence[Sentence | str],
        tgt: Sequence[Sentence | str],
        src_lang: str = "",
        tgt_lang: str = "",
        bridge: Sequence[str] | None = None,
    ) -> Alignment:
        """Align two documents' sentences by the n-m search; bead ids are the sentences' ``index``.
        Paragraphs count when both sides have more than one. ``bridge``: the machine translation of
        each source sentence into the target language, compared with the target too
        (:mod:`align.embed.bridge`). (Given 1-1 pairs, as machine translation makes them, are scored
        without search: :func:`align.align.links.score_links`.)"""
        source, target = as_sentences(src), as_sentences(tgt)
        if bridge is not None and len(bridge) != len(source):
            raise ValueError("the bridge needs one translation per source sentence")
        if not source or not target:
            empty = self.align_vectors(np.zeros((len(source), 1)), np.zeros((len(target), 1)), [], [])
            return self._with_ids(empty, source, target)
        return self._with_ids(self._align_texts(source, target, src_lang, tgt_lang, bridge), source, target)

    def _encoder(self) -> Encoder:
        if self.encoder is None:
            raise ValueError("an encoder is needed to align texts")
        return self.encoder

    @staticmethod
    def _with_ids(result: Alignment, src: list[Sentence], tgt: list[Sentence]) -> Alignment:
        """Positions in the beads replaced by the sentences' own ids."""
        result.beads = [
            Bead(tuple(src[i].index for i in b.src), tuple(tgt[j].index for j in b.tgt), b.score)
            for b in result.beads
        ]
        return result

    def _align_texts(
        self,
        src: list[Sentence],
        tgt: list[Sentence],
        src_lang: str,
        tgt_lang: str,
        bridge: Sequence[str] | None = None,
    ) -> Alignment:
        src_texts, tgt_texts = [s.text for s in src], [t.text for t in tgt]
        src_spans, tgt_spans = self.span_vectors(src_texts, src_lang), self.span_vectors(tgt_texts, tgt_lang)
        if bridge is not None:
            src_spans = bridged(src_spans, self.span_vectors(list(bridge), tgt_lang))
            tgt_spans = doubled(tgt_spans)
        src_paragraphs, tgt_paragraphs = [s.paragraph for s in src], [t.paragraph for t in tgt]
        both = len(set(src_paragraphs)) > 1 and len(set(tgt_paragraphs)) > 1
        return self.align_vectors(
            src_spans[0],
            tgt_spans[0],
            [len(s) for s in src_texts],
            [len(t) for t in tgt_texts],
            src_spans=src_spans,
            tgt_spans=tgt_spans,
            src_paragraphs=src_paragraphs if both else None,
            tgt_paragraphs=tgt_paragraphs if both else None,
        )

    def align_vectors(
        self,
        src_vecs: np.ndarray,
        tgt_vecs: np.ndarray,
        src_lengths: list[int] | np.ndarray,
        tgt_lengths: list[int] | np.ndarray,
        src_spans: list[np.ndarray] | None = None,
        tgt_spans: list[np.ndarray] | None = None,
        src_paragraphs: list[int] | None = None,
        tgt_paragraphs: list[int] | None = None,
    ) -> Alignment:
        """Align precomputed sentence vectors (optionally span vectors) with character lengths."""
        cfg = self.config
        n, m = len(src_vecs), len(tgt_vecs)
        if n == 0 or m == 0:
            beads = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
            return Alignment(beads, n, m, ["one side is empty: nothing to align"] if n + m else [])
        similarity = self.model.similarity(src_vecs, tgt_vecs, src_spans, tgt_spans)
        lengths = np.asarray(src_lengths, dtype=np.float64), np.asarray(tgt_lengths, dtype=np.float64)
        paragraphs = (
            None if src_paragraphs is None else np.asarray(src_paragraphs),
            None if tgt_paragraphs is None else np.asarray(tgt_paragraphs),
        )
        # Small matrix products interleaved with many small numpy operations: BLAS threads that
        # spin between calls slow everything else down on few cores, so use one.
        with threadpool_limits(1, user_api="blas"):
            lo, hi = search_band(similarity.src, similarity.tgt, cfg.window, cfg.full_limit, self.model)

            def search(ratio: float | None = None) -> list[tuple[int, int, int, int]]:
                scores = self.model.tile_scorer(similarity, *lengths, *paragraphs, ratio=ratio)
                return banded_dp(n, m, lo, hi, self.model.moves, scores, self.model.nulls)

            path = search()
            # A passage one side lacks skews the documents' length ratio (a translation that stops
            # half way looks half as long): the ratio of the aligned beads replaces it.
            if cfg.second_pass and passages(_position_beads(path), n, m):
                path = search(length_ratio(*lengths, path))
            reported = self.model.reported(similarity, path)
        beads = _position_beads(path, reported)
        result = Alignment(beads, n, m)
        result.warnings = score_warnings(result, cfg.warn_below) + passage_warnings(beads, n, m)
        return result


def _position_beads(
    path: list[tuple[int, int, int, int]], scores: Sequence[float] | None = None
) -> list[Bead]:
    """Beads of sentence positions for a path of ``(i0, i1, j0, j1)`` spans."""
    scores = scores if scores is not None else [0.0] * len(path)
    return [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), score)
        for (i0, i1, j0, j1), score in zip(path, scores, strict=True)
    ]
