"""The data that flows through the pipeline: documents and their sentences."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence with its position: paragraph index and index within the document."""

    text: str
    paragraph: int
    index: int


@dataclass(frozen=True)
class Layout:
    """The input's own structure, kept to write its translation in the same format: the ``format``
    (``html``, ``docx``, ``markdown``), the input's bytes, and for each block that the format's walker
    yields, the paragraph it became (-1: not part of the article's text)."""

    format: str
    data: bytes
    blocks: tuple[int, ...]


@dataclass
class Document:
    """An article: title, language and paragraphs of plain text (original text, NFC-normalised), and
    the structure it came in (``layout``; None for plain text)."""

    id: str
    title: str
    lang: str
    paragraphs: list[str]
    source: str = ""
    layout: Layout | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def checksum(self) -> str:
        """SHA-256 of the language and paragraphs: decides identity for de-duplication."""
        return hashlib.sha256(f"{self.lang}\n{self.text}".encode()).hexdigest()


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1, tab/newlines aside


def is_label(text: str, max_len: int = 200) -> bool:
    """A short one-line label fit for TMX props and the store (provenance, document names)."""
    return 0 < len(text) <= max_len and not CONTROL_CHARACTERS.search(text) and "\n" not in text


def slugify(text: str, max_len: int = 60) -> str:
    """A file-name-safe slug: lower-case words of any script joined by '-' (``خبر عاجل`` stays Arabic);
    text without a letter or digit gets ``document-`` and a short hash of itself, so names still differ."""
    words = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).casefold()).strip("-")
    slug = words[:max_len].rstrip("-")
    return slug or "document-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def distinct_slug(text: str) -> str:
    """:func:`slugify`, with a short hash of ``text`` when the slug drops or changes anything (case,
    spaces, punctuation), so that two names never share one: ``خبر عاجل`` and ``خبر-عاجل`` differ."""
    slug = slugify(text)
    if slug == text:
        return slug
    return f"{slug[:51]}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def unique_names(names: list[str]) -> list[str]:
    """``names`` made unique in order: a repeated ``x`` becomes ``x-2``, ``x-3``..."""
    used: set[str] = set()
    out = []
    for name in names:
        candidate, k = name, 1
        while candidate in used:
            k += 1
            candidate = f"{name}-{k}"
        used.add(candidate)
        out.append(candidate)
    return out


def as_sentences(items: Sequence[Sentence | str]) -> list[Sentence]:
    """Sentences as given; plain strings become sentences ``0..n-1`` of one paragraph."""
    return [item if isinstance(item, Sentence) else Sentence(item, 0, i) for i, item in enumerate(items)]
