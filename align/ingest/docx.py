"""Paragraphs of Word documents (.docx) via python-docx."""

from __future__ import annotations

import io
import zipfile

from align.errors import InputError


def docx_paragraphs(data: bytes, source: str = "input") -> tuple[str, list[str]]:
    """Return ``(title, paragraphs)``: the core-properties title or the first Title/Heading paragraph."""
    import docx
    import docx.table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{source}: not a valid .docx file ({exc})") from None
    title = (document.core_properties.title or "").strip()
    paragraphs: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables, in document order
        if isinstance(block, docx.table.Table):
            paragraphs.extend(_cells(block))
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        if not title and (style == "Title" or style.startswith("Heading")):
            title = text
        paragraphs.append(text)
    return title, paragraphs


def _cells(table) -> list[str]:
    """The text of each cell, row by row; a merged cell (repeated by python-docx) counts once."""
    out: list[str] = []
    seen: set = set()  # the cells' XML elements, held so that each keeps one proxy object
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                out.append(text)
    return out
