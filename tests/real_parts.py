"""The real programs some tests drive (Debian's Chromium and LibreOffice, installed by .ci/run): found,
or the test fails in CI and is skipped elsewhere."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def missing(message: str) -> None:
    """Fail in CI, where .ci/run installs every real part; skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: ``$ALIGN_TEST_ARTIFACTS`` when set (CI keeps them), else the test's
    temporary folder (tests never write into the repository)."""
    folder = Path(os.environ.get("ALIGN_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        missing("Debian chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path / 'chrome-profile'}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def soffice() -> str:
    """LibreOffice's command (Debian's libreoffice-writer-nogui)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        missing("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    assert found
    return found
