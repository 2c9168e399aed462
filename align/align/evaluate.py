"""Scoring alignments against gold beads (strict and lax precision/recall/F1, summed over documents).

The protocol is the standard one of Vecalign's ``score.py`` and Bertalign's evaluation: precision
is measured on all test beads (null beads included), recall on non-null beads of both sides; a
bead is a strict hit when identical to a gold bead, a lax hit when it shares a source sentence and
a target sentence with gold links. Counts are summed over documents before dividing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.align.beads import parse_bead
from align.errors import InputError

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]
_LANG3 = {
    "eng": "en",
    "isl": "is",
    "deu": "de",
    "fra": "fr",
    "ara": "ar",
    "zho": "zh",
    "spa": "es",
    "rus": "ru",
}


def _hits(reference: Iterable[BeadPair], candidates: Iterable[BeadPair]) -> tuple[int, int, int, int]:
    """``(strict_hits, strict_misses, lax_hits, lax_misses)`` of ``candidates`` against ``reference``."""
    reference = {(tuple(s), tuple(t)) for s, t in reference if s or t}
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for s in src:
            links[s].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for src, tgt in {(tuple(s), tuple(t)) for s, t in candidates if s or t}:
        if (src, tgt) in reference:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        linked = set().union(*(links[s] for s in src)) if src else set()
        if linked.intersection(tgt):
            lax_hit += 1
        else:
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


@dataclass
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(gold: Sequence[Sequence[BeadPair]], test: Sequence[Sequence[BeadPair]]) -> Scores:
    """Strict and lax P/R/F1 with counts summed over documents."""
    if len(gold) != len(test):
        raise ValueError("gold and test need the same number of documents")
    precision = [0, 0, 0, 0]
    recall = [0, 0, 0, 0]
    for gold_doc, test_doc in zip(gold, test, strict=True):
        for k, v in enumerate(_hits(gold_doc, test_doc)):
            precision[k] += v
        gold_links = [(s, t) for s, t in gold_doc if s and t]
        test_links = [(s, t) for s, t in test_doc if s and t]
        for k, v in enumerate(_hits(test_links, gold_links)):
            recall[k] += v
    ps, pl = _ratio(precision[0], precision[1]), _ratio(precision[2], precision[3])
    rs, rl = _ratio(recall[0], recall[1]), _ratio(recall[2], recall[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


_NUMBERED = re.compile(r"^\d+\t")


def _sentence_lines(path: Path) -> list[str]:
    """One sentence per line; ``N<TAB>`` line-number prefixes (ParIce) are removed when every line has one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and all(_NUMBERED.match(line) for line in lines):
        lines = [_NUMBERED.sub("", line, count=1) for line in lines]
    return lines


@dataclass(frozen=True)
class GoldDocument:
    """One gold-aligned document: one-sentence-per-line source and target, and the gold beads."""

    name: str
    src_path: Path
    tgt_path: Path
    gold_path: Path
    src_lang: str
    tgt_lang: str

    def read(self) -> tuple[list[str], list[str], list[BeadPair]]:
        src = _sentence_lines(self.src_path)
        tgt = _sentence_lines(self.tgt_path)
        beads = []
        for number, line in enumerate(self.gold_path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    bead = parse_bead(line)
                except ValueError:
                    raise InputError(f"{self.gold_path}:{number}: not a bead line") from None
                beads.append((bead.src, bead.tgt))
        return src, tgt, beads


def discover_gold(folder: str | Path) -> list[GoldDocument]:
    """Find gold documents in ``folder``: ``NAME.xx``/``NAME.yy``/``NAME.xxyy`` files (Text+Berg
    layout) or ``SRC/NAME``, ``TGT/NAME``, ``gold/NAME`` sub-folders (ParIce layout)."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{folder}: not a folder")
    docs: list[GoldDocument] = []
    for gold in sorted(root.glob("*.*")):
        stem, ext = gold.stem, gold.suffix[1:]
        if len(ext) == 4 and ext.isalpha():
            src, tgt = root / f"{stem}.{ext[:2]}", root / f"{stem}.{ext[2:]}"
            if src.is_file() and tgt.is_file():
                docs.append(GoldDocument(stem, src, tgt, gold, ext[:2], ext[2:]))
    gold_dir = root / "gold"
    if not docs and gold_dir.is_dir():
        sides = sorted(p for p in root.iterdir() if p.is_dir() and p.name != "gold")
        if len(sides) != 2:
            raise InputError(f"{folder}: expected two language folders beside gold/")
        # ParIce names its folders eng/isl: English is the source side.
        sides.sort(key=lambda p: p.name != "eng")
        for gold in sorted(gold_dir.glob("*.txt")):
            src, tgt = sides[0] / gold.name, sides[1] / gold.name
            if src.is_file() and tgt.is_file():
                docs.append(
                    GoldDocument(
                        gold.stem,
                        src,
                        tgt,
                        gold,
                        _LANG3.get(sides[0].name, sides[0].name),
                        _LANG3.get(sides[1].name, sides[1].name),
                    )
                )
    if not docs:
        raise InputError(f"{folder}: no gold-aligned documents found")
    return docs
