"""A document's translation, block by block: what every format's renderer writes back."""

from __future__ import annotations

from dataclasses import dataclass

from align.document import Layout
from align.errors import AlignError
from align.ingest.blocks import Block
from align.languages import sentence_joiner
from align.translate.render.inline import Piece, place_marks
from align.translate.translator import DocumentTranslation


@dataclass
class Translated:
    """The translation of each paragraph (its ``(source, translation)`` sentence pairs), placed by the
    input's ``layout``."""

    layout: Layout
    source: str
    target: str
    sentences: dict[int, list[tuple[str, str]]]

    @classmethod
    def of(cls, result: DocumentTranslation) -> Translated:
        layout = result.document.layout
        if layout is None:
            raise ValueError("the document has no layout to render")
        sentences: dict[int, list[tuple[str, str]]] = {}
        for pair in result.pairs:
            sentences.setdefault(pair.paragraph, []).append((pair.source, pair.translation))
        return cls(layout, result.document.lang, result.target, sentences)

    def check(self, blocks: list[Block]) -> None:
        """Fail when walking the input again did not give the blocks it was read with."""
        if len(blocks) != len(self.layout.blocks):
            raise AlignError(
                f"the {self.layout.format} input gave {len(blocks)} blocks on rendering, "
                f"{len(self.layout.blocks)} on reading"
            )

    def text(self, index: int) -> str | None:
        """The plain translation of block ``index`` (None: the block is not part of the text)."""
        paragraph = self.layout.blocks[index]
        return self.paragraph(paragraph) if paragraph >= 0 else None

    def paragraph(self, paragraph: int) -> str:
        """The plain translation of paragraph number ``paragraph``."""
        return sentence_joiner(self.target).join(t for _, t in self.sentences.get(paragraph, []) if t)

    def pieces(self, index: int, block: Block) -> list[Piece] | None:
        """The translation of block ``index`` with its inline formatting (None: leave it as it is)."""
        paragraph = self.layout.blocks[index]
        if paragraph < 0:
            return None
        return place_marks(
            block.text, block.spans, self.sentences.get(paragraph, []), sentence_joiner(self.target)
        )
