"""Parallel corpus store: build, curate, report and export corpora from many articles."""

from align.corpus.build import (
    BuildOptions,
    BuildReport,
    PairTask,
    add_articles,
    build,
)
from align.corpus.curate import FilterRules, dedupe, exportable_units, filter_pairs
from align.corpus.pairing import FilePair, Pairing, PairOptions, add_human_pair, add_pairs, pair_folders
from align.corpus.report import corpus_stats, format_stats
from align.corpus.sinks import ListSink, ShardSink, StoreSink, import_shards, merge_results
from align.corpus.store import CorpusStore
from align.pipeline import DocumentResult
from align.records import Skipped, StoredPair

__all__ = [
    "BuildOptions",
    "BuildReport",
    "CorpusStore",
    "DocumentResult",
    "FilePair",
    "FilterRules",
    "ListSink",
    "PairOptions",
    "PairTask",
    "Pairing",
    "ShardSink",
    "Skipped",
    "StoreSink",
    "StoredPair",
    "add_articles",
    "add_human_pair",
    "add_pairs",
    "build",
    "corpus_stats",
    "dedupe",
    "exportable_units",
    "filter_pairs",
    "format_stats",
    "import_shards",
    "merge_results",
    "pair_folders",
]
