"""Input size and line length are bounded: a huge file is refused early, a huge line is cut for the
encoder (with a warning) instead of taking gigabytes."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from align.cli import main


def test_oversized_input_is_refused_before_reading_it_all(tmp_path: Path, capsys, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**2)  # sparse: costs nothing
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "1")
    assert main(["segment", str(big), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "over the 1 MB limit" in err[0] and "--max-input-mb" in err[0]


def test_the_limit_can_be_raised(tmp_path: Path, capsys, monkeypatch) -> None:
    text = tmp_path / "article.txt"
    text.write_text("Title\n\n" + "A sentence of the article. " * 60_000)  # about 1.6 MB
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "1")
    assert main(["segment", str(text), "--lang", "en"]) == 2
    capsys.readouterr()
    assert main(["--max-input-mb", "5", "segment", str(text), "--lang", "en"]) == 0


MEASURE = """
import re
from align.align import Aligner
from align.embed import MuseEncoder
line = "word " * 400_000  # one 2 MB line, as in a malformed or minified input
result = Aligner(MuseEncoder()).align(["A short sentence.", line], ["Une phrase courte.", line], "en", "fr")
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (the test runner).
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(len(result.beads), peak_kb // 1024)
"""


@pytest.mark.slow
def test_a_two_megabyte_line_is_cut_for_the_encoder() -> None:
    run = subprocess.run([sys.executable, "-c", MEASURE], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    beads, peak_mb = map(int, run.stdout.split())
    assert beads >= 1 and peak_mb < 800, f"peak RSS {peak_mb} MB"  # before: 7.3 GB and 97 s
    assert "were cut to that length" in run.stderr


def test_capped_texts_warn(caplog: pytest.LogCaptureFixture) -> None:
    from align.embed.base import capped

    with caplog.at_level(logging.WARNING):
        assert capped(["x" * 30, "short"], 10) == ["x" * 10, "short"]
    assert "1 text(s) over 10 characters" in caplog.text
