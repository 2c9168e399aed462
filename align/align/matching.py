"""Document matching: which document of one collection translates which document of the other.

After Thompson & Koehn (EMNLP 2020), "Exploiting Sentence Order in Document Alignment":

1. each document becomes an order-aware vector: its sentence vectors pooled into ``windows`` windows
   over the document's length (a sentence counts in the windows near its relative position, weighted
   by the square root of its length and down-weighted by how many documents of its side hold the
   same sentence: boilerplate says nothing about a match), the windows concatenated;
2. candidates come from nearest-neighbour search over these vectors in both directions (faiss:
   exact inner product up to ``exact_limit`` documents, HNSW beyond);
3. each candidate is re-scored by sentence-aligning it with the aligner (sentence vectors only: no
   span is encoded): the share of both texts covered by aligned beads, weighted by bead score;
4. the assignment is one to one, best re-score first (competitive linking);
5. each match gets a confidence: a logistic model of its re-score and of its margin over the best
   competing candidate of either document, fitted on the ``align bench match`` collections. Matches
   under ``min_match`` stay unpaired: a document without a partner is the normal case.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from align.align.aligner import AlignConfig, Aligner
from align.embed.base import Encoder, capped
from align.segment import MAX_SENTENCE_CHARS

# Logistic confidence: sigmoid(BIAS + W_SCORE * rescore + W_MARGIN * margin), fitted by
# `align bench match --fit --size 20` on its five collections (docs/scaling.md gives every held-out split).
BIAS, W_SCORE, W_MARGIN = -1.80, 6.34, 6.23
# Candidates are re-scored with beads of up to three sentences: a third of the time of five
# (40 x 40 sentences: 6.0 ms against 13.4 ms); re-scoring only needs to see whether texts align.
RESCORE_MAX_MERGE = 2


@dataclass(frozen=True)
class MatchConfig:
    """``windows``: positional windows of a document vector; ``candidates``: neighbours searched
    per document in each direction; ``exact_limit``: the largest collection searched exactly;
    ``min_match``: the least confidence of a kept match."""

    windows: int = 4
    candidates: int = 6
    exact_limit: int = 20_000
    min_match: float = 0.5


@dataclass(frozen=True)
class DocumentVectors:
    """A document as the matcher sees it: sentence vectors (float16 rows), their lengths in
    characters and a hash of each sentence's text."""

    vectors: np.ndarray
    lengths: np.ndarray
    hashes: np.ndarray

    @classmethod
    def of(cls, vectors: np.ndarray, texts: Sequence[str]) -> DocumentVectors:
        return cls(
            np.asarray(vectors, dtype=np.float16),
            np.array([len(t) for t in texts], dtype=np.int32),
            np.array([_text_hash(t) for t in texts], dtype=np.int64),
        )


def document_vectors(
    encoder: Encoder, documents: Iterable[Sequence[str]], batch: int = 2048
) -> Iterator[DocumentVectors]:
    """Each document's sentence vectors, encoded ``batch`` sentences at a time (a document's texts
    are dropped once encoded)."""
    pending: list[Sequence[str]] = []

    def flush() -> Iterator[DocumentVectors]:
        texts = [t for sentences in pending for t in sentences]
        flat = encoder.encode(capped(texts, MAX_SENTENCE_CHARS)) if texts else np.zeros((0, 1))
        offset = 0
        for sentences in pending:
            yield DocumentVectors.of(flat[offset : offset + len(sentences)], sentences)
            offset += len(sentences)
        pending.clear()

    for sentences in documents:
        pending.append(sentences)
        if sum(len(s) for s in pending) >= batch:
            yield from flush()
    yield from flush()


def _text_hash(text: str) -> int:
    """A stable 64-bit hash of a sentence, case and outer spaces aside (the same in every process)."""
    digest = hashlib.blake2b(text.strip().casefold().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True)
class Match:
    """Source document ``src`` assigned to target document ``tgt`` (positions in the collections):
    the re-score, its margin over the best other candidate of either document, the confidence."""

    src: int
    tgt: int
    score: float
    margin: float
    confidence: float


@dataclass
class Matching:
    """The assignment: matches kept (confidence at least ``min_match``) and matches under it, whose
    documents stay unpaired; each list in source order."""

    matches: list[Match]
    rejected: list[Match]


def document_embeddings(docs: Sequence[DocumentVectors], windows: int = 4) -> np.ndarray:
    """One unit vector per document (``windows`` x the sentence dimension), see the module
    docstring; an empty document gets a zero vector."""
    dim = next((d.vectors.shape[1] for d in docs if len(d.vectors)), 1)
    frequency = Counter(h for d in docs for h in set(d.hashes.tolist()))
    out = np.zeros((len(docs), windows * dim), dtype=np.float32)
    centres = (np.arange(windows) + 0.5) / windows
    for k, doc in enumerate(docs):
        n = len(doc.vectors)
        if n == 0:
            continue
        positions = (np.arange(n) + 0.5) / n
        # Triangular windows: a sentence counts in the windows within one window width of it.
        weights = np.clip(1 - np.abs(positions[None, :] - centres[:, None]) * windows, 0, None)
        rarity = 1.0 / np.array([frequency[h] for h in doc.hashes.tolist()])
        weights = weights * (np.sqrt(doc.lengths) * rarity)[None, :]
        pooled = weights @ doc.vectors.astype(np.float32)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out[k] = (pooled / np.where(norms == 0, 1, norms)).ravel() / math.sqrt(windows)
    return out


