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
from align.translate.synthetic import build_tiny_package


def members_of(archive: Path, top: str) -> dict[str, bytes]:
    """The members of ``archive`` under the top folder ``top``."""
    with zipfile.ZipFile(archive) as source:
        return {
            top + "/" + info.filename.split("/", 1)[1]: source.read(info)
            for info in source.infolist()
            if "/" in info.filename.rstrip("/")
        }


def make_zip(
    path: Path, members: dict[str, bytes], links: tuple[str, ...] = (), compression: int = zipfile.ZIP_STORED
) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
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


def test_zip_bomb_is_refused(align_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in VALID.items():
            archive.writestr(name, data)
        archive.writestr("pkg/model/zeros.bin", b"\0" * (64 * 1024**2))  # 64 MB in about 64 kB
    assert path.stat().st_size < 1024**2
    with pytest.raises(InputError, match="zip bomb"):
        install_file(path)
    assert installed_packages() == []


def test_archive_named_like_an_installed_package_cannot_replace_it(
    align_home: Path, tmp_path: Path, tiny_model
) -> None:
    installed = install_file(tiny_model)  # en-ar, in translate-en_ar-0_1
    # A working en-fr package whose folder is named like the installed en-ar one.
    impostor = members_of(build_tiny_package(tmp_path / "fr.argosmodel", "en", "fr"), installed.path.name)
    new = install_file(make_zip(tmp_path / "impostor.argosmodel", impostor))
    assert new.pair == "en-fr" and new.path.name == "translate-en_fr-0_1"
    assert sorted(p.pair for p in installed_packages()) == ["en-ar", "en-fr"], "en-ar must survive"
    assert (installed.path / "model").is_dir()


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        ("crc", "corrupt archive"),
        ("stream", "corrupt archive"),
        ("dot", "unsafe path"),
        ("metadata", "impostor.argosmodel: metadata.json has malformed"),
    ],
)
def test_corrupt_archives_give_one_line_naming_the_archive(
    align_home: Path, tmp_path: Path, corrupt: str, message: str
) -> None:
    members = dict(VALID)
    if corrupt == "dot":
        members["./"] = b""
    if corrupt == "metadata":
        members["pkg/metadata.json"] = b'{"from_code": "../../etc", "to_code": "xx"}'
    deflate = zipfile.ZIP_DEFLATED if corrupt == "stream" else zipfile.ZIP_STORED
    members["pkg/model/big.bin"] = bytes(range(256)) * 200
    path = make_zip(tmp_path / "impostor.argosmodel", members, compression=deflate)
    data = bytearray(path.read_bytes())
    if corrupt in ("crc", "stream"):
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("pkg/model/big.bin")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        if corrupt == "crc":
            data[start + 10] ^= 0xFF  # a stored member's bytes changed: its CRC no longer matches
        else:
            data[start : start + 200] = b"\xff" * 200  # a deflate stream that cannot be decoded
        path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=message) as failure:
        install_file(path)
    assert ".install-" not in str(failure.value), "errors name the archive, not the staging folder"
    assert installed_packages() == []


def test_a_package_that_does_not_load_never_replaces_one_that_does(
    align_home: Path, tmp_path: Path, tiny_model: Path
) -> None:
    from align.translate import Translator

    working = install_file(tiny_model)  # en-ar 0.1
    broken = members_of(build_tiny_package(tmp_path / "v2.argosmodel", version="0.2"), "pkg")
    broken["pkg/model/model.bin"] = b"garbage, not a CTranslate2 model" * 100
    with pytest.raises(InputError, match=r"v0_2\.argosmodel: the model does not load"):
        install_file(make_zip(tmp_path / "v0_2.argosmodel", broken))
    assert [p.version for p in installed_packages()] == ["0.1"] and working.path.is_dir()
    assert Translator("en", "ar").translate(["A sentence."])  # translation still works


def test_an_unreadable_archive_is_called_unreadable(
    align_home: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    def refuse(path, flags, *args):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)  # as an unreadable file answers (root reads any file)
    with pytest.raises(
        InputError, match=r"translate-en_ar-0_1\.argosmodel: unreadable \(Permission denied\)"
    ):
        install_file(tiny_model)
