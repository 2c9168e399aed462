"""Language facts in one place, over ``langcodes`` and ``regex``: codes a user gives are checked and
standardised as BCP-47 tags; scripts, writing direction, sentence joiners and TMX tags follow from them."""

from __future__ import annotations

from functools import lru_cache

import langcodes
import regex

from align.errors import InputError


def language_tag(code: str, what: str = "language code") -> str:
    """``code`` as a standard BCP-47 tag (``ENG`` → ``en``, ``en_US`` → ``en-US``); a one-line
    :class:`InputError` when it is empty, malformed or names no language."""
    text = code.strip()
    try:
        valid = bool(text) and langcodes.tag_is_valid(text)
        tag = langcodes.standardize_tag(text) if valid else ""
    except (langcodes.LanguageTagError, ValueError):
        valid, tag = False, ""
    if not valid or not langcodes.Language.get(tag).is_valid():
        raise InputError(f"invalid {what} '{code}' (use a BCP-47 code such as en, ar, zh-Hans, pt-BR)")
    return tag


def language_pair(value: str) -> tuple[str, str]:
    """``en-ar`` (or ``zh-Hans-en``) as two tags: the first split where both sides are valid."""
    parts = value.strip().split("-")
    for cut in range(1, len(parts)):
        left, right = "-".join(parts[:cut]), "-".join(parts[cut:])
        try:
            return language_tag(left), language_tag(right)
        except InputError:
            continue
    raise InputError(f"--pair must be two language codes joined by '-', e.g. en-ar, not '{value}'")


# Facts about scripts (ISO 15924 codes, as langcodes gives them).
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})
_UNSPACED_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Thai", "Laoo", "Khmr", "Mymr"})
_SCRIPT_PARTS = {
    "Hans": ("Hani",),
    "Hant": ("Hani",),
    "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"),
}
_ALSO_WRITTEN_IN = {"sr": ("Latn",), "bs": ("Cyrl",), "uz": ("Cyrl",), "az": ("Cyrl",)}
ANY_LANGUAGE = "*all*"  # TMX 1.4: any language of a tu may be its source


@lru_cache(maxsize=512)
def _language(code: str) -> langcodes.Language | None:
    try:
        return langcodes.Language.get(code.strip().replace("_", "-")).maximize()
    except (langcodes.LanguageTagError, ValueError):
        return None


def base_language(code: str) -> str:
    """The language subtag of a code: ``en-GB`` → ``en``, ``zh_Hant`` → ``zh``, ``ENG`` → ``en``."""
    found = _language(code)
    return (
        found.language if found and found.language else code.strip().lower().replace("_", "-").split("-")[0]
    )


def script(code: str) -> str:
    """The script a language is written in (ISO 15924): ``ar`` → ``Arab``, ``zh-TW`` → ``Hant``."""
    found = _language(code)
    return (found.script if found else None) or "Latn"


def direction(code: str) -> str:
    """``rtl`` for languages written right to left (Arabic, Hebrew, Persian, Urdu...), else ``ltr``."""
    return "rtl" if script(code) in _RTL_SCRIPTS else "ltr"


def sentence_joiner(code: str) -> str:
    """What separates sentences of a language in running text: nothing for Chinese, Japanese, Thai,
    Lao, Khmer and Burmese, a space otherwise."""
    return "" if script(code) in _UNSPACED_SCRIPTS else " "


def _script_pattern(code: str) -> regex.Pattern:
    own = script(code)
    scripts = (*_SCRIPT_PARTS.get(own, (own,)), *_ALSO_WRITTEN_IN.get(base_language(code), ()))
    return _compiled("|".join(rf"\p{{Script={s}}}" for s in scripts))


@lru_cache(maxsize=128)
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern)


def script_share(text: str, code: str) -> float | None:
    """Share of the letters of ``text`` written in the language's script (None without letters)."""
    letters = regex.findall(r"\p{L}", text)
    if not letters:
        return None
    pattern = _script_pattern(code)
    return sum(1 for ch in letters if pattern.match(ch)) / len(letters)


def tmx_tag(code: str) -> str:
    """The ``xml:lang`` of a language in TMX: its standard tag; Chinese with its script
    (``zh`` → ``zh-Hans``, ``zh-TW`` → ``zh-Hant``), which CAT tools need to pick a variant."""
    text = code.strip().replace("_", "-")
    if text == ANY_LANGUAGE:
        return text
    try:
        tag = langcodes.standardize_tag(text)
    except (langcodes.LanguageTagError, ValueError):
        return text
    if base_language(tag) == "zh" and not langcodes.Language.get(tag).script:
        return f"zh-{script(tag)}"
    return tag
