"""PDF articles: text boxes in reading order as paragraphs (pdfminer.six layout analysis)."""

from __future__ import annotations

import io
import re

from align.errors import InputError
from align.ingest.blocks import collapse

MAX_PAGES = 1_000  # a news article is a few pages; a longer PDF is read up to here and no further
_HYPHENATED = re.compile(r"(\w)-\n(?=[a-zà-ÿ])")


def pdf_paragraphs(data: bytes, source: str = "input") -> list[str]:
    """The text boxes of every page (at most :data:`MAX_PAGES`), in pdfminer's reading order; lines
    of a box are joined, and a word hyphenated across a line break is made whole again."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    paragraphs: list[str] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES):
            for element in page:
                if isinstance(element, LTTextContainer):
                    text = collapse(_HYPHENATED.sub(r"\1", element.get_text()))
                    if text:
                        paragraphs.append(text)
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise InputError(f"{source}: the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise InputError(f"{source}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not paragraphs:
        raise InputError(f"{source}: no text found in the PDF (a scanned PDF needs OCR first)")
    return paragraphs


def paragraphs_as_html(paragraphs: list[str]) -> bytes:
    """A plain HTML page of ``paragraphs`` (one ``<p>`` each): the layout a PDF's translation is
    written in."""
    from lxml import html as lxml_html
    from lxml.html import builder as E

    page = E.HTML(E.HEAD(E.META(charset="utf-8")), E.BODY(*(E.P(text) for text in paragraphs)))
    return lxml_html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8")
