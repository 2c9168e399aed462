"""Every code block of docs/scaling.md runs: shell blocks in bash (background servers stopped after),
Python blocks in a fresh interpreter, in a folder holding `articles/`, with the tiny en→ar model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytest.importorskip("distributed", reason="the align[dask] extra is not installed")

from corpus.test_build import make_articles

DOC = ROOT / "docs" / "scaling.md"


def blocks() -> list[tuple[str, str]]:
    return re.findall(r"```(bash|python)\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_document_has_code_to_run() -> None:
    kinds = [kind for kind, _ in blocks()]
    assert kinds.count("bash") >= 2 and kinds.count("python") >= 1


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(blocks())))
def test_code_block_runs(index: int, with_tiny_model: Path, tmp_path: Path) -> None:
    kind, code = blocks()[index]
    make_articles(tmp_path / "articles", 4)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    if kind == "bash":
        script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + code
        done = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
    else:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 0, done.stdout + done.stderr
    corpora = list((tmp_path / "corpora").glob("*/corpus.db"))
    assert len(corpora) == 1
    import sqlite3

    stored = 0 if "--dry-run" in code else 4  # a dry run stores nothing
    with sqlite3.connect(corpora[0]) as db:
        assert db.execute("SELECT COUNT(DISTINCT document_id) FROM pairs").fetchone()[0] == stored
    if "--report pairs.tsv" in code:
        assert (tmp_path / "pairs.tsv").read_text(encoding="utf-8").startswith("source\ttarget\tscore\n")
