"""Where align keeps its data: ``ALIGN_HOME`` or the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path


def align_home() -> Path:
    """Root folder for models and caches (``$ALIGN_HOME``, else the platform's user data dir)."""
    env = os.environ.get("ALIGN_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("align", appauthor=False))


def packages_dir() -> Path:
    """Folder of installed Argos packages: ``$ARGOS_PACKAGES_DIR``, else ``ALIGN_HOME/packages``."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    return Path(env).expanduser() if env else align_home() / "packages"


def cache_dir() -> Path:
    """Folder for caches (embeddings): ``ALIGN_HOME/cache``."""
    return align_home() / "cache"


CORPORA_VARIABLE = "ALIGN_CORPORA"


def corpora_root(root: str | os.PathLike[str] | None = None) -> tuple[Path, str]:
    """The folder holding named corpora, and where that choice came from: ``root`` (``--root``),
    else ``$ALIGN_CORPORA``, else ``./corpora``."""
    if root:
        return Path(root).expanduser(), "--root"
    env = os.environ.get(CORPORA_VARIABLE, "").strip()
    if env:
        return Path(env).expanduser(), CORPORA_VARIABLE
    return Path("corpora"), "the default, ./corpora"
