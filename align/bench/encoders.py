"""``align bench encoders``: sentences per second and peak memory of each offline encoder, one run.

Each encoder runs in a fresh process (so its model load and peak RSS are its own) on the same
sentences, by default the 200 Chinese news sentences shipped with align.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

from align.bench.isolated import in_fresh_process


@dataclass
class EncoderBenchResult:
    encoder: str
    name: str
    sentences: int
    load_s: float
    encode_s: float
    peak_rss_mb: float

    def line(self) -> str:
        return (
            f"{self.encoder:5} ({self.name}): {self.sentences / self.encode_s:7.1f} sentences/s "
            f"({self.sentences} in {self.encode_s:.2f} s), model load {self.load_s:.2f} s, "
            f"peak RSS {self.peak_rss_mb:.0f} MB"
        )


def _measure(spec: str, sentences: list[str], queue) -> None:
    from align.embed import load_encoder

    start = time.perf_counter()
    model = load_encoder(spec, cache=False)
    model.encode(sentences[:1])  # models load lazily: count the load, not the first batch
    loaded = time.perf_counter()
    model.encode(sentences)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(EncoderBenchResult(spec, model.name, len(sentences), loaded - start, done - loaded, peak))


def run(specs: list[str], sentences: list[str]) -> list[EncoderBenchResult]:
    """Encode ``sentences`` with each encoder in its own process."""
    return [in_fresh_process(_measure, spec, sentences) for spec in specs]
