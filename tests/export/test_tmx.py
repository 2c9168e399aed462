"""TMX output validates against the TMX 1.4 DTD on every path; read back by translate-toolkit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import require_shared
from lxml import etree

from align.export import read_tmx, write_tmx
from align.languages import tmx_tag
from align.records import Bead, TranslationUnit

NASTY_SOURCE = 'Tom & Jerry <b>bold</b> ]]> "quotes" \x07bell\x1f 😀 emoji'
NASTY_TARGET = "\u200fتوم وجيري & <b> ]]> \u202bنص\u202c \x0b 😀"


def dtd() -> etree.DTD:
    return etree.DTD(str(require_shared("tmx", "tmx14.dtd")))


def validate(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(path), parser)
    schema = dtd()
    assert schema.validate(tree), schema.error_log.filter_from_errors()
    return tree


def unit(
    source: str, target: str, lang: str = "ar", ids=(0,), tgt_ids=(0,), doc: str = "doc"
) -> TranslationUnit:
    return TranslationUnit(
        doc, "en", lang, source, target, Bead(tuple(ids), tuple(tgt_ids), 0.8123), "mt:test", "auto"
    )


def test_single_pair_tmx_is_valid_and_complete(tmp_path: Path) -> None:
    units = [
        unit(NASTY_SOURCE, NASTY_TARGET),
        unit("Second.  Sentence", "الجملة الثانية", ids=(1, 2), tgt_ids=(1,)),
        unit("Dropped", "", ids=(3,), tgt_ids=()),
        unit("   ", "فارغ", ids=(4,), tgt_ids=(2,)),
    ]
    path = tmp_path / "out.tmx"
    when = dt.datetime(2024, 2, 8, 12, 30, 5, tzinfo=dt.UTC)
    assert write_tmx(path, units, "en", creation_date=when) == 2
    tree = validate(path)
    header = tree.find("header")
    assert header.get("creationtool") == "align" and header.get("srclang") == "en"
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    assert header.get("creationdate") == "20240208T123005Z"
    tus = tree.findall("body/tu")
    props = {p.get("type"): p.text for p in tus[1].findall("prop")}
    assert props == {
        "x-document": "doc",
        "x-score": "0.812",
        "x-origin": "mt:test",
        "x-bead": "2-1",
        "x-status": "auto",
    }
    segs = [s.text for s in tree.iter("seg")]
    assert "\x07" not in segs[0] and "😀" in segs[0] and "]]>" in segs[0] and "<b>" in segs[0]
    # The direction mark RLM stays; the embedding RLE goes (docs/security.md: bidirectional overrides).
    assert segs[1].startswith("\u200f") and "\u202b" not in segs[1] and "توم وجيري" in segs[1]
    assert segs[2] == "Second. Sentence"
    assert all(s.strip() for s in segs)
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_multilingual_tmx_groups_targets(tmp_path: Path) -> None:
    units = [
        unit("Hello.", "مرحبا.", "ar"),
        unit("Hello.", "Bonjour.", "fr"),
        unit("Bye.", "Au revoir.", "fr", (1,), (1,)),
    ]
    path = tmp_path / "multi.tmx"
    assert write_tmx(path, units, "en") == 2
    tree = validate(path)
    first = tree.find("body/tu")
    langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in first.findall("tuv")]
    assert langs == ["en", "ar", "fr"]
    assert first.find("tuv[2]/prop[@type='x-score']") is not None


def test_language_tags() -> None:
    assert [tmx_tag(c) for c in ("ar", "EN", "zh", "zh-TW", "en-gb", "sr-latn")] == [
        "ar",
        "en",
        "zh-Hans",
        "zh-Hant",
        "en-GB",
        "sr-Latn",
    ]


def test_translate_toolkit_reads_every_unit(tmp_path: Path) -> None:
    from translate.storage import tmx as ttk_tmx

    units = [unit(f"Sentence {i} & more.", f"الجملة {i}.", ids=(i,), tgt_ids=(i,)) for i in range(25)]
    path = tmp_path / "ttk.tmx"
    write_tmx(path, units, "en")
    store = ttk_tmx.tmxfile(path.read_bytes(), "en", "ar")
    read = [(u.source, u.target) for u in store.units]
    assert read == [(f"Sentence {i} & more.", f"الجملة {i}.") for i in range(25)]


def test_reader_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "rt.tmx"
    write_tmx(path, [unit(NASTY_SOURCE, NASTY_TARGET)], "en")
    tmx = read_tmx(path)
    assert tmx.srclang == "en" and len(tmx.units) == 1
    assert tmx.units[0].props["x-bead"] == "1-1"
    assert "😀" in tmx.units[0].segments["en"] and tmx.units[0].segments["ar"].startswith("\u200f")


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.tmx"

    def exploding():
        yield unit("One.", "واحد.")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_tmx(path, exploding(), "en")
    assert not path.exists() and list(tmp_path.iterdir()) == []
