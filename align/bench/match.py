"""``align bench match``: document matching on collections cut from the gold sets.

Each gold set becomes a collection of article-sized excerpts (about ``size`` target sentences, cut
at bead boundaries, :func:`~align.bench.variants.excerpts`); a fifth of the sources and a fifth of
the targets are dropped (a different fifth), so a third of the documents have no partner, and the
targets are shuffled. Matching (:func:`align.align.matching.match_documents`) is scored by precision
(kept matches that are right) and recall (true pairs kept).

``--fit`` fits the confidence model (:func:`align.align.matching.confidence`) by logistic
regression on every assigned match, leaving one collection out at a time: each collection is scored
with weights fitted on the others only, and the weights fitted on all are printed last.
"""

from __future__ import annotations

import math
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from align.align.matching import Match, MatchConfig, document_vectors, match_documents
from align.bench.gold import discover_gold
from align.bench.variants import excerpts
from align.embed import load_encoder
from align.pipeline import AlignSettings


@dataclass
class Collection:
    """Two sides of documents (each a list of sentences) and which source translates into which
    target (``truth``: source position → target position)."""

    name: str
    langs: tuple[str, str]
    sources: list[list[str]]
    targets: list[list[str]]
    truth: dict[int, int]


def collection_from_gold(
    folder: str | Path,
    name: str = "",
    size: int = 40,
    drop: float = 0.2,
    seed: int = 0,
    only: Sequence[str] = (),
) -> Collection:
    """Excerpts of the gold documents of ``folder`` (those named in ``only``, or all), a share
    ``drop`` of each side left out, targets shuffled (seeded)."""
    docs = [d for d in discover_gold(folder) if not only or d.name in only]
    # A piece with (almost) nothing on one side is not a document and its translation.
    pieces = [p for doc in docs for p in excerpts(doc.read(), size) if min(len(p[0]), len(p[1])) >= 3]
    rng = random.Random(seed)
    count = len(pieces)
    cut = round(drop * count)
    order = list(range(count))
    rng.shuffle(order)
    no_source, no_target = set(order[:cut]), set(order[cut : 2 * cut])
    kept_src = [k for k in range(count) if k not in no_source]
    kept_tgt = [k for k in range(count) if k not in no_target]
    rng.shuffle(kept_tgt)
    position = {k: t for t, k in enumerate(kept_tgt)}
    return Collection(
        name or Path(folder).name,
        (docs[0].src_lang, docs[0].tgt_lang),
        [pieces[k][0] for k in kept_src],
        [pieces[k][1] for k in kept_tgt],
        {s: position[k] for s, k in enumerate(kept_src) if k in position},
    )


COLLECTIONS = ("textberg-dev", "textberg-test", "mac-dev", "parice", "gold-en-ar")


def default_collections(
    gold_root: str | Path, size: int = 40, only: Sequence[str] = (), en_ar: str | Path | None = None
) -> list[Collection]:
    """Text+Berg dev and test (de-fr), MAC-Dev (zh-en) and ParIce (en-is) under ``gold_root``, and
    the hand-aligned en-ar article (``en_ar``: ``corpora/gold-en-ar``) when given; ``only``: these
    of :data:`COLLECTIONS`."""
    root = Path(gold_root)
    textberg = root / "textberg-de-fr"
    wanted = [name for name in COLLECTIONS if not only or name in only]
    made = []
    for name in wanted:
        if name == "textberg-dev":
            made.append(collection_from_gold(textberg, name, size, only=["dev"]))
        elif name == "textberg-test":
            tests = [d.name for d in discover_gold(textberg) if d.name.startswith("test")]
            made.append(collection_from_gold(textberg, name, size, only=tests))
        elif name == "mac-dev":
            made.append(collection_from_gold(root / "mac-dev-zh-en", name, size))
        elif name == "parice":
            made.append(collection_from_gold(root / "parice-en-is", name, size))
        elif en_ar is not None:
            made.append(collection_from_gold(en_ar, name, size))
    return made


def write_collection(collection: Collection, folder: Path, seed: int = 0) -> dict[str, str]:
    """The collection as two folders of one-sentence-per-line files with random names
    (``folder/src``, ``folder/tgt``); returns the true pairs, source file name → target file name."""
    rng = random.Random(seed)
    names: list[list[str]] = []
    for side, documents in (("src", collection.sources), ("tgt", collection.targets)):
        (folder / side).mkdir(parents=True)
        side_names = [f"{rng.getrandbits(64):016x}.txt" for _ in documents]
        for name, sentences in zip(side_names, documents, strict=True):
            (folder / side / name).write_text("\n".join(sentences) + "\n", encoding="utf-8")
        names.append(side_names)
    return {names[0][s]: names[1][t] for s, t in collection.truth.items()}


