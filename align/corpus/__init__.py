"""Parallel corpus store: build, curate, report and export corpora from many articles."""

from align.corpus.build import (
    BuildOptions,
    DocumentResult,
    add_articles,
    add_human_pair,
    merge_results,
    process_partition,
    write_shards,
)
from align.corpus.curate import FilterRules, dedupe, exportable_units, filter_pairs
from align.corpus.report import corpus_stats, format_stats
from align.corpus.store import CorpusStore
from align.records import StoredPair

__all__ = [
    "BuildOptions",
    "CorpusStore",
    "DocumentResult",
    "FilterRules",
    "StoredPair",
    "add_articles",
    "add_human_pair",
    "corpus_stats",
    "dedupe",
    "exportable_units",
    "filter_pairs",
    "format_stats",
    "merge_results",
    "process_partition",
    "write_shards",
]
