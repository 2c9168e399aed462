"""HTML pages: their blocks in document order (lxml), the article's among them (trafilatura)."""

from __future__ import annotations

import os

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from align.errors import InputError
from align.ingest.blocks import Block, InlineText, collapse

BLOCK_KINDS = {
    **{f"h{level}": "heading" for level in range(1, 7)},
    "p": "paragraph",
    "li": "item",
    "dt": "item",
    "dd": "item",
    "td": "cell",
    "th": "cell",
    "blockquote": "quote",
    "figcaption": "caption",
    "caption": "caption",
}
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em font i img ins kbd label mark q s samp small span "
    "strike strong sub sup time tt u var wbr picture source".split()
)
SPAN_KINDS = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "code": "code"}
SKIPPED = frozenset(
    "head script style noscript template pre svg math textarea select button iframe object".split()
)
FURNITURE = frozenset(("nav", "header", "footer", "aside", "form"))  # page furniture, not the article
_MAIN_BLOCKS = ("head", "p", "item", "cell", "quote", "code")
_MIN_PARTIAL = 20  # characters a text needs before it may match part of another


def parse_html(data: bytes, source: str = "input") -> etree._Element:
    """The page's element tree (UTF-8 bytes; lxml's HTML parser never touches the network)."""
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True)
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{source}: not readable as HTML ({exc})") from None


def is_structural(element: etree._Element) -> bool:
    """A child that is not inline content of its block: a block, a container or skipped content."""
    if not isinstance(element.tag, str):
        return False  # comments and processing instructions: neither text nor structure
    if element.tag not in INLINE_TAGS:
        return True
    return any(isinstance(e.tag, str) and e.tag not in INLINE_TAGS for e in element.iterdescendants())


def _collect(element: etree._Element, text: InlineText) -> None:
    if element.tag == "br":
        text.add(" ")
    kind = SPAN_KINDS.get(element.tag)
    if kind:
        text.open(kind, (element.get("href") or "").strip() if kind == "link" else "")
    text.add(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, text)
        text.add(child.tail or "")
    if kind:
        text.close()


def _own_text(element: etree._Element, kind: str) -> Block:
    text = InlineText()
    text.add(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and not is_structural(child):
            _collect(child, text)
        text.add(child.tail or "")
    return text.block(kind, element)


def html_blocks(root: etree._Element) -> list[Block]:
    """Every text block of the page in document order: the ``<title>``, then headings, paragraphs,
    list items, cells, quotes and captions of the body; a container with text of its own (a ``<div>``
    holding text) is a paragraph. Scripts, styles, code and forms' controls are not text."""
    blocks: list[Block] = []
    title = root.find("head/title")
    if title is not None:
        blocks.append(Block("title", collapse(title.text_content()), (), title))

    def visit(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or element.tag in SKIPPED:
            return
        block = _own_text(element, BLOCK_KINDS.get(element.tag, "paragraph"))
        if element.tag in BLOCK_KINDS or block.text:
            blocks.append(block)
        for child in element:
            if is_structural(child):
                visit(child)

    body = root.find("body")
    if body is not None:
        visit(body)
    return blocks


def _main_texts(html: str) -> list[str]:
    """The texts of the article's blocks as trafilatura extracts them (boilerplate left out)."""
    xml = trafilatura.extract(
        html, output_format="xml", include_comments=False, include_tables=True, favor_precision=True
    )
    if not xml:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    main = etree.fromstring(xml.encode("utf-8"), parser).find("main")
    texts = []
    for element in main.iter(*_MAIN_BLOCKS) if main is not None else ():
        if not any(ancestor.tag in _MAIN_BLOCKS for ancestor in element.iterancestors()):
            texts.append(collapse("".join(element.itertext())))
    return [t for t in texts if t]


def _matches(text: str, exact: set[str], main: str, parts: list[str]) -> bool:
    if text in exact:
        return True
    if len(text) >= _MIN_PARTIAL and text in main:
        return True  # trafilatura joined this block with others
    return any(part in text for part in parts)  # trafilatura split this block


def mark_article(root: etree._Element, blocks: list[Block], html: str) -> None:
    """Set each block's ``content``: the blocks whose text trafilatura keeps as the article's main text,
    and the captions beside them; with no main text found, every block outside page furniture."""
    texts = _main_texts(html)
    exact, main = set(texts), "\n".join(texts)
    parts = [t for t in texts if len(t) >= _MIN_PARTIAL]
    matched = [b for b in blocks if b.kind != "title" and b.text and _matches(b.text, exact, main, parts)]
    if not matched:
        for block in blocks:
            node = block.node
            block.content = block.kind == "title" or not any(
                a.tag in FURNITURE
                for a in node.iterancestors()  # type: ignore[attr-defined]
            )
        return
    tree = root.getroottree()
    paths = {id(b): tree.getpath(b.node) for b in blocks}
    region = os.path.commonpath(
        [paths[id(b)].rsplit("/", 1)[0] for b in matched]
    )  # the article's innermost container
    keep = {id(b) for b in matched}
    for block in blocks:
        in_region = paths[id(block)].startswith(region.rstrip("/") + "/")
        block.content = block.kind == "title" or id(block) in keep or (block.kind == "caption" and in_region)


def html_document(text: str, source: str = "input") -> tuple[bytes, list[Block]]:
    """The page as UTF-8 bytes and its blocks, the article's marked as content."""
    data = text.encode("utf-8")
    root = parse_html(data, source)
    blocks = html_blocks(root)
    mark_article(root, blocks, text)
    if not any(b.content and b.text for b in blocks if b.kind != "title"):
        raise InputError(f"{source}: no article text found in the HTML")
    return data, blocks
