"""Translations written in the input's own format: HTML, DOCX and Markdown (a PDF's as HTML)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from align.translate.render.translated import Translated
from align.translate.translator import DocumentTranslation

# format → (suffix, "module:function"); a renderer is imported when a document of its format comes.
RENDERERS: dict[str, tuple[str, str]] = {
    "html": (".html", "align.translate.render.html:render_html"),
    "docx": (".docx", "align.translate.render.docx:render_docx"),
    "markdown": (".md", "align.translate.render.markdown:render_markdown"),
}


def renderer(fmt: str) -> Callable[[Translated], bytes]:
    """The function that writes a translation in format ``fmt``."""
    module, _, name = RENDERERS[fmt][1].partition(":")
    return getattr(importlib.import_module(module), name)


def render(result: DocumentTranslation) -> tuple[str, bytes] | None:
    """``(suffix, bytes)`` of the translation in the document's own format; None for plain text."""
    layout = result.document.layout
    if layout is None or layout.format not in RENDERERS:
        return None
    return RENDERERS[layout.format][0], renderer(layout.format)(Translated.of(result))


__all__ = ["RENDERERS", "Translated", "render", "renderer"]
