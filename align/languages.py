"""Language codes: every code a user gives is checked and standardised as a BCP-47 tag (``langcodes``)."""

from __future__ import annotations

import langcodes

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
