"""Building corpora: idempotent adds, SIGINT then resume, concurrent readers, jobs, human pairs."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_shared
from lxml import etree

from align.cli import cli
from align.corpus import BuildOptions, CorpusStore, StoreSink, add_articles, add_human_pair

ARTICLE = """Headline number {n} about the talks

The government said on Thursday that the talks number {n} would continue next week in the capital.

Officials met for {n} hours to discuss the future of the coalition and its troops.

The parliament plans to vote on a resolution about foreign forces after meeting {n}.
"""


def make_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"article-{n:03d}.txt").write_text(ARTICLE.format(n=n + 1), encoding="utf-8")
    return folder


def export_without_dates(corpus: Path, out: Path) -> bytes:
    result = CliRunner().invoke(cli, ["corpus", "export", str(corpus), "--pair", "en-ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return re.sub(rb'creationdate="[^"]*"', b"", out.read_bytes())


def test_add_is_idempotent_and_exports_validate(with_tiny_model: Path, tmp_path: Path) -> None:
    articles = make_articles(tmp_path / "articles", 3)
    runner = CliRunner()
    corpus = tmp_path / "corpora" / "news"
    assert runner.invoke(cli, ["corpus", "init", str(corpus)]).exit_code == 0
    first = runner.invoke(cli, ["corpus", "add", str(corpus), str(articles), "--to", "ar"])
    assert first.exit_code == 0 and "3 documents processed" in first.output, first.output
    before = export_without_dates(corpus, tmp_path / "a.tmx")
    second = runner.invoke(cli, ["corpus", "add", str(corpus), str(articles), "--to", "ar"])
    assert "0 documents processed (3 already stored), 0 pairs added" in second.output
    assert export_without_dates(corpus, tmp_path / "b.tmx") == before
    dtd = etree.DTD(str(require_shared("tmx", "tmx14.dtd")))
    assert dtd.validate(etree.parse(str(tmp_path / "a.tmx")))
    stats = runner.invoke(cli, ["corpus", "stats", str(corpus), "--json"])
    record = json.loads(stats.output)[0]
    assert record["documents"] == 3 and record["units"] == 12


def signalling_driver(signal_name: str, call: int) -> str:
    """A program that runs ``align ARGS`` and sends itself ``signal_name`` at a fixed point: inside the
    transaction of the ``call``-th document, after its pairs are inserted. Nothing depends on timing."""
    return f"""
import os, signal, sys
from align.corpus.store import CorpusStore
from align.cli import main

insert = CorpusStore.add_pairs
calls = 0

def add_pairs_then_signal(self, *args, **kwargs):
    global calls
    added = insert(self, *args, **kwargs)
    calls += 1
    if calls == {call}:
        os.kill(os.getpid(), signal.{signal_name})
    return added