def nearest(queries: np.ndarray, base: np.ndarray, k: int, exact_limit: int = 20_000) -> np.ndarray:
    """For each query row, the positions of its ``k`` nearest rows of ``base`` by inner product
    (-1 where there are fewer)."""
    import faiss

    k = min(k, len(base))
    if k == 0 or len(queries) == 0:
        return np.full((len(queries), max(k, 0)), -1, dtype=np.int64)
    dim = base.shape[1]
    index: faiss.Index
    if len(base) <= exact_limit:
        index = faiss.IndexFlatIP(dim)
    else:
        graph = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = 80
        graph.hnsw.efSearch = max(64, 2 * k)
        index = graph
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    _, found = index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
    return found


def candidate_pairs(src: np.ndarray, tgt: np.ndarray, config: MatchConfig) -> list[tuple[int, int]]:
    """Candidate (source, target) pairs: each document's nearest neighbours on the other side."""
    found = {
        (i, int(j))
        for i, row in enumerate(nearest(src, tgt, config.candidates, config.exact_limit))
        for j in row
        if j >= 0
    }
    found |= {
        (int(i), j)
        for j, row in enumerate(nearest(tgt, src, config.candidates, config.exact_limit))
        for i in row
        if i >= 0
    }
    return sorted(found)


def rescoring_config(config: AlignConfig) -> AlignConfig:
    """The aligner settings for re-scoring: ``config`` with beads of at most ``RESCORE_MAX_MERGE + 1``
    sentences (re-scoring sees sentence vectors only: a span is the sum of its sentences)."""
    return replace(config, max_merge=RESCORE_MAX_MERGE)


def rescore(aligner: Aligner, src: DocumentVectors, tgt: DocumentVectors) -> float:
    """How well two documents sentence-align: the share of each side's characters in aligned beads,
    weighted by bead score, averaged over both sides (0 for an empty side)."""
    if not len(src.vectors) or not len(tgt.vectors):
        return 0.0
    alignment = aligner.align_vectors(
        src.vectors.astype(np.float32), tgt.vectors.astype(np.float32), src.lengths, tgt.lengths
    )
    src_total, tgt_total = max(int(src.lengths.sum()), 1), max(int(tgt.lengths.sum()), 1)
    covered = 0.0
    for bead in alignment.beads:
        if bead.is_null:
            continue
        share = src.lengths[list(bead.src)].sum() / src_total + tgt.lengths[list(bead.tgt)].sum() / tgt_total
        covered += bead.score * share / 2
    return float(covered)


def confidence(score: float, margin: float) -> float:
    """The probability that a match is right, from its re-score and its margin."""
    return 1.0 / (1.0 + math.exp(-(BIAS + W_SCORE * score + W_MARGIN * margin)))


def assign(scores: dict[tuple[int, int], float]) -> list[tuple[int, int, float, float]]:
    """One-to-one assignment, best re-score first (ties by position): ``(src, tgt, score,
    margin)`` per match, the margin over the best other candidate of either document."""
    rows: dict[int, list[tuple[int, float]]] = {}
    cols: dict[int, list[tuple[int, float]]] = {}
    for (i, j), s in scores.items():
        rows.setdefault(i, []).append((j, s))
        cols.setdefault(j, []).append((i, s))
    used_src: set[int] = set()
    used_tgt: set[int] = set()
    out = []
    for (i, j), s in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if i in used_src or j in used_tgt:
            continue
        used_src.add(i)
        used_tgt.add(j)
        others = [t for k, t in rows[i] if k != j] + [t for k, t in cols[j] if k != i]
        out.append((i, j, s, s - max(others, default=0.0)))
    return out


def match_documents(
    src: Sequence[DocumentVectors], tgt: Sequence[DocumentVectors], aligner: Aligner, config: MatchConfig
) -> Matching:
    """Match two collections one to one (see the module docstring). The aligner re-scores
    candidates; its encoder's calibration applies."""
    src_emb = document_embeddings(src, config.windows)
    tgt_emb = document_embeddings(tgt, config.windows)
    scores = {(i, j): rescore(aligner, src[i], tgt[j]) for i, j in candidate_pairs(src_emb, tgt_emb, config)}
    assigned = sorted(
        (Match(i, j, round(s, 4), round(m, 4), round(confidence(s, m), 4)) for i, j, s, m in assign(scores)),
        key=lambda match: match.src,
    )
    return Matching(
        [m for m in assigned if m.confidence >= config.min_match],
        [m for m in assigned if m.confidence < config.min_match],
    )
