"""The long-pair benchmark's pair builder and bead reader."""

from __future__ import annotations

from pathlib import Path

from align.bench.gold import discover_gold
from align.bench.long import read_beads, repeated_pair

GOLD = Path(__file__).resolve().parents[2] / "corpora" / "gold-en-ar"


def test_the_pair_repeats_with_gold_ids_shifted() -> None:
    docs = discover_gold(GOLD)
    once_src, once_tgt, once_gold = repeated_pair(docs, 1)
    src, tgt, gold = repeated_pair(docs, len(once_src) + 1)
    assert src == once_src * 2 and tgt == once_tgt * 2
    shifted = [
        (tuple(i + len(once_src) for i in a), tuple(j + len(once_tgt) for j in b)) for a, b in once_gold
    ]
    assert gold == once_gold + shifted


def test_beads_are_read_back_from_the_beads_format(tmp_path: Path) -> None:
    out = tmp_path / "beads.txt"
    out.write_text("[0, 1]:[0]:0.812\n[2]:[]:0.000\n[]:[1]:0.000\n", encoding="utf-8")
    assert read_beads(out) == [((0, 1), (0,)), ((2,), ()), ((), (1,))]
