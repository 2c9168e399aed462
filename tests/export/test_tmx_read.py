"""Hostile and broken TMX input is refused with a clear error; merge and stats work."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.export import TranslationUnit, merge_units, read_tmx, tmx_stats, write_tmx

HEADER = (
    '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
    'srclang="en" datatype="plaintext"/>'
)

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4">{HEADER}<body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>"""

LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<tmx version="1.4">{HEADER}<body><tu><tuv xml:lang="en"><seg>&d;</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (XXE, "entity declarations are not allowed"),
        (LAUGHS, "entity declarations are not allowed"),
        ('<?xml version="1.0"?><xliff version="1.2"></xliff>', "not a TMX file"),
        (f'<tmx version="1.4">{HEADER}<body><tu>', "malformed TMX"),
        ("", "file is empty"),
    ],
)
def test_hostile_or_broken_tmx(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_tmx(path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.tmx"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: claims 2 GB, costs nothing
    with pytest.raises(InputError, match="over the"):
        read_tmx(path)


def unit(source: str, target: str, lang: str = "ar") -> TranslationUnit:
    return TranslationUnit("doc", "en", lang, source, target, 0.9, (0,), (0,), "human", "approved")


def test_merge_drops_duplicates_and_stats(tmp_path: Path) -> None:
    a, b = tmp_path / "a.tmx", tmp_path / "b.tmx"
    write_tmx(a, [unit("One.", "واحد."), unit("Two.", "اثنان.")], "en")
    write_tmx(b, [unit("Two.", "اثنان."), unit("Three.", "ثلاثة.")], "en")
    srclang, units, dropped = merge_units([read_tmx(a), read_tmx(b)], ["a", "b"])
    assert srclang == "en" and dropped == 1
    assert [u.source for u in units] == ["One.", "Two.", "Three."]
    stats = tmx_stats(read_tmx(a))
    assert stats["units"] == 2 and stats["segments_per_language"] == {"ar": 2, "en": 2}
    assert stats["statuses"] == {"approved": 2}


def test_merge_refuses_mixed_source_languages(tmp_path: Path) -> None:
    a, b = tmp_path / "a.tmx", tmp_path / "b.tmx"
    write_tmx(a, [unit("One.", "واحد.")], "en")
    write_tmx(b, [TranslationUnit("d", "fr", "ar", "Un.", "واحد.", 1.0, (0,), (0,))], "fr")
    with pytest.raises(InputError, match="different source languages"):
        merge_units([read_tmx(a), read_tmx(b)], ["a", "b"])
