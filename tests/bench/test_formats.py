"""``align bench formats``: the same article read as text and in each format, timed side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.bench.formats import run
from align.bench.translate import default_sentences


@pytest.mark.slow
def test_formats_bench_compares_each_format_with_the_same_text(with_models: Path) -> None:
    costs = run(default_sentences()[:12], repeats=1)
    assert [c.format for c in costs] == ["html", "docx", "md"]
    for cost in costs:
        assert cost.translate_s > 0 and cost.read_s > 0 and cost.write_s > 0
        assert "structure adds" in cost.report()
