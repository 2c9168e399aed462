"""Run a measurement in a fresh process, so its time, model loads and peak RSS are its own."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def in_fresh_process(target: Callable[..., None], *args: Any) -> Any:
    """Call ``target(*args, queue)`` in a new (spawned) process and return what it puts on ``queue``."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=target, args=(*args, queue))
    worker.start()
    try:
        return queue.get()
    finally:
        worker.join()
