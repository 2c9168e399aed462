"""docs/security.md names the tests that keep each promise: every one it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def named_tests() -> list[tuple[str, str | None]]:
    """``(file, test or None)`` for each test the document names; ``::name`` continues the last file."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    out: list[tuple[str, str | None]] = []
    current = ""
    for match in re.finditer(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", text):
        file, test = match.groups()
        if file:
            current = file
        if file or test:
            out.append((current, test))
    return out


def test_every_named_test_exists() -> None:
    names = named_tests()
    assert len(names) > 30
    for file, test in names:
        path = ROOT / file
        assert path.is_file(), file
        if test:
            assert re.search(rf"^def {test}\(", path.read_text(encoding="utf-8"), re.M), f"{file}::{test}"
