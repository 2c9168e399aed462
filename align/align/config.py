"""The aligner's settings: the few a user turns, and the tuning knobs that only evaluation sets.

Each public setting carries its help line (``align eval --set`` and ``align pair --set`` list them);
tuning knobs are accepted by ``align bench tune`` only. Settings are validated here, once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from align.align.beads import MAX_BEAD_SIDE
from align.errors import InputError

_TUNING = {"tuning": True}


def _public(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


def _tuning(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help, **_TUNING})


@dataclass(frozen=True)
class AlignConfig:
    """Alignment settings (defaults chosen by cross-validation: docs/aligner.md)."""

    max_merge: int = _public(5, "most sentences in a bead, less one (beads a-b with a + b <= max_merge + 1)")
    skip: float = _public(-0.15, "score of leaving one sentence unaligned")
    block_open: float = _public(
        -0.6, "score of a run of unaligned sentences on one side, however long (-inf: off)"
    )
    margin: float = _public(0.75, "weight of the neighbour margin (a bead must beat the beads beside it)")
    coverage: float = _public(1.0, "weight of a merged bead's sentences that resemble nothing across")
    paragraph_penalty: float = _public(0.3, "cost per side of a bead that crosses a paragraph boundary")
    warn_below: float = _public(0.35, "median bead score under which a pair is reported as suspicious")
    length_weight: float = _tuning(1.0, "exponent of the length factor (0: the term off)")
    coverage_floor: float = _tuning(
        0.05, "similarity under which a merged sentence counts as resembling nothing"
    )
    second_pass: bool = _tuning(
        True, "search again with the length ratio of the aligned beads when a passage has no counterpart"
    )
    window: int = _tuning(8, "half-width of the refined search band")
    full_limit: int = _tuning(1_000_000, "DP matrices up to this many cells are searched in full")

    def __post_init__(self) -> None:
        """Refuse settings the search cannot honour (one line each, as input errors)."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and (
                math.isnan(value) or (math.isinf(value) and f.name != "block_open")
            ):
                raise InputError(f"aligner setting {f.name} must be a finite number")
        if not 1 <= self.max_merge <= MAX_BEAD_SIDE:  # spans of up to max_merge sentences are encoded
            raise InputError(f"max_merge must be between 1 and {MAX_BEAD_SIDE}, not {self.max_merge}")
        if self.window < 1 or self.full_limit < 0:
            raise InputError("window must be at least 1 and full_limit at least 0")
        if self.skip > 0 or self.block_open > 0:
            raise InputError("skip and block_open must be at most 0 (leaving sentences out never gains)")

    @classmethod
    def settings(cls, tuning: bool = False) -> dict[str, str]:
        """``{name: help}`` of the public settings (with ``tuning``: the tuning knobs too)."""
        return {f.name: f.metadata["help"] for f in fields(cls) if tuning or not f.metadata.get("tuning")}

    @classmethod
    def from_overrides(cls, overrides: Iterable[str], tuning: bool = False) -> AlignConfig:
        """Defaults with ``KEY=VALUE`` overrides, each value parsed as its field's type; tuning knobs
        only with ``tuning`` (the evaluation tooling)."""
        known = cls.settings(tuning)
        defaults = cls()
        kinds: dict[str, type] = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
        values: dict[str, Any] = {}
        for item in overrides:
            key, sep, raw = item.partition("=")
            key = key.strip().replace("-", "_")
            if sep and key in kinds and key not in known:
                raise InputError(f"{key} is a tuning knob: set it with align bench tune --grid {key}=VALUE")
            if not sep or key not in known:
                raise InputError(f"unknown aligner setting '{item}' (known: {', '.join(known)})")
            kind = kinds[key]
            try:
                values[key] = _parse(kind, raw)
            except ValueError:
                need = {int: "an integer", bool: "on or off"}.get(kind, "a number")
                raise InputError(f"{key} needs {need}, not '{raw}'") from None
        return replace(defaults, **values)


def _parse(kind: type, raw: str) -> Any:
    """``raw`` as a value of a setting's type (a switch: on/off, true/false, 1/0)."""
    if kind is bool:
        words = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}
        if raw.strip().lower() not in words:
            raise ValueError(raw)
        return words[raw.strip().lower()]
    return kind(raw)


def settings_help() -> str:
    """One line per public setting, for a ``--set`` option's help."""
    return "; ".join(
        f"{name}: {text} (default {getattr(AlignConfig(), name)})"
        for name, text in AlignConfig.settings().items()
    )
