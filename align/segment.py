"""Offline, paragraph-aware sentence segmentation.

sentencex does the splitting for every language (rule-based, no downloads); a repair pass
re-joins splits after known abbreviations (Arabic «د.», English "Dr.", "U.S.") and
re-attaches stray closing quotes or brackets. A sentence never crosses a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sentencex

from align.document import Document, Sentence
from align.languages import base_language

# Abbreviations after which a period does not end a sentence (lower-cased, without the final '.').
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "mr mrs ms dr prof gen col lt sgt capt cmdr adm maj sen rep gov pres st jr sr vs etc approx dept "
        "inc corp ltd co no nos fig vol jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u "
        "a.m p.m e.g i.e".split()
    ),
    "fr": frozenset("m mm mme mlle dr pr st ste etc cf p ex av bd".split()),
    "de": frozenset("dr prof hr fr nr str bzw usw z.b d.h ca vgl bspw inkl".split()),
    "es": frozenset("sr sra srta dr dra ud uds etc av pág".split()),
    "ru": frozenset("г гг т.е т.д т.п им ул д стр см".split()),
    # Arabic: titles such as «د.» (doctor), «م.» (engineer), «أ.» (professor), «ص.» (page), «ج.» (part).
    "ar": frozenset("د م أ ا ص ج ق ت س ش هـ".split()),
}
_LAST_TOKEN = re.compile(r"(\S+)\.\s*$")
_CLOSERS_ONLY = re.compile(r"^[\"'”’»)\]}]+$")


def _ends_with_abbreviation(sentence: str, lang: str) -> bool:
    match = _LAST_TOKEN.search(sentence)
    if not match:
        return False
    token = match.group(1).lstrip("\"'“‘«([").lower()
    return token in _ABBREVIATIONS.get(lang, frozenset())


def _repair(pieces: Iterable[str], lang: str) -> list[str]:
    sentences: list[str] = []
    glue = False
    for piece in pieces:
        text = piece.strip()
        if not text:
            continue
        if sentences and (glue or _CLOSERS_ONLY.match(text)):
            sentences[-1] = f"{sentences[-1]} {text}" if glue else sentences[-1] + text
        else:
            sentences.append(text)
        glue = _ends_with_abbreviation(sentences[-1], lang)
    return sentences


MAX_SENTENCE_CHARS = 2_000  # a longer "sentence" (a table, a list run together) is cut into pieces


def _pieces(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` characters, cut at the last space before it (or at
    the limit in scripts without spaces)."""
    pieces = []
    while len(sentence) > limit:
        cut = sentence.rfind(" ", limit // 2, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [p for p in (*pieces, sentence) if p]


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into sentences (whitespace-trimmed, none empty, none over
    ``MAX_SENTENCE_CHARS``)."""
    base = base_language(lang)
    return [piece for sentence in _repair(sentencex.segment(base, text), base) for piece in _pieces(sentence)]


def segment_paragraphs(paragraphs: list[str], lang: str) -> list[Sentence]:
    """Sentences of all paragraphs, each tagged with its paragraph and document index."""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(paragraphs):
        for text in split_sentences(paragraph, lang):
            sentences.append(Sentence(text=text, paragraph=p, index=len(sentences)))
    return sentences


def segment_document(document: Document) -> list[Sentence]:
    """Sentences of a :class:`Document` in its own language."""
    return segment_paragraphs(document.paragraphs, document.lang)
