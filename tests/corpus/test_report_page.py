"""The quality report: counts, charts, a document table and the lowest pairs, one self-contained page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from align.cli import main
from align.corpus import CorpusStore
from align.corpus.report_page import render_report
from align.document import Document
from align.records import Bead, TranslationUnit
from align.segment import segment_document

ROWS = [
    ("The government resigned on Monday.", "استقالت الحكومة يوم الاثنين.", 0.91, "auto", (0,), (0,)),
    (
        "Prices rose. They rose by five percent.",
        "ارتفعت الأسعار بنسبة خمسة في المئة.",
        0.35,
        "flagged",
        (1, 2),
        (1,),
    ),
    (
        "<b>Parliament</b> will vote next week.",
        "سيصوت البرلمان الأسبوع المقبل.",
        0.88,
        "approved",
        (3,),
        (2,),
    ),
]


def make_corpus(root: Path) -> Path:
    path = root / "news" / "corpus.db"
    store = CorpusStore(path, create=True)
    document = Document("news", "News", "en", [r[0] for r in ROWS])
    units = [
        TranslationUnit("news", "en", "ar", s, t, Bead(a, b, sc), "human", st) for s, t, sc, st, a, b in ROWS
    ]
    with store.transaction():
        store.add_pairs(store.add_document(document, segment_document(document)), units)
    store.close()
    return path


def test_report_has_counts_and_three_charts_per_pair(tmp_path: Path) -> None:
    store = CorpusStore(make_corpus(tmp_path))
    page = render_report(store, "news")
    assert page.count("<svg") == 3 and page.count("<figure") == 3
    assert "<th>flagged</th><td>1 (33%)</td>" in page and "<th>pairs</th><td>3</td>" in page
    assert "Bead types" in page and "Lengths" in page and "Scores" in page
    assert "<script" not in page and not re.search(r'(src|href)="https?:', page), "no network, no script"


def test_the_document_table_puts_the_worst_document_first(tmp_path: Path) -> None:
    from corpus.test_store import random_corpus

    store = random_corpus(tmp_path / "c.db")
    page = render_report(store, "news")
    expected = sorted(
        store.document_totals("en", "ar"), key=lambda r: (-r["flagged"] / r["pairs"], r["median"])
    )
    section = page[page.index('id="pair-en-ar"') : page.index('id="pair-en-fr"')]
    table = section[section.index('<table class="documents">') :]
    table = table[: table.index("</table>")]
    names = re.findall(r"<tr><td>(doc\d)</td>", table)
    assert names == [r["document"] for r in expected] and len(names) == 7
    worst = expected[0]
    row = table[table.index(f"<tr><td>{worst['document']}</td>") :].split("</tr>")[0]
    assert f'<td class="n">{worst["median"]:.2f}</td>' in row
    assert f"{worst['flagged']} ({worst['flagged'] / worst['pairs']:.0%})" in row
    histogram = store.score_histogram("en", "ar", 10)[worst["document"]]
    assert f'title="scores 0 → 1: {" ".join(map(str, histogram))}"' in row and row.count("<span") == 10
    kinds = store.bead_counts("en", "ar")[worst["document"]]
    assert all(f"{kind} {n}" in row for kind, n in kinds.items())


def test_the_lowest_pairs_are_side_by_side_in_their_directions(tmp_path: Path) -> None:
    from corpus.test_store import random_corpus

    store = random_corpus(tmp_path / "c.db")
    page = render_report(store, "news")
    section = page[page.index('id="pair-en-ar"') : page.index('id="pair-en-fr"')]
    lowest = section[section.index('<table class="lowest">') :]
    rows = lowest[: lowest.index("</table>")].split("<tr")[2:]
    live = [p for p in store.pairs("en", "ar") if p.status != "rejected"]
    expected = sorted(live, key=lambda p: (p.score, p.id))[:20]
    assert len(rows) == 20 and "rejected" not in "".join(rows)
    for row, pair in zip(rows, expected, strict=True):
        assert f'<td class="n score">{pair.score:.2f}</td>' in row
        assert '<td class="text source" lang="en" dir="ltr">' in row
        assert '<td class="text target" lang="ar" dir="rtl">' in row
    fr = page[page.index('id="pair-en-fr"') :]
    assert '<td class="text target" lang="fr" dir="ltr">' in fr


def test_a_long_document_list_is_cut_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.test_store import random_corpus

    from align.corpus import report_page

    monkeypatch.setattr(report_page, "MAX_DOCUMENTS", 3)
    page = render_report(random_corpus(tmp_path / "c.db"), "news")
    assert "The 3 documents with the most flagged pairs are shown, of 7." in page
    assert page.count('<table class="documents">') == 2
    table = page[page.index('<table class="documents">') :]
    assert len(re.findall(r"<tr><td>doc\d</td>", table[: table.index("</table>")])) == 3


def test_report_command_writes_beside_the_corpus(tmp_path: Path, capsys) -> None:
    make_corpus(tmp_path)
    assert main(["report", "news", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "news" / "report.html").read_text(encoding="utf-8").count("<svg") == 3
    assert main(["report", "missing", "--root", str(tmp_path)]) == 2


def test_the_sample_corpus_in_the_repository_opens_from_any_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from align.cli import main

    name = "sample-iraq-coalition-tiny-model"
    sample = tmp_path / "shipped"  # a copy: opening a database may write beside it (never in the repository)
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpora" / name, sample / name)
    monkeypatch.chdir(tmp_path)  # elsewhere: the root comes from --root or ALIGN_CORPORA
    assert main(["corpus", "stats", name]) == 2
    err = capsys.readouterr().err
    assert f"no corpus '{name}' in corpora (the default, ./corpora" in err and "ALIGN_CORPORA" in err
    assert main(["report", name, "--root", str(sample), "-o", str(tmp_path / "report.html")]) == 0
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8")
    monkeypatch.setenv("ALIGN_CORPORA", str(sample))
    assert main(["review", name, "--static", "-o", str(tmp_path / "review.html")]) == 0
    assert 'dir="rtl"' in (tmp_path / "review.html").read_text(encoding="utf-8")
    assert main(["corpus", "stats", name]) == 0
