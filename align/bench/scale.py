"""Aligner scaling (``align bench align``): synthetic documents, and real text joined into one.

Synthetic documents are built from random "atoms" (unit vectors standing for propositions): each planted
bead gives its atoms to source and target sentences (1-1, 2-1, 1-2, 1-0, 0-1), target vectors get
noise, so the alignment is known and the aligner's accuracy is checked at every size. Each size
runs in a fresh process, so its peak RSS is its own.

Real text (:func:`run_text`): the documents of a gold folder joined into one long document, aligned
on the default path (encoded spans, encoding included) with a full search and with the
coarse-to-fine band forced by a small ``full_limit``; the band must not cost accuracy.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

import numpy as np

from align.align import AlignConfig, Aligner
from align.bench.gold import GoldDocument
from align.bench.isolated import in_fresh_process
from align.bench.scoring import BeadPair, score_alignments
from align.embed import Encoder

_KINDS = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))
_PROBABILITIES = (0.84, 0.05, 0.05, 0.03, 0.03)


def synthetic_pair(size: int, dim: int = 512, seed: int = 0, noise: float = 0.8):
    """``(src, tgt, src_lengths, tgt_lengths, gold_beads)`` with about ``size`` source sentences."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(len(_KINDS), size=int(size / 1.05) + 1, p=_PROBABILITIES)
    src_rows: list[list[int]] = []
    tgt_rows: list[list[int]] = []
    gold = []
    atoms = 0
    for kind in kinds:
        a, b = _KINDS[kind]
        count = max(a, b)
        ids = list(range(atoms, atoms + count))
        atoms += count
        src_ids = [ids] if a == 1 and b > 1 else [[x] for x in ids[:a]]
        tgt_ids = [ids] if b == 1 and a > 1 else [[x] for x in ids[:b]]
        if a == 0:
            src_ids = []
        if b == 0:
            tgt_ids = []
        gold.append(
            (
                tuple(range(len(src_rows), len(src_rows) + len(src_ids))),
                tuple(range(len(tgt_rows), len(tgt_rows) + len(tgt_ids))),
            )
        )
        src_rows.extend(src_ids)
        tgt_rows.extend(tgt_ids)
    atom_vectors = rng.standard_normal((atoms, dim), dtype=np.float32)
    atom_lengths = rng.integers(30, 200, size=atoms)

    def build(rows: list[list[int]], scale: float) -> tuple[np.ndarray, np.ndarray]:
        vectors = np.zeros((len(rows), dim), dtype=np.float32)
        lengths = np.zeros(len(rows), dtype=np.int64)
        for r, ids in enumerate(rows):
            vectors[r] = atom_vectors[ids].sum(axis=0)
            lengths[r] = int(atom_lengths[ids].sum() * scale)
        vectors += (
            scale
            * rng.standard_normal(vectors.shape, dtype=np.float32)
            * noise
            * np.sqrt(np.mean(vectors**2, axis=1, keepdims=True))
            if scale != 1.0
            else 0.0
        )
        return vectors, lengths

    src, src_len = build(src_rows, 1.0)
    tgt, tgt_len = build(tgt_rows, 1.1)
    return src, tgt, src_len, tgt_len, gold


@dataclass
class ScaleResult:
    size: int
    seconds: float
    peak_rss_mb: float
    f1_strict: float

    def line(self) -> str:
        return (
            f"{self.size:>7} sentences  {self.seconds:7.2f} s  peak RSS {self.peak_rss_mb:7.1f} MB  "
            f"strict F1 {self.f1_strict:.3f}"
        )


def _measure(size: int, dim: int, queue) -> None:
    src, tgt, src_len, tgt_len, gold = synthetic_pair(size, dim)
    aligner = Aligner(config=AlignConfig())
    start = time.perf_counter()
    result = aligner.align_vectors(src, tgt, src_len, tgt_len)
    seconds = time.perf_counter() - start
    scores = score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(ScaleResult(len(src), seconds, peak, scores.f1_strict))


def run(sizes: list[int], dim: int = 512) -> list[ScaleResult]:
    """Align synthetic pairs of each size in a fresh process; time, peak RSS and accuracy."""
    return [in_fresh_process(_measure, size, dim) for size in sizes]


def join_documents(docs: list[GoldDocument]) -> tuple[list[str], list[str], list[BeadPair]]:
    """One long document from several: sentences concatenated, gold bead ids shifted."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadPair] = []
    for doc in docs:
        s, t, beads = doc.read()
        gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b)) for a, b in beads]
        src += s
        tgt += t
    return src, tgt, gold


@dataclass
class TextScaleResult:
    sentences: int
    encode_s: float
    full_s: float
    banded_s: float
    full_f1: float
    banded_f1: float

    def line(self) -> str:
        return (
            f"{self.sentences} sentences of real text: encoding {self.encode_s:.1f} s; full search "
            f"{self.full_s:.2f} s, strict F1 {self.full_f1:.4f}; band {self.banded_s:.2f} s, "
            f"strict F1 {self.banded_f1:.4f}"
        )


def run_text(docs: list[GoldDocument], encoder: Encoder, band_limit: int = 2_000) -> TextScaleResult:
    """Align ``docs`` joined into one document, fully and in the band (see the module docstring)."""
    src, tgt, gold = join_documents(docs)
    src_lang, tgt_lang = docs[0].src_lang, docs[0].tgt_lang
    start = time.perf_counter()
    src_spans = Aligner(encoder).span_vectors(src, src_lang)
    tgt_spans = Aligner(encoder).span_vectors(tgt, tgt_lang)
    encoded = time.perf_counter()
    outcomes = []
    for config in (AlignConfig(full_limit=10**12), AlignConfig(full_limit=band_limit)):
        begin = time.perf_counter()
        result = Aligner(encoder, config).align_vectors(
            src_spans[0], tgt_spans[0], [len(s) for s in src], [len(t) for t in tgt], src_spans, tgt_spans
        )
        seconds = time.perf_counter() - begin
        f1 = score_alignments([gold], [[(b.src, b.tgt) for b in result.beads]]).f1_strict
        outcomes.append((seconds, f1))
    (full_s, full_f1), (banded_s, banded_f1) = outcomes
    return TextScaleResult(len(src) + len(tgt), encoded - start, full_s, banded_s, full_f1, banded_f1)
