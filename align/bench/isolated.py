"""Run a measurement in a fresh process, so its time, model loads and peak RSS are its own."""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def in_fresh_process(target: Callable[..., None], *args: Any) -> Any:
    """Call ``target(*args, queue)`` in a new (spawned) process and return what it puts on ``queue``."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=target, args=(*args, queue))
    worker.start()
    try:
        while True:
            try:
                return queue.get(timeout=1)
            except queue_module.Empty:
                if not worker.is_alive():  # died without an answer: say so instead of waiting forever
                    raise RuntimeError(
                        f"the measurement process exited with code {worker.exitcode}"
                    ) from None
    finally:
        worker.join()


def align_pair_process(
    src: Path, tgt: Path, src_lang: str, tgt_lang: str, encoder: str, out: Path, *extra: str
) -> tuple[float, float]:
    """Run ``align pair --presplit`` on two files in its own process, with an empty embedding cache
    (a fresh ``ALIGN_HOME``); its wall time in seconds and its peak RSS in MB."""
    with tempfile.TemporaryDirectory() as home:
        command = [sys.executable, "-m", "align", "-q", "pair", "--presplit", "--encoder", encoder]
        command += ["--from", src_lang, "--to", tgt_lang, "-o", str(out), *extra, str(src), str(tgt)]
        start = time.perf_counter()
        child = subprocess.Popen(command, env={**os.environ, "ALIGN_HOME": home})
        _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, not all children's
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code:
            raise RuntimeError(f"align pair exited with code {code}")
        return seconds, usage.ru_maxrss / 1024
