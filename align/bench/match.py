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


def default_collections(gold_root: str | Path, size: int = 40) -> list[Collection]:
    """Text+Berg dev and test (de-fr), MAC-Dev (zh-en) and ParIce (en-is) under ``gold_root``."""
    root = Path(gold_root)
    textberg = root / "textberg-de-fr"
    tests = [d.name for d in discover_gold(textberg) if d.name.startswith("test")]
    return [
        collection_from_gold(textberg, "textberg-dev", size, only=["dev"]),
        collection_from_gold(textberg, "textberg-test", size, only=tests),
        collection_from_gold(root / "mac-dev-zh-en", "mac-dev", size),
        collection_from_gold(root / "parice-en-is", "parice", size),
    ]


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
