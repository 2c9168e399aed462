"""Main-text extraction from HTML pages (boilerplate removed by trafilatura)."""

from __future__ import annotations

import trafilatura

from align.errors import InputError
from align.ingest.text import text_paragraphs

_BLOCKS = ("head", "p", "item", "cell", "quote", "code")


def html_paragraphs(html: str, source: str = "input") -> tuple[str, list[str]]:
    """Return ``(title, paragraphs)`` of the article's main text; navigation, ads and footers dropped.
    Tables are kept: each cell is a paragraph of its own, in reading order."""
    from lxml import etree

    xml = trafilatura.extract(
        html, output_format="xml", include_comments=False, include_tables=True, favor_precision=True
    )
    paragraphs: list[str] = []
    if xml:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        main = etree.fromstring(xml.encode("utf-8"), parser).find("main")
        for element in main.iter(*_BLOCKS) if main is not None else ():
            if any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
                continue  # its text is already part of the enclosing block
            text = " ".join("".join(element.itertext()).split())
            if text:
                paragraphs.append(text)
    if not paragraphs:
        raise InputError(f"{source}: no article text found in the HTML")
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata else ""
    return title, paragraphs


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
