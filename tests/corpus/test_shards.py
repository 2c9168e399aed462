"""Parquet shards: corpus add --shards, import-shards, export from a shard folder, resume, bad shards."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from corpus.test_build import export_without_dates, make_articles

from align.cli import main
from align.corpus import CorpusStore


def _export(source: Path, out: Path, capsys) -> bytes:  # type: ignore[no-untyped-def]
    assert main(["corpus", "export", str(source), "--pair", "en-ar", "-o", str(out)]) == 0
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
        "2 documents processed (3 in finished shards), 8 pairs added in 1 new shards"
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
