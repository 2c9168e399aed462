"""Sentence alignment of a document and its translation with multilingual embeddings.

Bead types: 1-0, 0-1 and every ``a-b`` with ``a, b >= 1`` and ``a + b <= max_merge + 1``. A bead
scores the cosine of its two sides' embeddings (concatenated sentences encoded as one text),
times a length-agreement factor, minus a penalty for crossing a paragraph boundary; unaligned
sentences score ``skip``. The best path is found in a band from a coarse-to-fine search, so time
and memory grow linearly with document length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from align.align.anchors import AnchorAgreement, names_in
from align.align.band import search_band
from align.align.beads import Bead
from align.align.dp import banded_dp
from align.align.hubness import sentence_hubness, span_means
from align.align.spans import SpanSimilarity
from align.document import base_language, sentence_joiner
from align.embed.base import Encoder


@dataclass(frozen=True)
class AlignConfig:
    """Alignment settings; the defaults were chosen on the Text+Berg dev set only.

    ``skip``: score of leaving a sentence unaligned. ``margin``/``margin_k``: weight of the
    hubness correction and its neighbourhood size. ``number_weight``/``name_weight``: anchor
    agreement weights. ``window``: half-width of the refined search band; ``full_limit``: DP
    matrices up to this many cells are searched in full. ``warn_below``: median bead score under
    which the result is flagged as suspicious (calibrated on Text+Berg dev with MUSE: correct beads
    have a median score of 0.69, unrelated document pairs 0.12-0.23).
    """

    max_merge: int = 4
    skip: float = -0.05
    margin: float = 1.0
    margin_k: int = 16
    number_weight: float = 0.1
    name_weight: float = 0.2
    length_weight: float = 1.0
    paragraph_penalty: float = 0.3
    window: int = 8
    full_limit: int = 1_000_000
    encode_spans: bool = True
    warn_below: float = 0.35
    prior_weight: float = 0.5


def bead_moves(max_merge: int) -> list[tuple[int, int]]:
    """Null moves first, then every merge allowed by ``max_merge``."""
    merges = [
        (a, b) for a in range(1, max_merge + 1) for b in range(1, max_merge + 1) if a + b <= max_merge + 1
    ]
    return [(1, 0), (0, 1), *merges]


@dataclass
class Alignment:
    """Beads covering every sentence of both sides exactly once, in document order."""

    beads: list[Bead]
    src_count: int
    tgt_count: int
    warnings: list[str] = field(default_factory=list)

    @property
    def median_score(self) -> float:
        scores = [b.score for b in self.beads if not b.is_null]
        return float(np.median(scores)) if scores else 0.0


def _span_lengths(lengths: np.ndarray, max_merge: int) -> np.ndarray:
    """``out[a-1, s]`` = total characters of sentences ``s..s+a-1``."""
    prefix = np.concatenate([[0], np.cumsum(lengths)])
    n = len(lengths)
    out = np.full((max_merge, n), np.inf)
    for a in range(1, max_merge + 1):
        if a <= n:
            out[a - 1, : n - a + 1] = prefix[a:] - prefix[:-a]
    return out


def _crossings(paragraphs: np.ndarray | None, n: int, max_merge: int) -> np.ndarray:
    """``out[a-1, s]`` = 1 when sentences ``s..s+a-1`` span more than one paragraph."""
    out = np.zeros((max_merge, n), dtype=np.float32)
    if paragraphs is None:
        return out
    for a in range(2, max_merge + 1):
        if a <= n:
            out[a - 1, : n - a + 1] = paragraphs[a - 1 :] != paragraphs[: n - a + 1]
    return out


def _detected(texts: list[str]) -> str | None:
    """Language of a sample of ``texts`` when identification is confident, else None."""
    from align.errors import InputError
    from align.ingest.langid import detect_language

    sample = " ".join(texts[:50])[:3000]
    try:
        return detect_language(sample)
    except InputError:
        return None


class Aligner:
    """Align sentence lists with an :class:`~align.embed.Encoder`.

    Example::

        aligner = Aligner(load_encoder("muse"))
        result = aligner.align(english_sentences, arabic_sentences)
    """

    def __init__(self, encoder: Encoder | None = None, config: AlignConfig | None = None) -> None:
        self.encoder = encoder
        self.config = config or AlignConfig()

    def span_texts(self, sentences: list[str], lang: str) -> list[list[str]]:
        """Texts encoded for alignment: ``out[a-1][s]`` joins sentences ``s..s+a-1``."""
        if not self.config.encode_spans:
            return [list(sentences)]
        joiner = sentence_joiner(lang)
        return [
            [joiner.join(sentences[s : s + a]) for s in range(len(sentences) - a + 1)]
            for a in range(1, self.config.max_merge + 1)
        ]

    def _span_vectors(self, sentences: list[str], lang: str) -> list[np.ndarray]:
        groups = self.span_texts(sentences, lang)
        assert self.encoder is not None
        vectors = self.encoder.encode([text for group in groups for text in group])
        counts = [len(group) for group in groups]
        out, offset = [], 0
        for count in counts:
            out.append(vectors[offset : offset + count])
            offset += count
        return out

    def _anchors(self, src: list[str], tgt: list[str]) -> list[tuple[float, AnchorAgreement]]:
        cfg = self.config
        anchors = []
        if cfg.number_weight:
            anchors.append((cfg.number_weight, AnchorAgreement(src, tgt, cfg.max_merge)))
        if cfg.name_weight:
            names = AnchorAgreement(src, tgt, cfg.max_merge, names_in, penalize_disjoint=False)
            anchors.append((cfg.name_weight, names))
        return anchors

    def align(
        self,
        src: list[str],
        tgt: list[str],
        src_lang: str = "",
        tgt_lang: str = "",
        src_paragraphs: list[int] | None = None,
        tgt_paragraphs: list[int] | None = None,
        prior: list[int] | None = None,
    ) -> Alignment:
        """Align two lists of sentences (paragraph ids optional, used when both sides have them).

        ``prior[i]`` is the target sentence known to translate source sentence ``i`` (or -1), as when
        the target is this tool's own sentence-by-sentence machine translation: those 1-1 beads get a
        bonus, and embeddings still decide the rest and score every pair.
        """
        if self.encoder is None:
            raise ValueError("an encoder is needed to align texts")
        mismatches = [
            f"the {side} text looks like '{found}', not '{lang}' as given (are the files swapped?)"
            for side, texts, lang in (("source", src, src_lang), ("target", tgt, tgt_lang))
            if lang and (found := _detected(texts)) and found != base_language(lang)
        ]
        if not src or not tgt:
            empty = self.align_vectors(np.zeros((len(src), 1)), np.zeros((len(tgt), 1)), [], [])
            empty.warnings = mismatches + empty.warnings
            return empty
        result = self._align_texts(src, tgt, src_lang, tgt_lang, src_paragraphs, tgt_paragraphs, prior)
        result.warnings = mismatches + result.warnings
        return result

    def _align_texts(self, src, tgt, src_lang, tgt_lang, src_paragraphs, tgt_paragraphs, prior) -> Alignment:
        src_spans, tgt_spans = self._span_vectors(src, src_lang), self._span_vectors(tgt, tgt_lang)
        src_vecs, tgt_vecs = src_spans[0], tgt_spans[0]
        if not self.config.encode_spans:  # only sentence vectors: spans are summed from them
            src_spans = tgt_spans = None
        both = (
            src_paragraphs is not None
            and tgt_paragraphs is not None
            and len(set(src_paragraphs)) > 1
            and len(set(tgt_paragraphs)) > 1
        )
        return self.align_vectors(
            src_vecs,
            tgt_vecs,
            [len(s) for s in src],
            [len(t) for t in tgt],
            src_spans=src_spans,
            tgt_spans=tgt_spans,
            src_paragraphs=src_paragraphs if both else None,
            tgt_paragraphs=tgt_paragraphs if both else None,
            anchors=self._anchors(src, tgt),
            prior=prior,
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
        anchors: list[tuple[float, AnchorAgreement]] | None = None,
        prior: list[int] | None = None,
    ) -> Alignment:
        """Align precomputed sentence vectors (optionally span vectors) with character lengths."""
        cfg = self.config
        n, m = len(src_vecs), len(tgt_vecs)
        if n == 0 or m == 0:
            beads = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
            return Alignment(beads, n, m, ["one side is empty: nothing to align"] if n + m else [])
        similarity = SpanSimilarity(src_vecs, tgt_vecs, cfg.max_merge, src_spans, tgt_spans)
        src_len = np.asarray(src_lengths, dtype=np.float64)
        tgt_len = np.asarray(tgt_lengths, dtype=np.float64)

        # Small matrix products interleaved with many small numpy operations: BLAS threads that
        # spin between calls slow everything else down on few cores, so use one.
        with threadpool_limits(1, user_api="blas"):
            return self._search(
                similarity, src_len, tgt_len, src_paragraphs, tgt_paragraphs, anchors or [], prior
            )

    def _search(
        self, similarity, src_len, tgt_len, src_paragraphs, tgt_paragraphs, anchors, prior
    ) -> Alignment:
        cfg = self.config
        n, m = len(similarity.src), len(similarity.tgt)
        moves = bead_moves(cfg.max_merge)
        merges = [mv for mv in moves if min(mv) > 0]
        ratio = max(src_len.sum(), 1.0) / max(tgt_len.sum(), 1.0)
        src_span_len = _span_lengths(src_len, cfg.max_merge)
        tgt_span_len = _span_lengths(tgt_len * ratio, cfg.max_merge)
        src_cross = _crossings(
            None if src_paragraphs is None else np.asarray(src_paragraphs), n, cfg.max_merge
        )
        tgt_cross = _crossings(
            None if tgt_paragraphs is None else np.asarray(tgt_paragraphs), m, cfg.max_merge
        )
        lo, hi = search_band(similarity.src, similarity.tgt, cfg.window, cfg.full_limit, cfg.skip)
        prior_tgt = None if prior is None else np.asarray([*list(prior), -2], dtype=np.int64)
        src_hub = tgt_hub = None
        if cfg.margin:
            src_single, tgt_single = sentence_hubness(similarity.src, similarity.tgt, lo, hi, cfg.margin_k)
            src_hub, tgt_hub = span_means(src_single, cfg.max_merge), span_means(tgt_single, cfg.max_merge)

        def block_scores(r0: int, r1: int, c0: int, c1: int) -> dict:
            sims = similarity.block(r0, r1, c0, c1, merges)
            rows, cols = np.arange(r0, r1), np.arange(c0, c1)
            out = {}
            for (a, b), cos in sims.items():
                rs, cs = np.clip(rows - a, 0, None), np.clip(cols - b, 0, None)
                sl = src_span_len[a - 1][rs][:, None]
                tl = tgt_span_len[b - 1][cs][None, :]
                shorter, longer = np.minimum(sl, tl), np.maximum(sl, tl)
                with np.errstate(invalid="ignore"):  # spans past the document end: masked below
                    factor = np.log2(1 + shorter / np.maximum(longer, 1e-9)) ** cfg.length_weight
                crossing = src_cross[a - 1][rs][:, None] + tgt_cross[b - 1][cs][None, :]
                score = cos
                if src_hub is not None:
                    score = cos - cfg.margin * 0.5 * (
                        src_hub[a - 1][rs][:, None] + tgt_hub[b - 1][cs][None, :]
                    )
                for weight, anchor in anchors:
                    score = score + weight * anchor.block(rows, cols, a, b)
                with np.errstate(invalid="ignore"):
                    value = score * factor - cfg.paragraph_penalty * crossing
                out[a, b] = np.where(np.isfinite(cos) & np.isfinite(factor), value, -np.inf)
                if prior_tgt is not None and (a, b) == (1, 1):
                    linked = (
                        prior_tgt[np.clip(rows - 1, 0, len(prior_tgt) - 1)][:, None] == (cols - 1)[None, :]
                    )
                    out[a, b] = out[a, b] + cfg.prior_weight * linked
            return out

        path = banded_dp(n, m, lo, hi, moves, block_scores, cfg.skip)
        scores = np.zeros(len(path))
        kinds = np.array([(i1 - i0, j1 - j0) for i0, i1, j0, j1 in path]).reshape(-1, 2)
        starts = np.array([(i0, j0) for i0, _, j0, _ in path]).reshape(-1, 2)
        for a, b in {tuple(k) for k in kinds.tolist() if min(k) > 0}:
            chosen = np.nonzero((kinds[:, 0] == a) & (kinds[:, 1] == b))[0]
            scores[chosen] = similarity.pairs(starts[chosen, 0], a, starts[chosen, 1], b)
        beads = [
            Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(float(np.clip(score, 0.0, 1.0)), 4))
            for (i0, i1, j0, j1), score in zip(path, scores, strict=True)
        ]
        result = Alignment(beads, n, m)
        if result.median_score < cfg.warn_below:
            result.warnings.append(
                f"median bead score {result.median_score:.2f} is below {cfg.warn_below:.2f}: the texts may "
                "not be translations of each other, or the languages may be swapped"
            )
        return result
