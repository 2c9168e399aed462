"""``align report``: a self-contained HTML page showing a corpus's quality at a glance.

For each language pair: a table of counts, the score histogram, the share of flagged pairs, the bead
types, and source against target length (pairs far off the diagonal are suspects). The charts are
drawn by matplotlib as SVG and embedded in the page, which needs no network and no script.
"""

from __future__ import annotations

import html
import io
from collections import Counter

from align.corpus.report import corpus_stats
from align.corpus.store import CorpusStore, StoredPair


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # the page embeds it: no XML declaration or DOCTYPE


def _charts(pairs: list[StoredPair], record: dict) -> list[tuple[str, str]]:
    """``(title, svg)`` for each chart of one language pair."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    def bars(x: list, heights: list[int], xlabel: str, color: str, **options) -> str:
        figure, axes = pyplot.subplots(figsize=(4.2, 2.8))
        axes.bar(x, heights, color=color, **options)
        axes.set_xlabel(xlabel)
        axes.set_ylabel("pairs")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        svg = _svg(figure)
        pyplot.close(figure)
        return svg

    live = [p for p in pairs if p.status != "rejected"]
    histogram = record["score_histogram"]
    edges = [k / len(histogram) for k in range(len(histogram))]
    kinds = Counter(p.kind for p in live)
    labels = sorted(kinds, key=lambda k: -kinds[k])
    charts = [
        ("Scores", bars(edges, histogram, "score", "#4a78b0", width=0.09, align="edge")),
        ("Bead types", bars(labels, [kinds[k] for k in labels], "bead type", "#6a9a4a")),
    ]
    figure, axes = pyplot.subplots(figsize=(4.2, 2.8))
    flagged = [p.status == "flagged" for p in live]
    axes.scatter(
        [len(p.source) for p in live],
        [len(p.final_target) for p in live],
        s=8,
        c=["#c0392b" if f else "#4a78b0" for f in flagged],
    )
    axes.set_xlabel("source characters")
    axes.set_ylabel("target characters")
    charts.append(("Lengths (red: flagged)", _svg(figure)))
    pyplot.close(figure)
    return charts


def render_report(store: CorpusStore, title: str = "corpus") -> str:
    """The report page of ``store`` (see the module docstring)."""
    sections = []
    for record in corpus_stats(store):
        src_lang, tgt_lang = record["pair"].split("-", 1)
        pairs = store.pairs(src_lang, tgt_lang)
        share = record["flagged"] / record["units"] if record["units"] else 0.0
        rows = "".join(
            f"<tr><th>{html.escape(name)}</th><td>{value}</td></tr>"
            for name, value in (
                ("documents", record["documents"]),
                ("pairs", record["units"]),
                ("flagged", f"{record['flagged']} ({share:.0%})"),
                ("source words", record["source_words"]),
                ("target words", record["target_words"]),
                ("review states", ", ".join(f"{k} {v}" for k, v in record["statuses"].items())),
            )
        )
        figures = "".join(
            f'<figure class="chart"><figcaption>{html.escape(name)}</figcaption>{svg}</figure>'
            for name, svg in _charts(pairs, record)
        )
        pair_name = html.escape(record["pair"])
        sections.append(
            f'<section class="pair" id="pair-{pair_name}"><h2>{pair_name}</h2>'
            f'<table class="counts">{rows}</table><div class="charts">{figures}</div></section>'
        )
    body = "".join(sections) or "<p>The corpus has no pairs yet.</p>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}: quality report</title>"
        "<style>body{font-family:sans-serif;margin:2em}table.counts th{text-align:left;padding-right:1em}"
        ".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0}.chart svg{max-width:420px;height:auto}"
        "figcaption{font-weight:bold}</style></head>"
        f"<body><h1>{html.escape(title)}: quality report</h1>{body}</body></html>"
    )
