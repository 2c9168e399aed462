"""Where align keeps its data, and that the test session keeps it out of the user's home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PRIVATE_HOME

from align.home import align_home, cache_dir, corpora_root, packages_dir


def test_the_session_runs_in_a_private_home() -> None:
    assert Path(os.environ["HOME"]) == PRIVATE_HOME
    assert Path.home() == PRIVATE_HOME and Path("~").expanduser() == PRIVATE_HOME


def test_align_home_defaults_to_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIGN_HOME", raising=False)
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    assert align_home() == PRIVATE_HOME / ".local" / "share" / "align"
    assert packages_dir() == align_home() / "packages" and cache_dir() == align_home() / "cache"


def test_align_home_and_packages_follow_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ALIGN_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "p"))
    assert (align_home(), packages_dir(), cache_dir()) == (
        tmp_path / "h",
        tmp_path / "p",
        tmp_path / "h" / "cache",
    )


def test_the_corpora_root_is_flag_then_variable_then_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ALIGN_CORPORA", str(tmp_path / "env"))
    assert corpora_root(tmp_path / "flag") == (tmp_path / "flag", "--root")
    assert corpora_root() == (tmp_path / "env", "ALIGN_CORPORA")
    monkeypatch.delenv("ALIGN_CORPORA")
    assert corpora_root()[0] == Path("corpora")
