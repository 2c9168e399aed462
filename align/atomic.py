"""Safe file output: regular files are replaced atomically, anything else is written through.

A regular file (or a symbolic link to one) is written to a temporary file beside the real file, then
renamed over it: readers see the old or the new content, never half of it, and the link stays a link.
The new file keeps the old one's permission bits. A device, a FIFO, ``/dev/stdout`` (whatever it is
redirected to) or ``-`` is a stream: it is written directly, so ``-o /dev/full`` fails with "No space
left on device" and the device node is never replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _stream(mode: str) -> IO:
    return sys.stdout.buffer if "b" in mode else sys.stdout


def _is_special(path: str | os.PathLike[str]) -> bool:
    """``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``: a descriptor of this process, even when it
    points at a regular file (``> out.txt``), which must be written through, not replaced."""
    return any(os.fspath(p).startswith(("/dev/", "/proc/")) for p in (path, os.path.realpath(path)))


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open ``path`` for writing (see the module docstring); on error a regular file is left as it was."""
    if os.fspath(path) == "-":
        handle = _stream(mode)
        yield handle
        handle.flush()
        return
    try:
        existing: os.stat_result | None = os.stat(path)  # follows links, /dev/stdout's too
    except FileNotFoundError:
        existing = None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    if existing is not None and (not stat.S_ISREG(existing.st_mode) or _is_special(path)):
        with open(path, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
        return
    real = Path(os.path.realpath(path))  # the file behind any symbolic links, dangling ones too
    real.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` safely."""
    with atomic_open(path, "w") as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` safely."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)
