#!/usr/bin/env bash
# Install align, its development tools and the e5 encoder into ./.venv (created here when missing), so it
# works on a stock Debian/Ubuntu Python too (whose system pip refuses to install: PEP 668).
# torch comes first, as the CPU build: on Linux a plain `pip install torch` is a multi-GB CUDA build.
#   ALIGN_TORCH_INDEX=<index URL> ./install.sh   takes torch from another index (e.g. a CUDA one for GPUs);
#   ALIGN_TORCH_INDEX=default ./install.sh        takes it from pip's default index.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
# A .venv without pip is what Debian's venv leaves when python3-venv is missing: make it again.
if [ -e .venv ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  echo "install.sh: .venv has no working pip (a half-made environment); creating it again" >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    rm -rf .venv
    echo "install.sh: cannot create a .venv with pip; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
PY=.venv/bin/python
TORCH="torch==2.13.0"
INDEX="${ALIGN_TORCH_INDEX:-https://download.pytorch.org/whl/cpu}"
# Where PyTorch's CPU index cannot be reached, this fails within seconds and the default index is used.
if [ "$INDEX" = default ] ||
  ! "$PY" -m pip install --quiet --timeout 10 --retries 0 --index-url "$INDEX" "$TORCH" 2>/dev/null; then
  "$PY" -m pip install --quiet "$TORCH"
fi
"$PY" -m pip install --quiet -e ".[dev,e5,dask]"
echo "installed into .venv; run the tests with: .venv/bin/python -m pytest"
