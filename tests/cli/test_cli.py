"""The command line: help, version, errors as one line with exit codes, a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NEWS_GOLD

from align import __version__
from align.cli import cli, main

SUBCOMMANDS = ("models", "translate", "pair", "run", "corpus", "review", "segment")


def test_help_lists_subcommands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in SUBCOMMANDS:
        assert f"  {name}" in result.output


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_segment_command(seed_path: Path) -> None:
    result = CliRunner().invoke(cli, ["segment", str(seed_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert 25 <= len(lines) <= 45
    assert lines[0].startswith("After the US strike")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [(b"", "file is empty"), (b"\x00\x01\x02binary", "binary"), ("Café à Genève".encode("latin-1"), "UTF-8")],
)
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert main(["segment", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("align: error: ") and fragment in err
    assert "Traceback" not in err


def test_usage_error_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segment", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-option" in err


def _console_script() -> list[str]:
    script = shutil.which("align", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    assert script, "the 'align' console script is not installed (run ./install.sh)"
    return [script]


def test_installed_console_script(seed_path: Path) -> None:
    run = subprocess.run([*_console_script(), "--version"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and __version__ in run.stdout
    run = subprocess.run(
        [*_console_script(), "segment", str(seed_path), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert 25 <= len(run.stdout.splitlines()) <= 45
    run = subprocess.run(
        [*_console_script(), "segment", "/no/such/file.txt"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "align: error: /no/such/file.txt: no such file"


def test_quiet_means_errors_only(
    tmp_path: Path, align_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    src, tgt = tmp_path / "a.en", tmp_path / "b.fr"
    src.write_text("The talks resumed on Monday in Geneva.\nBoth sides said progress was made.\n")
    tgt.write_text("Les pourparlers ont repris lundi à Genève.\nLes deux parties ont fait état de progrès.\n")
    options = ["--src-lang", "en", "--tgt-lang", "fr", "--presplit"]
    for fmt in ("beads", "tsv", "tmx"):
        out = tmp_path / f"out.{fmt}"
        assert main(["pair", str(src), str(tgt), *options, "--format", fmt, "-o", str(out)]) == 0
        noun = "units" if fmt == "beads" else "pairs"
        assert capsys.readouterr().err.strip() == f"{out}: 2 {noun}", "every format reports what it wrote"
        assert main(["-q", "pair", str(src), str(tgt), *options, "--format", fmt, "-o", str(out)]) == 0
        assert capsys.readouterr().err == "", "-q leaves errors only"


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ("max_merge=0", "max_merge must be between 1 and 8"),
        ("max_merge=100000", "max_merge must be between 1 and 8"),  # would encode n x 100000 spans
        ("margin=nan", "margin must be a finite number"),
        ("skip=-inf", "skip must be a finite number"),
        ("block_open=0.5", "skip and block_open must be at most 0"),
        ("window=4", "window is a tuning knob: set it with align bench tune --grid window=VALUE"),
    ],
)
def test_impossible_aligner_settings_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], setting: str, fragment: str
) -> None:
    assert main(["eval", "--gold", str(NEWS_GOLD), "--set", setting]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_eval_variant_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--gold", str(NEWS_GOLD), "--variant", "truncated", "--json"]) == 0
    (cut,) = json.loads(capsys.readouterr().out)
    assert main(["eval", "--gold", str(NEWS_GOLD), "--json"]) == 0
    (whole,) = json.loads(capsys.readouterr().out)
    assert cut["variant"] == "truncated" and whole["variant"] == "as-is"
    assert cut["bridge"] is whole["bridge"] is False
    assert cut["recall_strict"] != whole["recall_strict"], "the cut document has other gold beads"
    assert main(["eval", "--gold", str(NEWS_GOLD), "--variant", "padded"]) == 2  # one document: no passage
    assert "two documents" in capsys.readouterr().err
    assert main(["eval", "--gold", str(NEWS_GOLD)]) == 0
    assert "(en-ar, 1 document, encoder" in capsys.readouterr().out  # not "1 documents"


def test_global_options_after_the_sub_command_are_read_as_before_it() -> None:
    from align.cli import hoist_global_options

    assert hoist_global_options(["run", "x.txt", "--to", "ar", "-q"]) == ["-q", "run", "x.txt", "--to", "ar"]
    assert hoist_global_options(["pair", "a", "-vv", "b", "--max-input-mb", "5"]) == [
        "-vv",
        "--max-input-mb",
        "5",
        "pair",
        "a",
        "b",
    ]
    assert hoist_global_options(["segment", "--", "-q"]) == ["segment", "--", "-q"]  # a file named -q


def test_verbose_shows_align_s_own_details_and_quiet_silences_after_the_command(
    with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.md"
    article.write_text("# Talks resume\n\nThe talks resumed on Monday. Both sides met in Geneva.\n")
    out = tmp_path / "out"
    assert main(["translate", str(article), "--from", "en", "--to", "ar", "-o", str(out), "-vv"]) == 0
    err = capsys.readouterr().err
    assert "align: INFO: loaded en-ar" in err
    assert "article: 3 sentences in 2 paragraphs translated en→ar" in err, err
    assert "markdown_it" not in err and "entering" not in err, "third-party debug lines need -vvv"
    again = ["translate", str(article), "--from", "en", "--to", "ar", "-o", str(out), "--force", "-q"]
    assert main(again) == 0
    captured = capsys.readouterr()  # -q after the command: no status lines, the result line stays
    assert captured.err == "" and "article.ar.txt\t3 sentences\n" in captured.out


def test_a_page_without_article_text_is_one_line(
    with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trafilatura's own warning ("discarding data: None") once came before align's error."""
    page = tmp_path / "empty.html"
    page.write_text("<html><body></body></html>")
    assert main(["translate", str(page), "--from", "en", "--to", "ar", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no article text found in the HTML" in err, err
    assert main(["-vvv", "translate", str(page), "--from", "en", "--to", "ar", "-o", str(tmp_path)]) == 2
    assert "discarding data" in capsys.readouterr().err  # other libraries' lines with -vvv
    deep = tmp_path / "deep.html"  # lxml gives up on it; trafilatura logs an ERROR of its own
    deep.write_text("<div>" * 100_000 + "<p>Deep text here.</p>" + "</div>" * 100_000)
    assert main(["translate", str(deep), "--from", "en", "--to", "ar", "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_eval_says_when_the_bridge_is_on(with_tiny_model, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--gold", str(NEWS_GOLD), "--bridge", "--json"]) == 0
    (bridged,) = json.loads(capsys.readouterr().out)
    assert bridged["bridge"] is True and bridged["documents"] == ["iraq-coalition"]
    assert main(["eval", "--gold", str(NEWS_GOLD), "--bridge"]) == 0
    assert "bridged)" in capsys.readouterr().out
