"""Language codes are checked and standardised before any work."""

from __future__ import annotations

import pytest

from align.errors import InputError
from align.languages import language_pair, language_tag


@pytest.mark.parametrize(
    ("code", "tag"), [("en", "en"), ("ENG", "en"), ("en_US", "en-US"), ("zh-Hans", "zh-Hans"), ("ar", "ar")]
)
def test_valid_codes_are_standardised(code: str, tag: str) -> None:
    assert language_tag(code) == tag


@pytest.mark.parametrize("code", ["", " ", "xx", "-ar", "english", "e n", "a" * 40, "ar\x00"])
def test_invalid_codes_are_refused(code: str) -> None:
    with pytest.raises(InputError, match="invalid language code"):
        language_tag(code)


def test_pairs() -> None:
    assert language_pair("en-ar") == ("en", "ar")
    assert language_pair("zh-Hans-en") == ("zh-Hans", "en")
    for bad in ("-ar", "en-xx", "en", "en-"):
        with pytest.raises(InputError, match="--pair must be two language codes"):
            language_pair(bad)
