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


def _rules(rules: FilterRules) -> list[tuple[str, Callable[[StoredPair], bool]]]:
    def length_ratio(p: StoredPair) -> bool:
        a, b = len(p.source.strip()), len(p.final_target.strip())
        return min(a, b) == 0 or max(a, b) / min(a, b) > rules.max_length_ratio

    def identical(p: StoredPair) -> bool:
        return p.source.strip().casefold() == p.final_target.strip().casefold()

    def wrong_script(p: StoredPair) -> bool:
        shares = (script_share(p.source, p.src_lang), script_share(p.final_target, p.tgt_lang))
        return any(s is not None and s < rules.min_script_share for s in shares)

    def low_score(p: StoredPair) -> bool:
        return rules.min_score is not None and p.score < rules.min_score

    checks: list[tuple[str, Callable[[StoredPair], bool]]] = [
        ("identical", identical),
        ("wrong-script", wrong_script),
        ("length-ratio", length_ratio),
    ]
    return [*checks, ("low-score", low_score)] if rules.min_score is not None else checks


def filter_pairs(
    store: CorpusStore,
    rules: FilterRules,
    dry_run: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> dict[str, list[StoredPair]]:
    """Apply the rules to pairs not yet rejected; returns ``{rule: pairs it removes}`` (first rule wins)."""
    removed: dict[str, list[StoredPair]] = {name: [] for name, _ in _rules(rules)}
    candidates = store.pairs(src_lang, tgt_lang, statuses=Status.exportable())
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
    every = store.pairs(src_lang, tgt_lang)
    by_status = [p for p in every if p.status in kept]
    reason = (
        f"nothing to export: of {len(every)} {src_lang}-{tgt_lang} pairs, --status {','.join(kept)} "
        f"left {len(by_status)}"
        + (f" and --min-score {min_score} left 0" if min_score is not None and by_status else "")
    )
    return iter(()), reason
