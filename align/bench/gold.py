"""Gold-standard sets in the bead format, and scoring the aligner on them.

Two layouts are read: ``NAME.xx``/``NAME.yy``/``NAME.xxyy`` files side by side (Text+Berg), and
``SIDE_A/NAME``, ``SIDE_B/NAME``, ``gold/NAME`` sub-folders (ParIce ``eng``/``isl``, MAC-Dev
``zh``/``en``). In the sub-folder layout the gold file does not say which side is the source: the
folder name's ``-xx-yy`` suffix does when it names both sides, else the orientation in which the
gold's sentence ids fit both files, else English first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from align.align import AlignConfig, Aligner
from align.align.beads import parse_bead
from align.bench.scoring import BeadPair, Scores, score_alignments
from align.bench.variants import make_variant
from align.embed import Encoder, load_encoder
from align.errors import InputError
from align.pipeline import bridge_translations
from align.progress import progress

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
_NUMBERED = re.compile(r"^\d+\t")


def _sentence_lines(path: Path) -> list[str]:
    """One sentence per line; ``N<TAB>`` line-number prefixes (ParIce) are removed when every line has one."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and all(_NUMBERED.match(line) for line in lines):
        lines = [_NUMBERED.sub("", line, count=1) for line in lines]
    return lines


def _read_beads(path: Path) -> list[BeadPair]:
    beads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                bead = parse_bead(line)
            except ValueError:
                raise InputError(f"{path}:{number}: not a bead line") from None
            beads.append((bead.src, bead.tgt))
    return beads


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
        return _sentence_lines(self.src_path), _sentence_lines(self.tgt_path), _read_beads(self.gold_path)


def _fits(beads: list[BeadPair], src_count: int, tgt_count: int) -> bool:
    src_ids = [i for s, _ in beads for i in s]
    tgt_ids = [j for _, t in beads for j in t]
    return max(src_ids, default=-1) < src_count and max(tgt_ids, default=-1) < tgt_count


def _side_order(root: Path, sides: list[Path]) -> list[Path]:
    """Source folder first (see the module docstring)."""
    langs = [_LANG3.get(p.name, p.name) for p in sides]
    named = re.search(r"-([a-z]{2,3})-([a-z]{2,3})$", root.resolve().name)
    if named and sorted(named.groups()) == sorted(langs):
        return sides if langs[0] == named.group(1) else sides[::-1]
    gold_files = sorted((root / "gold").glob("*.txt"))
    if gold_files:
        first = gold_files[0]
        a, b = (p / first.name for p in sides)
        if a.is_file() and b.is_file():
            beads = _read_beads(first)
            counts = len(_sentence_lines(a)), len(_sentence_lines(b))
            forward, backward = _fits(beads, *counts), _fits(beads, *counts[::-1])
            if forward != backward:
                return sides if forward else sides[::-1]
    return sorted(sides, key=lambda p: _LANG3.get(p.name, p.name) != "en")


def discover_gold(folder: str | Path) -> list[GoldDocument]:
    """Find the gold documents in ``folder`` (either layout)."""
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
        source, target = _side_order(root, sides)
        src_lang, tgt_lang = _LANG3.get(source.name, source.name), _LANG3.get(target.name, target.name)
        for gold in sorted(gold_dir.glob("*.txt")):
            src, tgt = source / gold.name, target / gold.name
            if src.is_file() and tgt.is_file():
                docs.append(GoldDocument(gold.stem, src, tgt, gold, src_lang, tgt_lang))
    if not docs:
        raise InputError(f"{folder}: no gold-aligned documents found")
    return docs


def select(
    docs: list[GoldDocument], only: Collection[str] = (), exclude: Collection[str] = ()
) -> list[GoldDocument]:
    """Documents named in ``only`` (all when empty) and not in ``exclude``."""
    return [d for d in docs if (not only or d.name in only) and d.name not in exclude]


@dataclass
class GoldReport:
    """Scores of one gold set, summed over its documents."""

    gold: str
    documents: list[str]
    pair: str
    encoder: str
    scores: Scores
    seconds: float
    beads: list[list[BeadPair]] = field(default_factory=list, repr=False)


def evaluate_gold(
    docs: list[GoldDocument],
    encoder: Encoder,
    config: AlignConfig | None = None,
    label: str = "",
    variant: str = "as-is",
    bridge: bool = False,
) -> GoldReport:
    """Align every document with ``encoder`` and ``config``; strict/lax P/R/F1 summed over documents.
    ``variant``: the documents as given, or made harder (:mod:`align.bench.variants`); ``bridge``:
    through the source's machine translation, as ``align pair --bridge``."""
    aligner = Aligner(encoder, config or AlignConfig())
    texts = make_variant(variant, [doc.read() for doc in docs], [doc.name for doc in docs])
    gold_beads, test_beads = [], []
    start = time.perf_counter()
    for k, (src, tgt, beads) in progress(texts, desc=f"eval {label}".strip(), unit="doc"):
        langs = (docs[k].src_lang, docs[k].tgt_lang)
        result = aligner.align(src, tgt, *langs, bridge=bridge_translations(langs, src) if bridge else None)
        gold_beads.append(beads)
        test_beads.append([(b.src, b.tgt) for b in result.beads])
    return GoldReport(
        gold=label,
        documents=[d.name for d in docs],
        pair=f"{docs[0].src_lang}-{docs[0].tgt_lang}" if docs else "",
        encoder=encoder.name,
        scores=score_alignments(gold_beads, test_beads),
        seconds=round(time.perf_counter() - start, 2),
        beads=test_beads,
    )


def evaluate_gold_dir(
    folder: str | Path,
    encoder: str = "auto",
    config: AlignConfig | None = None,
    only: Collection[str] = (),
    exclude: Collection[str] = (),
    variant: str = "as-is",
    bridge: bool = False,
) -> GoldReport:
    """``align eval`` for one gold folder: its documents (``only``/``exclude`` by name), the encoder
    named by ``encoder`` for its languages, scores summed over documents; ``variant`` as in
    :func:`evaluate_gold`."""
    docs = select(discover_gold(folder), only, exclude)
    if not docs:
        raise InputError(f"no document of {folder} is left after --only/--exclude")
    model = load_encoder(encoder, (docs[0].src_lang, docs[0].tgt_lang))
    return evaluate_gold(docs, model, config, str(folder), variant, bridge)
