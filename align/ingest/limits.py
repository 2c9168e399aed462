"""The most bytes one input may have, from a file, stdin or a URL."""

from __future__ import annotations

import os

from align.errors import InputError

MAX_INPUT_VARIABLE = "ALIGN_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 20  # a long news article is under 1 MB; 20 MB of text is a book


def max_input_bytes() -> int:
    """The most bytes one input file may have (``ALIGN_MAX_INPUT_MB``, ``align --max-input-mb``)."""
    value = os.environ.get(MAX_INPUT_VARIABLE, "").strip()
    megabytes = float(value) if value.replace(".", "", 1).isdigit() else DEFAULT_MAX_INPUT_MB
    return int(megabytes * 1024**2)


def too_large(source: str, limit: int) -> InputError:
    """The error for an input past :func:`max_input_bytes`."""
    return InputError(
        f"{source}: over the {limit // 1024**2} MB limit for one input; "
        f"raise it with align --max-input-mb N (or {MAX_INPUT_VARIABLE}=N)"
    )
