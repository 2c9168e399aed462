"""Reading articles of every supported kind into Documents, and rejecting bad input."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

import pytest

from align.errors import InputError
from align.ingest import read_document, read_documents

ARTICLE = [
    "The Iraqi government said on Thursday that continued US airstrikes could end the coalition's mission.",
    "Parliament plans to convene on Saturday to vote on a resolution expelling foreign forces.",
    "A drone strike late on Wednesday killed a senior commander in eastern Baghdad, officials said.",
]

HTML = f"""<!DOCTYPE html><html><head><title>Iraq vows to end coalition presence</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport section and results</a></li></ul></nav>
<div class="ad">Buy cheap flights now! Limited offer, subscribe today for the best deals.</div>
<article><h1>Iraq vows to end coalition presence</h1>
<p>{ARTICLE[0]}</p><p>{ARTICLE[1]}</p><p>{ARTICLE[2]}</p></article>
<footer><p>Copyright 2024 Example News Ltd. All rights reserved. Privacy policy and cookie settings.</p>
</footer></body></html>"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_txt_title_and_paragraphs(seed_path: Path) -> None:
    doc = read_document(seed_path)
    assert doc.lang == "en"
    assert doc.title.startswith("After the US strike in Baghdad")
    assert doc.paragraphs[0] == doc.title
    assert doc.id == "iraq-coalition-2024-02-08"
    assert len(doc.paragraphs) > 20
    assert all(p == p.strip() and p for p in doc.paragraphs)


def test_txt_hard_wrapped_lines_are_joined(tmp_path: Path) -> None:
    path = write(
        tmp_path, "a.txt", "Title\n\nThis sentence is wrapped\nacross two lines.\nNew line, new paragraph.\n"
    )
    assert read_document(path, "en").paragraphs == [
        "Title",
        "This sentence is wrapped across two lines.",
        "New line, new paragraph.",
    ]


def test_html_keeps_only_article_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.html", HTML))
    assert doc.title == "Iraq vows to end coalition presence"
    assert doc.paragraphs[1:] == ARTICLE
    text = doc.text
    for boilerplate in ("Home", "World news", "cheap flights", "Copyright", "cookie"):
        assert boilerplate not in text


def test_markdown(tmp_path: Path) -> None:
    md = f"# Big news\n\n{ARTICLE[0]}\n\n* {ARTICLE[1]}\n\nSome **bold** and `code` text here today.\n"
    doc = read_document(write(tmp_path, "a.md", md), "en")
    assert doc.title == "Big news"
    assert doc.paragraphs == ["Big news", ARTICLE[0], ARTICLE[1], "Some bold and code text here today."]


def test_docx_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Iraq vows to end coalition presence", level=1)
    for paragraph in ARTICLE:
        document.add_paragraph(paragraph)
    document.add_paragraph("")
    path = tmp_path / "article.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.title == "Iraq vows to end coalition presence"
    assert doc.paragraphs == ["Iraq vows to end coalition presence", *ARTICLE]
    assert doc.lang == "en"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n\n".join(["Headline here", *ARTICLE]).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = read_document("-", "en")
    assert doc.paragraphs[1:] == ARTICLE
    assert doc.id == "headline-here"


def test_bom_nfc_and_control_characters(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Café crème\x07 au lait\x0b, très bon.")
    doc = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + decomposed.encode()), "fr")
    assert doc.paragraphs == ["Café crème au lait, très bon."]
    assert unicodedata.is_normalized("NFC", doc.text)


def test_arabic_text_is_kept_verbatim(tmp_path: Path) -> None:
    arabic = "قالت الحكومة العراقية إنّ الضربات الأمريكية قد تُنهي مهمة التحالف."
    doc = read_document(write(tmp_path, "ar.txt", arabic))
    assert doc.lang == "ar"
    assert doc.paragraphs == [unicodedata.normalize("NFC", arabic)]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n \n", "file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin1.txt", "Le café est très bon à Genève.".encode("latin-1"), "not valid UTF-8"),
        ("bad.docx", b"PK\x03\x04 not really a zip", "not a valid .docx"),
        ("image.png", b"\x89PNG\r\n", "unsupported file type"),
    ],
)
def test_bad_inputs_raise_input_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(write(tmp_path, name, data), "en")


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document("/nonexistent/article.txt")


def test_language_detection_needs_enough_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="language"):
        read_document(write(tmp_path, "short.txt", "Hi"))


