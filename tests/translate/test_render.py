"""Translations written in the input's own format: HTML, DOCX and Markdown keep their structure."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from align.ingest import read_document
from align.ingest.markdown import markdown_blocks, markdown_parser
from align.segment import segment_document
from align.translate import DocumentTranslation, SentencePair
from align.translate.render import render

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="iso-8859-1"><title>Talks resume</title></head>
<body dir="ltr"><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>The talks <a href="https://example.org/talks">resumed on Monday</a> after a <b>long</b> pause.
<strong>Delegates met at noon.</strong> They spoke to <a href="https://a.example">one</a> and
<a href="https://b.example">two</a> envoys.</p>
<h2>Background</h2>
<ul><li>The first point is long enough to count.</li><li>The second point is here as well.</li></ul>
<blockquote><p>We are hopeful, said the envoy to the press.</p></blockquote>
<figure><img src="envoy.jpg" alt=""><figcaption>The envoy arrives in Geneva.</figcaption></figure>
<table><caption>Votes cast</caption><tr><th>Country</th><th>Vote</th></tr><tr><td>France</td><td>Yes</td></tr>
</table>
<p>More text follows in this paragraph of the article. It has two sentences.</p></article>
<footer><p>Copyright 2024 Example News Ltd. All rights reserved.</p></footer></body></html>"""

STRUCTURE = ("h1", "h2", "p", "li", "blockquote", "figcaption", "caption", "table", "tr", "th", "td", "img")


def fake_translation(path: Path, target: str = "ar") -> DocumentTranslation:
    """The document read from ``path`` with sentence k translated as ``ترجمة k`` (told apart by k)."""
    document = read_document(path, "en")
    pairs = [
        SentencePair(s.text, f"ترجمة {s.index}", s.paragraph, s.index) for s in segment_document(document)
    ]
    return DocumentTranslation(document, target, pairs, "mt:test")


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def rendered_html(tmp_path: Path, target: str = "ar") -> tuple[DocumentTranslation, lxml_html.HtmlElement]:
    result = fake_translation(write(tmp_path, "page.html", PAGE), target)
    out = render(result)
    assert out is not None and out[0] == ".html"
    return result, lxml_html.document_fromstring(out[1])


def test_html_keeps_every_block_and_sets_the_target_direction(tmp_path: Path) -> None:
    source = lxml_html.document_fromstring(PAGE.encode())
    result, page = rendered_html(tmp_path)
    for tag in STRUCTURE:
        assert len(page.findall(f".//{tag}")) == len(source.findall(f".//{tag}")), tag
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    assert page.find("body").get("dir") is None  # the source's own direction is gone
    assert page.find("head/meta").get("charset") == "utf-8"
    assert page.findtext("head/title") == "ترجمة 0"  # <title> is paragraph 0 (it differs from the h1)
    article = page.find(".//article")
    assert [
        " ".join(e.text_content().split()) for e in article.iter("h1", "li", "figcaption", "caption", "td")
    ] == [f"ترجمة {k}" for k in (1, 6, 7, 9, 10, 13, 14)]
    # What is not the article is left as it was.
    nav, footer = page.find(".//nav"), page.find(".//footer/p")
    assert nav.text_content().split() == ["Home", "World", "news"] and "Copyright" in footer.text_content()
    assert (nav.get("lang"), nav.get("dir"), footer.get("dir")) == ("en", "ltr", "ltr")  # marked as such
    assert len(result.pairs) == 17


def test_html_links_survive_by_the_documented_rule(tmp_path: Path) -> None:
    _, page = rendered_html(tmp_path)
    source_links = {a.get("href") for a in lxml_html.document_fromstring(PAGE.encode()).iter("a")}
    assert {a.get("href") for a in page.iter("a")} == source_links  # no target lost
    first = page.find(".//article/p")
    links = first.findall("a")
    # A link inside a sentence grows to the sentence; a second link on one sentence follows it as [1].
    assert [(a.get("href"), a.text) for a in links] == [
        ("https://example.org/talks", "ترجمة 2"),
        ("https://a.example", "ترجمة 4"),
        ("https://b.example", "[1]"),
    ]
    # Bold over a whole sentence stays; bold inside a sentence ("long") is dropped.
    assert [s.text for s in first.findall("strong")] == ["ترجمة 3"]


