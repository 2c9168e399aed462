"""What keeping an article's structure costs: the same article translated as text and as HTML, DOCX
and Markdown, with the same model, in one run."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from align.bench.translate import default_sentences
from align.ingest import read_document
from align.translate import DecodeOptions, DocumentTranslation, Translator, write_translation

T = TypeVar("T")


@dataclass
class FormatCost:
    """Seconds to read, translate and write one article, as text and in its own format."""

    format: str
    read_text_s: float
    read_s: float
    translate_s: float
    write_text_s: float
    write_s: float

    @property
    def extra(self) -> float:
        """The structure's cost (reading and writing it) over translating the article as text."""
        base = self.read_text_s + self.translate_s + self.write_text_s
        return (self.read_s - self.read_text_s + self.write_s - self.write_text_s) / base

    def report(self) -> str:
        return (
            f"{self.format:8} read {self.read_s * 1000:7.1f} ms (text {self.read_text_s * 1000:6.1f}), "
            f"translate {self.translate_s:6.2f} s, write {self.write_s * 1000:7.1f} ms "
            f"(text {self.write_text_s * 1000:6.1f}): structure adds {self.extra:.1%}"
        )


def _article(sentences: list[str], per_paragraph: int = 4) -> tuple[str, list[str]]:
    paragraphs = ["".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]
    return paragraphs[0][:40], paragraphs


def write_article(folder: Path, title: str, paragraphs: list[str]) -> dict[str, Path]:
    """The article as .txt, .html, .docx and .md: a heading every five paragraphs, the rest paragraphs."""
    import docx
    from lxml import html as lxml_html
    from lxml.html import builder as E

    headings = {i for i in range(0, len(paragraphs), 5)}
    body = [E.H2(p[:30]) if i in headings else E.P(p) for i, p in enumerate(paragraphs)]
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title)), E.BODY(E.ARTICLE(E.H1(title), *body)))
    paths = {name: folder / f"article.{name}" for name in ("txt", "html", "docx", "md")}
    paths["html"].write_bytes(lxml_html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))
    document = docx.Document()
    document.add_heading(title, 1)
    markdown = [f"# {title}"]
    for i, text in enumerate(paragraphs):
        if i in headings:
            document.add_heading(text[:30], 2)
            markdown.append(f"## {text[:30]}")
        else:
            document.add_paragraph(text)
            markdown.append(text)
    document.save(str(paths["docx"]))
    paths["md"].write_text("\n\n".join(markdown) + "\n", encoding="utf-8")
    read_back = read_document(paths["html"], "zh")  # the text version holds the same paragraphs
    paths["txt"].write_text("\n\n".join(read_back.paragraphs) + "\n", encoding="utf-8")
    return paths


def _timed(function: Callable[..., T], *args: object) -> tuple[T, float]:
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def run(
    sentences: list[str] | None = None, source: str = "zh", target: str = "en", repeats: int = 5
) -> list[FormatCost]:
    """Time each format against the text version (reading and writing: best of ``repeats``)."""
    title, paragraphs = _article(sentences or default_sentences())
    translator = Translator(source, target, DecodeOptions())
    costs = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_article(folder, title, paragraphs)
        text_doc = read_document(paths["txt"], source)
        translator.translate(["预热"])  # load the model outside the timings
        for name in ("html", "docx", "md"):
            document = read_document(paths[name], source)
            assert document.paragraphs == text_doc.paragraphs, name  # the same article in both forms
            read_text = min(_timed(read_document, paths["txt"], source)[1] for _ in range(repeats))
            read = min(_timed(read_document, paths[name], source)[1] for _ in range(repeats))
            result, translate_s = _timed(translator.translate_document, document)
            text_result = DocumentTranslation(text_doc, target, result.pairs, result.origin)  # no layout
            out = folder / name
            (out / "text").mkdir(parents=True)
            (out / "own").mkdir()
            write_text = min(
                _timed(write_translation, text_result, out / "text", True)[1] for _ in range(repeats)
            )
            write = min(_timed(write_translation, result, out / "own", True)[1] for _ in range(repeats))
            costs.append(FormatCost(name, read_text, read, translate_s, write_text, write))
    return costs
