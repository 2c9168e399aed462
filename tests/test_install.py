"""install.sh repairs a half-made .venv (Debian's venv without python3-venv leaves one without pip)
and runs twice in a row; run against a fake Python, so nothing is downloaded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

# A stand-in for python3: `-m venv DIR` makes DIR/bin/python, a script whose pip works (records its
# calls) unless BROKEN_VENV is set, as Debian's venv without python3-venv leaves it.
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin"
  if [ -n "${BROKEN_VENV:-}" ]; then
    printf '#!/usr/bin/env bash\\necho "No module named pip" >&2; exit 1\\n' > "$3/bin/python"
  else
    printf '#!/usr/bin/env bash\\necho "$*" >> "%s/pip.log"; exit 0\\n' "$PWD" > "$3/bin/python"
  fi
  chmod +x "$3/bin/python"
fi
"""


def checkout(tmp_path: Path) -> Path:
    folder = tmp_path / "align"
    folder.mkdir()
    shutil.copy(ROOT / "install.sh", folder / "install.sh")
    python = tmp_path / "python3"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return folder


def install(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": "/usr/bin:/bin", "PYTHON": str(folder.parent / "python3"), **env}
    return subprocess.run(
        ["bash", "install.sh"], cwd=folder, env=environment, capture_output=True, text=True, timeout=60
    )


def test_a_half_made_venv_is_made_again_and_the_install_runs_twice(tmp_path: Path) -> None:
    folder = checkout(tmp_path)
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "python").write_text("#!/usr/bin/env bash\nexit 1\n")  # no pip
    (folder / ".venv" / "bin" / "python").chmod(0o755)
    first = install(folder)
    assert first.returncode == 0, first.stderr
    assert "half-made" in first.stderr and "installed into .venv" in first.stdout
    second = install(folder)
    assert second.returncode == 0 and "half-made" not in second.stderr, second.stderr
    assert (folder / "pip.log").read_text().count("install --quiet -e .[dev,e5,dask]") == 2


def test_a_venv_that_cannot_get_pip_is_explained_and_left_out(tmp_path: Path) -> None:
    folder = checkout(tmp_path)
    result = install(folder, BROKEN_VENV="1")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].endswith("sudo apt-get install python3-venv")
    assert not (folder / ".venv").exists(), "no half-made .venv is left to block the next try"
