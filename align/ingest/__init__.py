"""Ingestion: read an article (.txt, .md, .html, .docx or stdin) into a :class:`Document`."""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from align.document import Document, Layout, slugify, unique_names
from align.errors import InputError, not_a_file
from align.ingest.blocks import Block, collapse
from align.ingest.langid import detect_language
from align.ingest.limits import max_input_bytes, too_large
from align.ingest.text import clean_text, decode_bytes, text_paragraphs
from align.ingest.url import check_url, fetch, looks_like_url, url_stem
from align.records import Skipped

__all__ = [
    "INPUT_FORMATS",
    "SUFFIXES",
    "detect_language",
    "find_articles",
    "read_document",
    "read_documents",
    "read_input",
    "read_lines",
]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
INPUT_FORMATS = ("auto", "text", "markdown", "html", "docx", "pdf")


def is_language_suffix(suffix: str) -> bool:
    """``.de``, ``.fr``, ``.ar``: parallel-corpus files named by a two-letter language code are plain
    text (three letters would take in .png, .pdf and the like, which are ISO 639-3 codes too)."""
    import langcodes

    code = suffix.lstrip(".")
    return len(code) == 2 and code.isalpha() and code.islower() and langcodes.tag_is_valid(code)


def input_format(path: str | Path, wanted: str = "auto") -> str:
    """The format to read ``path`` as: ``wanted`` unless ``auto``, else from its extension."""
    if wanted != "auto":
        return wanted
    if str(path) == "-" or looks_like_url(str(path)):
        return "auto-text"  # plain text, HTML or PDF: told by what comes
    suffix = Path(path).suffix.lower()
    formats = {
        ".pdf": "pdf",
        ".docx": "docx",
        ".html": "html",
        ".htm": "html",
        ".md": "markdown",
        ".markdown": "markdown",
    }
    if suffix in formats:
        return formats[suffix]
    if not suffix or suffix == ".txt" or is_language_suffix(suffix):
        return "auto-text"  # plain text, or HTML when it looks like it
    raise InputError(
        f"{path}: unsupported file type '{suffix}' (use {', '.join(SUFFIXES)}, a language code such as "
        ".de, or --input-format text to read it as plain text)"
    )


def _sniff_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def read_input(path: str | Path) -> bytes:
    """The bytes of one input file (``-``: stdin), refused past :func:`max_input_bytes` (read no further)."""
    limit = max_input_bytes()
    source = str(path)
    if looks_like_url(source):
        return fetch(source, limit)
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        if not Path(path).is_file():
            raise not_a_file(source)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(source, limit)
    return data


def _blocks(kind: str, data: bytes, source: str) -> tuple[list[Block], str, bytes]:
    """The blocks of an input read as ``kind``, and the layout format and bytes to keep ("" and b""
    for plain text, which has no structure to write back). Each format's reader is imported when
    an input of that format comes (plain text needs none of them)."""
    if kind == "docx":
        from align.ingest.docx import docx_blocks, open_docx

        return docx_blocks(open_docx(data, source)), "docx", data
    if kind == "pdf":
        from align.ingest.html import html_blocks, parse_html
        from align.ingest.pdf import paragraphs_as_html, pdf_paragraphs

        page = paragraphs_as_html(pdf_paragraphs(data, source))
        return html_blocks(parse_html(page, source)), "html", page
    text = decode_bytes(data, source)
    if kind == "html" or (kind == "auto-text" and _sniff_html(text)):
        from align.ingest.html import html_document

        page, blocks = html_document(text, source)
        return blocks, "html", page
    if kind == "markdown":
        from align.ingest.markdown import markdown_blocks, markdown_parser

        return markdown_blocks(markdown_parser().parse(text)), "markdown", text.encode("utf-8")
    return [Block("paragraph", p) for p in text_paragraphs(text)], "", b""


def _assemble(blocks: list[Block]) -> tuple[str, list[str], list[int]]:
    """``(title, paragraphs, the paragraph of each block)``: the article's non-empty blocks in order;
    a title of its own (``<title>``, the .docx title) is the first paragraph unless the text already
    starts with it. Without one, the title is the first heading, else the first paragraph."""
    paragraphs: list[str] = []
    places: list[int | None] = []
    title = ""
    for block in blocks:
        text = collapse(clean_text(block.text))
        if not block.content or not text:
            places.append(-1)
        elif block.kind == "title":
            title = title or text
            places.append(None)  # the title's paragraph, decided below
        else:
            places.append(len(paragraphs))
            paragraphs.append(text)
    shift = 0
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
        shift = 1
    title = title or next(
        (
            b.text
            for b, p in zip(blocks, places, strict=True)
            if b.kind == "heading" and p is not None and p >= 0
        ),
        paragraphs[0] if paragraphs else "",
    )
    mapping = [0 if p is None else p + shift if p >= 0 else -1 for p in places]
    return title, paragraphs, mapping


