"""Shared fixtures: the ../shared data, a network guard, an isolated ALIGN_HOME."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "iraq-coalition-2024-02-08.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class NetworkAccessError(RuntimeError):
    """Raised when a test tries to open a network connection."""


def _blocked(*args, **kwargs):
    raise NetworkAccessError("network access attempted during tests")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs offline: any IP socket connection fails loudly (loopback stays allowed)."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address):  # type: ignore[no-untyped-def]
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        host = address[0] if isinstance(address, tuple) else str(address)
        if host in ("127.0.0.1", "localhost", "::1"):
            return real_connect(self, address)
        _blocked()

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect)
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: (
            _blocked()
            if host not in ("127.0.0.1", "localhost", "::1", None)
            else _real_getaddrinfo(host, *a, **k)
        ),
    )


_real_getaddrinfo = socket.getaddrinfo


def require_shared(*parts: str) -> Path:
    """Path inside ../shared; fails in CI and skips locally when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"missing shared data: {path} (the ../shared folder must sit beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def align_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ALIGN_HOME for tests that install or read models."""
    home = tmp_path / "align-home"
    monkeypatch.setenv("ALIGN_HOME", str(home))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    return home
