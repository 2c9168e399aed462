"""Progress bars: tqdm on stderr, shown only on a terminal and never with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

_enabled = True


def set_enabled(enabled: bool) -> None:
    """Turn progress bars on or off process-wide (the CLI's --quiet turns them off)."""
    global _enabled
    _enabled = enabled


def progress(
    iterable: Iterable[T], total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterator[T]:
    """Wrap ``iterable`` in a progress bar when enabled and stderr is a terminal."""
    disable = not _enabled or not sys.stderr.isatty()
    yield from tqdm(
        iterable, total=total, desc=desc, unit=unit, disable=disable, leave=False, file=sys.stderr
    )


def progress_bar(total: int, desc: str = "", unit: str = "it") -> tqdm:
    """A manually updated progress bar (same visibility rules as :func:`progress`)."""
    disable = not _enabled or not sys.stderr.isatty()
    return tqdm(total=total, desc=desc, unit=unit, disable=disable, leave=False, file=sys.stderr)
