"""Parquet shards: corpus add --shards, import-shards, export from a shard folder, resume, bad shards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus.test_build import export_without_dates, make_articles

from align.cli import main
from align.corpus import CorpusStore
from align.corpus.shards import SCHEMA, read_shards, write_shard
from align.document import Sentence
from align.errors import InputError
from align.pipeline import DocumentResult


def _export(source: Path, out: Path, capsys) -> bytes:  # type: ignore[no-untyped-def]
    """The TMX export of a corpus, or of a shard folder (one without corpus.db)."""
    where = [str(source)] if (source / "corpus.db").exists() else ["--shards", str(source)]
    assert main(["corpus", "export", *where, "--pair", "en-ar", "-o", str(out)]) == 0
    capsys.readouterr()
    import re

    return re.sub(rb'creationdate="[^"]*"', b"", out.read_bytes())


def test_shards_give_the_same_corpus(with_tiny_model: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    articles = make_articles(tmp_path / "articles", 5)
    direct, shards, imported = tmp_path / "direct", tmp_path / "shards", tmp_path / "imported"
    for corpus in (direct, imported):
        assert main(["-q", "corpus", "init", str(corpus)]) == 0
    assert main(["-q", "corpus", "add", str(direct), str(articles), "--to", "ar", "--chunk", "2"]) == 0
    args = [
        "corpus",
        "add",
        str(imported),
        str(articles),
        "--to",
        "ar",
        "--chunk",
        "2",
        "--shards",
        str(shards),
    ]
    assert main(args) == 0
    assert (
        "5 documents processed (0 in finished shards), 20 pairs added in 3 new shards"
        in capsys.readouterr().err
    )
    assert [p.name for p in sorted(shards.iterdir())] == [f"part-00000{k}.parquet" for k in range(3)]
    reference = export_without_dates(direct, tmp_path / "direct.tmx")
    assert _export(shards, tmp_path / "from-shards.tmx", capsys) == reference  # export reads a shard folder
    assert main(["corpus", "import-shards", str(imported), str(shards)]) == 0
    assert "20 pairs added" in capsys.readouterr().err
    assert _export(imported, tmp_path / "imported.tmx", capsys) == reference
    assert main(["corpus", "import-shards", str(imported), str(shards)]) == 0
    assert "0 pairs added" in capsys.readouterr().err  # importing twice adds nothing


def test_a_rerun_works_only_on_documents_no_finished_shard_holds(
    with_tiny_model: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    articles = make_articles(tmp_path / "articles", 5)
    shards = tmp_path / "shards"
    args = ["corpus", "add", "unused", str(articles), "--to", "ar", "--chunk", "2", "--shards", str(shards)]
    assert main(args) == 0
    (shards / "part-000001.parquet").unlink()
    (shards / ".part-000001.parquet.x1.tmp").write_bytes(b"half written")  # an interrupted write
    capsys.readouterr()
    assert main(args) == 0
    assert (
        "2 documents processed (3 in finished shards), 8 pairs added in 1 new shard"
        in capsys.readouterr().err
    )
    assert sorted(p.name for p in shards.glob("part-*")) == [f"part-00000{k}.parquet" for k in (0, 2, 3)]
    # Resuming is by content, not by position: with another --chunk and two more articles, only the
    # new articles are worked on.
    make_articles(tmp_path / "articles", 7)
    assert main([*args[:-4], "--chunk", "3", "--shards", str(shards)]) == 0
    assert "2 documents processed (5 in finished shards)" in capsys.readouterr().err
    # Shards hold documents in the order they were worked on; the store imports them in that order.
    imported = tmp_path / "imported"
    assert main(["-q", "corpus", "init", str(imported)]) == 0
    assert main(["-q", "corpus", "import-shards", str(imported), str(shards)]) == 0
    assert len(CorpusStore(imported / "corpus.db").stored_documents()) == 7


def test_a_foreign_parquet_file_is_refused_in_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    shards = tmp_path / "shards"
    shards.mkdir()
    pq.write_table(pa.table({"document": ["x"], "evil": [1]}), shards / "part-000000.parquet")
    (shards / "part-000001.parquet").write_bytes(b"PAR1 not really parquet")
    assert main(["corpus", "init", str(tmp_path / "c")]) == 0
    capsys.readouterr()
    assert main(["corpus", "import-shards", str(tmp_path / "c"), str(shards)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not an align shard" in err[0]
    (shards / "part-000000.parquet").unlink()
    assert main(["corpus", "import-shards", str(tmp_path / "c"), str(shards)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unreadable shard" in err[0]


def _valid_row() -> dict:
    """A row as write_shard writes it: one document of two sentences, two units."""
    from align.document import Document
    from align.records import Bead, TranslationUnit

    document = Document("talks", "Talks", "en", ["The talks resumed. Both sides spoke."], "talks.txt")
    sentences = [Sentence("The talks resumed.", 0, 0), Sentence("Both sides spoke.", 0, 1)]
    units = [
        TranslationUnit("talks", "en", "ar", s.text, f"جملة {k}.", Bead((k,), (k,), 0.8), "mt:test", "auto")
        for k, s in enumerate(sentences)
    ]
    result = DocumentResult(document, sentences, units={"ar": units})
    return {"key": f"{document.checksum}:ar", "result": result}


def _shard_with(tmp_path: Path, change, name: str = "part-000000.parquet") -> Path:  # type: ignore[no-untyped-def]
    """A shard folder holding one row of :func:`_valid_row` after ``change(row)``."""
    folder = tmp_path / "shards"
    good = _valid_row()
    write_shard(folder / name, [good["result"]], [good["key"]])
    row = pq.read_table(folder / name).to_pylist()[0]
    change(row)
    pq.write_table(
        pa.Table.from_pylist([row], schema=SCHEMA), folder / name, row_group_size=1, use_dictionary=False
    )
    return folder


def _unit(row: dict, **fields: object) -> None:
    row["units"][0].update(fields)


HOSTILE_ROWS = {
    "score 5": (lambda row: _unit(row, score=5.0), "unit 0: score"),
    "score NaN": (lambda row: _unit(row, score=float("nan")), "unit 0: score"),
    "huge bead": (lambda row: _unit(row, src_ids=list(range(2_000_000))), "unit 0: src_ids"),
    "markup origin": (lambda row: _unit(row, origin="<b>\x1b[31mevil</b>"), "unit 0: origin"),
    "bad language": (lambda row: _unit(row, tgt_lang="../../etc"), "unit 0: tgt_lang"),
    "newline language": (lambda row: row.update(lang="en\nfr"), "lang"),
    "100 MB unit": (lambda row: _unit(row, target="x" * 100_000_000), "unit 0: target"),
    "null units": (lambda row: row.update(units=None), "units"),
    "null text": (lambda row: _unit(row, source=None), "unit 0: source"),
    "null position": (lambda row: row["sentences"][0].update(index=None), "sentence 0: index"),
    "bad status": (lambda row: _unit(row, status="bogus"), "unit 0: status"),
    "bad key": (lambda row: row.update(key="../x"), "key"),
    "bidi override": (lambda row: _unit(row, target="\u202eevil"), "unit 0: target"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ROWS))
def test_a_hostile_row_is_refused_naming_shard_and_row(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, field = HOSTILE_ROWS[case]
    folder = _shard_with(tmp_path, change)
    assert main(["corpus", "init", str(tmp_path / "c")]) == 0
    capsys.readouterr()
    assert main(["corpus", "import-shards", str(tmp_path / "c"), str(folder)]) == 2
    assert (
        main(
            [
                "corpus",
                "export",
                "--shards",
                str(folder),
                "--pair",
                "en-ar",
                "--format",
                "jsonl",
                "-o",
                str(tmp_path / "x.jsonl"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("part-000000.parquet: row 0: " + field in line for line in err), err
    assert CorpusStore(tmp_path / "c" / "corpus.db").stored_documents() == []
    assert not (tmp_path / "x.jsonl").exists()


def test_a_valid_row_passes_the_same_checks(tmp_path: Path) -> None:
    folder = _shard_with(tmp_path, lambda row: None)
    assert len(list(read_shards(folder))) == 1


def test_shards_are_regular_files_of_bounded_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shards"
    folder.mkdir()
    os.mkfifo(folder / "part-000000.parquet")  # opening it for reading would block forever
    assert (
        main(["corpus", "export", "--shards", str(folder), "--pair", "en-ar", "-o", str(tmp_path / "x.tmx")])
        == 2
    )
    assert "not a regular file" in capsys.readouterr().err
    (folder / "part-000000.parquet").unlink()
    # A row group of many rows, dictionary-encoded: a few KB that would decode to hundreds of MB.
    good = _valid_row()
    write_shard(folder / "part-000000.parquet", [good["result"]], [good["key"]])
    row = pq.read_table(folder / "part-000000.parquet").to_pylist()[0]
    row["units"] = row["units"] * 5_000
    pq.write_table(pa.Table.from_pylist([row] * 40, schema=SCHEMA), folder / "part-000000.parquet")
    assert (folder / "part-000000.parquet").stat().st_size < 200_000
    assert (
        main(["corpus", "export", "--shards", str(folder), "--pair", "en-ar", "-o", str(tmp_path / "x.tmx")])
        == 2
    )
    assert "row group 0: 40 rows" in capsys.readouterr().err


def test_mutated_shards_give_one_line_or_a_result(tmp_path: Path) -> None:
    """Fuzzing the Parquet reader: mutated bytes of a real shard give rows or an InputError, never
    another exception."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    good = _valid_row()
    seed_path = tmp_path / "seed" / "part-000000.parquet"
    write_shard(seed_path, [good["result"]], [good["key"]])
    seed = seed_path.read_bytes()

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), min_size=1, max_size=8))
    def check(edits: list[tuple[int, int]]) -> None:
        data = bytearray(seed)
        for position, value in edits:
            data[position] = value
        folder = tmp_path / "fuzz"
        folder.mkdir(exist_ok=True)
        (folder / "part-000000.parquet").write_bytes(bytes(data))
        try:
            list(read_shards(folder))
        except InputError as exc:
            assert "\n" not in str(exc)

    check()


