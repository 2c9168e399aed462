"""TMX 1.4 output, streamed with lxml: what OmegaT, Trados and memoQ import.

One ``tu`` per aligned bead; with several target languages, one ``tu`` per source bead with a
``tuv`` per language. Pair metadata travels as ``x-`` props (on the ``tu`` for one target
language, on each target ``tuv`` for several). Text is stripped of characters XML 1.0 cannot hold;
empty segments are never written. Output is atomic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from align import __version__
from align.atomic import atomic_open
from align.ingest.text import strip_bidi_controls, strip_invalid_xml_chars
from align.languages import tmx_tag
from align.records import TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def clean_segment(text: str) -> str:
    """Text safe for a ``seg``: XML-valid characters only, no bidirectional overrides, whitespace
    trimmed and collapsed."""
    return re.sub(r"\s+", " ", strip_bidi_controls(strip_invalid_xml_chars(text))).strip()


def _tmx_date(moment: dt.datetime | None = None) -> str:
    return (moment or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")


def _props(pair: TranslationUnit) -> list[tuple[str, str]]:
    return [
        ("x-score", f"{pair.score:.3f}"),
        ("x-origin", pair.origin),
        ("x-bead", pair.kind),
        ("x-status", str(pair.status)),
    ]


def _groups(units: Iterable[TranslationUnit]) -> Iterator[list[TranslationUnit]]:
    """Units sharing a document and source sentences become one group (one ``tu`` with several target
    languages); a second unit in a language the group already has starts a group of its own. Streams:
    only the current document's units are held (a document's units arrive together)."""
    block: dict[tuple, list[TranslationUnit]] = {}
    current: str | None = None
    for unit in units:
        if unit.is_null or not clean_segment(unit.source) or not clean_segment(unit.target):
            continue
        if unit.document != current:
            yield from block.values()
            block, current = {}, unit.document
        copy = 0
        key = (unit.src_ids, clean_segment(unit.source))
        while any(u.tgt_lang == unit.tgt_lang for u in block.get((*key, copy), [])):
            copy += 1
        block.setdefault((*key, copy), []).append(unit)
    yield from block.values()


class _TuIds:
    """``document:ids`` ``tuid``s, unique in the file whatever the units' names; only the current
    document's ids and the names of documents seen are kept."""

    def __init__(self) -> None:
        self.document: str | None = None
        self.used: set[str] = set()
        self.seen: dict[str, int] = {}

    def new(self, unit: TranslationUnit) -> str:
        if unit.document != self.document:
            self.document, self.used = unit.document, set()
            self.seen[unit.document] = self.seen.get(unit.document, 0) + 1
        repeat = self.seen[unit.document]  # a document name met again later: a block of its own
        name = unit.document if repeat == 1 else f"{unit.document}@{repeat}"
        tuid = base = f"{name}:{'+'.join(map(str, unit.src_ids))}"
        while tuid in self.used:
            tuid = f"{base}#{len(self.used)}"
        self.used.add(tuid)
        return tuid


def write_tmx(
    path: str | Path,
    units: Iterable[TranslationUnit],
    src_lang: str,
    creation_date: dt.datetime | None = None,
) -> int:
    """Write ``units`` (null beads skipped) as TMX 1.4; returns the number of ``tu`` written. Streams:
    memory does not grow with the number of units (each document's units must arrive together)."""
    date = _tmx_date(creation_date)
    count = 0
    with atomic_open(path, "wb") as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            header = etree.Element(
                "header",
                creationtool="align",
                creationtoolversion=__version__,
                segtype="sentence",
                **{
                    "o-tmf": "align",
                    "adminlang": "en",
                    "srclang": tmx_tag(src_lang),
                    "datatype": "plaintext",
                },
                creationdate=date,
            )
            xf.write(header)
            with xf.element("body"):
                tuids = _TuIds()
                for group in _groups(units):
                    first = group[0]
                    multi = len(group) > 1  # props on the tu for one target, on each target tuv else
                    count += 1
                    tu = etree.Element("tu", tuid=tuids.new(first))
                    etree.SubElement(tu, "prop", type="x-document").text = first.document
                    if not multi:
                        for kind, value in _props(first):
                            etree.SubElement(tu, "prop", type=kind).text = value
                    source = etree.SubElement(tu, "tuv", {XML_LANG: tmx_tag(first.src_lang)})
                    etree.SubElement(source, "seg").text = clean_segment(first.source)
                    for unit in group:
                        target = etree.SubElement(tu, "tuv", {XML_LANG: tmx_tag(unit.tgt_lang)})
                        if multi:
                            for kind, value in _props(unit):
                                etree.SubElement(target, "prop", type=kind).text = value
                        etree.SubElement(target, "seg").text = clean_segment(unit.target)
                    xf.write(tu, pretty_print=True)
    return count