@dataclass
class FolderResult:
    """``corpus add-pairs --match`` pairing of a collection written as files: counts and timing."""

    collection: Collection
    found: int
    right: int
    seconds: float

    @property
    def precision(self) -> float:
        return self.right / max(self.found, 1)

    @property
    def recall(self) -> float:
        return self.right / max(len(self.collection.truth), 1)

    def line(self) -> str:
        c = self.collection
        return (
            f"{c.name:<14} {'-'.join(c.langs):<6} {len(c.sources):>4} src {len(c.targets):>4} tgt "
            f"{len(c.truth):>4} pairs  P {self.precision:.3f} R {self.recall:.3f}  {self.seconds:5.1f} s"
        )


def run_folders(collection: Collection, encoder: str = "auto", min_match: float = 0.5) -> FolderResult:
    """Pair the collection's files, written with random names, as ``corpus add-pairs --match``
    does (:func:`align.corpus.pairing.pair_folders`), with an empty embedding cache."""
    from align.corpus.pairing import PairOptions, pair_folders

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        truth = write_collection(collection, root)
        started = time.perf_counter()
        options = PairOptions(AlignSettings(encoder, cache=False), presplit=True)
        pairing = pair_folders(
            root / "src",
            root / "tgt",
            collection.langs,
            "match",
            None,
            options,
            MatchConfig(min_match=min_match),
        )
        seconds = time.perf_counter() - started
    found = {Path(p.src).name: Path(p.tgt).name for p in pairing.pairs}
    right = sum(truth.get(s) == t for s, t in found.items())
    return FolderResult(collection, len(found), right, seconds)


def overall(results: list[FolderResult]) -> str:
    """Precision and recall over every collection's pairs."""
    found, right = sum(r.found for r in results), sum(r.right for r in results)
    truth = sum(len(r.collection.truth) for r in results)
    return f"{'overall':<21} {truth:>24} pairs  P {right / max(found, 1):.3f} R {right / max(truth, 1):.3f}"


@dataclass
class MatchResult:
    """One collection matched: its assigned matches (all, whatever their confidence) and timing."""

    collection: Collection
    assigned: list[Match]
    seconds: float

    def scores(self, keep: list[bool]) -> tuple[float, float]:
        """Precision and recall when the assigned matches marked in ``keep`` are kept."""
        kept = [m for m, k in zip(self.assigned, keep, strict=True) if k]
        right = sum(self.collection.truth.get(m.src) == m.tgt for m in kept)
        return right / max(len(kept), 1), right / max(len(self.collection.truth), 1)

    def labels(self) -> list[bool]:
        return [self.collection.truth.get(m.src) == m.tgt for m in self.assigned]


