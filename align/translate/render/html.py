"""HTML out: the input page with its article's blocks translated in place (lxml)."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from align.ingest.html import html_blocks, is_structural, parse_html
from align.languages import direction
from align.translate.render.inline import Piece
from align.translate.render.translated import Translated

_TAGS = {"link": "a", "bold": "strong", "italic": "em", "code": "code"}
_MEDIA = frozenset(("img", "picture", "video", "audio"))


def _element(parent: etree._Element, piece: Piece) -> etree._Element:
    outer = inner = None
    for mark in piece.marks:
        child = parent.makeelement(_TAGS[mark.kind], {"href": mark.target} if mark.kind == "link" else {})
        if inner is None:
            outer = child
        else:
            inner.append(child)
        inner = child
    assert outer is not None and inner is not None
    inner.text = piece.text
    return outer


def replace_inline(element: etree._Element, pieces: list[Piece]) -> None:
    """Replace the text that runs through ``element`` (its inline children included) with ``pieces``;
    nested blocks and media stay, after the new text."""
    for child in list(element):
        keep = isinstance(child.tag, str) and (is_structural(child) or child.tag in _MEDIA)
        if keep:
            child.tail = None
        else:
            element.remove(child)  # its tail goes with it
    element.text = None
    last = None
    position = 0
    for piece in pieces:
        if piece.marks:
            last = _element(element, piece)
            element.insert(position, last)
            position += 1
        elif last is None:
            element.text = (element.text or "") + piece.text
        else:
            last.tail = (last.tail or "") + piece.text
    for attribute in ("lang", "dir"):
        element.attrib.pop(attribute, None)


def _head(root: etree._Element) -> etree._Element:
    head = root.find("head")
    if head is None:
        head = root.makeelement("head", {})
        root.insert(0, head)
    for meta in head.findall("meta"):
        if meta.get("charset") is not None or (meta.get("http-equiv") or "").lower() == "content-type":
            head.remove(meta)
    head.insert(0, head.makeelement("meta", {"charset": "utf-8"}))
    return head


def render_html(translated: Translated) -> bytes:
    """The page with every article block's text replaced by its translation, ``lang`` and ``dir`` of
    the target on ``<html>``, UTF-8 declared, and a ``<title>`` (the translated first paragraph when
    the page had none)."""
    root = parse_html(translated.layout.data)
    blocks = html_blocks(root)
    translated.check(blocks)
    source = translated.source
    for index, block in enumerate(blocks):
        node = block.node
        assert isinstance(node, etree._Element)
        if block.kind == "title":
            text = translated.text(index)
            if text is not None:
                node.text = text
            continue
        pieces = translated.pieces(index, block)
        if pieces is not None:
            replace_inline(node, pieces)
        elif block.text and node.get("dir") is None:  # left in the source language: say so
            node.set("lang", source)
            node.set("dir", direction(source))
    root.set("lang", translated.target)
    root.set("dir", direction(translated.target))
    body = root.find("body")
    if body is not None:
        body.attrib.pop("dir", None)
    head = _head(root)
    if head.find("title") is None:
        title = head.makeelement("title", {})
        title.text = translated.paragraph(0)
        head.append(title)
    doctype = root.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    return lxml_html.tostring(root, doctype=doctype, encoding="utf-8", method="html")