def input_stem(source: str) -> str:
    """What names an input's outputs: a file's stem, a URL's last path segment; none for stdin."""
    if source == "-":
        return ""
    return url_stem(source) if looks_like_url(source) else Path(source).stem


def read_document(
    path: str | Path, lang: str | None = None, doc_id: str | None = None, fmt: str = "auto"
) -> Document:
    """Read one article. ``path`` may be ``"-"`` for stdin or an http(s) URL; ``lang`` None means detect
    it; ``fmt`` (one of :data:`INPUT_FORMATS`) overrides what the extension says."""
    source = str(path)
    kind = input_format(path, fmt)
    data = read_input(path)
    if kind == "auto-text" and data.startswith(b"%PDF-"):
        kind = "pdf"
    blocks, layout_format, layout_data = _blocks(kind, data, source)
    title, paragraphs, mapping = _assemble(blocks)
    if not paragraphs:
        raise InputError(f"{source}: no text found")
    language = lang or detect_language("\n".join(paragraphs), source)
    layout = Layout(layout_format, layout_data, tuple(mapping)) if layout_format else None
    return Document(
        id=doc_id or slugify(input_stem(source) or title),
        title=title,
        lang=language,
        paragraphs=paragraphs,
        source=source,
        layout=layout,
    )


def read_lines(path: str | Path) -> list[str]:
    """One sentence per line, used as is (line numbers are sentence ids): pre-split input."""
    text = clean_text(decode_bytes(read_input(path), str(path)))
    return [unicodedata.normalize("NFC", line) for line in text.splitlines()]


def find_articles(inputs: Iterable[str | Path]) -> list[str]:
    """The article files named by ``inputs``: files as given (``-`` is stdin), folders as every
    supported file inside (by suffix, a language code such as ``.de`` included), sorted."""
    paths: list[str] = []
    for item in inputs:
        path = Path(item)
        if str(item) != "-" and path.is_dir():
            files = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and (p.suffix.lower() in SUFFIXES or is_language_suffix(p.suffix.lower()))
            )
            if not files:
                raise InputError(f"{item}: folder holds no supported articles")
            paths.extend(files)
        elif looks_like_url(str(item)):
            check_url(str(item))
            paths.append(str(item))
        elif str(item) == "-" or path.exists():  # files, and devices or pipes such as /dev/stdin
            paths.append(str(item))
        else:
            raise InputError(f"{item}: no such file or folder")
    return paths


def read_documents(
    inputs: list[str | Path], lang: str | None = None, fmt: str = "auto", skipped: list[Skipped] | None = None
) -> list[Document]:
    """Read files and folders (folders: every supported file inside, sorted). With ``skipped``, a
    file that cannot be read is added to it, named with its reason, and the rest is read; when no
    file can be read, the first one's error is raised as it is."""
    documents, errors = [], []
    for path in find_articles(inputs):
        try:
            documents.append(read_document(path, lang, fmt=fmt))
        except InputError as exc:
            if skipped is None:
                raise
            errors.append(exc)
            skipped.append(Skipped.of(path, exc))
    if errors and not documents:
        raise errors[0]
    # Two inputs may slug alike (a.html and a.docx, a/index.txt and b/index.txt, two Arabic names):
    # outputs named by document id must not overwrite each other. The first keeps its name, a later
    # one in another format takes its suffix too (a, a-docx), and a number tells the rest apart.
    suffixes: dict[str, set[str]] = {}
    names = []
    for document in documents:
        suffix = Path(document.source).suffix.lstrip(".").lower()
        taken = suffixes.setdefault(document.id, set())
        other_format = bool(taken) and bool(suffix) and suffix not in taken
        names.append(slugify(f"{document.id}-{suffix}") if other_format else document.id)
        taken.add(suffix)
    ids = unique_names(names)
    return [
        d if d.id == new else dataclasses.replace(d, id=new) for d, new in zip(documents, ids, strict=True)
    ]
