"""``align report``: a self-contained HTML page with a corpus's quality at a glance."""

from __future__ import annotations

from pathlib import Path

import click

from align.atomic import atomic_write_text
from align.cli.corpus import existing_corpus, root_option
from align.cli.output import say


@click.command()
@click.argument("name")
@click.option("-o", "--output", default=None, help="The HTML file (default: report.html beside the corpus).")
@root_option
def report(name: str, output: str | None, root: str) -> None:
    """Write a quality report of corpus NAME (or of an `align run` folder) as one HTML page that needs no
    network: per language pair, counts, charts of scores, bead types and lengths, a table of documents
    (worst first: pairs, flagged share, median score, bead types, score distribution) and the 20
    lowest-scoring pairs side by side."""
    from align.corpus.report_page import render_report
    from align.corpus.store import CorpusStore

    path = existing_corpus(name, root)
    store = CorpusStore(path)
    try:
        page = render_report(store, Path(name).name)
    finally:
        store.close()
    target = output or str(path.parent / "report.html")
    atomic_write_text(target, page)
    say(f"wrote {target}")
