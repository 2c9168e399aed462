"""Inline formatting carried from a source block to its sentence-by-sentence translation.

The translation is made sentence by sentence, so what lies inside a sentence cannot be placed in its
translation. The rule:

- bold, italic and code stay on every translated sentence that they cover whole, and are dropped
  where they cover only part of a sentence;
- a link marks every translated sentence that its text touches (the link grows to whole sentences);
- when a second link touches a sentence that a link already marks, it follows that sentence as a
  numbered reference, `` [1]``, so that no link's target is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from align.ingest.blocks import Span


@dataclass(frozen=True)
class Piece:
    """A run of translated text and the formatting over it, outermost first."""

    text: str
    marks: tuple[Span, ...] = ()


def _locate(text: str, sources: list[str]) -> list[tuple[int, int] | None]:
    """Where each source sentence lies in its block's ``text``, searched in order (None: not found)."""
    places: list[tuple[int, int] | None] = []
    cursor = 0
    for source in sources:
        start = text.find(source, cursor)
        if start < 0:
            places.append(None)
            continue
        places.append((start, start + len(source)))
        cursor = start + len(source)
    return places


def _assign(
    spans: tuple[Span, ...], places: list[tuple[int, int] | None]
) -> tuple[list[list[Span]], list[list[Span]]]:
    """The marks over each sentence, and the links that follow it as references."""
    marks: list[list[Span]] = [[] for _ in places]
    references: list[list[Span]] = [[] for _ in places]
    for span in spans:
        touched = [i for i, p in enumerate(places) if p and p[0] < span.end and span.start < p[1]]
        if span.kind != "link":
            covered = (i for i in touched if span.start <= places[i][0] and span.end >= places[i][1])  # type: ignore[index]
            for i in covered:
                marks[i].append(span)
            continue
        if not touched:  # no sentence could be located: the target follows the last one
            references[-1].append(span)
        for i in touched:
            linked = any(m.kind == "link" for m in marks[i])
            (references if linked else marks)[i].append(span)
    return marks, references


def place_marks(
    text: str, spans: tuple[Span, ...], sentences: list[tuple[str, str]], joiner: str
) -> list[Piece]:
    """The translated block as pieces: ``sentences`` are ``(source, translation)`` pairs of the block's
    ``text`` in order, ``spans`` its formatting; the rule is this module's."""
    if not sentences:
        return []
    marks, references = _assign(spans, _locate(text, [source for source, _ in sentences]))
    pieces: list[Piece] = []
    number = 0
    for i, (_, translation) in enumerate(sentences):
        if pieces and translation:
            pieces.append(Piece(joiner, tuple(m for m in pieces[-1].marks if m in marks[i])))
        if translation:
            pieces.append(Piece(translation, tuple(marks[i])))
        for link in references[i]:
            number += 1
            pieces.extend((Piece(" "), Piece(f"[{number}]", (link,))))
    return [p for p in pieces if p.text]
