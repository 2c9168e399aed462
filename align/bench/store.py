"""``align bench store``: peak memory and time of the corpus commands as the corpus grows.

A synthetic en-ar corpus of N pairs (every review state, some exact duplicates) is written once per
size; each command then runs in a fresh process, whose peak RSS above a process that only opened
the store is its own cost. Statistics, the report, the filters, dedupe and the review list are
computed by SQLite, so their cost should stay flat from the smallest size to the largest; loading
every pair into Python, as a reference, grows with N.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.bench.isolated import in_fresh_process

OPERATIONS = ("open", "stats", "report", "filter", "dedupe", "review", "load-all")
_EN = "the government said on monday that talks with parliament would resume next week in the capital".split()
_AR = "قالت الحكومة يوم الاثنين إن المحادثات مع البرلمان ستستأنف الأسبوع المقبل في العاصمة".split()
_STATES = ("auto", "auto", "auto", "flagged", "approved", "edited", "rejected")


def fill(path: Path, pairs: int, per_document: int = 500) -> None:
    """Write a corpus of ``pairs`` en-ar pairs, ``per_document`` to a document (deterministic)."""
    from align.corpus.store import CorpusStore
    from align.document import Document, Sentence
    from align.records import Bead, Status, TranslationUnit

    rng = random.Random(pairs)
    store = CorpusStore(path, create=True)
    made = 0
    for d in range(-(-pairs // per_document)):
        count = min(per_document, pairs - made)
        document = Document(f"doc{d}", f"Doc {d}", "en", [f"Article {d}."])
        units: list[TranslationUnit] = []
        for k in range(count):
            n = rng.randint(4, 14)
            source = " ".join(rng.choices(_EN, k=n)) + "."
            target = " ".join(rng.choices(_AR, k=max(1, n + rng.randint(-3, 3)))) + "."
            if k and k % 50 == 0:
                source, target = units[k - 1].source, units[k - 1].target  # an exact duplicate
            bead = Bead((k,), (k,), round(rng.random(), 4))
            units.append(
                TranslationUnit(
                    document.id, "en", "ar", source, target, bead, "human", Status(_STATES[k % 7])
                )
            )
        with store.transaction():
            store.add_pairs(store.add_document(document, [Sentence(document.paragraphs[0], 0, 0)]), units)
        made += count
    store.close()


def _measure(path: str, operation: str, queue: Any) -> None:
    """Run one command on the corpus at ``path`` (in a fresh process); put (seconds, peak MB)."""
    from align.corpus import FilterRules, corpus_stats, dedupe, filter_pairs
    from align.corpus.report_page import render_report
    from align.corpus.store import CorpusStore
    from align.review.app import page_context

    store = CorpusStore(path)
    start = time.perf_counter()
    if operation == "stats":
        corpus_stats(store)
    elif operation == "report":
        render_report(store, "bench")
    elif operation == "filter":
        filter_pairs(store, FilterRules(), dry_run=True, examples=3)
    elif operation == "dedupe":
        dedupe(store, dry_run=True, examples=3)
    elif operation == "review":
        page_context(store, "en-ar", limit=1000)
    elif operation == "load-all":
        store.pairs()
    seconds = time.perf_counter() - start
    store.close()
    queue.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


@dataclass(frozen=True)
class StoreCost:
    """One command on one corpus size: wall seconds and peak RSS above opening the store."""

    pairs: int
    operation: str
    seconds: float
    extra_mb: float

    def report(self) -> str:
        return f"{self.pairs:>9} pairs  {self.operation:<9} {self.seconds:7.2f} s  +{self.extra_mb:7.1f} MB"


def run(sizes: list[int], operations: tuple[str, ...] = OPERATIONS) -> list[StoreCost]:
    """Each operation on a corpus of each size, each in a fresh process."""
    out = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"c{size}.db"
            fill(path, size)
            _, base = in_fresh_process(_measure, str(path), "open")
            for operation in operations:
                if operation != "open":
                    seconds, peak = in_fresh_process(_measure, str(path), operation)
                    out.append(StoreCost(size, operation, seconds, max(0.0, peak - base)))
            path.unlink()
    return out


def growth(costs: list[StoreCost]) -> dict[str, float]:
    """Per operation, its extra memory at the largest size over that at the smallest (1 MB floor)."""
    sizes = sorted({c.pairs for c in costs})
    by = {(c.pairs, c.operation): c.extra_mb for c in costs}
    return {
        op: max(1.0, by[(sizes[-1], op)]) / max(1.0, by[(sizes[0], op)])
        for op in dict.fromkeys(c.operation for c in costs)
    }
