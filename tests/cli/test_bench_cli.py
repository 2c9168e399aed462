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
        assert float(re.search(r"peak RSS\s+([\d.]+) MB", line).group(1)) < 2048
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
