"""The bridge: the target compared with the source and with the source's machine translation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from align.align import Aligner, parse_bead
from align.bench.gold import discover_gold
from align.bench.scoring import score_alignments
from align.cli import main
from align.embed.base import normalize
from align.embed.bridge import BRIDGE_WEIGHT, bridged, doubled
from tests.conftest import require_shared


def test_a_bridged_cosine_mixes_the_cross_lingual_and_the_monolingual_one() -> None:
    rng = np.random.default_rng(0)
    s, t, v = (normalize(rng.standard_normal((7, 16))) for _ in range(3))
    (mixed,), (target,) = bridged([s], [t], 0.3), doubled([v], 0.3)
    expected = 0.7 * np.einsum("ij,ij->i", s, v) + 0.3 * np.einsum("ij,ij->i", t, v)
    assert np.einsum("ij,ij->i", mixed, target) == pytest.approx(expected, abs=1e-6)
    assert np.linalg.norm(mixed, axis=1) == pytest.approx(np.ones(7), abs=1e-6)
    with pytest.raises(ValueError, match="one sentence per source sentence"):
        bridged([s], [t[:6]])


class Lookup:
    """A fake encoder: each word has a vector, a text is the normalised sum of its words'."""

    name = "lookup"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        return normalize(np.array([sum(self.vectors[w] for w in text.split()) for text in texts]))


def test_the_aligner_finds_through_the_bridge_what_the_cross_lingual_vectors_miss() -> None:
    # Source and target vectors are unrelated (an encoder that does not know the source language);
    # the translation of source sentence i is target sentence i's words.
    rng = np.random.default_rng(3)
    n = 12
    vectors = {f"{side}{i}": rng.standard_normal(32) for side in "ST" for i in range(n)}
    aligner = Aligner(Lookup(vectors))
    src, tgt, translation = (
        [f"S{i}" for i in range(n)],
        [f"T{i}" for i in range(n)],
        [f"T{i}" for i in range(n)],
    )
    diagonal = [((i,), (i,)) for i in range(n)]
    assert [(b.src, b.tgt) for b in aligner.align(src, tgt, "xx", "en").beads] != diagonal
    bridged_beads = aligner.align(src, tgt, "xx", "en", bridge=translation).beads
    assert [(b.src, b.tgt) for b in bridged_beads] == diagonal
    cross = [
        float((normalize(vectors[f"S{i}"][None]) @ normalize(vectors[f"T{i}"][None]).T)[0, 0])
        for i in range(n)
    ]
    expected = [round(min(max((1 - BRIDGE_WEIGHT) * c + BRIDGE_WEIGHT, 0.0), 1.0), 4) for c in cross]
    assert [b.score for b in bridged_beads] == pytest.approx(expected, abs=2e-3), (
        "the reported score is bridged"
    )
    with pytest.raises(ValueError, match="one translation per source sentence"):
        aligner.align(src, tgt, "xx", "en", bridge=translation[:-1])


def excerpt(folder: Path, document: str, beads: int) -> tuple[list[str], list[str], list]:
    """The first ``beads`` gold beads of a gold document and the sentences they hold."""
    doc = next(d for d in discover_gold(folder) if d.name == document)
    src, tgt, gold = doc.read()
    gold = gold[:beads]
    last_src = max(i for s, _ in gold for i in s) + 1
    last_tgt = max(j for _, t in gold for j in t) + 1
    return src[:last_src], tgt[:last_tgt], gold


@pytest.mark.slow
def test_pair_bridges_real_chinese_through_the_real_model(
    with_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_shared("models")
    src, tgt, gold = excerpt(require_shared("gold", "mac-dev-zh-en"), "001", 40)
    (tmp_path / "zh.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    args = [
        "pair",
        str(tmp_path / "zh.txt"),
        str(tmp_path / "en.txt"),
        "--from",
        "zh",
        "--to",
        "en",
        "--presplit",
    ]
    scores = {}
    for extra in ([], ["--bridge"]):
        assert main([*args, *extra]) == 0
        beads = [parse_bead(line) for line in capsys.readouterr().out.splitlines()]
        scores[bool(extra)] = score_alignments([gold], [[(b.src, b.tgt) for b in beads]]).f1_strict
    assert scores[True] >= 0.85 and scores[True] >= scores[False] - 0.03, scores
    assert main([*args[:-5], "--from", "zh", "--to", "fr", "--presplit", "--bridge"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no translation model for zh-fr" in err
