"""Sentence alignment of a document and its translation with multilingual embeddings.

Bead types: 1-0, 0-1 and every ``a-b`` with ``a, b >= 1`` and ``a + b <= max_merge + 1``. Bead
scores come from :mod:`align.align.scoring`; the best path is found in a band from a coarse-to-fine
search, so time and memory grow linearly with document length.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from align.align.band import search_band
from align.align.beads import MAX_BEAD_SIDE
from align.align.dp import Nulls, banded_dp
from align.align.result import Alignment, passage_warnings, reported_score, score_warnings
from align.align.scoring import BeadScorer, ScoreWeights
from align.align.spans import SpanSimilarity
from align.document import Sentence, as_sentences
from align.embed.base import Encoder, capped, encode_spans
from align.embed.calibration import calibration_for
from align.errors import InputError
from align.languages import sentence_joiner
from align.records import Bead
from align.segment import MAX_SENTENCE_CHARS


@dataclass(frozen=True)
class AlignConfig:
    """Alignment settings (the defaults are chosen by cross-validation: docs/aligner.md).

    ``max_merge``: most sentences in a bead, less one (beads ``a-b`` with ``a + b <= max_merge + 1``).
    ``skip``: score of leaving a sentence unaligned. ``block_open``, ``block_step``: a run of ``k``
    sentences on one side left unaligned scores ``block_open + k * block_step`` where that beats
    ``k * skip`` (a passage one side lacks costs about ``block_open`` however long; ``-inf`` switches
    it off). ``margin``: weight of the neighbour margin.
    ``length_weight``: exponent of the length factor. ``coverage``: weight of the shortfall of a
    merged bead's sentences below ``coverage_floor`` (similarity to the other side's span).
    ``paragraph_penalty``: cost per side of a bead that crosses a paragraph boundary.
    ``window``: half-width of the refined search band; ``full_limit``: DP matrices up to this many
    cells are searched in full. ``encode_spans``: encode joined sentences (else sum sentence
    vectors). ``warn_below``: median bead score under which the result is flagged as suspicious
    (with MUSE, correct beads have a median cosine of 0.69 on Text+Berg dev, unrelated document
    pairs 0.12-0.23).
    """

    max_merge: int = 5
    skip: float = -0.15
    block_open: float = -0.6
    block_step: float = 0.0
    margin: float = 0.75
    length_weight: float = 1.0
    coverage: float = 1.0
    coverage_floor: float = 0.05
    paragraph_penalty: float = 0.3
    window: int = 8
    full_limit: int = 1_000_000
    encode_spans: bool = True
    warn_below: float = 0.35

    def __post_init__(self) -> None:
        """Refuse settings the search cannot honour (one line each, as input errors)."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and (np.isnan(value) or (np.isinf(value) and f.name != "block_open")):
                raise InputError(f"aligner setting {f.name} must be a finite number")
        if not 1 <= self.max_merge <= MAX_BEAD_SIDE:  # spans of up to max_merge sentences are encoded
            raise InputError(f"max_merge must be between 1 and {MAX_BEAD_SIDE}, not {self.max_merge}")
        if self.window < 1 or self.full_limit < 0:
            raise InputError("window must be at least 1 and full_limit at least 0")
        if self.block_open > 0 or self.block_step > 0:
            raise InputError("block_open and block_step must be at most 0")

    @property
    def weights(self) -> ScoreWeights:
        """The weights of the bead score's terms (:mod:`align.align.scoring`)."""
        return ScoreWeights(
            self.margin, self.length_weight, self.paragraph_penalty, self.coverage, self.coverage_floor
        )

    @property
    def nulls(self) -> Nulls:
        """What unaligned sentences score: skips, and blocks unless a block never wins (off, or
        dearer per sentence than skips)."""
        blocks = bool(np.isfinite(self.block_open)) and self.block_step >= self.skip
        return Nulls(self.skip, (self.block_open, self.block_step) if blocks else None)

    @classmethod
    def from_overrides(cls, overrides: Iterable[str]) -> AlignConfig:
        """Defaults with ``KEY=VALUE`` overrides, each value parsed as its field's type."""
        values: dict[str, Any] = {}
        kinds = {f.name: type(getattr(cls(), f.name)) for f in fields(cls)}
        for item in overrides:
            key, sep, raw = item.partition("=")
            key = key.strip().replace("-", "_")
            if not sep or key not in kinds:
                raise InputError(f"unknown aligner setting '{item}' (known: {', '.join(sorted(kinds))})")
            kind = kinds[key]
            try:
                values[key] = raw.strip().lower() in ("1", "true", "yes", "on") if kind is bool else kind(raw)
            except ValueError:
                raise InputError(f"{key} needs a {kind.__name__}, not '{raw}'") from None
        return replace(cls(), **values)


