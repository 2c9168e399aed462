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
import shutil
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


def _named(exc: OSError, path: str | os.PathLike[str]) -> OSError:
    """The same error about the user's ``path``, not the temporary file behind it."""
    return type(exc)(exc.errno, exc.strerror or str(exc), os.fspath(path))


class _Replacement:
    """A regular file's new content, written beside it under a temporary name until committed."""

    def __init__(
        self, path: str | os.PathLike[str], existing: os.stat_result | None, mode: str, encoding: str | None
    ):
        self.path = path
        self.real = Path(os.path.realpath(path))  # the file behind any symbolic links, dangling ones too
        self.real.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.real.name}.", suffix=".tmp", dir=self.real.parent)
        except OSError as exc:
            raise _named(exc, path) from None
        try:
            if existing is not None:
                os.chmod(self.tmp, stat.S_IMODE(existing.st_mode))
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.tmp, 0o666 & ~umask)
            self.handle = os.fdopen(fd, mode, encoding=None if "b" in mode else encoding)
        except BaseException:
            os.close(fd)
            self.abort()
            raise

    def finish(self) -> None:
        """Flush the content to disk (what can fail for lack of space happens here, before any rename)."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
        except OSError as exc:
            raise _named(exc, self.path) from None

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.real)
        except OSError as exc:
            raise _named(exc, self.path) from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def _existing(path: str | os.PathLike[str]) -> os.stat_result | None:
    try:
        existing = os.stat(path)  # follows links, /dev/stdout's too
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(existing.st_mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    return existing


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open ``path`` for writing (see the module docstring); on error a regular file is left as it was."""
    with atomic_open_all([path], mode, encoding) as (handle,):
        yield handle


@contextlib.contextmanager
def atomic_open_all(
    paths: list[str | os.PathLike[str]], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[list[IO]]:
    """Open several files that belong together (a Moses pair): regular files are renamed into place
    only once every one of them is completely written, so they change together or not at all."""
    streams: list[IO] = []
    pending: list[_Replacement] = []
    handles: list[IO] = []
    try:
        for path in paths:
            if os.fspath(path) == "-":
                handles.append(_stream(mode))
                continue
            existing = _existing(path)
            if existing is not None and (not stat.S_ISREG(existing.st_mode) or _is_special(path)):
                stream = open(path, mode, encoding=None if "b" in mode else encoding)  # noqa: SIM115
                streams.append(stream)
                handles.append(stream)
                continue
            replacement = _Replacement(path, existing, mode, encoding)
            pending.append(replacement)
            handles.append(replacement.handle)
        yield handles
        for handle in handles:
            handle.flush()
        for replacement in pending:
            replacement.finish()
        for stream in streams:
            stream.close()
        for replacement in pending:
            replacement.commit()
    except BaseException:
        for replacement in pending:
            replacement.abort()
        for stream in streams:
            with contextlib.suppress(OSError):
                stream.close()
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` safely."""
    with atomic_open(path, "w") as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` safely."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def staged_directory(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """A hidden staging folder inside ``folder``: files written there move into ``folder`` together
    when the block succeeds (renames only, the content already on disk), and vanish when it fails,
    so a run's outputs are all new or all as they were (folders it had to create are removed again,
    when still empty). Subfolders are not supported."""
    target = Path(folder)
    created = [p for p in (target, *target.parents) if not os.path.lexists(p)]  # deepest first
    target.mkdir(parents=True, exist_ok=True)
    try:
        with _staged(target) as stage:
            yield stage
    except BaseException:
        for path in created:
            try:
                path.rmdir()
            except OSError:
                break
        raise


@contextlib.contextmanager
def _staged(target: Path) -> Iterator[Path]:
    try:
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=target))
    except OSError as exc:
        raise _named(exc, target) from None
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            destination = target / path.name
            if path.is_dir():
                raise IsADirectoryError(21, "a staged output is a folder", os.fspath(destination))
            if os.path.lexists(destination) and not os.path.isfile(destination):
                raise IsADirectoryError(21, "Is not a regular file", os.fspath(destination))
            try:
                os.replace(path, os.path.realpath(destination))
            except OSError as exc:
                raise _named(exc, destination) from None
    except OSError as exc:  # an error about a staged file names the file the user will see
        name = os.fspath(exc.filename or "")
        if name.startswith(os.fspath(stage)):
            raise _named(exc, target / Path(name).relative_to(stage)) from None
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
