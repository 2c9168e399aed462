"""Corpus statistics per language pair: documents, units, words, score histogram, review states."""

from __future__ import annotations

from align.corpus.store import CorpusStore

BINS = 10


def corpus_stats(store: CorpusStore) -> list[dict]:
    """One record per language pair (rejected pairs counted only under ``statuses``), computed by
    the store's SQL."""
    out = []
    for row in store.language_totals():
        src_lang, tgt_lang = row["src_lang"], row["tgt_lang"]
        out.append(
            {
                "pair": f"{src_lang}-{tgt_lang}",
                "documents": row["documents"],
                "units": row["units"],
                "source_words": row["source_words"],
                "target_words": row["target_words"],
                "flagged": row["flagged"],
                "statuses": store.status_counts(src_lang, tgt_lang),
                "score_histogram": store.score_histogram(src_lang, tgt_lang, BINS)[""],
            }
        )
    return out


def format_stats(records: list[dict]) -> str:
    """A terminal table, one row per language pair, plus a histogram bar line."""
    if not records:
        return "empty corpus"
    header = (
        f"{'pair':<8} {'docs':>5} {'units':>7} {'src words':>10} {'tgt words':>10} {'flagged':>8}  statuses"
    )
    lines = [header, "-" * len(header)]
    bars = " ▁▂▃▄▅▆▇█"
    for r in records:
        statuses = ", ".join(f"{k} {v}" for k, v in r["statuses"].items())
        lines.append(
            f"{r['pair']:<8} {r['documents']:>5} {r['units']:>7} {r['source_words']:>10} "
            f"{r['target_words']:>10} {r['flagged']:>8}  {statuses}"
        )
        peak = max(r["score_histogram"]) or 1
        spark = "".join(bars[round(v / peak * (len(bars) - 1))] for v in r["score_histogram"])
        lines.append(f"{'':<8} score 0 |{spark}| 1   {r['score_histogram']}")
    return "\n".join(lines)
