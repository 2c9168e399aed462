"""CPU threads for the numeric libraries (BLAS in the encoder, CTranslate2 in the translator).

Threads beyond the cores a process may use only spin: on 2 cores, multilingual USE with its
default 4 BLAS threads encoded 17x slower than with 2. Worker processes share the cores through
``ALIGN_THREADS``.
"""

from __future__ import annotations

import os

THREADS_VARIABLE = "ALIGN_THREADS"


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity masks
        return os.cpu_count() or 1


def thread_budget() -> int:
    """Threads one model may use: ``ALIGN_THREADS`` when set to a positive integer, else every core."""
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return available_cores()


def share_cores(workers: int) -> None:
    """Give this worker process its share of the cores (call in each of ``workers`` processes)."""
    os.environ[THREADS_VARIABLE] = str(max(1, available_cores() // max(1, workers)))
