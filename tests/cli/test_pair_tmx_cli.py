"""`align pair` output formats, `align eval`, `align tmx` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_shared

from align.cli import cli, main

EN = [
    "The talks resumed on Monday in Geneva.",
    "Both sides said progress was made.",
    "A new round is planned for May.",
]
FR = [
    "Les pourparlers ont repris lundi à Genève.",
    "Les deux parties ont fait état de progrès.",
    "Un nouveau cycle est prévu pour mai.",
]


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "en.txt", tmp_path / "fr.txt"
    src.write_text("\n".join(EN) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(FR) + "\n", encoding="utf-8")
    return src, tgt


def test_pair_beads_presplit(texts: tuple[Path, Path], align_home: Path) -> None:
    result = CliRunner().invoke(
        cli, ["pair", *map(str, texts), "--src-lang", "en", "--tgt-lang", "fr", "--presplit"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.rsplit(":", 1)[0] for line in lines] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    assert all(0.5 < float(line.rsplit(":", 1)[1]) <= 1 for line in lines)


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx", "moses"])
def test_pair_formats(texts: tuple[Path, Path], tmp_path: Path, align_home: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        cli,
        ["pair", *map(str, texts), "--src-lang", "en", "--tgt-lang", "fr", "--format", fmt, "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    if fmt == "moses":
        assert Path(f"{out}.en").read_text(encoding="utf-8").splitlines() == EN
        assert Path(f"{out}.fr").read_text(encoding="utf-8").splitlines() == FR
    else:
        text = out.read_text(encoding="utf-8")
        assert all(s in text for s in FR)
    if fmt == "tmx":
        from lxml import etree

        dtd = etree.DTD(str(require_shared("tmx", "tmx14.dtd")))
        assert dtd.validate(etree.parse(str(out))), dtd.error_log


def test_eval_command(align_home: Path) -> None:
    gold = require_shared("gold", "textberg-de-fr")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--only", "test4", "--json"])
    assert result.exit_code == 0, result.output
    assert '"f1_strict"' in result.output and '"test4"' in result.output


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]><tmx>&x;</tmx>',
            "entity",
        ),
        ('<?xml version="1.0"?><root/>', "not a TMX file"),
    ],
)
def test_tmx_stats_hostile_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    assert main(["tmx", "stats", str(path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


def test_tmx_merge_and_stats(texts: tuple[Path, Path], tmp_path: Path, align_home: Path) -> None:
    runner = CliRunner()
    a = tmp_path / "a.tmx"
    assert (
        runner.invoke(
            cli,
            [
                "pair",
                *map(str, texts),
                "--src-lang",
                "en",
                "--tgt-lang",
                "fr",
                "--format",
                "tmx",
                "-o",
                str(a),
            ],
        ).exit_code
        == 0
    )
    merged = tmp_path / "m.tmx"
    result = runner.invoke(cli, ["tmx", "merge", str(a), str(a), "-o", str(merged)])
    assert result.exit_code == 0 and "3 units (3 duplicates dropped)" in result.output
    stats = runner.invoke(cli, ["tmx", "stats", str(merged)])
    assert stats.exit_code == 0 and "units" in stats.output


def test_tmx_stats_refuses_entity_bomb_and_huge_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<tmx version="1.4"><body>&b;</body></tmx>',
        encoding="utf-8",
    )
    huge = tmp_path / "huge.tmx"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    for path, fragment in ((bomb, "entity"), (huge, "over the")):
        assert main(["tmx", "stats", str(path)]) == 2
        err = capsys.readouterr().err
        assert fragment in err and err.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_output_to_a_full_device_fails_with_one_line(
    fmt: str, texts: tuple[Path, Path], align_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--src-lang", "en", "--tgt-lang", "fr", "--presplit", "--format", fmt, "-o", "/dev/full"]
    code = main(["pair", *map(str, texts), *options])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err[-1] == "align: error: No space left on device", err
    assert Path("/dev/full").is_char_device()


def test_output_that_is_a_folder_is_the_input_s_fault(
    texts: tuple[Path, Path], align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "existing-folder"
    folder.mkdir()
    options = ["--src-lang", "en", "--tgt-lang", "fr", "--presplit", "--format", "tsv", "-o", str(folder)]
    assert main(["pair", *map(str, texts), *options]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"align: error: Is a directory: {folder}"], (
        "the error names the path given, not a temp file"
    )
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_control_characters_in_origin_or_file_name(
    texts: tuple[Path, Path], align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--src-lang", "en", "--tgt-lang", "fr", "--presplit", "--format", "tmx"]
    out = tmp_path / "out.tmx"
    assert main(["pair", *map(str, texts), *options, "-o", str(out), "--origin", "mt:\x1bmodel"]) == 2
    assert "--origin" in capsys.readouterr().err and not out.exists()
    odd = tmp_path / "odd\x07name.txt"
    odd.write_bytes(texts[0].read_bytes())
    assert main(["pair", str(odd), str(texts[1]), *options, "-o", str(out)]) == 0
    from align.export import read_tmx

    assert len(read_tmx(out).units) == 3


@pytest.mark.parametrize("fmt", ["tsv", "tmx", "moses", "jsonl"])
def test_every_printed_count_equals_what_is_written(
    tmp_path: Path, align_home: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A source sentence the translation lacks is a 1-0 bead: pairs-only formats leave it out and
    say so, and the count printed is the count in the files named (which exist)."""
    src, tgt = tmp_path / "en.txt", tmp_path / "fr.txt"
    src.write_text("\n".join([*EN, "The minister also spoke at length about the weather."]) + "\n", "utf-8")
    tgt.write_text("\n".join(FR) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    command = ["pair", str(src), str(tgt), "--from", "en", "--to", "fr", "--presplit", "--format", fmt]
    assert main([*command, "-o", str(out)]) == 0
    line = capsys.readouterr().err.strip().splitlines()[-1]
    files = [Path(f"{out}.en"), Path(f"{out}.fr")] if fmt == "moses" else [out]
    assert line.startswith(" and ".join(map(str, files)) + ": ") and all(f.is_file() for f in files)
    count = int(line.split(": ")[1].split()[0])
    if fmt == "tmx":
        rows = out.read_text(encoding="utf-8").count("<tu ") + out.read_text(encoding="utf-8").count("<tu>")
    else:
        rows = len(files[0].read_text(encoding="utf-8").splitlines())
    assert count == rows
    if fmt == "jsonl":
        assert line.endswith(f"{count} units") and count == 4
    else:
        assert (
            f"{count} pairs (1 bead without text on both sides not written: {fmt} holds pairs only)" in line
        )


def test_a_folder_given_where_a_file_is_wanted_is_called_a_folder(
    texts: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    assert main(["pair", str(folder), str(texts[1]), "--from", "en", "--to", "fr"]) == 2
    assert capsys.readouterr().err.strip() == f"align: error: {folder}: is a folder; a file is needed here"
    assert main(["pair", str(tmp_path / "missing.txt"), str(texts[1]), "--from", "en", "--to", "fr"]) == 2
    assert capsys.readouterr().err.strip().endswith("missing.txt: no such file")
