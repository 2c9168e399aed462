"""The main job: `align run` on the seed article with the tiny en→ar model."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_shared
from lxml import etree

from align.cli import cli
from align.translate.synthetic import FIXED_ARABIC

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_run_seed_to_arabic(with_tiny_model: Path, tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "corpus"
    result = CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    stem = "iraq-coalition-2024-02-08"
    tmx_path = out / f"{stem}.tmx"
    tree = etree.parse(str(tmx_path), etree.XMLParser(resolve_entities=False, no_network=True))
    assert tree.find("header").get("srclang") == "en"
    units = [
        json.loads(line) for line in (out / f"{stem}.units.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    aligned = [u for u in units if u["src_ids"] and u["tgt_ids"]]
    tus = tree.findall("body/tu")
    assert len(tus) == len(aligned) >= 25
    for tu in tus:
        langs = [t.get(XML_LANG) for t in tu.findall("tuv")]
        assert langs == ["en", "ar"]
        assert tu.find("tuv[2]/seg").text == FIXED_ARABIC
        assert tu.find("prop[@type='x-origin']").text == "mt:translate-en_ar-0_1"
    # The tiny model's output is not a translation: every pair is flagged and the run warns.
    summary = json.loads((out / f"{stem}.summary.json").read_text(encoding="utf-8"))
    assert summary["pairs"]["ar"] == len(aligned) and summary["flagged"]["ar"] == len(aligned)
    assert summary["warnings"]
    assert (out / f"{stem}.ar.txt").is_file() and (out / f"{stem}.ar.jsonl").is_file()
    assert not list(out.glob(".*.tmp"))


def test_run_output_is_valid_tmx(with_tiny_model: Path, tmp_path: Path, seed_path: Path) -> None:
    dtd = etree.DTD(str(require_shared("tmx", "tmx14.dtd")))  # the DTD lives in ../shared
    result = CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    tree = etree.parse(
        str(tmp_path / "iraq-coalition-2024-02-08.tmx"), etree.XMLParser(resolve_entities=False)
    )
    assert dtd.validate(tree), dtd.error_log


def test_run_pivots_chinese_to_arabic(with_models: Path, tmp_path: Path) -> None:
    article = tmp_path / "zh-news.txt"
    article.write_text(
        "中美恢复贸易谈判\n\n双方官员周四在北京举行会谈。会谈取得了积极进展。", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["run", str(article), "--to", "ar,en", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(tmp_path / "out" / "zh-news.tmx"))
    assert tree.find("header").get("srclang") == "zh-Hans"
    first = tree.find("body/tu")
    assert [t.get(XML_LANG) for t in first.findall("tuv")] == ["zh-Hans", "ar", "en"]
    english = (tmp_path / "out" / "zh-news.en.txt").read_text(encoding="utf-8")
    assert "Beijing" in english


def test_a_run_that_fails_at_the_tmx_leaves_the_folder_as_it_was(
    with_tiny_model: Path, tmp_path: Path, seed_path: Path, monkeypatch
) -> None:
    import align.run

    out = tmp_path / "corpus"
    out.mkdir()
    (out / "earlier.txt").write_text("an earlier output\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def failing_tmx(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(align.run, "write_tmx", failing_tmx)
        result = CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(out)])
    assert result.exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "no translation without its summary"
    result = CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "iraq-coalition-2024-02-08.summary.json").read_text(encoding="utf-8"))
    assert all((out / name).is_file() for name in summary["files"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no staging folder is left"


def test_a_run_is_a_corpus_that_review_opens(with_tiny_model: Path, tmp_path: Path, seed_path: Path) -> None:
    from align.corpus import CorpusStore
    from align.review import render_static

    out = tmp_path / "corpora" / "seed"
    for _ in range(2):  # running again adds nothing twice
        result = CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(out)])
        assert result.exit_code == 0, result.output
    store = CorpusStore(out / "corpus.db")
    pairs = store.pairs("en", "ar")
    assert len(pairs) >= 25 and len({p.document for p in pairs}) == 1
    assert "corpus.db" in json.loads((out / "iraq-coalition-2024-02-08.summary.json").read_text())["files"]
    assert 'dir="rtl"' in render_static(out / "corpus.db")


def test_swapped_languages_warn() -> None:
    from conftest import AR_NEWS, EN_NEWS

    from align.pipeline import language_warnings

    assert language_warnings(EN_NEWS, AR_NEWS, ("en", "ar")) == []
    swapped = language_warnings(AR_NEWS, EN_NEWS, ("en", "ar"))
    assert any("source text looks like 'ar', not 'en'" in w for w in swapped)
    assert any("target text looks like 'en', not 'ar'" in w for w in swapped)
    assert language_warnings(["Hi."], ["Salut."], ("en", "fr")) == []  # too short to tell: no guess


def test_two_inputs_whose_names_slug_alike_get_their_own_folders(
    with_tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from align.cli import main

    monkeypatch.chdir(tmp_path)
    for name, text in (("خبر عاجل.txt", "The first report.\n"), ("خبر-عاجل.txt", "The second report.\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert main(["-q", "run", name, "--from", "en", "--to", "ar"]) == 0
    folders = sorted(p.name for p in (tmp_path / "corpora").iterdir())
    assert len(folders) == 2 and "خبر-عاجل" in folders, folders
    sources = set()
    for folder in folders:
        units = (tmp_path / "corpora" / folder).glob("*.units.jsonl")
        sources |= {json.loads(line)["source"] for path in units for line in path.read_text().splitlines()}
    assert sources == {"The first report.", "The second report."}


@pytest.mark.parametrize("command", ["run", "translate"])
def test_one_bad_file_is_skipped_and_named_and_the_rest_is_written(
    command: str, with_tiny_model: Path, tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.cli import main

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    assert main([command, str(folder), "--from", "en", "--to", "ar", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "skipped" in err and "empty.txt" in err and "binary.txt" in err and "2 inputs skipped" in err
    assert "Traceback" not in err
    assert list(out.glob("good*.ar.txt")), sorted(p.name for p in out.iterdir())
    # A single bad input is the same one line as before.
    assert main([command, str(folder / "empty.txt"), "--from", "en", "--to", "ar", "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_review_edits_reach_the_runs_tmx_and_summary(
    with_tiny_model: Path, tmp_path: Path, seed_path: Path
) -> None:
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    from align.corpus import CorpusStore
    from align.review import create_app

    out = tmp_path / "corpora" / "seed"
    assert CliRunner().invoke(cli, ["run", str(seed_path), "--to", "ar", "-o", str(out)]).exit_code == 0
    tmx = out / "iraq-coalition-2024-02-08.tmx"
    summary = out / "iraq-coalition-2024-02-08.summary.json"
    before = json.loads(summary.read_text(encoding="utf-8"))
    store = CorpusStore(out / "corpus.db")
    first, second = store.pairs("en", "ar")[:2]
    store.set_status(first.id, "edited", edited_text="نص راجعه مترجم")
    store.set_status(second.id, "rejected")
    store.close()
    page = create_app(out / "corpus.db").test_client()
    token = page.application.config["TOKEN"]
    assert "refreshed when the review stops" in page.get(f"/?token={token}").get_data(as_text=True)
    text = tmx.read_text(encoding="utf-8")
    assert "نص راجعه مترجم" not in text
    units = text.count("<tu ")
    # The review stops (Ctrl-C): the run's files follow it, and its last line says so.
    env = {**os.environ, "ALIGN_CORPORA": str(tmp_path / "corpora")}
    server = subprocess.Popen(
        [sys.executable, "-m", "align", "review", "seed", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert server.stdout is not None
    line = server.stdout.readline()
    url = re.search(r"http://\S+", line)
    assert url, line
    with urllib.request.urlopen(url.group(), timeout=30) as response:  # serving: now stop it
        assert response.status == 200
    server.send_signal(signal.SIGINT)
    _, err = server.communicate(timeout=60)
    assert "iraq-coalition-2024-02-08.tmx" in err and "refreshed with it" in err, err
    text = tmx.read_text(encoding="utf-8")
    assert "نص راجعه مترجم" in text and text.count("<tu ") == units - 1  # edited in, rejected out
    after = json.loads(summary.read_text(encoding="utf-8"))
    assert after["pairs"]["ar"] == before["pairs"]["ar"] - 1  # the rejected pair is out
    assert after["flagged"]["ar"] == before["flagged"]["ar"] - 2  # both were flagged (the tiny model)
    assert after["files"] == before["files"]


def test_a_corpus_that_is_no_run_says_how_to_export(tmp_path: Path) -> None:
    from align.run import refresh_run

    assert refresh_run(tmp_path) == []
