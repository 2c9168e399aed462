"""Text blocks of a structured input (HTML, DOCX, Markdown): what each format's walker yields.

A walker visits a document's blocks (title, headings, paragraphs, list items, table cells, quotes,
captions) in reading order; the reader keeps their text as paragraphs, and the renderer walks the same
input again to put each block's translation back in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from align.ingest.text import clean_text

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    """Inline formatting over ``text[start:end]`` of a block: ``link`` (with its ``target``), ``bold``,
    ``italic`` or ``code``."""

    start: int
    end: int
    kind: str
    target: str = ""


@dataclass
class Block:
    """One block of a document: its ``kind``, whitespace-normalised text, inline spans, the format's
    own object (``node``) for the renderer, and whether it belongs to the article (``content``)."""

    kind: str
    text: str
    spans: tuple[Span, ...] = ()
    node: object = None
    content: bool = True


@dataclass
class InlineText:
    """Builds a block's text from pieces of inline content, keeping where each span starts and ends
    once whitespace is collapsed (runs of spaces and line breaks become one space, ends trimmed)."""

    _raw: list[str] = field(default_factory=list)
    _length: int = 0
    _open: list[tuple[int, str, str]] = field(default_factory=list)
    _spans: list[tuple[int, int, str, str]] = field(default_factory=list)

    def add(self, text: str) -> None:
        self._raw.append(text)
        self._length += len(text)

    def open(self, kind: str, target: str = "") -> None:
        self._open.append((self._length, kind, target))

    def close(self) -> None:
        start, kind, target = self._open.pop()
        if self._length > start:
            self._spans.append((start, self._length, kind, target))

    def block(self, kind: str, node: object = None) -> Block:
        """The collected text (cleaned: NFC, no control or bidi-override characters) and its spans."""
        raw = clean_text("".join(self._raw))
        if len(raw) != self._length:  # cleaning removed or composed characters: offsets are lost
            return Block(kind, " ".join(raw.split()), (), node)
        positions = [0] * (len(raw) + 1)  # raw offset -> offset in the collapsed text
        out: list[str] = []
        size = 0
        for match in re.finditer(r"\s+|\S+", raw):
            piece = match.group()
            if piece.isspace():
                positions[match.start() : match.end()] = [size] * len(piece)
                if size:
                    out.append(" ")
                    size += 1
            else:
                positions[match.start() : match.end()] = range(size, size + len(piece))
                out.append(piece)
                size += len(piece)
        positions[len(raw)] = size
        text = "".join(out)
        if text.endswith(" "):
            text = text[:-1]
        spans = []
        for start, end, kind_, target in sorted(self._spans, key=lambda s: (s[0], -s[1])):
            a, b = min(positions[start], len(text)), min(positions[end], len(text))
            while a < b and text[a] == " ":
                a += 1
            if b > a:
                spans.append(Span(a, b, kind_, target))
        return Block(kind, text, tuple(spans), node)


def collapse(text: str) -> str:
    """``text`` with runs of whitespace as one space, ends trimmed."""
    return _SPACE.sub(" ", text).strip()
