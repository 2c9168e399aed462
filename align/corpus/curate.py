"""Cleaning a corpus: exact-duplicate removal and rule-based filters that report what each removes.

Filters mark pairs ``rejected`` with the rule's name as the note (reversible, never exported);
duplicates carry no information and are deleted, keeping the best-scored copy.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from align.corpus.store import CorpusStore
from align.errors import InputError
from align.languages import script_share
from align.records import Status, StoredPair, TranslationUnit


@dataclass(frozen=True)
class FilterRules:
    """Thresholds: character-length ratio, minimum script share, minimum score."""

    max_length_ratio: float = 3.0
    min_script_share: float = 0.5
    min_score: float | None = None


Check = Callable[[str, str, str, str, float], bool]  # (source, target, src_lang, tgt_lang, score)


def _rules(rules: FilterRules) -> list[tuple[str, Check]]:
    def length_ratio(source: str, target: str, _s: str, _t: str, _score: float) -> bool:
        a, b = len(source.strip()), len(target.strip())
        return min(a, b) == 0 or max(a, b) / min(a, b) > rules.max_length_ratio

    def identical(source: str, target: str, _s: str, _t: str, _score: float) -> bool:
        return source.strip().casefold() == target.strip().casefold()

    def wrong_script(source: str, target: str, src_lang: str, tgt_lang: str, _score: float) -> bool:
        shares = (script_share(source, src_lang), script_share(target, tgt_lang))
        return any(s is not None and s < rules.min_script_share for s in shares)

    def low_score(_source: str, _target: str, _s: str, _t: str, score: float) -> bool:
        return rules.min_score is not None and score < rules.min_score

    checks: list[tuple[str, Check]] = [
        ("identical", identical),
        ("wrong-script", wrong_script),
        ("length-ratio", length_ratio),
    ]
    return [*checks, ("low-score", low_score)] if rules.min_score is not None else checks


@dataclass(frozen=True)
class Removed:
    """What one cleaning rule removes: how many pairs, and the first of them in document order."""

    count: int
    examples: list[StoredPair]


def filter_pairs(
    store: CorpusStore,
    rules: FilterRules,
    dry_run: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    examples: int = 0,
) -> dict[str, Removed]:
    """Reject the pairs not yet rejected that a rule catches (the first rule wins), in the store's
    SQL; per rule, what it removes (``examples`` of them)."""
    checks = _rules(rules)

    def verdict(source: str, target: str, src: str, tgt: str, score: float) -> str | None:
        return next((name for name, check in checks if check(source, target, src, tgt, score)), None)

    found = store.reject_by(verdict, Status.exportable(), src_lang, tgt_lang, dry_run, examples)
    return {name: Removed(*found.get(name, (0, []))) for name, _ in checks}


def dedupe(store: CorpusStore, dry_run: bool = False, examples: int = 0) -> Removed:
    """Delete exact duplicates (same languages, source and target text), keeping the best score."""
    return Removed(*store.delete_duplicates(dry_run, examples))


def exportable_units(
    store: CorpusStore,
    langs: tuple[str, str],
    statuses: Iterable[Status] = Status.exportable(),
    min_score: float | None = None,
) -> tuple[Iterator[TranslationUnit], str | None]:
    """The units to export for a language pair, streamed from the store (rejected pairs never;
    reviewers' edits as the target), and, when none is left, why: how many each filter removed. An
    :class:`InputError` when the corpus has no pairs in these languages."""
    src_lang, tgt_lang = langs
    stored = [f"{s}-{t}" for s, t in store.language_pairs()]
    if f"{src_lang}-{tgt_lang}" not in stored:
        raise InputError(
            f"the corpus has no {src_lang}-{tgt_lang} pairs (it has: {', '.join(stored) or 'none yet'})"
        )
    kept = [s for s in statuses if s is not Status.REJECTED]
    pairs = store.iter_pairs(src_lang, tgt_lang, kept, min_score)
    first = next(pairs, None)
    if first is not None:
        return (p.as_unit() for p in itertools.chain([first], pairs)), None
    counts = store.status_counts(src_lang, tgt_lang)
    by_status = sum(n for state, n in counts.items() if state in kept)
    reason = (
        f"nothing to export: of {sum(counts.values())} {src_lang}-{tgt_lang} pairs, --status "
        f"{','.join(kept)} left {by_status}"
        + (f" and --min-score {min_score} left 0" if min_score is not None and by_status else "")
    )
    return iter(()), reason