def test_html_to_a_left_to_right_target_says_ltr(tmp_path: Path) -> None:
    _, page = rendered_html(tmp_path, "fr")
    assert page.get("lang") == "fr" and page.get("dir") == "ltr"


def docx_article(tmp_path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Talks resume"
    document.add_heading("Talks resume in Geneva", 1)
    paragraph = document.add_paragraph("The talks resumed on Monday after a ")
    paragraph.add_run("long").bold = True
    paragraph.add_run(" pause. ")
    paragraph.add_run("Delegates met at noon.").bold = True
    document.add_heading("Background", 2)
    document.add_paragraph("The first point is long enough to count.", style="List Bullet")
    document.add_paragraph("The second point is here as well.", style="List Number")
    document.add_paragraph("We are hopeful, said the envoy.", style="Quote")
    table = document.add_table(rows=2, cols=3)
    for i, row in enumerate([["Country", "Vote", "Seats"], ["France", "Yes", "Twelve"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph("More text follows in this paragraph. It has two sentences.")
    path = tmp_path / "article.docx"
    document.save(path)
    return path


def docx_structure(document) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    styles = [p.style.name for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return styles, cells


def rendered_docx(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = docx_article(tmp_path)
    out = render(fake_translation(path))
    assert out is not None and out[0] == ".docx"
    return docx.Document(path), docx.Document(io.BytesIO(out[1]))


def test_docx_keeps_styles_tables_and_cell_order(tmp_path: Path) -> None:
    source, translated = rendered_docx(tmp_path)
    source_styles, source_cells = docx_structure(source)
    styles, cells = docx_structure(translated)
    assert styles == source_styles  # headings, list and quote styles, paragraph for paragraph
    assert len(cells) == len(source_cells)
    assert cells == [f"ترجمة {k}" for k in range(8, 14)]  # row by row, in the source's order
    assert translated.core_properties.title == "ترجمة 0" and translated.core_properties.language == "ar"
    assert [p.text for p in translated.paragraphs][:2] == ["ترجمة 1", "ترجمة 2 ترجمة 3"]
    runs = translated.paragraphs[1].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [("ترجمة 2", False), (" ", False), ("ترجمة 3", True)]


def test_docx_paragraphs_runs_and_tables_are_right_to_left(tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    _, translated = rendered_docx(tmp_path)
    body = translated.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(p.pPr is not None and p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    runs = [r for r in body.iter(qn("w:r")) if r.text]
    assert runs and all(r.rPr.find(qn("w:rtl")) is not None for r in runs)
    assert all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl")))


def test_docx_link_keeps_its_target(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("Read ")
    link = OxmlElement("w:hyperlink")
    link.set(
        qn("r:id"), document.part.relate_to("https://example.org/report", RELATIONSHIP_TYPE.HYPERLINK, True)
    )
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the report"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(" today.")
    path = tmp_path / "link.docx"
    document.save(path)
    out = render(fake_translation(path))
    assert out is not None
    translated = docx.Document(io.BytesIO(out[1])).paragraphs[0]
    assert [(h.address, h.text) for h in translated.hyperlinks] == [("https://example.org/report", "ترجمة 0")]


MARKDOWN = """# Talks resume

The talks [resumed](https://example.org/talks) after a **long** pause. *Delegates met at noon.*

## Background

- The first point is long enough.
- The second point is [here](https://example.org/second).

> We are hopeful, said the envoy.

| Country | Vote |
|---------|------|
| France  | Yes  |

```
code is not translated
```
"""


def markdown_counts(text: str) -> dict[str, int]:
    tokens = markdown_parser().parse(text)
    blocks = markdown_blocks(tokens)
    counts = {
        kind: sum(b.kind == kind for b in blocks)
        for kind in ("heading", "paragraph", "item", "quote", "cell")
    }
    counts["links"] = sum(s.kind == "link" for b in blocks for s in b.spans)
    counts["fences"] = sum(t.type == "fence" for t in tokens)
    return counts


def test_markdown_round_trip_keeps_its_structure(tmp_path: Path) -> None:
    out = render(fake_translation(write(tmp_path, "a.md", MARKDOWN)))
    assert out is not None and out[0] == ".md"
    text = out[1].decode()
    assert markdown_counts(text) == markdown_counts(MARKDOWN)
    assert text.startswith("# ترجمة 0\n")
    assert "[ترجمة 1](https://example.org/talks) *ترجمة 2*" in text
    assert "code is not translated" in text and "long" not in text


def test_markdown_keeps_an_image_inside_a_paragraph(tmp_path: Path) -> None:
    """An image in the middle of a sentence has no place in its translation: it follows the block's
    text, as media do in HTML, instead of being lost."""
    source = (
        "# Talks\n\nThe map ![map of Geneva](map.png) shows the venue. Delegates arrived.\n\n![](solo.jpg)\n"
    )
    out = render(fake_translation(write(tmp_path, "a.md", source)))
    assert out is not None
    assert "ترجمة 1 ترجمة 2 ![map of Geneva](map.png)\n" in out[1].decode()
    assert "![](solo.jpg)" in out[1].decode()


@pytest.mark.parametrize("name", ["a.txt"])
def test_plain_text_has_no_format_of_its_own(tmp_path: Path, name: str) -> None:
    assert render(fake_translation(write(tmp_path, name, "A title\n\nSome text here."))) is None


@pytest.mark.slow
def test_docx_opens_in_libreoffice_right_to_left(tmp_path: Path) -> None:
    """Real LibreOffice turns the translated .docx into a one-page PDF holding every translated sentence,
    laid out from the right margin."""
    import subprocess

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    from real_parts import soffice

    program = soffice()
    result = fake_translation(docx_article(tmp_path))
    out = render(result)
    assert out is not None
    translated = write(tmp_path, "article.ar.docx", out[1])
    profile = f"-env:UserInstallation=file://{tmp_path / 'libreoffice-profile'}"  # not the user's own
    done = subprocess.run(
        [
            program,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(translated),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "article.ar.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    pages = list(extract_pages(pdf))
    assert len(pages) == 1
    boxes = [e for e in pages[0] if isinstance(e, LTTextContainer) and "ةمجرت" in e.get_text()]
    text = "".join(e.get_text() for e in boxes)
    # pdfminer reads the page in visual order: each Arabic word comes out reversed.
    assert text.count("ةمجرت") == len(result.pairs) - 1  # every sentence but the title (a property)
    everything = "".join(e.get_text() for e in pages[0] if isinstance(e, LTTextContainer))
    numbers = {int(w) for w in everything.split() if w.isdigit()}
    assert numbers == set(range(1, len(result.pairs)))
    width = pages[0].width
    # Short lines hug the right margin (left to right, they would start at the left one).
    assert sum(box.x0 > width / 2 and box.x1 > 0.75 * width for box in boxes) >= 5


@pytest.mark.slow
def test_html_renders_right_to_left_in_chromium(tmp_path: Path) -> None:
    """Headless Chromium lays the translated page out right to left: a screenshot shows each heading's
    ink against the right edge of its box, and the headings and the table are there."""
    from PIL import Image
    from real_parts import artifacts, browser
    from selenium.webdriver.common.by import By

    result = fake_translation(write(tmp_path, "page.html", PAGE))
    out = render(result)
    assert out is not None
    page = write(tmp_path, "page.ar.html", out[1])
    driver = browser(tmp_path)
    try:
        driver.get(page.as_uri())
        assert driver.execute_script("return getComputedStyle(document.body).direction") == "rtl"
        headings = driver.find_elements(By.CSS_SELECTOR, "article h1, article h2")
        cells = driver.find_elements(By.CSS_SELECTOR, "article table td, article table th")
        assert len(headings) == 2 and len(cells) == 4
        shot = artifacts(tmp_path) / "translated-page-ar.png"
        driver.save_screenshot(str(shot))
        scale = driver.execute_script("return window.devicePixelRatio") or 1
        rects = [h.rect for h in headings]
    finally:
        driver.quit()
    image = Image.open(shot).convert("L")
    for rect in rects:
        box = [
            round(v * scale)
            for v in (rect["x"], rect["y"], rect["x"] + rect["width"], rect["y"] + rect["height"])
        ]
        crop = image.crop(box)
        ink = [x for x in range(crop.width) if min(crop.getpixel((x, y)) for y in range(crop.height)) < 128]
        assert ink, "the heading drew nothing"
        assert crop.width - ink[-1] < 0.1 * crop.width  # ink reaches the right edge of the box
        assert ink[0] > 0.4 * crop.width  # and starts well right of the left edge: right-aligned
