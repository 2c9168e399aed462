"""Markdown articles: their blocks (headings, paragraphs, list items, quotes, table cells) via markdown-it."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from align.ingest.blocks import Block, InlineText

_SPANS = {"link": "link", "strong": "bold", "em": "italic"}


def markdown_parser() -> MarkdownIt:
    """CommonMark with GitHub's pipe tables: the dialect read and written."""
    return MarkdownIt("commonmark").enable("table")


def _inline(token: Token, kind: str) -> Block:
    text = InlineText()
    for child in token.children or []:
        name, _, edge = child.type.rpartition("_")
        if child.type == "text":
            text.add(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            text.add(" ")
        elif child.type == "code_inline":
            text.open("code")
            text.add(child.content)
            text.close()
        elif name in _SPANS and edge == "open":
            text.open(_SPANS[name], str(child.attrs.get("href", "")) if name == "link" else "")
        elif name in _SPANS and edge == "close":
            text.close()
    return text.block(kind, token)


def markdown_blocks(tokens: list[Token]) -> list[Block]:
    """One block per inline run of the token stream, in order; code blocks and raw HTML are not text."""
    blocks: list[Block] = []
    items = quotes = 0
    for i, token in enumerate(tokens):
        if token.type in ("list_item_open", "list_item_close"):
            items += 1 if token.nesting > 0 else -1
        elif token.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if token.nesting > 0 else -1
        elif token.type == "inline":
            opener = tokens[i - 1].type if i else ""
            if opener == "heading_open":
                kind = "heading"
            elif opener in ("th_open", "td_open"):
                kind = "cell"
            else:
                kind = "item" if items else "quote" if quotes else "paragraph"
            blocks.append(_inline(token, kind))
    return blocks
