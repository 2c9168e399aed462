"""``align report``: a self-contained HTML page a reviewer can act on.

For each language pair: the counts; charts of the score histogram, the bead types and source against
target length (pairs far off the diagonal are suspects); a table of documents, worst first, with each
one's pairs, flagged share, median score, bead types and score distribution; and the lowest-scoring
pairs side by side, each text in its own language's direction. Every figure comes from the store's
SQL, so the page costs the same memory for any corpus size. The charts are matplotlib SVG and the
distributions plain HTML: the page needs no network and no script.
"""

from __future__ import annotations

import html
import io
from typing import Any

from align.corpus.report import BINS, corpus_stats
from align.corpus.store import CorpusStore
from align.languages import direction

LOWEST = 20  # pairs shown side by side
MAX_DOCUMENTS = 500  # rows of the document table (the worst ones)
MAX_POINTS = 5000  # points of the length chart (an even sample beyond)

_STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:80em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border-bottom:1px solid #ddd;padding:.25em .6em;vertical-align:top}"
    "th{text-align:start;background:#f4f4f4}table.counts th{background:none}"
    "td.n{text-align:end;font-variant-numeric:tabular-nums}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0}.chart svg{max-width:420px;height:auto}"
    "figcaption{font-weight:bold}"
    ".bars{display:flex;align-items:flex-end;gap:1px;height:1.6em;width:8em}"
    ".bars span{flex:1;background:#4a78b0;min-height:1px}.bars span.low{background:#c0392b}"
    "table.lowest td.text{max-width:32em}tr.flagged td.score{color:#c0392b;font-weight:bold}"
)


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # the page embeds it: no XML declaration or DOCTYPE


def _charts(store: CorpusStore, langs: tuple[str, str], histogram: list[int], kinds: dict[str, int]) -> str:
    """The figures of one language pair: scores, bead types, lengths."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    def bars(x: list, heights: list[int], xlabel: str, color: str, **options: Any) -> str:
        figure, axes = pyplot.subplots(figsize=(4.2, 2.8))
        axes.bar(x, heights, color=color, **options)
        axes.set_xlabel(xlabel)
        axes.set_ylabel("pairs")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        svg = _svg(figure)
        pyplot.close(figure)
        return svg

    edges = [k / len(histogram) for k in range(len(histogram))]
    labels = sorted(kinds, key=lambda k: (-kinds[k], k))
    charts = [
        ("Scores", bars(edges, histogram, "score", "#4a78b0", width=0.09, align="edge")),
        ("Bead types", bars(labels, [kinds[k] for k in labels], "bead type", "#6a9a4a")),
    ]
    sample = store.length_sample(*langs, MAX_POINTS)
    figure, axes = pyplot.subplots(figsize=(4.2, 2.8))
    axes.scatter(
        [r["source"] for r in sample],
        [r["target"] for r in sample],
        s=8,
        c=["#c0392b" if r["flagged"] else "#4a78b0" for r in sample],
    )
    axes.set_xlabel("source characters")
    axes.set_ylabel("target characters")
    charts.append(("Lengths (red: flagged)", _svg(figure)))
    pyplot.close(figure)
    return "".join(
        f'<figure class="chart"><figcaption>{html.escape(name)}</figcaption>{svg}</figure>'
        for name, svg in charts
    )


def _distribution(counts: list[int]) -> str:
    """A score histogram as a row of bars (lowest bins red), with the counts as its title."""
    peak = max(counts) or 1
    spans = "".join(
        f'<span{" class=low" if k < len(counts) // 2 else ""} style="height:{100 * n / peak:.0f}%"></span>'
        for k, n in enumerate(counts)
    )
    title = html.escape(" ".join(str(n) for n in counts))
    return f'<div class="bars" title="scores 0 → 1: {title}">{spans}</div>'


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))


def _documents(store: CorpusStore, langs: tuple[str, str], histograms: dict[str, list[int]]) -> str:
    """The document table, most flagged share first, then lowest median."""
    beads = store.bead_counts(*langs)
    rows = sorted(
        store.document_totals(*langs), key=lambda r: (-r["flagged"] / r["pairs"], r["median"], r["document"])
    )
    body = "".join(
        f'<tr><td>{html.escape(r["document"])}</td><td class="n">{r["pairs"]}</td>'
        f'<td class="n">{r["flagged"]} ({r["flagged"] / r["pairs"]:.0%})</td>'
        f'<td class="n">{r["median"]:.2f}</td><td>{html.escape(_kinds(beads.get(r["document"], {})))}</td>'
        f"<td>{_distribution(histograms.get(r['document'], [0] * BINS))}</td></tr>"
        for r in rows[:MAX_DOCUMENTS]
    )
    more = (
        f"<p>The {MAX_DOCUMENTS} documents with the most flagged pairs are shown, of {len(rows)}.</p>"
        if len(rows) > MAX_DOCUMENTS
        else ""
    )
    return (
        f'<h3>Documents ({len(rows)})</h3>{more}<table class="documents"><thead><tr><th>document</th>'
        "<th>pairs</th><th>flagged</th><th>median score</th><th>bead types</th><th>scores</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _lowest(store: CorpusStore, langs: tuple[str, str]) -> str:
    """The lowest-scoring pairs side by side, each side in its language and direction."""
    src_lang, tgt_lang = langs
    pairs = store.lowest_pairs(src_lang, tgt_lang, LOWEST)
    source, target = (f'lang="{html.escape(lang)}" dir="{direction(lang)}"' for lang in langs)
    body = "".join(
        f'<tr class="{p.status}"><td class="n score">{p.score:.2f}</td><td>{html.escape(p.document)}</td>'
        f'<td class="text source" {source}>{html.escape(p.source)}</td>'
        f'<td class="text target" {target}>{html.escape(p.final_target)}</td>'
        f"<td>{html.escape(p.kind)}</td><td>{html.escape(str(p.status))}</td></tr>"
        for p in pairs
    )
    return (
        f"<h3>The {len(pairs)} lowest-scoring pairs</h3>"
        "<p>Review them with <code>align review</code>; rejected pairs are left out.</p>"
        '<table class="lowest"><thead><tr><th>score</th><th>document</th>'
        f"<th {source}>{html.escape(src_lang)}</th><th {target}>{html.escape(tgt_lang)}</th>"
        "<th>bead</th><th>state</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def render_report(store: CorpusStore, title: str = "corpus") -> str:
    """The report page of ``store`` (see the module docstring)."""
    sections = []
    for record in corpus_stats(store):
        src_lang, tgt_lang = record["pair"].split("-", 1)
        langs = (src_lang, tgt_lang)
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
        histograms = store.score_histogram(src_lang, tgt_lang, BINS)
        kinds = store.bead_counts(src_lang, tgt_lang)[""]
        pair_name = html.escape(record["pair"])
        sections.append(
            f'<section class="pair" id="pair-{pair_name}"><h2>{pair_name}</h2>'
            f'<table class="counts">{rows}</table>'
            f'<div class="charts">{_charts(store, langs, histograms[""], kinds)}</div>'
            f"{_documents(store, langs, histograms)}{_lowest(store, langs)}</section>"
        )
    body = "".join(sections) or "<p>The corpus has no pairs yet.</p>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}: quality report</title><style>{_STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}: quality report</h1>{body}</body></html>"
    )
