"""Main-text extraction from HTML pages (boilerplate removed by trafilatura)."""

from __future__ import annotations

import trafilatura

from align.errors import InputError
from align.ingest.text import text_paragraphs


def html_paragraphs(html: str, source: str = "input") -> tuple[str, list[str]]:
    """Return ``(title, paragraphs)`` of the article's main text; navigation, ads and footers dropped."""
    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or not text.strip():
        raise InputError(f"{source}: no article text found in the HTML")
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata else ""
    return title, [p for p in (line.strip() for line in text.split("\n")) if p]


def markdown_paragraphs(markdown: str) -> tuple[str, list[str]]:
    """Return ``(title, paragraphs)`` of Markdown: rendered with markdown-it, block texts kept."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(markdown)
    if not rendered.strip():
        return "", []
    root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    paragraphs: list[str] = []
    title = ""
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre"):
        if element.tag == "li" and element.find("p") is not None:
            continue
        block = " ".join(element.text_content().split())
        if element.tag == "pre":
            paragraphs.extend(text_paragraphs(element.text_content()))
        elif block:
            paragraphs.append(block)
        if not title and element.tag == "h1":
            title = block
    return title, paragraphs
