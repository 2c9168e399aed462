"""Static checks in the test command: the type checker and the linter over the package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _tool(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed: install the dev extra (./install.sh does)")


def test_type_checker_passes() -> None:
    _tool("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_linter_passes() -> None:
    _tool("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "align", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
