"""DOCX out: the input document with its paragraphs and cells translated in place (python-docx);
styles, tables and cell order stay, and right-to-left targets get right-to-left paragraphs, runs and
tables."""

from __future__ import annotations

import copy
import io
from typing import Any

from align.ingest.docx import docx_blocks, open_docx
from align.languages import direction
from align.translate.render.inline import Piece
from align.translate.render.translated import Translated

_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_OBJECTS = ("w:drawing", "w:pict", "w:object")


def _base_properties(paragraph: Any) -> Any:
    """The first run's properties, without bold, italic and link style (the marks set those)."""
    from docx.oxml.ns import qn

    first = paragraph._p.find(".//" + qn("w:r"))
    properties = first.find(qn("w:rPr")) if first is not None else None
    if properties is None:
        return None
    properties = copy.deepcopy(properties)
    for tag in ("w:b", "w:bCs", "w:i", "w:iCs", "w:rStyle", "w:rtl", "w:lang"):
        for child in properties.findall(qn(tag)):
            properties.remove(child)
    return properties


def _run(paragraph: Any, piece: Piece, base: Any, lang: str, rtl: bool) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run(piece.text)
    if base is not None:
        run._r.insert(0, copy.deepcopy(base))
    kinds = {mark.kind for mark in piece.marks}
    run.bold = True if "bold" in kinds else None
    run.italic = True if "italic" in kinds else None
    properties = run._r.get_or_add_rPr()
    if "link" in kinds:
        properties.get_or_add_rStyle().val = "Hyperlink"
    if rtl:
        properties.get_or_add_rtl()
    language = OxmlElement("w:lang")
    language.set(qn("w:bidi" if rtl else "w:val"), lang)
    properties.insert_element_before(language, *_RPR_AFTER_LANG)
    return run


def _hyperlink(paragraph: Any, target: str, run: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    if target.startswith("#"):
        link.set(qn("w:anchor"), target[1:])
    else:
        link.set(qn("r:id"), paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run._r.addprevious(link)
    link.append(run._r)


def rewrite_paragraph(paragraph: Any, pieces: list[Piece], lang: str, rtl: bool) -> None:
    """Replace a paragraph's runs and links with ``pieces``; pictures and objects stay, after them."""
    from docx.oxml.ns import qn

    base = _base_properties(paragraph)
    kept = []
    for child in list(paragraph._p):
        if child.tag in (qn("w:r"), qn("w:hyperlink"), qn("w:smartTag")):
            if any(child.find(".//" + qn(tag)) is not None for tag in _OBJECTS):
                kept.append(child)
            paragraph._p.remove(child)
    for piece in pieces:
        run = _run(paragraph, piece, base, lang, rtl)
        link = next((m.target for m in piece.marks if m.kind == "link" and m.target), "")
        if link:
            _hyperlink(paragraph, link, run)
    for child in kept:
        paragraph._p.append(child)


def _right_to_left(document: Any) -> None:
    """Mark every paragraph of the body right to left (``w:bidi``), and every table (``w:bidiVisual``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = document.element.body
    for p in body.iter(qn("w:p")):
        properties = p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            properties.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
    for table in body.iter(qn("w:tbl")):
        table.tblPr.get_or_add_bidiVisual()


def render_docx(translated: Translated) -> bytes:
    """The document with every paragraph and cell of the text translated, its title too."""
    document = open_docx(translated.layout.data)
    blocks = docx_blocks(document)
    translated.check(blocks)
    rtl = direction(translated.target) == "rtl"
    for index, block in enumerate(blocks):
        if block.kind == "title":
            document.core_properties.title = translated.text(index) or document.core_properties.title
            continue
        pieces = translated.pieces(index, block)
        if pieces is not None:
            rewrite_paragraph(block.node, pieces, translated.target, rtl)
    if rtl:
        _right_to_left(document)
    document.core_properties.language = translated.target
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
