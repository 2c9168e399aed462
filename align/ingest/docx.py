"""Word documents (.docx): their blocks (paragraphs and table cells, in order) via python-docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from align.errors import InputError
from align.ingest.blocks import Block, InlineText, collapse


def open_docx(data: bytes, source: str = "input") -> Any:
    """The python-docx ``Document`` of ``data``; an input error when it is not a .docx file."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{source}: not a valid .docx file ({exc})") from None


def _add_run(text: InlineText, run: Any) -> None:
    marks = [kind for kind, on in (("bold", run.bold), ("italic", run.italic)) if on]
    for kind in marks:
        text.open(kind)
    text.add(run.text)
    for _ in marks:
        text.close()


_STYLE_KINDS = (
    (lambda style: style == "Title" or style.startswith("Heading"), "heading"),
    (lambda style: style.startswith("List"), "item"),
    (lambda style: "Quote" in style, "quote"),
    (lambda style: style == "Caption", "caption"),
)


def _paragraph(paragraph: Any, kind: str | None = None) -> Block:
    from docx.text.hyperlink import Hyperlink

    text = InlineText()
    for item in paragraph.iter_inner_content():  # runs and hyperlinks, in order
        if isinstance(item, Hyperlink):
            text.open("link", item.address or (f"#{item.fragment}" if item.fragment else ""))
            for run in item.runs:
                _add_run(text, run)
            text.close()
        else:
            _add_run(text, item)
    if kind is None:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        kind = next((k for test, k in _STYLE_KINDS if test(style)), "paragraph")
    return text.block(kind, paragraph)


def _cells(table: Any, seen: set) -> Iterator[Block]:
    """The blocks of each cell, row by row; a merged cell (repeated by python-docx) counts once."""
    import docx.table

    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)  # the XML elements are held, so that each keeps one proxy object
            for inner in cell.iter_inner_content():
                if isinstance(inner, docx.table.Table):
                    yield from _cells(inner, seen)
                else:
                    yield _paragraph(inner, "cell")


def docx_blocks(document: Any) -> list[Block]:
    """The core-properties title, then every paragraph and table cell of the body in order."""
    import docx.table

    blocks: list[Block] = []
    title = collapse(document.core_properties.title or "")
    if title:
        blocks.append(Block("title", title, (), document.core_properties))
    seen: set = set()
    for item in document.iter_inner_content():  # paragraphs and tables, in document order
        if isinstance(item, docx.table.Table):
            blocks.extend(_cells(item, seen))
        else:
            blocks.append(_paragraph(item))
    return blocks
