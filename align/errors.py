"""Exceptions that carry a one-line, user-facing message and a process exit code."""


class AlignError(Exception):
    """A failure the user should see as one clear line (exit code 1: runtime failure)."""

    exit_code = 1


class InputError(AlignError):
    """Bad input or usage: unreadable file, wrong format, unknown language (exit code 2)."""

    exit_code = 2


class ModelError(AlignError):
    """A model or language package is missing or cannot be loaded (exit code 1)."""