CorpusStore.add_pairs = add_pairs_then_signal
sys.exit(main(sys.argv[1:]))
"""


INTERRUPTING_DRIVER = signalling_driver("SIGINT", 3)


def run_interrupted(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``align ARGS`` in a child process under :data:`INTERRUPTING_DRIVER`."""
    return subprocess.run(
        [sys.executable, "-c", INTERRUPTING_DRIVER, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _documents(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def test_sigint_then_resume_matches_uninterrupted_run(with_tiny_model: Path, tmp_path: Path) -> None:
    count = 6
    articles = make_articles(tmp_path / "articles", count)
    runner = CliRunner()
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    for corpus in (reference, resumed):
        assert runner.invoke(cli, ["corpus", "init", str(corpus)]).exit_code == 0
    assert runner.invoke(cli, ["corpus", "add", str(reference), str(articles), "--to", "ar"]).exit_code == 0

    env = {**os.environ, "ALIGN_HOME": str(with_tiny_model), "PYTHONPATH": str(Path(__file__).parents[2])}
    args = ["corpus", "add", str(resumed), str(articles), "--to", "ar", "--chunk", "1"]
    process = run_interrupted(args, env)
    assert process.returncode == 130 and "interrupted" in process.stderr, process.stderr
    # The third document's transaction was rolled back whole: two documents, each with its pairs.
    assert _documents(resumed / "corpus.db") == 2
    store = CorpusStore(resumed / "corpus.db")
    assert all(store.has_pairs(d, "ar") for d in store.stored_documents())
    assert len(store.pairs()) == 2 * 4
    store.close()
    with sqlite3.connect(resumed / "corpus.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    resume = runner.invoke(cli, ["corpus", "add", str(resumed), str(articles), "--to", "ar"])
    assert resume.exit_code == 0, resume.output
    assert f"{count - 2} documents processed (2 already stored)" in resume.output
    assert export_without_dates(resumed, tmp_path / "r.tmx") == export_without_dates(
        reference, tmp_path / "f.tmx"
    )


@pytest.mark.slow
def test_jobs_give_the_same_corpus(with_tiny_model: Path, tmp_path: Path) -> None:
    articles = make_articles(tmp_path / "articles", 4)
    options = BuildOptions(("ar",))
    one = CorpusStore(tmp_path / "one.db", create=True)
    two = CorpusStore(tmp_path / "two.db", create=True)
    paths = sorted(str(p) for p in articles.iterdir())
    add_articles(paths, options, StoreSink(one), jobs=1, chunk=2)
    add_articles(paths, options, StoreSink(two), jobs=2, chunk=2)
    strip = [(p.document, p.source, p.target, p.score, p.kind) for p in one.pairs()]
    assert strip == [(p.document, p.source, p.target, p.score, p.kind) for p in two.pairs()]


def test_human_translation_pair(align_home: Path, tmp_path: Path) -> None:
    src, tgt = tmp_path / "en.txt", tmp_path / "fr.txt"
    src.write_text(
        "Talks resume\n\nThe talks resumed on Monday in Geneva. Both sides reported progress.",
        encoding="utf-8",
    )
    tgt.write_text(
        "Reprise des pourparlers\n\nLes pourparlers ont repris lundi à Genève. Les deux parties ont "
        "fait état de progrès.",
        encoding="utf-8",
    )
    store = CorpusStore(tmp_path / "c.db", create=True)
    assert add_human_pair(store, src, tgt, ("en", "fr")) == 3
    assert add_human_pair(store, src, tgt, ("en", "fr")) == 0
    pairs = store.pairs("en", "fr")
    assert [p.origin for p in pairs] == ["human"] * 3
    assert pairs[1].target.startswith("Les pourparlers ont repris")


def test_human_pair_of_presplit_language_files(align_home: Path, tmp_path: Path) -> None:
    from align.cli import main

    src, tgt = tmp_path / "talks.en", tmp_path / "talks.fr"
    src.write_text("The talks resumed on Monday in Geneva.\nBoth sides said progress was made.\n")
    tgt.write_text("Les pourparlers ont repris lundi à Genève.\nLes deux parties ont fait état de progrès.\n")
    root = tmp_path / "corpora"
    assert main(["corpus", "init", "news", "--root", str(root)]) == 0
    args = ["corpus", "add-pair", "news", str(src), str(tgt), "--from", "en", "--to", "fr", "--presplit"]
    assert main([*args, "--root", str(root)]) == 0
    pairs = CorpusStore(root / "news" / "corpus.db").pairs("en", "fr")
    assert [(p.src_ids, p.tgt_ids) for p in pairs] == [((0,), (0,)), ((1,), (1,))]


@pytest.mark.parametrize("fmt", ["jsonl", "tmx", "moses"])
def test_an_export_never_replaces_a_corpus(
    fmt: str, with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    articles = make_articles(tmp_path / "articles", 1)
    root = tmp_path / "corpora"
    for name in ("news", "other"):
        assert main(["-q", "corpus", "init", name, "--root", str(root)]) == 0
    assert main(["-q", "corpus", "add", "news", str(articles), "--to", "ar", "--root", str(root)]) == 0
    db = root / "news" / "corpus.db"
    before = db.read_bytes()
    capsys.readouterr()
    # Its own database (moses: the prefix whose .en file would be it), then another corpus's database.
    targets = [str(db), str(root / "other" / "corpus.db")]
    if fmt == "moses":  # prefixes whose .en or .ar file is a database
        (root / "news" / "corpus.en").symlink_to(db)
        (root / "other" / "x.ar").symlink_to(root / "other" / "corpus.db")
        targets = [str(root / "news" / "corpus"), str(root / "other" / "x")]
    for target in targets:
        code = main(
            [
                "corpus",
                "export",
                "news",
                "--pair",
                "en-ar",
                "--format",
                fmt,
                "-o",
                target,
                "--root",
                str(root),
            ]
        )
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1, err
    assert db.read_bytes() == before
    assert CorpusStore(db).pairs()


def test_a_moses_export_names_the_files_it_wrote_and_their_pair_count(
    with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    articles = make_articles(tmp_path / "articles", 2)
    root = tmp_path / "corpora"
    assert main(["-q", "corpus", "init", "news", "--root", str(root)]) == 0
    assert main(["-q", "corpus", "add", "news", str(articles), "--to", "ar", "--root", str(root)]) == 0
    capsys.readouterr()
    prefix = tmp_path / "news"
    args = ["corpus", "export", "news", "--pair", "en-ar", "--format", "moses", "-o", str(prefix)]
    assert main([*args, "--root", str(root)]) == 0
    line = capsys.readouterr().err.strip().splitlines()[-1]
    lines = (tmp_path / "news.en").read_text(encoding="utf-8").splitlines()
    assert line.startswith(f"{prefix}.en and {prefix}.ar: {len(lines)} pairs from "), line
    assert len((tmp_path / "news.ar").read_text(encoding="utf-8").splitlines()) == len(lines) > 0


def test_export_names_its_source_and_a_folder_of_shards_never_shadows_a_corpus(
    with_tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from align.cli import main

    articles = make_articles(tmp_path / "articles", 2)
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "corpus", "init", "news"]) == 0
    assert main(["-q", "corpus", "add", "news", str(articles), "--to", "ar"]) == 0
    # ./news/ holding part files is not corpora/news: only --shards reads shards.
    assert (
        main(
            ["-q", "corpus", "add", "x", str(articles / "article-000.txt"), "--to", "ar", "--shards", "news"]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["corpus", "export", "news", "--pair", "en-ar", "-o", "out.tmx"]) == 0
    assert "8 pairs from corpora/news/corpus.db" in capsys.readouterr().err
    assert main(["corpus", "export", "--shards", "news", "--pair", "en-ar", "-o", "s.tmx"]) == 0
    assert "4 pairs from the shards in news" in capsys.readouterr().err
    assert (
        main(["corpus", "export", "--shards", "news", "--pair", "en-ar", "-o", "news/part-000000.parquet"])
        == 2
    )
    assert "is what this command reads" in capsys.readouterr().err


def test_adding_stays_idempotent_after_dedupe(with_tiny_model: Path, tmp_path: Path) -> None:
    from align.cli import main

    articles = tmp_path / "articles"
    articles.mkdir()
    one, two = "The talks resumed on Monday in Geneva.", "Both sides said progress was made."
    # Two articles of the same sentences in another order: every pair of the second is a duplicate.
    (articles / "first.txt").write_text(f"{one}\n\n{two}\n", encoding="utf-8")
    (articles / "second.txt").write_text(f"{two}\n\n{one}\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert main(["-q", "corpus", "init", str(corpus)]) == 0
    assert main(["-q", "corpus", "add", str(corpus), str(articles), "--to", "ar"]) == 0
    store = CorpusStore(corpus / "corpus.db")
    before = len(store.pairs())
    store.close()
    assert main(["-q", "corpus", "dedupe", str(corpus)]) == 0
    store = CorpusStore(corpus / "corpus.db")
    deduped = len(store.pairs())
    store.close()
    assert deduped < before
    result = CliRunner().invoke(cli, ["corpus", "add", str(corpus), str(articles), "--to", "ar"])
    assert "0 pairs added" in result.output, result.output
    assert len(CorpusStore(corpus / "corpus.db").pairs()) == deduped


def test_an_export_into_a_fifo_is_written_through(with_tiny_model: Path, tmp_path: Path) -> None:
    """The database check of an export output must not open a FIFO to read it (that blocks until a
    writer comes, and the writer is the export itself)."""
    from align.cli import main

    articles = make_articles(tmp_path / "articles", 1)
    corpus = tmp_path / "corpus"
    assert main(["-q", "corpus", "init", str(corpus)]) == 0
    assert main(["-q", "corpus", "add", str(corpus), str(articles), "--to", "ar"]) == 0
    fifo = tmp_path / "out.tsv"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    export = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "align",
            "corpus",
            "export",
            str(corpus),
            "--pair",
            "en-ar",
            "--format",
            "tsv",
            "-o",
            str(fifo),
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    with open(fifo, encoding="utf-8") as reader:  # the reader the export writes to
        lines = reader.read().splitlines()
    assert export.wait(timeout=60) == 0, export.stderr.read() if export.stderr else ""
    assert len(lines) == 4


def test_a_warm_embedding_cache_builds_the_same_corpus_as_none(with_tiny_model: Path, tmp_path: Path) -> None:
    """Dask workers encode without the cache, one process through it: after an ``align pair`` had
    cached span vectors of the same sentences, the one-process scores moved in the third decimal and
    the two engines' exports differed."""
    from align.corpus import ListSink
    from align.embed import load_encoder
    from align.ingest import read_document
    from align.pipeline import AlignSettings
    from align.segment import segment_document

    articles = sorted(make_articles(tmp_path / "articles", 4).iterdir())
    encoder = load_encoder("auto", ("en", "ar"))
    for path in articles:  # what aligning these articles with a human translation leaves in the cache
        encoder.encode_spans([s.text for s in segment_document(read_document(str(path)))], 3, " ")

    def scores(cache: bool) -> list[float | None]:
        sink = ListSink()
        options = BuildOptions(targets=("ar",), settings=AlignSettings(cache=cache))
        add_articles([str(p) for p in articles], options, sink)
        return [u.score for r in sink.results for u in r.units["ar"]]

    assert scores(cache=True) == scores(cache=False)
