"""``align models`` and ``align translate`` from the command line, in a fresh ALIGN_HOME."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_shared

from align.cli import cli, main
from align.translate.synthetic import FIXED_ARABIC


def test_install_real_model_and_translate_chinese_file(align_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    model = require_shared("models", "translate-zh_en-1_9.argosmodel")
    result = runner.invoke(cli, ["models", "install", str(model)])
    assert result.exit_code == 0, result.output
    assert "installed zh-en 1.9" in result.output
    listing = runner.invoke(cli, ["models", "list"]).output
    assert "zh-en" in listing and str(align_home) in listing

    article = tmp_path / "news.txt"
    article.write_text(
        "中国和美国恢复贸易谈判\n\n双方官员周四在北京举行会谈。会谈取得了积极进展。", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(cli, ["translate", str(article), "--to", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    english = (out / "news.en.txt").read_text(encoding="utf-8")
    assert len(english.strip().split("\n\n")) == 2
    assert "Beijing" in english and "talks" in english.lower()


def test_translate_seed_with_tiny_model(
    align_home: Path, tiny_model: Path, tmp_path: Path, seed_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["models", "install", str(tiny_model)]).exit_code == 0
    result = runner.invoke(cli, ["translate", str(seed_path), "--to", "ar", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "iraq-coalition-2024-02-08.ar.txt").read_text(encoding="utf-8")
    source_paragraphs = [p for p in seed_path.read_text(encoding="utf-8").split("\n") if p.strip()]
    assert len(text.strip().split("\n\n")) == len(source_paragraphs)
    lines = (tmp_path / "iraq-coalition-2024-02-08.ar.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(r["translation"] == FIXED_ARABIC and r["source"] for r in records)
    assert len(records) == len({r["sentence"] for r in records}) >= 25


def test_hostile_zip_refused_and_nothing_written_outside(
    align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "evil" / "evil.argosmodel"
    hostile.parent.mkdir()
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("pkg/metadata.json", '{"from_code": "en", "to_code": "ar"}')
        archive.writestr("pkg/model/model.bin", "0")
        archive.writestr("pkg/sentencepiece.model", "0")
        archive.writestr("../x", "escaped")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["models", "install", str(hostile)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("align: error:") and "unsafe path" in err and err.count("\n") == 1
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if not p.name.startswith("."))
    assert [p for p in after if p not in before and "packages" not in p.parts] == []
    assert not (tmp_path / "x").exists() and not (tmp_path / "evil" / "x").exists()


def test_missing_pair_names_install_command(
    align_home: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", str(seed_path), "--to", "fr"]) == 1
    assert "align models install en fr" in capsys.readouterr().err


def test_missing_second_target_writes_nothing(
    align_home: Path, tiny_model: Path, tmp_path: Path, seed_path: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["models", "install", str(tiny_model)]).exit_code == 0
    out = tmp_path / "out"
    assert main(["translate", str(seed_path), "--to", "ar,fr", "-o", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())


def test_same_stem_inputs_get_distinct_outputs_and_nothing_is_overwritten_silently(
    align_home: Path, tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "install", str(tiny_model)]) == 0
    (tmp_path / "article.txt").write_text("A first article.\n\nIt has two paragraphs.", encoding="utf-8")
    (tmp_path / "article.md").write_text("# Another one\n\nWith other text in it.", encoding="utf-8")
    out = tmp_path / "out"
    inputs = [str(tmp_path / "article.txt"), str(tmp_path / "article.md")]
    assert main(["translate", *inputs, "--to", "ar", "-o", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "article-md.ar.jsonl",
        "article-md.ar.md",  # the Markdown's translation as Markdown too
        "article-md.ar.txt",
        "article.ar.jsonl",
        "article.ar.txt",
    ]
    capsys.readouterr()
    before = {p: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "article.txt").write_text("Different text entirely.", encoding="utf-8")
    # Same names as the first run's: refused, named on one line each, nothing replaced.
    again = [
        "translate",
        str(tmp_path / "other" / "article.txt"),
        "--from",
        "en",
        "--to",
        "ar",
        "-o",
        str(out),
    ]
    assert main(again) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in out.iterdir()} == before
    assert main([*again, "--force"]) == 0
    assert {p: p.read_bytes() for p in out.iterdir()} != before


def test_a_html_and_a_docx_in_one_command_give_two_sets_of_outputs(
    with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx

    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Talks resume</h1><p>The talks resumed on Monday in Geneva.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_heading("Other news", 1)
    document.add_paragraph("Prices rose by five percent in March.")
    document.save(tmp_path / "a.docx")
    out = tmp_path / "out"
    inputs = [str(tmp_path / "a.html"), str(tmp_path / "a.docx")]
    assert main(["translate", *inputs, "--from", "en", "--to", "ar", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "a-docx.ar.docx",
        "a-docx.ar.jsonl",
        "a-docx.ar.txt",
        "a.ar.html",
        "a.ar.jsonl",
        "a.ar.txt",
    ]
    printed = capsys.readouterr().out
    assert f"{out / 'a.ar.html'}\thtml" in printed and f"{out / 'a-docx.ar.docx'}\tdocx" in printed
