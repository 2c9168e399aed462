"""Installing, validating, listing and removing Argos packages; routes and pivots."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from align.errors import InputError, ModelError
from align.translate.packages import (
    fetch_index,
    find_route,
    install_file,
    install_from_index,
    installed_packages,
    reachable_pairs,
    remove,
)


def make_zip(path: Path, members: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    path.write_bytes(buffer.getvalue())
    return path


VALID = {
    "pkg/metadata.json": b'{"from_code": "en", "to_code": "xx", "package_version": "1.0"}',
    "pkg/model/model.bin": b"0",
    "pkg/sentencepiece.model": b"0",
}


def test_install_list_remove(align_home: Path, tiny_model: Path) -> None:
    package = install_file(tiny_model)
    assert (package.from_code, package.to_code) == ("en", "ar")
    assert package.path.parent == align_home / "packages"
    assert [p.pair for p in installed_packages()] == ["en-ar"]
    install_file(tiny_model)  # reinstall replaces, never duplicates
    assert [p.pair for p in installed_packages()] == ["en-ar"]
    remove("en", "ar")
    assert installed_packages() == []
    with pytest.raises(InputError, match="no installed package"):
        remove("en", "ar")


def test_argos_packages_dir_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model: Path
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    assert install_file(tiny_model).path.parent == tmp_path / "argos"


@pytest.mark.parametrize(
    ("members", "links", "message"),
    [
        ({**VALID, "../x": b"evil"}, (), "unsafe path"),
        ({**VALID, "/abs/x": b"evil"}, (), "unsafe path"),
        ({**VALID, "pkg/../../x": b"evil"}, (), "unsafe path"),
        (VALID, ("pkg/link",), "symbolic link"),
        ({**VALID, "other/file": b"x"}, (), "one top folder"),
        ({"pkg/metadata.json": b"{}", "pkg/model/model.bin": b"0"}, (), "missing sentencepiece.model"),
    ],
)
def test_hostile_archives_are_refused(align_home: Path, tmp_path: Path, members, links, message: str) -> None:
    archive = make_zip(tmp_path / "bad.argosmodel", members, links)
    with pytest.raises(InputError, match=message):
        install_file(archive)
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()
    packages = align_home / "packages"
    assert not packages.exists() or not any(p for p in packages.iterdir() if not p.name.startswith("."))
    assert installed_packages() == []


def test_not_a_zip(align_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.argosmodel"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a zip"):
        install_file(path)


def test_routes_direct_and_pivot(with_models: Path) -> None:
    assert [p.pair for p in find_route("en", "ar")] == ["en-ar"]
    assert [p.pair for p in find_route("zh", "ar")] == ["zh-en", "en-ar"]
    assert ("zh", "ar", "en") in reachable_pairs()
    with pytest.raises(ModelError, match="align models install en fr"):
        find_route("en", "fr")
    with pytest.raises(ModelError, match="align models install de en"):
        find_route("de", "ar")


@pytest.mark.network_expected
def test_index_offline_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="cannot reach the Argos package index"):
        fetch_index(timeout=2)


def test_install_from_index_uses_index_entries(
    align_home: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argostranslate.networking

    monkeypatch.setattr(argostranslate.networking, "get_from", lambda links: tiny_model.read_bytes())
    index = [
        {"type": "translate", "from_code": "en", "to_code": "ar", "links": ["https://example.invalid/x"]}
    ]
    assert [p.pair for p in install_from_index("en", "ar", index)] == ["en-ar"]
    with pytest.raises(ModelError, match="no model for en-de"):
        install_from_index("en", "de", index)
