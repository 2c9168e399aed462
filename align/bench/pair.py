"""``align bench pair``: how fast ``align pair`` aligns real documents, and where the time goes.

Each document is aligned twice, each time in a fresh process with an empty embedding cache: once as
the whole ``align pair --presplit`` command (start-up, model load, encoding, search, output), and
once phase by phase (model load, encoding of every span text the aligner needs, search), so the
encoding share of the wall time is visible.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from align.bench.gold import GoldDocument
from align.bench.isolated import align_pair_process, in_fresh_process


@dataclass
class PairBenchResult:
    name: str
    sentences: int
    process_s: float
    load_s: float
    encode_s: float
    texts: int
    search_s: float

    def line(self) -> str:
        return (
            f"{self.name:12} {self.sentences:5} sentences  align pair {self.process_s:6.2f} s "
            f"({self.sentences / self.process_s:6.1f} sentences/s); model load {self.load_s:5.2f} s, "
            f"encoding {self.encode_s:6.2f} s ({self.texts} spans), search {self.search_s:5.2f} s"
        )


def _phases(doc: GoldDocument, encoder: str, queue) -> None:
    from align.align import Aligner
    from align.embed import load_encoder

    start = time.perf_counter()
    model = load_encoder(encoder, (doc.src_lang, doc.tgt_lang), cache=False)
    model.encode(["load"])  # models load lazily
    loaded = time.perf_counter()
    src, tgt, _ = doc.read()
    aligner = Aligner(model)
    spans = {
        doc.src_lang: aligner.span_vectors(src, doc.src_lang),
        doc.tgt_lang: aligner.span_vectors(tgt, doc.tgt_lang),
    }
    encoded = time.perf_counter()
    texts = sum(len(group) for side in spans.values() for group in side)
    # The search alone, on the vectors just computed (sentences as strings: no paragraphs).
    searched = time.perf_counter()
    src_spans, tgt_spans = spans[doc.src_lang], spans[doc.tgt_lang]
    aligner.align_vectors(
        src_spans[0], tgt_spans[0], [len(s) for s in src], [len(t) for t in tgt], src_spans, tgt_spans
    )
    done = time.perf_counter()
    queue.put((loaded - start, encoded - loaded, texts, done - searched))


def _whole_process(doc: GoldDocument, encoder: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        seconds, _ = align_pair_process(doc.src_path, doc.tgt_path, doc.src_lang, doc.tgt_lang, encoder, out)
        return seconds


def run(docs: list[GoldDocument], encoder: str = "auto") -> list[PairBenchResult]:
    """Measure each document (see the module docstring)."""
    results = []
    for doc in docs:
        process_s = _whole_process(doc, encoder)
        load_s, encode_s, texts, search_s = in_fresh_process(_phases, doc, encoder)
        src, tgt, _ = doc.read()
        results.append(
            PairBenchResult(doc.name, len(src) + len(tgt), process_s, load_s, encode_s, texts, search_s)
        )
    return results
