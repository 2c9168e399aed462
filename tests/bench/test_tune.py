"""Cross-validated tuning: grid parsing, tuning vs held-out columns, ordering by the tuning score."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import NEWS_GOLD as GOLD

from align.bench.gold import discover_gold
from align.bench.tune import grid_points, sets_by_encoder, tune
from align.errors import InputError


def test_grid_points() -> None:
    assert grid_points(["skip=-0.1,-0.2", "margin=0"]) == [
        ["skip=-0.1", "margin=0"],
        ["skip=-0.2", "margin=0"],
    ]
    assert grid_points([]) == [[]]
    with pytest.raises(InputError, match="KEY=V1,V2"):
        grid_points(["skip"])


def test_tune_chooses_on_tuning_documents_and_reports_the_rest(tmp_path: Path, muse_cached) -> None:
    for name in ("a", "b"):
        for ext in ("en", "ar", "enar"):
            shutil.copy(GOLD / f"iraq-coalition.{ext}", tmp_path / f"{name}.{ext}")
    sets = {"news": discover_gold(tmp_path)}
    rows = tune(sets, {"a"}, ["max_merge=1,4"], {"news": muse_cached})
    assert [row.overrides for row in rows] == [["max_merge=4"], ["max_merge=1"]]
    best, worst = rows
    assert set(best.tune) == set(best.held_out) == {"news"}
    assert best.tune_score > worst.tune_score
    assert best.tune["news"].f1_strict == pytest.approx(best.held_out["news"].f1_strict)  # same text
    assert "max_merge=4" in best.line() and "news/rest" in best.line()
    # On the variant whose target stops half way, blocks of unaligned sentences are chosen.
    (blocks, none) = tune(sets, {"a"}, ["block_open=-0.6,-inf"], {"news": muse_cached}, "truncated")
    assert blocks.overrides == ["block_open=-0.6"] and blocks.tune_score > none.tune_score + 0.3
    with pytest.raises(InputError, match="no tuning document"):
        tune(sets, {"zzz"}, [], {"news": muse_cached})
    with pytest.raises(InputError, match="unknown aligner setting"):
        tune(sets, {"a"}, ["colour=red"], {"news": muse_cached})


def test_each_encoder_is_one_entry_of_the_tuning_average(tmp_path: Path, muse_cached) -> None:
    for name in ("a", "b"):
        for ext in ("en", "ar", "enar"):
            shutil.copy(GOLD / f"iraq-coalition.{ext}", tmp_path / f"{name}.{ext}")
    asked = []

    def load(name: str, langs: tuple[str, str]):
        asked.append((name, langs))
        return muse_cached

    sets, encoders = sets_by_encoder({"news": discover_gold(tmp_path)}, ["muse", "e5", "muse"], load)
    assert list(sets) == list(encoders) == ["news@muse", "news@e5"]
    assert asked == [("muse", ("en", "ar")), ("e5", ("en", "ar"))]
    row = tune(sets, {"a"}, [], encoders)[0]
    assert set(row.tune) == {"news@muse", "news@e5"}
    assert row.tune_score == pytest.approx(row.tune["news@muse"].f1_strict)  # same encoder twice here
    one, _ = sets_by_encoder({"news": discover_gold(tmp_path)}, ["muse"], load)
    assert list(one) == ["news"]
