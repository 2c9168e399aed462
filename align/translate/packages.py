"""Argos Translate packages: validate, install, list, remove, find a (pivot) route.

Packages live in :func:`align.home.packages_dir`, one folder each, in the Argos layout
(``metadata.json``, ``model/``, ``sentencepiece.model``). Archives are checked before anything
is extracted: one top folder, no absolute or ``..`` paths, no links.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from align.errors import InputError, ModelError, not_a_file
from align.home import packages_dir

PIVOT = "en"
_REQUIRED = ("metadata.json", "model/", "sentencepiece.model")
_MAX_UNPACKED = 4 * 1024**3  # real packages unpack to a few hundred MB
_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # package folders are named after these
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,19}")
_MAX_RATIO = 50  # model weights barely compress; a bomb of zeros compresses a thousandfold
INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


@dataclass(frozen=True)
class ModelPackage:
    """An installed translation package for one language direction."""

    from_code: str
    to_code: str
    version: str
    path: Path

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.version.replace('.', '_')}"


def install_hint(from_code: str, to_code: str) -> str:
    return f"align models install {from_code} {to_code}"


def _top_folder(archive: zipfile.ZipFile, source: str) -> str:
    """Validate members of ``archive``; return its single top folder name."""
    tops: set[str] = set()
    total = 0
    names = set()
    for info in archive.infolist():
        name = info.filename
        pure = PurePosixPath(name)
        if (
            name.startswith(("/", "\\"))
            or not pure.parts
            or ":" in pure.parts[0]
            or any(part in ("..", ".") for part in PurePosixPath(name.rstrip("/")).parts)
            or "\\" in name
        ):
            raise InputError(f"{source}: unsafe path in archive: {name!r}")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InputError(f"{source}: archive contains a symbolic link: {name!r}")
        total += info.file_size
        tops.add(pure.parts[0])
        names.add(name if not info.is_dir() else name.rstrip("/") + "/")
    if len(tops) != 1:
        raise InputError(f"{source}: archive must hold exactly one top folder, found {len(tops)}")
    if total > _MAX_UNPACKED:
        raise InputError(f"{source}: archive unpacks to more than {_MAX_UNPACKED} bytes")
    packed = sum(info.compress_size for info in archive.infolist())
    if total > 1024**2 and total > _MAX_RATIO * max(packed, 1):
        raise InputError(f"{source}: archive unpacks to {total // max(packed, 1)}x its size (a zip bomb?)")
    top = tops.pop()
    for required in _REQUIRED:
        wanted = f"{top}/{required}"
        if not any(n == wanted or n.startswith(wanted) for n in names):
            raise InputError(f"{source}: not an Argos package (missing {required})")
    return top


def _read_metadata(folder: Path) -> dict:
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{folder}: unreadable metadata.json ({exc})") from None
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise InputError(f"{folder}: metadata.json lacks from_code/to_code")
    codes = (str(metadata["from_code"]), str(metadata["to_code"]))
    version = str(metadata.get("package_version", "0"))
    if not all(_CODE.fullmatch(c) for c in codes) or not _VERSION.fullmatch(version):
        raise InputError(f"{folder}: metadata.json has malformed language codes or version")
    return metadata


def _package_from(folder: Path) -> ModelPackage:
    metadata = _read_metadata(folder)
    return ModelPackage(
        from_code=str(metadata["from_code"]),
        to_code=str(metadata["to_code"]),
        version=str(metadata.get("package_version", "0")),
        path=folder,
    )


def _check_loads(folder: Path, source: str) -> None:
    """CTranslate2 opens the package's model and SentencePiece its tokenizer: a package that does not
    load must not replace one that does."""
    import ctranslate2
    import sentencepiece

    try:
        ctranslate2.Translator(str(folder / "model"), device="cpu", intra_threads=1)
        sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(f"{source}: the model does not load ({' '.join(str(exc).split())[:200]})") from None


def install_file(archive_path: str | Path) -> ModelPackage:
    """Install a local ``.argosmodel`` file after validating it and checking that its model loads. An
    installed package of the same pair is replaced only once the new one is completely extracted and
    loads; no other package is touched."""
    source = str(archive_path)
    if not Path(archive_path).is_file():
        raise not_a_file(source)
    try:
        os.close(os.open(archive_path, os.O_RDONLY))
    except OSError as exc:
        raise InputError(f"{source}: unreadable ({exc.strerror})") from None
    if not zipfile.is_zipfile(archive_path):
        raise InputError(f"{source}: not a zip archive (an .argosmodel file is a zip)")
    corrupt = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top = _top_folder(archive, source)  # every member checked before anything is written
    except corrupt as exc:
        raise InputError(f"{source}: corrupt archive ({exc})") from None
    target_root = packages_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=target_root))
    try:
        try:
            with zipfile.ZipFile(archive_path) as archive:
                archive.extractall(staging)
        except corrupt as exc:
            raise InputError(f"{source}: corrupt archive ({exc})") from None
        try:
            package = _package_from(staging / top)
        except InputError as exc:
            raise InputError(f"{source}: {str(exc).split(': ', 1)[-1]}") from None
        _check_loads(staging / top, source)
        final = target_root / package.name  # named by what it is, not by the archive's folder name
        same_pair = [old for old in installed_packages() if old.pair == package.pair]
        if final.exists() and final not in {old.path for old in same_pair}:
            raise InputError(f"{source}: {final.name} is installed and is not a {package.pair} package")
        aside = [old.path.rename(staging / f"old-{k}") for k, old in enumerate(same_pair)]
        try:
            (staging / top).rename(final)
        except OSError:
            for k, old in enumerate(same_pair):
                aside[k].rename(old.path)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _package_from(final)


def installed_packages() -> list[ModelPackage]:
    """All installed packages, sorted by pair."""
    root = packages_dir()
    if not root.is_dir():
        return []
    packages = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and (folder / "metadata.json").is_file():
            try:
                packages.append(_package_from(folder))
            except InputError:
                continue
    return sorted(packages, key=lambda p: p.pair)


def remove(from_code: str, to_code: str) -> ModelPackage:
    """Remove the installed package for a direction."""
    for package in installed_packages():
        if (package.from_code, package.to_code) == (from_code, to_code):
            shutil.rmtree(package.path)
            return package
    raise InputError(f"no installed package for {from_code}-{to_code}")


def find_route(from_code: str, to_code: str) -> list[ModelPackage]:
    """Packages that translate ``from_code`` into ``to_code``: direct, or through English."""
    if from_code == to_code:
        raise InputError(f"source and target language are both '{from_code}'")
    by_pair = {(p.from_code, p.to_code): p for p in installed_packages()}
    if (from_code, to_code) in by_pair:
        return [by_pair[from_code, to_code]]
    first, second = by_pair.get((from_code, PIVOT)), by_pair.get((PIVOT, to_code))
    if first and second:
        return [first, second]
    missing = [
        install_hint(f, t)
        for f, t, have in ((from_code, PIVOT, first), (PIVOT, to_code, second))
        if not have and f != t
    ]
    hint = (
        " and ".join(missing) if from_code != PIVOT and to_code != PIVOT else install_hint(from_code, to_code)
    )
    raise ModelError(f"no translation model for {from_code}-{to_code}; install it with: {hint}")


def reachable_pairs() -> list[tuple[str, str, str]]:
    """``(from, to, via)`` for every direction reachable only through the pivot language."""
    pairs = {(p.from_code, p.to_code) for p in installed_packages()}
    sources = sorted({f for f, t in pairs if t == PIVOT})
    targets = sorted({t for f, t in pairs if f == PIVOT})
    return [(f, t, PIVOT) for f in sources for t in targets if f != t and (f, t) not in pairs]


def fetch_index(url: str = INDEX_URL, timeout: float = 20) -> list[dict]:
    """Download the Argos package index (network); a clear error when offline."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
        index = json.loads(data)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            f"cannot reach the Argos package index ({reason}); "
            "download the .argosmodel file elsewhere and run: align models install FILE"
        ) from None
    except json.JSONDecodeError:
        raise ModelError("the Argos package index is not valid JSON") from None
    if not isinstance(index, list):
        raise ModelError("the Argos package index has an unexpected format")
    return index


def install_from_index(from_code: str, to_code: str, index: list[dict] | None = None) -> list[ModelPackage]:
    """Download and install the package(s) for a direction from the Argos index (pivoting if needed)."""
    from argostranslate.networking import get_from

    index = fetch_index() if index is None else index
    entries = {
        (e.get("from_code"), e.get("to_code")): e for e in index if e.get("type", "translate") == "translate"
    }
    if (from_code, to_code) in entries:
        wanted = [entries[from_code, to_code]]
    elif (from_code, PIVOT) in entries and (PIVOT, to_code) in entries:
        wanted = [entries[from_code, PIVOT], entries[PIVOT, to_code]]
    else:
        raise ModelError(f"the Argos package index has no model for {from_code}-{to_code}")
    installed = []
    for entry in wanted:
        data = get_from(entry.get("links", []))
        if not data:
            raise ModelError(f"download failed for {entry.get('from_code')}-{entry.get('to_code')}")
        with tempfile.NamedTemporaryFile(suffix=".argosmodel") as tmp:
            tmp.write(data)
            tmp.flush()
            installed.append(install_file(tmp.name))
    return installed
