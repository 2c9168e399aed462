"""Fuzzing the TMX reader: thousands of mutated TMX files each give a result or a one-line InputError,
never another exception, within a bounded time."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import InputError
from align.export import merge_units, read_tmx, tmx_stats, write_tmx
from align.records import Bead, TranslationUnit

HOSTILE = [
    b'<!DOCTYPE tmx [<!ENTITY e "x">]>',
    b"&e;",
    b"&#0;",
    b'<prop type="x-bead">99999999999-1</prop>',
    b'<prop type="x-bead">\xc2\xb2-1</prop>',
    b'<prop type="x-score">nan</prop>',
    b'<prop type="x-status">bogus</prop>',
    b'<tuv xml:lang="ar"><seg>dup</seg></tuv>',
    b"<tu>",
    b"</body>",
    b'srclang="*all*"',
    b"\x00",
    b"\xff\xfe",
    b"<![CDATA[",
    b"<?pi x?>",
]


def seed_tmx(tmp: Path) -> bytes:
    units = [
        TranslationUnit(
            "doc", "en", "ar", f"Sentence {i}.", f"جملة {i}.", Bead((i,), (i,), 0.5), "human", "auto"
        )
        for i in range(3)
    ]
    path = tmp / "seed.tmx"
    write_tmx(path, units, "en")
    return path.read_bytes()


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "hostile"]))
        if action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            data[position:position] = draw(st.sampled_from(HOSTILE))
    return bytes(data)


def check(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.tmx"
    path.write_bytes(data)
    try:
        tmx = read_tmx(path)
        merge_units([tmx], ["fuzz"])
        tmx_stats(tmx)
    except InputError as exc:
        assert "\n" not in str(exc), "errors are one line"


@pytest.mark.slow
def test_fuzzed_tmx_gives_a_result_or_one_line_error(tmp_path: Path) -> None:
    seed = seed_tmx(tmp_path)

    @settings(
        max_examples=2000,
        deadline=2000,  # ms per file: parsing stays fast whatever the mutation
        database=None,
        derandomize=True,  # the same 2,000 files in every run: CI stays reproducible
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(seed))
    def run(data: bytes) -> None:
        check(data, tmp_path)

    run()
