"""PDF input: text boxes in reading order become paragraphs; bad PDFs get one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.ingest import read_document

PARAGRAPHS = [
    "Talks resume in Geneva",
    "The talks resumed on Monday after a long pause in the negotiations between the two delegations, "
    "which met at noon in the old palace by the lake and spoke for three hours without a break.",
    "A second paragraph follows on the page. It has two sentences.",
]


def make_pdf(path: Path, paragraphs: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    for text in paragraphs:
        pdf.multi_cell(0, 6, text)
        pdf.ln(8)
    pdf.output(str(path))
    return path


def test_pdf_paragraphs_in_reading_order(tmp_path: Path) -> None:
    document = read_document(make_pdf(tmp_path / "article.pdf", PARAGRAPHS), "en")
    assert document.paragraphs == PARAGRAPHS  # the wrapped paragraph is one again
    assert document.title == PARAGRAPHS[0] and document.id == "article"
    assert document.layout is not None and document.layout.format == "html"  # written back as HTML


def test_a_hyphen_at_a_line_break_is_undone(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 6, "The negotiators met for a long exam-", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "ination of the well-known text.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "h.pdf"))
    text = read_document(tmp_path / "h.pdf", "en").text
    assert text == "The negotiators met for a long examination of the well-known text."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n%garbage that is no PDF at all\n", "not a readable PDF|no text found in the PDF"),
        (b"%PDF-1.4\n", "not a readable PDF|no text found in the PDF"),
    ],
)
def test_bad_pdf_is_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as error:
        read_document(path, "en")
    assert "\n" not in str(error.value)


def test_pdf_without_text_says_it_needs_ocr(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError, match="OCR"):
        read_document(tmp_path / "scan.pdf", "en")


def test_a_txt_that_is_a_pdf_is_read_as_one(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "article.txt", PARAGRAPHS)
    assert read_document(path, "en").paragraphs == PARAGRAPHS
