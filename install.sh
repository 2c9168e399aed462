#!/usr/bin/env bash
# Install align and its development tools into the current Python environment.
# torch must come first: the pinned CPU build; a bare dependency on torch would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
"$PY" -m pip install --quiet "torch==2.13.0"
"$PY" -m pip install --quiet -e ".[dev,e5]"
