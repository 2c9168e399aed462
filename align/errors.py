"""Exceptions that carry a one-line, user-facing message and a process exit code."""


class AlignError(Exception):
    """A failure the user should see as one clear line (exit code 1: runtime failure)."""

    exit_code = 1


class InputError(AlignError):
    """Bad input or usage: unreadable file, wrong format, unknown language (exit code 2)."""

    exit_code = 2


class ModelError(AlignError):
    """A model or language package is missing or cannot be loaded (exit code 1)."""


def not_a_file(path: object) -> InputError:
    """The error for ``path`` where a regular file is needed: a folder, something else, or nothing."""
    from pathlib import Path

    found = Path(str(path))
    if found.is_dir():
        return InputError(f"{path}: is a folder; a file is needed here")
    if found.exists():
        return InputError(f"{path}: not a regular file (a FIFO or device?)")
    return InputError(f"{path}: no such file")
