"""Reviewer edits that change bead boundaries: merge a pair with the next one, split a pair in two."""

from __future__ import annotations

from dataclasses import replace

from align.corpus.store import CorpusStore
from align.errors import InputError
from align.export import join_sentences
from align.records import Bead, Status, StoredPair, TranslationUnit
from align.segment import split_sentences


def _next(store: CorpusStore, pair: StoredPair) -> StoredPair:
    siblings = store.pairs(pair.src_lang, pair.tgt_lang, document=pair.document)
    position = [p.id for p in siblings].index(pair.id)
    if position + 1 >= len(siblings):
        raise InputError(f"pair {pair.id} is the last of its document: nothing to merge with")
    return siblings[position + 1]


def merge_with_next(store: CorpusStore, pair_id: int) -> int:
    """Join a pair with the following pair of the same document and languages; returns the kept id."""
    first = store.pair(pair_id)
    second = _next(store, first)
    edited = None
    if first.edited_text is not None or second.edited_text is not None:
        edited = join_sentences([first.final_target, second.final_target], first.tgt_lang)
    merged = replace(
        first,
        source=join_sentences([first.source, second.source], first.src_lang),
        target=join_sentences([first.target, second.target], first.tgt_lang),
        edited_text=edited,
        bead=Bead(
            tuple(sorted(set(first.src_ids) | set(second.src_ids))),
            tuple(sorted(set(first.tgt_ids) | set(second.tgt_ids))),
            min(first.score, second.score),
        ),
        status=Status.EDITED,
    )
    store.merge_pairs(merged, second)
    return first.id


def split_pair(store: CorpusStore, pair_id: int) -> tuple[int, int]:
    """Split a pair after its first sentence on each side; returns the two pair ids. The first
    sentence id of each side stays with the first half, the others go to the second."""
    pair = store.pair(pair_id)
    src = split_sentences(pair.source, pair.src_lang)
    tgt = split_sentences(pair.final_target, pair.tgt_lang)
    if min(len(src), len(tgt), len(pair.src_ids), len(pair.tgt_ids)) < 2:
        raise InputError(f"pair {pair_id} has a single sentence on one side: nothing to split")
    head = replace(
        pair,
        source=src[0],
        target=tgt[0],
        edited_text=None,
        bead=Bead(pair.src_ids[:1], pair.tgt_ids[:1], pair.score),
        status=Status.EDITED,
    )
    tail = TranslationUnit(
        pair.document,
        pair.src_lang,
        pair.tgt_lang,
        join_sentences(src[1:], pair.src_lang),
        join_sentences(tgt[1:], pair.tgt_lang),
        Bead(pair.src_ids[1:], pair.tgt_ids[1:], pair.score),
        pair.origin,
        Status.EDITED,
    )
    return pair_id, store.split_pair(head, tail)
