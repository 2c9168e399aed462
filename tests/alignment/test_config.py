"""The aligner's settings: public ones with help, tuning knobs only for the evaluation tooling,
validated once."""

from __future__ import annotations

import pytest

from align.align import AlignConfig
from align.align.config import settings_help
from align.errors import InputError


def test_public_settings_are_few_and_each_has_a_help_line() -> None:
    public = AlignConfig.settings()
    assert set(public) == {
        "max_merge",
        "skip",
        "block_open",
        "margin",
        "coverage",
        "paragraph_penalty",
        "warn_below",
    }
    assert set(AlignConfig.settings(tuning=True)) - set(public) == {
        "length_weight",
        "coverage_floor",
        "window",
        "full_limit",
        "second_pass",
    }
    assert all(len(text) > 20 for text in AlignConfig.settings(tuning=True).values())
    assert all(f"{name}: " in settings_help() for name in public)
    assert "window" not in settings_help()


def test_overrides_parse_public_settings_and_refuse_tuning_knobs_outside_the_tooling() -> None:
    assert AlignConfig.from_overrides(["skip=-0.2", "max-merge=3"]) == AlignConfig(skip=-0.2, max_merge=3)
    with pytest.raises(InputError, match="length_weight is a tuning knob: set it with align bench tune"):
        AlignConfig.from_overrides(["length_weight=0"])
    assert AlignConfig.from_overrides(["length_weight=0"], tuning=True) == AlignConfig(length_weight=0.0)
    with pytest.raises(InputError, match="unknown aligner setting 'colour=red' \\(known: max_merge, skip"):
        AlignConfig.from_overrides(["colour=red"])
    with pytest.raises(InputError, match="unknown aligner setting 'skip'"):
        AlignConfig.from_overrides(["skip"])
    with pytest.raises(InputError, match=r"margin needs a number, not 'high'"):
        AlignConfig.from_overrides(["margin=high"])
    with pytest.raises(InputError, match=r"max_merge needs an integer, not '2\.5'"):
        AlignConfig.from_overrides(["max_merge=2.5"])


@pytest.mark.parametrize(("raw", "value"), [("off", False), ("0", False), ("False", False), ("on", True)])
def test_a_switch_reads_on_and_off(raw: str, value: bool) -> None:
    assert AlignConfig.from_overrides([f"second_pass={raw}"], tuning=True).second_pass is value


def test_a_switch_refuses_other_words() -> None:
    with pytest.raises(InputError, match=r"second_pass needs on or off, not 'maybe'"):
        AlignConfig.from_overrides(["second_pass=maybe"], tuning=True)


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"max_merge": 0}, "max_merge must be between 1 and 8"),
        ({"margin": float("nan")}, "margin must be a finite number"),
        ({"skip": float("-inf")}, "skip must be a finite number"),
        ({"block_open": 0.1}, "skip and block_open must be at most 0"),
        ({"skip": 0.1}, "skip and block_open must be at most 0"),
        ({"window": 0}, "window must be at least 1"),
        ({"full_limit": -1}, "full_limit at least 0"),
    ],
)
def test_impossible_settings_are_refused_when_made(settings: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        AlignConfig(**settings)
    assert AlignConfig(block_open=float("-inf")).block_open == float("-inf"), "-inf switches blocks off"
