"""Where a build writes (:class:`~align.corpus.build.Sink`): the corpus store, a folder of Parquet
shards, or a list in memory. Each knows which tasks it already holds, by content key."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from align.corpus.build import result_key
from align.corpus.shards import next_shard, read_shards, shard_keys, shard_path, write_shard
from align.corpus.store import CorpusStore
from align.pipeline import DocumentResult


def merge_results(store: CorpusStore, results: Iterable[DocumentResult]) -> int:
    """Write results into the store, one transaction per document; returns pairs added. A human
    translation is stored as its own document, its pairs pointing at it; a pair of documents already
    aligned together, or a document already translated into a language, adds nothing."""
    added = 0
    for result in results:
        with store.transaction():
            doc_id = store.add_document(result.document, result.sentences)
            if result.partner is not None:
                partner, sentences = result.partner
                if store.has_human_pair(result.document.checksum, partner.checksum):
                    continue
                partner_id = store.add_document(partner, sentences)
                for units in result.units.values():
                    added += store.add_pairs(doc_id, units, target_document_id=partner_id)
                store.mark_aligned(doc_id, partner.lang, partner_id)
                continue
            for target, units in result.units.items():
                if not store.has_pairs(doc_id, target):
                    added += store.add_pairs(doc_id, units)
                    store.mark_aligned(doc_id, target)
    return added


def _pairs_in(results: list[DocumentResult]) -> int:
    """The pairs that results hold, counted as the store counts what it adds (null beads aside)."""
    return sum(not u.is_null for r in results for units in r.units.values() for u in units)


class StoreSink:
    """The corpus store (SQLite): a task is held when its document (or pair of documents) is stored
    with its pairs."""

    def __init__(self, store: CorpusStore) -> None:
        self.store = store

    def holds(self, key: str) -> bool:
        if ">" in key:
            return self.store.has_human_pair(*key.split(">"))
        checksum, _, targets = key.partition(":")
        doc_id = self.store.document_id(checksum)
        return doc_id is not None and all(self.store.has_pairs(doc_id, t) for t in targets.split(","))

    def write(self, results: list[DocumentResult]) -> int:
        return merge_results(self.store, results)


class ShardSink:
    """A folder of Parquet shards: one new shard per batch, numbered after the last finished one; a
    task is held when a finished shard holds its key."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.keys = shard_keys(self.folder) if self.folder.is_dir() else set()
        self.next = next_shard(self.folder) if self.folder.is_dir() else 0
        self.written: list[Path] = []

    def holds(self, key: str) -> bool:
        return key in self.keys

    def write(self, results: list[DocumentResult]) -> int:
        keys = [result_key(r) for r in results]
        path = write_shard(shard_path(self.folder, self.next), results, keys)
        self.next += 1
        self.keys.update(keys)
        self.written.append(path)
        return _pairs_in(results)


class ListSink:
    """Results kept in memory, in input order (``align run`` writes them as files afterwards)."""

    def __init__(self) -> None:
        self.results: list[DocumentResult] = []

    def holds(self, key: str) -> bool:
        return False

    def write(self, results: list[DocumentResult]) -> int:
        self.results += results
        return _pairs_in(results)


def import_shards(store: CorpusStore, folder: str | Path) -> int:
    """Load a shard folder into a store (documents already there are skipped); returns pairs added."""
    return merge_results(store, read_shards(folder))
