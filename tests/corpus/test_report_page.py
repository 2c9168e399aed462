"""The quality report: counts and three matplotlib charts per language pair, one self-contained page."""

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
