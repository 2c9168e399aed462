"""``align bench long``: one very long pair of real text through ``align pair`` (memory and time).

The documents of a gold folder are joined into one, and that pair is repeated until each side holds
at least ``sentences`` sentences. ``align pair --presplit`` aligns it in its own process with an
empty embedding cache, on the default path (span encoding, band search, export), so the peak RSS
is the command's own. Its beads are scored against the repeated gold.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from align.bench.gold import GoldDocument
from align.bench.isolated import align_pair_process
from align.bench.scale import join_documents
from align.bench.scoring import BeadPair, score_alignments


def repeated_pair(docs: list[GoldDocument], sentences: int) -> tuple[list[str], list[str], list[BeadPair]]:
    """``docs`` joined into one pair, repeated until each side has at least ``sentences`` sentences."""
    src_once, tgt_once, gold_once = join_documents(docs)
    if not src_once or not tgt_once:
        raise ValueError("the gold documents hold no sentences")
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadPair] = []
    while len(src) < sentences or len(tgt) < sentences:
        gold += [(tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b)) for a, b in gold_once]
        src += src_once
        tgt += tgt_once
    return src, tgt, gold


def read_beads(path: Path) -> list[BeadPair]:
    """Beads from ``--format beads`` output (``[0, 1]:[2]:0.812`` per line)."""
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        src, tgt, _score = line.split(":")
        ids = [tuple(int(x) for x in side.strip("[]").split(",") if x.strip()) for side in (src, tgt)]
        beads.append((ids[0], ids[1]))
    return beads


@dataclass
class LongResult:
    src_sentences: int
    tgt_sentences: int
    seconds: float
    peak_rss_mb: float
    beads: int
    f1_strict: float

    def line(self) -> str:
        return (
            f"{self.src_sentences} x {self.tgt_sentences} sentences: align pair {self.seconds:.0f} s, "
            f"peak RSS {self.peak_rss_mb:.0f} MB, {self.beads} beads, strict F1 {self.f1_strict:.3f}"
        )


def run(docs: list[GoldDocument], sentences: int, encoder: str = "auto") -> LongResult:
    """Align ``docs`` joined and repeated to ``sentences`` a side (see the module docstring)."""
    src, tgt, gold = repeated_pair(docs, sentences)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        src_path, tgt_path, out = root / "long.src", root / "long.tgt", root / "beads.txt"
        src_path.write_text("\n".join(src) + "\n", encoding="utf-8")
        tgt_path.write_text("\n".join(tgt) + "\n", encoding="utf-8")
        seconds, peak = align_pair_process(
            src_path, tgt_path, docs[0].src_lang, docs[0].tgt_lang, encoder, out, "--format", "beads"
        )
        beads = read_beads(out)
    f1 = score_alignments([gold], [beads]).f1_strict
    return LongResult(len(src), len(tgt), seconds, peak, len(beads), f1)
