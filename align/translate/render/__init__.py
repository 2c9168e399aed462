"""Translations written in the input's own format: HTML, DOCX and Markdown (a PDF's as HTML)."""

from __future__ import annotations

from collections.abc import Callable

from align.translate.render.docx import render_docx
from align.translate.render.html import render_html
from align.translate.render.markdown import render_markdown
from align.translate.render.translated import Translated
from align.translate.translator import DocumentTranslation

RENDERERS: dict[str, tuple[str, Callable[[Translated], bytes]]] = {
    "html": (".html", render_html),
    "docx": (".docx", render_docx),
    "markdown": (".md", render_markdown),
}


def render(result: DocumentTranslation) -> tuple[str, bytes] | None:
    """``(suffix, bytes)`` of the translation in the document's own format; None for plain text."""
    layout = result.document.layout
    if layout is None or layout.format not in RENDERERS:
        return None
    suffix, renderer = RENDERERS[layout.format]
    return suffix, renderer(Translated.of(result))


__all__ = ["RENDERERS", "Translated", "render"]
