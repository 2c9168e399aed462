"""Shared fixtures: the ../shared data, a network guard, a private home for the whole session."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "iraq-coalition-2024-02-08.txt"
NEWS_GOLD = ROOT / "corpora" / "gold-en-ar"  # the hand-aligned en-ar news pair, in the repository

# Six English news sentences and their Arabic translations, one to one.
EN_NEWS = [
    "The Iraqi government said on Thursday that US strikes could end the coalition's mission.",
    "Parliament will meet on Saturday to vote on expelling foreign forces.",
    "A drone strike killed a senior commander in eastern Baghdad on Wednesday.",
    "The US military confirmed the attack in a statement.",
    "Washington has about 2,500 troops in Iraq and 900 in Syria.",
    "Talks on the future of the coalition began in January.",
]
AR_NEWS = [
    "قالت الحكومة العراقية يوم الخميس إن الضربات الأمريكية قد تنهي مهمة التحالف.",
    "سيجتمع البرلمان يوم السبت للتصويت على طرد القوات الأجنبية.",
    "قتلت غارة بطائرة مسيرة قائدا كبيرا في شرق بغداد يوم الأربعاء.",
    "وأكد الجيش الأمريكي الهجوم في بيان.",
    "لدى واشنطن نحو 2,500 جندي في العراق و900 في سوريا.",
    "بدأت المحادثات حول مستقبل التحالف في يناير.",
]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# The session's private home, set before any test module is imported: HOME, the XDG folders (where
# ALIGN_HOME defaults to, ~/.omegat, caches) and Hypothesis's example database all live in one
# temporary folder, so no test (or subprocess it starts) writes into the user's home or the repository.
PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="align-tests-home-"))
for _name, _sub in (
    ("HOME", ""),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_STATE_HOME", ".local/state"),
):
    os.environ[_name] = str(PRIVATE_HOME / _sub)
    (PRIVATE_HOME / _sub).mkdir(parents=True, exist_ok=True)
for _name in ("ALIGN_HOME", "ALIGN_CORPORA", "ARGOS_PACKAGES_DIR"):
    os.environ.pop(_name, None)

from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

set_hypothesis_home_dir(PRIVATE_HOME / "hypothesis")  # its example database and constants cache


def _repository_files() -> set[str]:
    """Untracked and ignored paths in the checkout, bar Python's and pytest's own caches."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--ignored", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    own = ("__pycache__/", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/", ".venv/", ".egg-info/")
    return {line[3:] for line in out.splitlines() if not any(part in line for part in own)}


@pytest.fixture(scope="session", autouse=True)
def writes_stay_private() -> Iterator[Path]:
    """The session's private home; at the end, fails the run if a test left a file in the repository."""
    before = _repository_files()
    yield PRIVATE_HOME
    left = sorted(_repository_files() - before)
    shutil.rmtree(PRIVATE_HOME, ignore_errors=True)
    if left:
        pytest.fail(f"tests wrote into the repository: {', '.join(left[:10])}")


class NetworkAccessError(ConnectionError):
    """Raised when a test tries to open a network connection."""


_real_getaddrinfo = socket.getaddrinfo
_LOCAL = ("127.0.0.1", "localhost", "::1", None)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    """Every test runs offline: an IP connection (or name lookup) off loopback raises, and the test
    fails afterwards even if the code swallowed the error, unless it is marked ``network_expected``."""
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def refuse(target: object) -> None:
        attempts.append(str(target))
        raise NetworkAccessError(f"network access attempted during tests: {target}")

    def guarded_connect(self: socket.socket, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else None
        if self.family == socket.AF_UNIX or host in _LOCAL:
            return real_connect(self, address)
        refuse(address)

    def guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in _LOCAL:
            refuse(host)
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield attempts
    if attempts and request.node.get_closest_marker("network_expected") is None:
        pytest.fail(f"test attempted network access: {attempts}")


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


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny deterministic en→ar .argosmodel, built once per session."""
    from align.translate.synthetic import build_tiny_package

    return build_tiny_package(tmp_path_factory.mktemp("models") / "translate-en_ar-0_1.argosmodel")


def _home_with(home: Path, *archives: Path) -> Path:
    """Install ``archives`` into ``home`` (an ALIGN_HOME), whatever the environment says meanwhile."""
    from align.translate.packages import install_file

    saved = {name: os.environ.pop(name, None) for name in ("ALIGN_HOME", "ARGOS_PACKAGES_DIR")}
    os.environ["ALIGN_HOME"] = str(home)
    try:
        for archive in archives:
            install_file(archive)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return home


@pytest.fixture(scope="session")
def models_home(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Path:
    """An ALIGN_HOME with the tiny en→ar and the real zh→en packages installed (once per session)."""
    zh_en = require_shared("models", "translate-zh_en-1_9.argosmodel")
    return _home_with(tmp_path_factory.mktemp("models-home"), tiny_model, zh_en)


@pytest.fixture(scope="session")
def tiny_home(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> Path:
    """An ALIGN_HOME with only the tiny en→ar package: needs nothing from ../shared."""
    return _home_with(tmp_path_factory.mktemp("tiny-home"), tiny_model)


@pytest.fixture
def with_tiny_model(tiny_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ALIGN_HOME at the tiny en→ar model alone (tests of the main job that must run anywhere)."""
    monkeypatch.setenv("ALIGN_HOME", str(tiny_home))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    return tiny_home


@pytest.fixture
def with_models(models_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ALIGN_HOME at the session's installed models."""
    monkeypatch.setenv("ALIGN_HOME", str(models_home))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    return models_home


@pytest.fixture(scope="session")
def muse_cached(tmp_path_factory: pytest.TempPathFactory):
    """Multilingual USE behind a cache shared by the session's tests (each text is encoded once)."""
    from align.embed import CachedEncoder, MuseEncoder

    return CachedEncoder(MuseEncoder(), tmp_path_factory.mktemp("vectors") / "embeddings.sqlite")


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """One line saying what was skipped and why, so a green run without ../shared is not mistaken."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
        key = "../shared is missing" if "missing shared data" in reason else reason.removeprefix("Skipped: ")
        reasons[key] = reasons.get(key, 0) + 1
    parts = "; ".join(f"{count} because {reason}" for reason, count in sorted(reasons.items()))
    terminalreporter.write_line(f"align: {len(skipped)} tests skipped: {parts}")
