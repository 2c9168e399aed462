"""Run a measurement in a fresh process, so its time, model loads and peak RSS are its own."""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Callable
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
