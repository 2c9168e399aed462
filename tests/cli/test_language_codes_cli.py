"""Every language option refuses a bad code with one line and exit 2, before any work or network."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.cli import main
from align.corpus import CorpusStore
from align.document import Document
from align.records import Bead, TranslationUnit
from align.segment import segment_document


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus ``news`` under ``tmp_path`` with en-ar pairs only."""
    store = CorpusStore(tmp_path / "news" / "corpus.db", create=True)
    document = Document("doc", "Doc", "en", ["The government resigned on Monday."])
    with store.transaction():
        doc_id = store.add_document(document, segment_document(document))
        unit = TranslationUnit(
            "doc", "en", "ar", document.paragraphs[0], "استقالت الحكومة.", Bead((0,), (0,), 0.8)
        )
        store.add_pairs(doc_id, [unit])
    store.close()
    return tmp_path


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--src-lang", "en", "--tgt-lang", ""], "invalid language code ''"),
        (["--src-lang", "xx", "--tgt-lang", "ar"], "invalid language code 'xx'"),
    ],
)
def test_pair_refuses_bad_codes(tmp_path: Path, args: list[str], message: str, capsys, no_network) -> None:
    (tmp_path / "a.txt").write_text("One.\n")
    (tmp_path / "b.txt").write_text("Un.\n")
    assert main(["pair", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--presplit", *args]) == 2
    assert message in one_line_error(capsys)
    assert no_network == [], "nothing may be looked up for an invalid code"


def test_translate_to_unknown_language_is_the_input_s_fault(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nOne sentence.\n")
    assert main(["translate", str(tmp_path / "a.txt"), "--to", "xx", "-o", str(tmp_path / "out")]) == 2
    assert "invalid language code 'xx'" in one_line_error(capsys)


@pytest.mark.parametrize("pair", ["-ar", "en-xx", "en"])
def test_export_refuses_malformed_pairs(corpus: Path, pair: str, capsys) -> None:
    out = corpus / "out.tmx"
    assert main(["corpus", "export", "news", "--pair", pair, "-o", str(out), "--root", str(corpus)]) == 2
    assert "--pair must be two language codes" in one_line_error(capsys)
    assert not out.exists()


def test_export_of_a_pair_the_corpus_lacks_lists_what_it_has(corpus: Path, capsys) -> None:
    out = corpus / "out.tmx"
    assert main(["corpus", "export", "news", "--pair", "en-fr", "-o", str(out), "--root", str(corpus)]) == 2
    assert "the corpus has no en-fr pairs (it has: en-ar)" in one_line_error(capsys)
    assert not out.exists()


def test_review_refuses_a_bad_pair_before_serving(corpus: Path, capsys) -> None:
    assert main(["review", "news", "--pair", "xx", "--root", str(corpus)]) == 2
    assert "--pair must be two language codes" in one_line_error(capsys)
    assert main(["review", "news", "--pair", "de-fr", "--root", str(corpus)]) == 2
    assert "the corpus has no de-fr pairs (it has: en-ar)" in one_line_error(capsys)


def test_export_that_filters_everything_out_says_which_filter(corpus: Path, capsys) -> None:
    out = corpus / "out.tmx"
    args = ["corpus", "export", "news", "--pair", "en-ar", "-o", str(out), "--root", str(corpus)]
    assert main([*args, "--status", "approved,edited"]) == 0
    err = capsys.readouterr().err
    assert "nothing to export: of 1 en-ar pairs, --status approved,edited left 0" in err
    assert main([*args, "--min-score", "0.95"]) == 0
    assert "--min-score 0.95 left 0" in capsys.readouterr().err


@pytest.mark.parametrize("code", ["en\nfr", "en\r\n--to ar", "e\x0bn", "en\x1b[31m"])
def test_a_newline_in_a_language_code_stays_out_of_the_one_line_error(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    (tmp_path / "a.txt").write_text("One sentence here.\n", encoding="utf-8")
    assert main(["segment", str(tmp_path / "a.txt"), "--from", code]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("align: error:"), repr(err)
    assert "\x1b" not in err and "\x0b" not in err
