"""Paragraphs of Word documents (.docx) via python-docx."""

from __future__ import annotations

import io
import zipfile

from align.errors import InputError


def docx_paragraphs(data: bytes, source: str = "input") -> tuple[str, list[str]]:
    """Return ``(title, paragraphs)``: the core-properties title or the first Title/Heading paragraph."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{source}: not a valid .docx file ({exc})") from None
    title = (document.core_properties.title or "").strip()
    paragraphs: list[str] = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not title and (style == "Title" or style.startswith("Heading")):
            title = text
        paragraphs.append(text)
    return title, paragraphs
