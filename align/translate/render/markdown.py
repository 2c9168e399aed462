"""Markdown out: the input's token stream with each block's text translated, written by mdformat."""

from __future__ import annotations

from markdown_it.token import Token

from align.ingest.markdown import markdown_blocks, markdown_parser
from align.translate.render.inline import Piece
from align.translate.render.translated import Translated

_TOKENS = {"link": "link", "bold": "strong", "italic": "em"}
_MARKUP = {"bold": "**", "italic": "*"}


def _children(pieces: list[Piece]) -> list[Token]:
    children: list[Token] = []
    for piece in pieces:
        closers: list[Token] = []
        text = Token("text", "", 0, content=piece.text)
        for mark in piece.marks:
            if mark.kind == "code":
                text = Token("code_inline", "code", 0, content=piece.text, markup="`")
                continue
            name = _TOKENS[mark.kind]
            attrs: dict[str, str | int | float] = {"href": mark.target} if mark.kind == "link" else {}
            markup = _MARKUP.get(mark.kind, "")
            children.append(Token(f"{name}_open", "", 1, attrs=attrs, markup=markup))
            closers.insert(0, Token(f"{name}_close", "", -1, markup=markup))
        children.append(text)
        children.extend(closers)
    return children


def render_markdown(translated: Translated) -> bytes:
    """The Markdown with every block's text translated (headings, list items, quotes, table cells),
    images inside a block kept after its text, re-written by mdformat (its normal form: ``-`` bullets,
    ``*`` emphasis)."""
    import mdformat.plugins
    from mdformat.renderer import MDRenderer

    text = translated.layout.data.decode("utf-8")
    tokens = markdown_parser().parse(text)
    blocks = markdown_blocks(tokens)
    translated.check(blocks)
    for index, block in enumerate(blocks):
        pieces = translated.pieces(index, block)
        if pieces is not None and isinstance(block.node, Token):
            # Images stay, after the new text (as in HTML): a sentence's translation has no place for them.
            images = [child for child in block.node.children or [] if child.type == "image"]
            spacer = [Token("text", "", 0, content=" ")] if images and pieces else []
            block.node.children = _children(pieces) + spacer + images
    options = {"parser_extension": [mdformat.plugins.PARSER_EXTENSIONS["tables"]]}
    return MDRenderer().render(tokens, options, {}).encode("utf-8")
