"""Reviewer edits that change bead boundaries: merge a pair with the next one, split a pair in two."""

from __future__ import annotations

import json

from align.corpus.store import CorpusStore, StoredPair, now
from align.errors import InputError
from align.export import join_sentences
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
    src_ids = sorted(set(first.src_ids) | set(second.src_ids))
    tgt_ids = sorted(set(first.tgt_ids) | set(second.tgt_ids))
    with store.transaction():
        store.db.execute(
            "UPDATE pairs SET source = ?, target = ?, edited_text = ?, src_ids = ?, tgt_ids = ?, bead = ?, "
            "score = ?, status = 'edited', updated_at = ? WHERE id = ?",
            (
                join_sentences([first.source, second.source], first.src_lang),
                join_sentences([first.target, second.target], first.tgt_lang),
                None
                if first.edited_text is None and second.edited_text is None
                else join_sentences([first.final_target, second.final_target], first.tgt_lang),
                json.dumps(src_ids),
                json.dumps(tgt_ids),
                f"{len(src_ids)}-{len(tgt_ids)}",
                min(first.score, second.score),
                now(),
                first.id,
            ),
        )
        store.db.execute("DELETE FROM pairs WHERE id = ?", (second.id,))
    return first.id


def split_pair(store: CorpusStore, pair_id: int) -> tuple[int, int]:
    """Split a pair after its first sentence on each side; returns the two pair ids."""
    pair = store.pair(pair_id)
    src = split_sentences(pair.source, pair.src_lang)
    tgt = split_sentences(pair.final_target, pair.tgt_lang)
    if len(src) < 2 or len(tgt) < 2:
        raise InputError(f"pair {pair_id} has a single sentence on one side: nothing to split")
    first_src, rest_src = src[0], join_sentences(src[1:], pair.src_lang)
    first_tgt, rest_tgt = tgt[0], join_sentences(tgt[1:], pair.tgt_lang)

    def ids(values: tuple[int, ...], head: bool) -> list[int]:
        return list(values[:1] if head else values[1:] or values[-1:])

    stamp = now()
    with store.transaction():
        row = store.db.execute("SELECT * FROM pairs WHERE id = ?", (pair_id,)).fetchone()
        store.db.execute(
            "UPDATE pairs SET source = ?, target = ?, edited_text = NULL, src_ids = ?, tgt_ids = ?, "
            "bead = '1-1', status = 'edited', updated_at = ? WHERE id = ?",
            (
                first_src,
                first_tgt,
                json.dumps(ids(pair.src_ids, True)),
                json.dumps(ids(pair.tgt_ids, True)),
                stamp,
                pair_id,
            ),
        )
        rest_src_ids, rest_tgt_ids = ids(pair.src_ids, False), ids(pair.tgt_ids, False)
        cursor = store.db.execute(
            "INSERT INTO pairs (document_id, target_document_id, src_lang, tgt_lang, src_ids, tgt_ids, "
            "source, target, bead, score, origin, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'edited', ?, ?)",
            (
                row["document_id"],
                row["target_document_id"],
                pair.src_lang,
                pair.tgt_lang,
                json.dumps(rest_src_ids),
                json.dumps(rest_tgt_ids),
                rest_src,
                rest_tgt,
                f"{len(rest_src_ids)}-{len(rest_tgt_ids)}",
                pair.score,
                pair.origin,
                row["created_at"],
                stamp,
            ),
        )
    return pair_id, int(cursor.lastrowid)
