"""Outputs never replace what they should not: devices and pipes are written through, symbolic links
are followed, permissions are kept, and a failed write leaves the old file and no temporary file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from align.atomic import atomic_open, atomic_write_text


def test_replaces_a_regular_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old\n"
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"], "no temporary file is left"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_device_fails_and_stays_a_device() -> None:
    with pytest.raises(OSError) as failure:
        atomic_write_text("/dev/full", "x" * 100_000)
    assert failure.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_stdout_is_written_through_even_when_redirected_to_a_file(
    capfd: pytest.CaptureFixture[str],
) -> None:
    before = os.fstat(1).st_ino  # pytest points descriptor 1 at a regular file, as `> out.txt` does
    atomic_write_text("/dev/stdout", "to standard output\n")
    assert capfd.readouterr().out == "to standard output\n"
    assert os.fstat(1).st_ino == before, "the file behind /dev/stdout was written, not replaced"


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    atomic_write_text("-", "dash\n")
    assert capsys.readouterr().out == "dash\n"


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write_text(fifo, "through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "data" / "created.txt")
    atomic_write_text(dangling, "created\n")
    assert dangling.is_symlink() and (tmp_path / "data" / "created.txt").read_text() == "created\n"


def test_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "secret.tmx"
    target.write_text("old\n")
    target.chmod(0o600)
    atomic_write_text(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_directory_is_refused_by_its_own_name(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as failure:
        atomic_write_text(tmp_path, "x")
    assert failure.value.filename == str(tmp_path)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_errors_name_the_users_file_not_the_temporary_one(
    failing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    real = {"fsync": os.fsync, "replace": os.replace}[failing]

    def fail(*args):  # type: ignore[no-untyped-def]
        if failing == "fsync":
            raise OSError(28, "No space left on device")
        raise OSError(18, "Invalid cross-device link", args[0], args[1])

    monkeypatch.setattr(os, failing, fail)
    tmx = tmp_path / "a.tmx"
    units = "\n".join(["<tmx version='1.4'><header srclang='en'/><body></body></tmx>"])
    (tmp_path / "in.tmx").write_text(units, encoding="utf-8")
    code = main(["tmx", "merge", str(tmp_path / "in.tmx"), "-o", str(tmx)])
    monkeypatch.setattr(os, failing, real)
    err = capsys.readouterr().err.strip()
    assert code == 1 and str(tmx) in err and ".tmp" not in err, err
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_staged_outputs_are_named_as_the_user_will_see_them(tmp_path: Path) -> None:
    from align.atomic import atomic_write_text, staged_directory

    out = tmp_path / "run"
    with pytest.raises(IsADirectoryError) as caught, staged_directory(out) as stage:
        (stage / "summary.json").mkdir()
        atomic_write_text(stage / "summary.json", "{}")
    assert caught.value.filename == str(out / "summary.json")


def test_a_failed_staged_run_leaves_no_empty_folder_behind(tmp_path: Path) -> None:
    from align.atomic import atomic_write_text, staged_directory

    out = tmp_path / "corpora" / "news"
    with pytest.raises(KeyboardInterrupt), staged_directory(out) as stage:
        atomic_write_text(stage / "news.tmx", "partial")
        raise KeyboardInterrupt  # Ctrl-C while the run's files are written
    assert not (tmp_path / "corpora").exists(), "the folders the run created are gone again"
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "old.txt").write_text("earlier output")
    with pytest.raises(RuntimeError), staged_directory(tmp_path / "kept") as stage:
        raise RuntimeError("disk full")
    assert [p.name for p in (tmp_path / "kept").iterdir()] == ["old.txt"]
    with staged_directory(out) as stage:
        atomic_write_text(stage / "news.tmx", "whole")
    assert (out / "news.tmx").read_text() == "whole"
