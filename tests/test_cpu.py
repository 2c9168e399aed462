"""Thread budgets: never more threads than the cores a process may use."""

from __future__ import annotations

import os

import pytest

from align.cpu import THREADS_VARIABLE, available_cores, share_cores, thread_budget


def test_available_cores_follows_the_affinity_mask() -> None:
    assert available_cores() == len(os.sched_getaffinity(0))


def test_budget_defaults_to_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(THREADS_VARIABLE, raising=False)
    assert thread_budget() == available_cores()


@pytest.mark.parametrize("value", ["0", "-2", "two", ""])
def test_invalid_budget_falls_back_to_cores(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(THREADS_VARIABLE, value)
    assert thread_budget() == available_cores()


def test_workers_share_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("align.cpu.available_cores", lambda: 8)
    monkeypatch.setenv(THREADS_VARIABLE, "")  # restored after the test, whatever share_cores writes
    share_cores(3)
    assert os.environ[THREADS_VARIABLE] == "2" and thread_budget() == 2
    share_cores(16)
    assert thread_budget() == 1
