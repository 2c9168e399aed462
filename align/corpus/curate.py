"""Cleaning a corpus: exact-duplicate removal and rule-based filters that report what each removes.

Filters mark pairs ``rejected`` with the rule's name as the note (reversible, never exported);
duplicates carry no information and are deleted, keeping the best-scored copy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from align.corpus.store import CorpusStore, StoredPair
from align.document import base_language

# Unicode script names (first word of a character's name) expected for a language's letters.
_SCRIPTS = {
    "ar": {"ARABIC"},
    "fa": {"ARABIC"},
    "ur": {"ARABIC"},
    "ps": {"ARABIC"},
    "ru": {"CYRILLIC"},
    "uk": {"CYRILLIC"},
    "bg": {"CYRILLIC"},
    "sr": {"CYRILLIC", "LATIN"},
    "zh": {"CJK"},
    "ja": {"CJK", "HIRAGANA", "KATAKANA"},
    "ko": {"HANGUL", "CJK"},
    "el": {"GREEK"},
    "he": {"HEBREW"},
    "hi": {"DEVANAGARI"},
    "th": {"THAI"},
}


def script_share(text: str, lang: str) -> float | None:
    """Share of letters written in the language's script (None when unknown or no letters)."""
    expected = _SCRIPTS.get(base_language(lang), {"LATIN"})
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    hits = sum(1 for ch in letters if unicodedata.name(ch, "?").split(" ")[0] in expected)
    return hits / len(letters)


@dataclass(frozen=True)
class FilterRules:
    """Thresholds: character-length ratio, minimum script share, minimum score."""

    max_length_ratio: float = 3.0
    min_script_share: float = 0.5
    min_score: float | None = None


def _rules(rules: FilterRules) -> list[tuple[str, Callable[[StoredPair], bool]]]:
    def length_ratio(p: StoredPair) -> bool:
        a, b = len(p.source.strip()), len(p.final_target.strip())
        return min(a, b) == 0 or max(a, b) / min(a, b) > rules.max_length_ratio

    def identical(p: StoredPair) -> bool:
        return p.source.strip().casefold() == p.final_target.strip().casefold()

    def wrong_script(p: StoredPair) -> bool:
        shares = (script_share(p.source, p.src_lang), script_share(p.final_target, p.tgt_lang))
        return any(s is not None and s < rules.min_script_share for s in shares)

    checks = [("identical", identical), ("wrong-script", wrong_script), ("length-ratio", length_ratio)]
    if rules.min_score is not None:
        checks.append(("low-score", lambda p: p.score < rules.min_score))
    return checks


def filter_pairs(
    store: CorpusStore,
    rules: FilterRules,
    dry_run: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> dict[str, list[StoredPair]]:
    """Apply the rules to pairs not yet rejected; returns ``{rule: pairs it removes}`` (first rule wins)."""
    removed: dict[str, list[StoredPair]] = {name: [] for name, _ in _rules(rules)}
    candidates = store.pairs(src_lang, tgt_lang, statuses=("auto", "flagged", "approved", "edited"))
    for pair in candidates:
        for name, check in _rules(rules):
            if check(pair):
                removed[name].append(pair)
                break
    if not dry_run:
        for name, pairs in removed.items():
            for pair in pairs:
                store.set_status(pair.id, "rejected", note=f"filter:{name}")
    return removed


def dedupe(store: CorpusStore, dry_run: bool = False) -> list[StoredPair]:
    """Delete exact duplicates (same languages, source and target text), keeping the best score."""
    best: dict[tuple[str, str, str, str], StoredPair] = {}
    duplicates: list[StoredPair] = []
    for pair in store.pairs():
        key = (
            pair.src_lang,
            pair.tgt_lang,
            " ".join(pair.source.split()),
            " ".join(pair.final_target.split()),
        )
        kept = best.get(key)
        if kept is None:
            best[key] = pair
        elif pair.score > kept.score:
            duplicates.append(kept)
            best[key] = pair
        else:
            duplicates.append(pair)
    if not dry_run:
        store.delete_pairs(p.id for p in duplicates)
    return duplicates