def bead_moves(max_merge: int) -> list[tuple[int, int]]:
    """Null moves first, then every merge allowed by ``max_merge``."""
    merges = [
        (a, b) for a in range(1, max_merge + 1) for b in range(1, max_merge + 1) if a + b <= max_merge + 1
    ]
    return [(1, 0), (0, 1), *merges]


class Aligner:
    """Align sentences with an :class:`~align.embed.Encoder`.

    Example::

        aligner = Aligner(load_encoder("muse"))
        result = aligner.align(english_sentences, arabic_sentences, "en", "ar")
    """

    def __init__(self, encoder: Encoder | None = None, config: AlignConfig | None = None) -> None:
        self.encoder = encoder
        self.config = config or AlignConfig()

    def span_vectors(self, sentences: list[str], lang: str) -> list[np.ndarray]:
        """Vectors of every span the search can use: ``out[a-1][s]`` for sentences ``s..s+a-1``
        (each sentence cut to ``MAX_SENTENCE_CHARS`` for the encoder)."""
        encoder = self._encoder()
        sentences = capped(sentences, MAX_SENTENCE_CHARS)
        size = self.config.max_merge if self.config.encode_spans else 1
        return encode_spans(encoder, sentences, size, sentence_joiner(lang))

    def align(
        self,
        src: Sequence[Sentence | str],
        tgt: Sequence[Sentence | str],
        src_lang: str = "",
        tgt_lang: str = "",
    ) -> Alignment:
        """Align two documents' sentences by the n-m search; bead ids are the sentences' ``index``.
        Paragraphs count when both sides have more than one. (Given 1-1 pairs, as machine
        translation makes them, are scored without search: :func:`align.align.links.score_links`.)"""
        source, target = as_sentences(src), as_sentences(tgt)
        if not source or not target:
            empty = self.align_vectors(np.zeros((len(source), 1)), np.zeros((len(target), 1)), [], [])
            return self._with_ids(empty, source, target)
        return self._with_ids(self._align_texts(source, target, src_lang, tgt_lang), source, target)

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
        self, src: list[Sentence], tgt: list[Sentence], src_lang: str, tgt_lang: str
    ) -> Alignment:
        src_texts, tgt_texts = [s.text for s in src], [t.text for t in tgt]
        src_spans, tgt_spans = self.span_vectors(src_texts, src_lang), self.span_vectors(tgt_texts, tgt_lang)
        src_paragraphs, tgt_paragraphs = [s.paragraph for s in src], [t.paragraph for t in tgt]
        both = len(set(src_paragraphs)) > 1 and len(set(tgt_paragraphs)) > 1
        return self.align_vectors(
            src_spans[0],
            tgt_spans[0],
            [len(s) for s in src_texts],
            [len(t) for t in tgt_texts],
            src_spans=src_spans if self.config.encode_spans else None,
            tgt_spans=tgt_spans if self.config.encode_spans else None,
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
        calibration = calibration_for(self.encoder.name) if self.encoder is not None else None
        similarity = SpanSimilarity(src_vecs, tgt_vecs, cfg.max_merge, src_spans, tgt_spans, calibration)
        scorer = BeadScorer(
            similarity,
            np.asarray(src_lengths, dtype=np.float64),
            np.asarray(tgt_lengths, dtype=np.float64),
            cfg.weights,
            None if src_paragraphs is None else np.asarray(src_paragraphs),
            None if tgt_paragraphs is None else np.asarray(tgt_paragraphs),
        )
        # Small matrix products interleaved with many small numpy operations: BLAS threads that
        # spin between calls slow everything else down on few cores, so use one.
        with threadpool_limits(1, user_api="blas"):
            return self._search(similarity, scorer)

    def _search(self, similarity: SpanSimilarity, scorer: BeadScorer) -> Alignment:
        cfg = self.config
        n, m = len(similarity.src), len(similarity.tgt)
        moves = bead_moves(cfg.max_merge)
        merges = [mv for mv in moves if min(mv) > 0]
        nulls = cfg.nulls
        lo, hi = search_band(similarity.src, similarity.tgt, cfg.window, cfg.full_limit, nulls)
        path = banded_dp(
            n, m, lo, hi, moves, lambda r0, r1, c0, c1: scorer.tile(r0, r1, c0, c1, merges), nulls
        )
        scores = np.zeros(len(path))
        kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path]).reshape(-1, 2)
        starts = np.array([(i0, j0) for i0, _, j0, _ in path]).reshape(-1, 2)
        for a, b in {tuple(k) for k in kinds.tolist() if min(k) > 0}:
            chosen = np.nonzero((kinds[:, 0] == a) & (kinds[:, 1] == b))[0]
            scores[chosen] = similarity.pairs(starts[chosen, 0], a, starts[chosen, 1], b)
        beads = [
            Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), reported_score(score))
            for (i0, i1, j0, j1), score in zip(path, scores, strict=True)
        ]
        result = Alignment(beads, n, m)
        result.warnings = score_warnings(result, cfg.warn_below) + passage_warnings(beads, n, m)
        return result
