"""Fault injection: a file-size limit (a full disk), SIGTERM in the middle of a write, device targets.
After each fault the old outputs are byte-identical and no temporary file is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # like `ulimit -f 4` or a full disk
from align.records import Bead, TranslationUnit
from align.export.formats import write_moses
from align.export.tmx import write_tmx
# 20 pairs: about 5.6 kB of English, 0.2 kB of Arabic. Each fits its write buffer, so the Arabic file is
# complete before the English one hits the limit: a pair committed file by file would be split.
units = [TranslationUnit("d", "en", "ar", "source " * 40, "هدف", Bead((i,), (i,), 0.9)) for i in range(20)]
try:
    if sys.argv[1] == "moses":
        write_moses(sys.argv[2], units, "en", "ar")
    else:
        write_tmx(sys.argv[2], units, "en")
except OSError as exc:
    print(exc.errno)
    sys.exit(1)
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(("kind", "names"), [("moses", ["m.en", "m.ar"]), ("tmx", ["m.tmx"])])
def test_full_disk_leaves_old_outputs_as_they_were(tmp_path: Path, kind: str, names: list[str]) -> None:
    for name in names:
        (tmp_path / name).write_text(f"old {name}\n")
    before = snapshot(tmp_path)
    target = str(tmp_path / ("m" if kind == "moses" else "m.tmx"))
    run = subprocess.run([sys.executable, "-c", LIMITED, kind, target], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert run.stdout.strip() == "27", "the write must fail with EFBIG"
    assert snapshot(tmp_path) == before, "both files of a pair change together or not at all"


SLOW_WRITER = """
import sys, time
from align.cli import main
from align.atomic import atomic_open
import align.cli

def slow(path):
    with atomic_open(path) as handle:
        handle.write("half")
        handle.flush()
        print("writing", flush=True)
        time.sleep(30)
        handle.write("rest")

@align.cli.cli.command("slow-write")
def _slow_write():
    slow(sys.argv[2])

sys.exit(main(["slow-write"]))
"""


def test_sigterm_mid_write_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "slow-write", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "writing"
    assert len(list(tmp_path.iterdir())) == 2, "a temporary file exists while writing"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 143, err
    assert err.strip().splitlines()[-1] == "align: terminated"
    assert snapshot(tmp_path) == {"out.txt": b"old\n"}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_device_target_stays_a_device(tmp_path: Path) -> None:
    from align.atomic import atomic_write_text

    with pytest.raises(OSError):
        atomic_write_text("/dev/full", "x" * 65536)
    assert Path("/dev/full").is_char_device() and Path("/dev/null").is_char_device()
    atomic_write_text("/dev/null", "discarded\n")
    assert Path("/dev/null").is_char_device()
