"""The store benchmark: the corpus it writes, and one measurement per command and size."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.bench.store import OPERATIONS, fill, growth, run
from align.cli import main
from align.corpus import CorpusStore, dedupe


def test_fill_writes_the_pairs_asked_for_with_every_state_and_duplicates(tmp_path: Path) -> None:
    fill(tmp_path / "c.db", 1234, per_document=500)
    store = CorpusStore(tmp_path / "c.db")
    assert sum(store.status_counts("en", "ar").values()) == 1234
    assert set(store.status_counts("en", "ar")) == {"auto", "flagged", "approved", "edited", "rejected"}
    assert len(store.document_names("en", "ar")) == 3 and dedupe(store, dry_run=True).count >= 20
    store.close()


@pytest.mark.slow
def test_each_command_is_measured_at_each_size() -> None:
    costs = run([300, 600], ("open", "stats", "review"))
    assert [(c.pairs, c.operation) for c in costs] == [
        (300, "stats"),
        (300, "review"),
        (600, "stats"),
        (600, "review"),
    ]
    assert all(c.seconds >= 0 and c.extra_mb >= 0 and "pairs" in c.report() for c in costs)
    assert set(growth(costs)) == {"stats", "review"} and set(OPERATIONS) > {"stats", "review"}


def test_bad_sizes_are_one_line(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["bench", "store", "--sizes", "ten"]) == 2
    assert "comma-separated pair counts" in capsys.readouterr().err
