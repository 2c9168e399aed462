"""Hostile and broken TMX input is refused with a clear error; merge and stats work."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.export import merge_units, read_tmx, tmx_stats, write_tmx
from align.records import Bead, TranslationUnit

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
    return TranslationUnit("doc", "en", lang, source, target, Bead((0,), (0,), 0.9), "human", "approved")


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
    write_tmx(b, [TranslationUnit("d", "fr", "ar", "Un.", "واحد.", Bead((0,), (0,), 1.0))], "fr")
    with pytest.raises(InputError, match="different source languages"):
        merge_units([read_tmx(a), read_tmx(b)], ["a", "b"])


def tmx_with_props(props: str) -> str:
    return (
        f'<?xml version="1.0"?><tmx version="1.4">{HEADER}<body><tu>{props}'
        '<tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="ar"><seg>مرحبا.</seg></tuv>'
        "</tu></body></tmx>"
    )


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ('<prop type="x-bead">200000000-1</prop>', "is not a bead type"),  # 319 bytes asked for 16 GB
        ('<prop type="x-bead">1000000000000-1</prop>', "is not a bead type"),  # was a MemoryError
        ('<prop type="x-bead">²-1</prop>', "is not a bead type"),  # was a ValueError traceback
        ('<prop type="x-bead">9-1</prop>', "more than 8 sentences"),
        ('<prop type="x-score">nan</prop>', "outside"),
        ('<prop type="x-score">1e308</prop>', "outside"),
        ('<prop type="x-score">high</prop>', "not a number"),
        ('<prop type="x-status">approved-by-me</prop>', "is not one of"),
        ('<prop type="x-origin">mt:\x7fmodel</prop>', "control characters"),  # DEL is valid XML
    ],
)
def test_hostile_props_are_refused_by_name(tmp_path: Path, props: str, message: str) -> None:
    path = tmp_path / "props.tmx"
    path.write_text(tmx_with_props(props), encoding="utf-8")
    with pytest.raises(InputError, match=rf"props: tu 1: .*{message}"):
        merge_units([read_tmx(path)], ["props"])


def test_hostile_prop_gives_one_line_and_exit_2_from_the_cli(tmp_path: Path, capsys) -> None:
    from align.cli import main

    path = tmp_path / "bomb.tmx"
    path.write_text(tmx_with_props('<prop type="x-bead">200000000-1</prop>'), encoding="utf-8")
    assert main(["tmx", "merge", str(path), "-o", str(tmp_path / "out.tmx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "x-bead" in err[0]
    assert not (tmp_path / "out.tmx").exists()


SUBSET = '<!DOCTYPE tmx [<!ENTITY e "x">]>'


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            f'<?xml version="1.0" encoding="UTF-16"?>{SUBSET}<tmx version="1.4">{HEADER}<body/></tmx>'.encode(
                "utf-16"
            ),
            "utf16",
        ),
        (
            f'<?xml version="1.0"?><!-- <tmx -->{SUBSET}<tmx version="1.4">{HEADER}<body/></tmx>'.encode(),
            "comment",
        ),
        (
            (
                f'<?xml version="1.0"?><!--{" " * 70000}-->{SUBSET}'
                + f'<tmx version="1.4">{HEADER}<body/></tmx>'
            ).encode(),
            "padding",
        ),
    ],
)
def test_internal_subset_is_refused_however_it_is_hidden(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"internal subset|entity declarations"):
        read_tmx(path)


def three_language_tmx(srclang_attr: str) -> str:
    header = HEADER.replace(' srclang="en"', srclang_attr)
    return (
        f'<?xml version="1.0"?><tmx version="1.4">{header}<body>'
        '<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="ar"><seg>واحد.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>Two.</seg></tuv><tuv xml:lang="fr"><seg>Deux.</seg></tuv></tu>'
        "</body></tmx>"
    )


@pytest.mark.parametrize("srclang_attr", [' srclang="*all*"', ""])
def test_any_source_language_loses_no_unit(tmp_path: Path, srclang_attr: str, capsys) -> None:
    from align.cli import main

    path = tmp_path / "all.tmx"
    path.write_text(three_language_tmx(srclang_attr), encoding="utf-8")
    assert main(["tmx", "merge", str(path), "-o", str(tmp_path / "out.tmx")]) == 0
    merged = read_tmx(tmp_path / "out.tmx")
    assert merged.srclang == "en" and len(merged.units) == 2
    assert "2 units" in capsys.readouterr().err


def test_same_stem_in_two_folders_keeps_both_files_apart(tmp_path: Path, capsys) -> None:
    from align.cli import main

    paths = []
    for folder, target, status in (("a", "مرحبا.", "approved"), ("b", "أهلا.", "rejected")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "index.tmx"
        props = f'<prop type="x-status">{status}</prop>'
        path.write_text(tmx_with_props(props).replace("مرحبا.", target), encoding="utf-8")
        paths.append(str(path))
    assert main(["tmx", "merge", *paths, "-o", str(tmp_path / "out.tmx")]) == 0
    merged = read_tmx(tmp_path / "out.tmx")
    assert len(merged.units) == 2, "two distinct translations stay two units"
    assert len({u.tuid for u in merged.units}) == 2
    assert all(list(u.segments) == ["en", "ar"] for u in merged.units), "never two ar tuvs in one tu"
    assert sorted(u.props["x-status"] for u in merged.units) == ["approved", "rejected"]


def test_stats_print_a_table_and_json(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from align.cli import cli

    path = tmp_path / "m.tmx"
    write_tmx(path, [unit("One.", "واحد."), unit("Two.", "اثنان.")], "en")
    table = CliRunner().invoke(cli, ["tmx", "stats", str(path)])
    assert table.exit_code == 0 and "{" not in table.output and "None" not in table.output
    assert "units          2" in table.output and "approved" in table.output
    data = json.loads(CliRunner().invoke(cli, ["tmx", "stats", str(path), "--json"]).output)
    assert data["segments_per_language"] == {"ar": 2, "en": 2} and data["median_score"] == 0.9