def run_collection(
    collection: Collection, encoder: str = "auto", config: MatchConfig | None = None
) -> MatchResult:
    """Match one collection with ``encoder`` (every assignment kept, whatever its confidence)."""
    from align.corpus.pairing import match_aligner

    config = replace(config or MatchConfig(), min_match=0.0)
    started = time.perf_counter()
    model = load_encoder(encoder, collection.langs, cache=False)
    src = list(document_vectors(model, collection.sources))
    tgt = list(document_vectors(model, collection.targets))
    aligner = match_aligner(AlignSettings(encoder), collection.langs)
    matching = match_documents(src, tgt, aligner, config)
    return MatchResult(collection, matching.matches, time.perf_counter() - started)


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Weights ``(bias, w_score, w_margin)`` minimising log loss (L2-regularised, bias free)."""
    from scipy.optimize import minimize

    x = np.hstack([np.ones((len(features), 1)), features])
    y = labels.astype(float)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0, z) - y * z) / len(y) + l2 * np.sum(w[1:] ** 2))
        grad = x.T @ (p - y) / len(y) + 2 * l2 * np.r_[0, w[1:]]
        return value, grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def _features(result: MatchResult) -> np.ndarray:
    return np.array([[m.score, m.margin] for m in result.assigned]).reshape(-1, 2)


def _confidences(weights: np.ndarray, features: np.ndarray) -> list[float]:
    return [1 / (1 + math.exp(-(weights[0] + weights[1:] @ f))) for f in features]


def cross_validate(results: list[MatchResult], threshold: float = 0.5) -> tuple[list[str], np.ndarray]:
    """Leave one collection out: report lines (precision and recall of each held-out collection
    under weights fitted on the others), and the weights fitted on every collection."""
    lines = []
    for k, held in enumerate(results):
        rest = [r for j, r in enumerate(results) if j != k]
        weights = fit_logistic(
            np.vstack([_features(r) for r in rest]), np.array([b for r in rest for b in r.labels()])
        )
        keep = [c >= threshold for c in _confidences(weights, _features(held))]
        precision, recall = held.scores(keep)
        lines.append(
            f"{held.collection.name:<14} held out: P {precision:.3f} R {recall:.3f} "
            f"(weights {', '.join(f'{w:.2f}' for w in weights)})"
        )
    every = fit_logistic(
        np.vstack([_features(r) for r in results]), np.array([b for r in results for b in r.labels()])
    )
    return lines, every


def report(result: MatchResult, min_match: float) -> str:
    """One line: documents, true pairs, precision and recall at ``min_match`` with the shipped
    confidence, seconds."""
    c = result.collection
    precision, recall = result.scores([m.confidence >= min_match for m in result.assigned])
    return (
        f"{c.name:<14} {len(c.sources):>4} src {len(c.targets):>4} tgt {len(c.truth):>4} pairs  "
        f"P {precision:.3f} R {recall:.3f}  {result.seconds:.1f} s"
    )


@dataclass
class ScaleResult:
    """Matching ``documents`` x ``documents`` synthetic documents: the search (document vectors and
    nearest neighbours), the re-scoring cost per candidate, and the peak memory of the process."""

    documents: int
    sentences: int
    search_s: float
    candidates: int
    rescore_ms: float
    right: float
    peak_rss_mb: float

    def line(self) -> str:
        per_doc = self.candidates / self.documents
        return (
            f"{self.documents} x {self.documents} documents of {self.sentences} sentences: search "
            f"{self.search_s:.1f} s (true partner among the candidates: {100 * self.right:.1f}%), "
            f"{self.candidates} candidates ({per_doc:.1f} per document), re-scoring "
            f"{self.rescore_ms:.1f} ms each (~{self.candidates * self.rescore_ms / 1000:.0f} s on one core, "
            f"linear in documents x candidates), peak RSS {self.peak_rss_mb:.0f} MB"
        )


def run_scale(documents: int = 10_000, sentences: int = 30, dim: int = 512, seed: int = 0) -> ScaleResult:
    """Synthetic collections: random unit sentence vectors, each target a noisy copy of its source
    (sentence vectors at cosine about 0.7, as translations are), in shuffled order."""
    import resource

    from align.align import AlignConfig, Aligner
    from align.align.matching import (
        DocumentVectors,
        candidate_pairs,
        document_embeddings,
        rescore,
        rescoring_config,
    )

    rng = np.random.default_rng(seed)
    order = rng.permutation(documents)
    src_docs, tgt_by_source = [], []
    for k in range(documents):  # each document made and stored as float16 at once: the matcher's memory
        base = rng.standard_normal((sentences, dim), dtype=np.float32)
        noisy = base + rng.standard_normal((sentences, dim), dtype=np.float32)
        texts = [f"s{i} {k}" for i in range(sentences)]  # no two documents share a sentence
        src_docs.append(DocumentVectors.of(base / np.linalg.norm(base, axis=1, keepdims=True), texts))
        tgt_by_source.append(DocumentVectors.of(noisy / np.linalg.norm(noisy, axis=1, keepdims=True), texts))
    tgt_docs = [tgt_by_source[k] for k in order]
    config = MatchConfig()
    started = time.perf_counter()
    pairs = candidate_pairs(
        document_embeddings(src_docs, config.windows), document_embeddings(tgt_docs, config.windows), config
    )
    search = time.perf_counter() - started
    position = {int(k): t for t, k in enumerate(order)}
    right = len({i for i, j in pairs if position[i] == j}) / documents
    aligner = Aligner(None, rescoring_config(AlignConfig()))
    sample = pairs[:: max(1, len(pairs) // 300)]
    started = time.perf_counter()
    for i, j in sample:
        rescore(aligner, src_docs[i], tgt_docs[j])
    per = 1000 * (time.perf_counter() - started) / len(sample)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ScaleResult(documents, sentences, search, len(pairs), per, right, peak)
