"""Document matching: order-aware document vectors, faiss search, re-scoring, one-to-one assignment."""

from __future__ import annotations

import numpy as np

from align.align import AlignConfig, Aligner
from align.align.matching import (
    DocumentVectors,
    MatchConfig,
    assign,
    candidate_pairs,
    confidence,
    document_embeddings,
    match_documents,
    nearest,
    rescore,
    rescoring_config,
)


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def documents(count: int, sentences: int = 12, dim: int = 64, seed: int = 0) -> tuple[list, list]:
    """``count`` random documents and their noisy translations, in the same order."""
    rng = np.random.default_rng(seed)
    src, tgt = [], []
    for k in range(count):
        base = unit(rng.standard_normal((sentences, dim)))
        src.append(DocumentVectors.of(base, [f"s{k}-{i} text" for i in range(sentences)]))
        noisy = unit(base + 0.8 * rng.standard_normal((sentences, dim)) / np.sqrt(dim) * 4)
        tgt.append(DocumentVectors.of(noisy, [f"t{k}-{i} texte" for i in range(sentences)]))
    return src, tgt


def test_document_vectors_see_sentence_order() -> None:
    src, _ = documents(1)
    doc = src[0]
    reversed_doc = DocumentVectors(
        doc.vectors[::-1].copy(), doc.lengths[::-1].copy(), doc.hashes[::-1].copy()
    )
    a, b = document_embeddings([doc, reversed_doc])
    assert abs(float(a @ a) - 1) < 1e-5
    assert float(a @ b) < 0.9  # same sentences, other order: another document
    single = document_embeddings([doc, reversed_doc], windows=1)
    assert float(single[0] @ single[1]) > 0.999  # one window is a bag of sentences


def test_sentences_every_document_holds_weigh_little() -> None:
    rng = np.random.default_rng(1)
    boiler = unit(rng.standard_normal((3, 32)))
    docs = []
    for k in range(4):
        own = unit(rng.standard_normal((3, 32)))
        texts = ["Subscribe to our newsletter", "All rights reserved", "Share this"] + [
            f"own {k} {i}" for i in range(3)
        ]
        docs.append(DocumentVectors.of(np.vstack([boiler, own]), texts))
    with_rarity = document_embeddings(docs, windows=1)
    flat = [
        DocumentVectors.of(d.vectors.astype(np.float32), [f"{k}-{i}" for i in range(6)])
        for k, d in enumerate(docs)
    ]
    without = document_embeddings(flat, windows=1)
    off_diagonal = ~np.eye(4, dtype=bool)
    assert (with_rarity @ with_rarity.T)[off_diagonal].max() < (without @ without.T)[off_diagonal].min()


def test_an_empty_document_gets_a_zero_vector() -> None:
    src, _ = documents(1)
    empty = DocumentVectors.of(np.zeros((0, 64)), [])
    out = document_embeddings([src[0], empty])
    assert not out[1].any() and out[0].any()


def test_graph_search_finds_what_exact_search_finds() -> None:
    rng = np.random.default_rng(2)
    base = unit(rng.standard_normal((300, 16))).astype(np.float32)
    queries = unit(base[:50] + 0.05 * rng.standard_normal((50, 16))).astype(np.float32)
    exact = nearest(queries, base, 1, exact_limit=10_000)
    graph = nearest(queries, base, 1, exact_limit=0)  # HNSW
    assert (exact[:, 0] == np.arange(50)).all() and (graph[:, 0] == exact[:, 0]).mean() >= 0.98
    assert nearest(queries, base[:0], 3).shape == (50, 0)


def test_candidates_come_from_both_directions() -> None:
    src = unit(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]))
    tgt = unit(np.array([[1.0, 0.05]]))
    pairs = candidate_pairs(src.astype(np.float32), tgt.astype(np.float32), MatchConfig(candidates=1))
    assert set(pairs) == {(0, 0), (1, 0), (2, 0)}  # each source's nearest target is the only one


def test_assignment_is_one_to_one_best_first_with_margins() -> None:
    scores = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.85, (1, 1): 0.3, (2, 1): 0.2}
    out = assign(scores)
    assert [(i, j) for i, j, _, _ in out] == [(0, 0), (1, 1)]
    first = out[0]
    assert abs(first[3] - (0.9 - 0.85)) < 1e-9  # its best competitor: source 1 on target 0
    assert len({j for _, j, _, _ in out}) == len(out)


def test_confidence_grows_with_score_and_margin() -> None:
    assert confidence(0.6, 0.3) > confidence(0.6, 0.05) > confidence(0.3, 0.05)
    assert confidence(0.0, -0.2) < 0.05 < 0.95 < confidence(0.8, 0.5)


def test_rescoring_rewards_a_translation_over_a_stranger() -> None:
    src, tgt = documents(2)
    aligner = Aligner(None, rescoring_config(AlignConfig()))
    assert rescore(aligner, src[0], tgt[0]) > rescore(aligner, src[0], tgt[1]) + 0.2
    empty = DocumentVectors.of(np.zeros((0, 64)), [])
    assert rescore(aligner, src[0], empty) == 0.0


def test_matching_pairs_translations_and_leaves_strangers_unpaired() -> None:
    src, tgt = documents(30)
    rng = np.random.default_rng(3)
    order = rng.permutation(30)
    targets = [tgt[k] for k in order]
    # Sources 25-29 lose their translations; targets of sources 20-24 lose their originals.
    kept_targets = [t for t, k in zip(targets, order, strict=True) if k < 25]
    kept_order = [int(k) for k in order if k < 25]
    matching = match_documents(
        src[:20] + src[25:], kept_targets, Aligner(None, rescoring_config(AlignConfig())), MatchConfig()
    )
    truth = {s: kept_order.index(s) for s in range(20)}
    found = {m.src: m.tgt for m in matching.matches}
    assert found == truth
    assert all(m.confidence < 0.5 for m in matching.rejected)
