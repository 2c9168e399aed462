"""Corpus statistics per language pair: documents, units, words, score histogram, review states."""

from __future__ import annotations

from collections import Counter

from align.corpus.store import CorpusStore

BINS = 10


def corpus_stats(store: CorpusStore) -> list[dict]:
    """One record per language pair (rejected pairs counted only under ``statuses``)."""
    out = []
    for src_lang, tgt_lang in store.language_pairs():
        pairs = store.pairs(src_lang, tgt_lang)
        live = [p for p in pairs if p.status != "rejected"]
        histogram = [0] * BINS
        for pair in live:
            histogram[min(BINS - 1, max(0, int(pair.score * BINS)))] += 1
        out.append(
            {
                "pair": f"{src_lang}-{tgt_lang}",
                "documents": len({p.document for p in pairs}),
                "units": len(live),
                "source_words": sum(len(p.source.split()) for p in live),
                "target_words": sum(len(p.final_target.split()) for p in live),
                "flagged": sum(p.status == "flagged" for p in live),
                "statuses": dict(sorted(Counter(p.status for p in pairs).items())),
                "score_histogram": histogram,
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
