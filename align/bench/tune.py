"""``align bench tune``: choose aligner settings by cross-validation over gold sets.

Every point of a grid of settings is scored on the tuning documents of each gold set (strict F1
summed over a set's tuning documents, then averaged over sets, so a large set does not outvote a
small one) and reported on the rest of each set. Settings are chosen by the tuning score alone; the
held-out columns show what that choice is worth. With ``variant``, every document is first made
harder in the same way (:mod:`align.bench.variants`), e.g. to choose the cost of unaligned blocks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from align.align import AlignConfig
from align.bench.gold import GoldDocument, evaluate_gold
from align.bench.scoring import Scores
from align.embed import Encoder
from align.errors import InputError


def grid_points(grid: list[str]) -> list[list[str]]:
    """``["skip=-0.1,-0.2", "margin=0,1"]`` → every combination as ``KEY=VALUE`` override lists."""
    axes = []
    for item in grid:
        key, sep, values = item.partition("=")
        if not sep or not values.strip():
            raise InputError(f"a grid axis is KEY=V1,V2,...: '{item}'")
        axes.append([f"{key.strip()}={v.strip()}" for v in values.split(",") if v.strip()])
    return [list(point) for point in itertools.product(*axes)]


def sets_by_encoder(
    golds: dict[str, list[GoldDocument]],
    encoder_names: Sequence[str],
    load: Callable[[str, tuple[str, str]], Encoder],
) -> tuple[dict[str, list[GoldDocument]], dict[str, Encoder]]:
    """Each gold set with each encoder as one entry of the tuning average (``SET@ENCODER``; plain
    set names when there is one encoder), and the encoder ``load(name, (src, tgt))`` gives each."""
    names = list(dict.fromkeys(encoder_names))
    sets: dict[str, list[GoldDocument]] = {}
    encoders: dict[str, Encoder] = {}
    for name in names:
        for gold, docs in golds.items():
            label = gold if len(names) == 1 else f"{gold}@{name}"
            sets[label] = docs
            encoders[label] = load(name, (docs[0].src_lang, docs[0].tgt_lang))
    return sets, encoders


@dataclass
class TuneRow:
    """One grid point: its overrides and, per gold set, scores on the tuning and held-out documents."""

    overrides: list[str]
    tune: dict[str, Scores] = field(default_factory=dict)
    held_out: dict[str, Scores] = field(default_factory=dict)

    @property
    def tune_score(self) -> float:
        return sum(s.f1_strict for s in self.tune.values()) / max(len(self.tune), 1)

    def line(self) -> str:
        cells = [f"tune {self.tune_score:.4f}", " ".join(self.overrides) or "(defaults)"]
        for name in sorted(set(self.tune) | set(self.held_out)):
            for label, table in (("tune", self.tune), ("rest", self.held_out)):
                if name in table:
                    s = table[name]
                    cells.append(f"{name}/{label} {s.f1_strict:.3f}/{s.f1_lax:.3f}")
        return "  ".join(cells)


def tune(
    sets: dict[str, list[GoldDocument]],
    tune_names: Collection[str],
    grid: list[str],
    encoders: dict[str, Encoder],
    variant: str = "as-is",
) -> list[TuneRow]:
    """Score every grid point (see the module docstring); rows best first by tuning score."""
    points = grid_points(grid)
    configs = [AlignConfig.from_overrides(point, tuning=True) for point in points]  # validate before any work
    rows = []
    for point, config in zip(points, configs, strict=True):
        row = TuneRow(point)
        for name, docs in sets.items():
            tuning = [d for d in docs if d.name in tune_names]
            rest = [d for d in docs if d.name not in tune_names]
            if tuning:
                row.tune[name] = evaluate_gold(tuning, encoders[name], config, name, variant).scores
            if rest:
                row.held_out[name] = evaluate_gold(rest, encoders[name], config, name, variant).scores
        rows.append(row)
    if not any(row.tune for row in rows):
        raise InputError("no tuning document: name some with --tune (e.g. --tune dev,001,002,003)")
    return sorted(rows, key=lambda row: -row.tune_score)