def test_read_documents_folder(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second article title\n\n" + ARTICLE[1])
    write(tmp_path, "a.txt", "First article title\n\n" + ARTICLE[0])
    write(tmp_path, "notes.json", "{}")
    docs = read_documents([tmp_path], "en")
    assert [d.id for d in docs] == ["a", "b"]


def test_slugs_keep_every_script_and_never_collapse() -> None:
    from align.document import slugify

    assert slugify("خبر عاجل") == "خبر-عاجل"
    assert slugify("مقال") != slugify("خبر")
    assert slugify("Über die Alpen!") == "über-die-alpen"
    assert slugify("新闻") == "新闻"
    assert slugify("!!!").startswith("document-") and slugify("!!!") != slugify("???")


def test_documents_read_together_get_distinct_ids(tmp_path: Path) -> None:
    from align.ingest import read_documents

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(f"Title {folder}\n\nBody of {folder}.\n")
    (tmp_path / "خبر.txt").write_text("عنوان\n\nنص الخبر.\n")
    docs = read_documents([tmp_path / "a", tmp_path / "b"], "en") + read_documents(
        [tmp_path / "خبر.txt"], "ar"
    )
    assert [d.id for d in docs] == ["index", "index-2", "خبر"]


def test_files_named_by_language_code_are_text(tmp_path: Path) -> None:
    from align.ingest import read_document

    for code in ("de", "fr", "en", "ar"):
        path = tmp_path / f"article.{code}"
        path.write_text("Titel\n\nEin Satz. Noch einer.\n")
        assert read_document(path, code).paragraphs == ["Titel", "Ein Satz. Noch einer."]
    odd = tmp_path / "notes.xyz1"
    odd.write_text("Title\n\nA sentence.\n")
    with pytest.raises(InputError, match="--input-format text"):
        read_document(odd, "en")
    assert read_document(odd, "en", fmt="text").paragraphs == ["Title", "A sentence."]


TABLE_HTML = """<html><head><title>Results</title></head><body><nav>Home | World</nav><article>
<h1>Election results</h1>
<p>The count finished on Monday after a long night of work in every district of the country.</p>
<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Green alliance</td><td>42</td></tr>
<tr><td>Workers party</td><td>17</td></tr></table>
<p>Turnout was higher than in any election since the end of the war, officials said on Tuesday.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_tables_keep_their_cells_in_order(tmp_path: Path) -> None:
    from align.ingest import read_document

    path = tmp_path / "results.html"
    path.write_text(TABLE_HTML)
    paragraphs = read_document(path, "en").paragraphs
    cells = ["Party", "Seats", "Green alliance", "42", "Workers party", "17"]
    start = paragraphs.index("Party")
    assert paragraphs[start : start + 6] == cells
    assert paragraphs.index("Party") > next(i for i, p in enumerate(paragraphs) if p.startswith("The count"))
    assert paragraphs[-1].startswith("Turnout") and "Copyright" not in paragraphs


def test_docx_tables_keep_their_cells_in_order(tmp_path: Path) -> None:
    import docx

    from align.ingest import read_document

    document = docx.Document()
    document.add_heading("Election results", level=1)
    document.add_paragraph("The count finished on Monday after a long night of work.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Party", "Seats"), ("Green alliance", "42")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Total 59"
    document.add_paragraph("Turnout was higher than ever, officials said.")
    path = tmp_path / "results.docx"
    document.save(path)
    assert read_document(path, "en").paragraphs == [
        "Election results",
        "The count finished on Monday after a long night of work.",
        "Party",
        "Seats",
        "Green alliance",
        "42",
        "Total 59",
        "Turnout was higher than ever, officials said.",
    ]


def test_bidirectional_overrides_are_removed_on_ingest_and_in_exports(tmp_path: Path) -> None:
    """ "Trojan Source": U+202E and its kin reorder what a reviewer sees; ingest and every text export
    drop them, the direction marks LRM and RLM stay."""
    from align.export import write_units
    from align.ingest.text import clean_text
    from align.records import Bead, TranslationUnit

    assert clean_text("pay \u202etnuocca\u202c now \u2067x\u2069 \u200f") == "pay tnuocca now x \u200f"
    unit = TranslationUnit("d", "en", "ar", "a \u202eb", "\u2066ج\u2069", Bead((0,), (0,), 0.9))
    for fmt in ("tmx", "tsv", "jsonl", "moses"):
        files, _ = write_units([unit], fmt, tmp_path / f"out-{fmt}", ("en", "ar"))
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), fmt