def test_a_shard_that_aborts_the_parquet_reader_is_refused_in_one_line(tmp_path: Path) -> None:
    """One byte of a real shard's footer changed (a size-statistics histogram of 6 values where 2 are
    due, found by the fuzzer below): pyarrow 26 aborts the whole process on reading its column
    metadata. The shard is decoded in a child first, so align lives to name it."""
    folder = tmp_path / "shards"
    folder.mkdir()
    (folder / "part-000000.parquet").write_bytes(
        (Path(__file__).parent / "data" / "aborts-pyarrow.parquet").read_bytes()
    )
    script = (
        "import sys\n"
        "from align.corpus.shards import read_shards\n"
        "from align.errors import InputError\n"
        "try:\n"
        "    list(read_shards(sys.argv[1]))\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-300:]
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1 and "unreadable shard" in done.stdout


def test_a_reader_that_dies_is_named_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever kills the decoding child (an abort, a segmentation fault, the kernel) refuses that shard."""
    import align.corpus.shards as shards

    good = _valid_row()
    folder = tmp_path / "shards"
    write_shard(folder / "part-000000.parquet", [good["result"]], [good["key"]])
    assert [r.document.id for r in read_shards(folder)] == ["talks"]
    monkeypatch.setattr(shards, "_decode", lambda path, columns: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(
        InputError, match=r"part-000000.parquet: unreadable shard \(the Parquet reader died on it: SIGKILL\)"
    ):
        list(read_shards(folder))
