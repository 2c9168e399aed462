"""The README cannot drift from the CLI: every ``align`` command in its shell blocks is listed here and
run, in README order, in a sandbox holding the files it names; its exit code and output are checked.

A command the README changes, adds or drops fails the first test until this table follows. Heavy
commands run lighter (``extra`` arguments that narrow the documents or sizes; the README's own
arguments are all kept), the review server is started and stopped.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, SEED, SHARED, require_shared

from align.bench.match import collection_from_gold, write_collection
from align.cli import main
from align.export import write_tmx
from align.records import Bead, TranslationUnit
from align.translate.synthetic import build_tiny_package


@dataclass(frozen=True)
class Step:
    expect: str  # a regular expression the command's output (stdout and stderr) must match
    extra: tuple[str, ...] = ()  # arguments added to run it lighter
    exit_code: int = 0


SERVE = "serve"  # runs until stopped: started in a subprocess, its URL line checked, then interrupted

TOUR: dict[str, Step | str] = {
    "align run seeds/iraq-coalition-2024-02-08.txt --to ar": Step(r"ar: 30 pairs, 30 flagged"),
    "align models install FILE.argosmodel": Step(r"translate-en_ar"),
    "align models list": Step(r"en-ar +0\.1 "),
    "align translate article.html --to ar,fr -o out/": Step(
        r"out/.*\.ar\.txt\t\d+ sentences\n.*\.ar\.html\thtml"
    ),
    "align translate https://example.org/news/talks.html --to ar": Step(r"talks\.ar\.html\thtml"),
    "align segment article.txt --from en": Step(r"^US and Iraq|\n.+\n.+\n"),
    "align pair article.en.txt article.ar.txt --from en --to ar --format tmx -o pair.tmx": Step(
        r"pair\.tmx: \d+ pairs \(\d+ beads? without text on both sides not written"
    ),
    "align pair de.txt fr.txt --from de --to fr --presplit": Step(r"^\[0\]:\[0[,\]].*:0\.\d{3}$"),
    "align pair de.txt fr.txt --from de --to fr --presplit --encoder muse+e5": Step(
        r"^\[0\]:\[0[,\]].*:0\.\d{3}$"
    ),
    "align eval --gold ../shared/gold/textberg-de-fr --exclude dev": Step(
        r"f1 +[01]\.\d{3} +[01]\.\d{3}", ("--only", "test0")
    ),
    "align eval --gold ../shared/gold/mac-dev-zh-en --set margin=0": Step(
        r"f1 +[01]\.\d{3} +[01]\.\d{3}", ("--only", "001")
    ),
    "align eval --gold ../shared/gold/parice-en-is": Step(r"encoder e5-small", ("--only", "n_1")),
    "align eval --gold ../shared/gold/mac-dev-zh-en --variant truncated": Step(
        r"truncated\)\n(.*\n)*  f1 +[01]\.\d{3} +[01]\.\d{3}", ("--only", "001,002")
    ),
    "align tmx merge a.tmx b.tmx -o merged.tmx": Step(r"merged\.tmx: 3 units"),
    "align tmx stats merged.tmx": Step(r"units +3"),
    "align bench translate": Step(r"sentences/s", ("--sentences", "8")),
    "align bench formats": Step(r"docx .* structure adds", ("--sentences", "8")),
    "align bench align --sizes 1000,10000,100000": Step(r"sentences .* strict F1 0\.9", ("--sizes", "1000")),
    "align bench pair": Step(r"sentences/s", ("--only", "001")),
    "align bench encoders": Step(r"muse", ("--sentences", "20")),
    "align bench tune --gold ../shared/gold/textberg-de-fr --gold ../shared/gold/mac-dev-zh-en "
    "--tune dev,001,002,003 --grid coverage=0,1 --grid skip=-0.115,-0.15": Step(
        r"\Atune [01]\.\d{4}  coverage=1 "
    ),
    "align bench calibrate --gold ../shared/gold/textberg-de-fr --only dev --encoder e5": Step(r"e5"),
    "align bench match --fit": Step(
        r"textberg-dev .* P 1\.000 R 1\.000", ("--only", "textberg-dev,gold-en-ar")
    ),
    "align bench match --scale 10000": Step(r"search .* peak RSS", ("--scale", "500")),
    "align bench corpus --pairs": Step(r"add-pairs --jobs 1 .*x 4 add-pair", ("--documents", "4")),
    "align corpus init news": Step(r"news"),
    "align corpus add news seeds/ --to ar,fr --jobs 2": Step(r"1 document processed .* pairs added"),
    "align corpus add-pair news article.en.txt article.ar.txt --from en --to ar": Step(r"\d+ pairs added"),
    "align corpus add-pairs news site-en/ site-ar/ --from en --to ar --report pairs.tsv": Step(
        r"1 pair, 0 sources and 0 targets unpaired \(by name\)\n.*already stored"
    ),
    "align corpus add-pairs news originals/ translations/ --from de --to fr --presplit --match "
    "--jobs 2": Step(r"9 pairs, 3 sources and 3 targets unpaired \(by match\)\n9 pairs processed"),
    "align corpus stats news": Step(r"en-ar +2 "),
    "align corpus filter news --dry-run": Step(r"identical\s+would reject \d+"),
    "align corpus dedupe news": Step(r"removed \d+ duplicate pairs?"),
    "align corpus export news --pair en-ar --format tmx --status approved,edited --min-score 0.6 "
    "-o en-ar.tmx": Step(r"nothing to export: of \d+ en-ar pairs, --status approved,edited left 0"),
    "align review news --pair en-ar": SERVE,
    "align review news --static -o review.html": Step(r"review\.html"),
    "align report news": Step(r"corpora/news/report\.html"),
}


def readme_commands() -> list[str]:
    """Every ``align`` command in the README's bash blocks, continuation lines joined, ``&&`` split,
    comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in line.split("&&"):
                part = " ".join(part.split())
                if part.startswith("align "):
                    commands.append(part)
    return commands


def test_every_readme_command_is_in_the_tour() -> None:
    commands = readme_commands()
    assert sorted(set(commands)) == sorted(TOUR), "README and tests/cli/test_readme_tour.py differ"
    assert len(commands) == len(set(commands))


@pytest.fixture
def sandbox(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    """A folder holding the files the tour names, with its own ALIGN_HOME (the en→ar model arrives by
    the tour's own `models install`; a tiny en→fr model is installed beforehand)."""
    home = tmp_path / "home"
    monkeypatch.setenv("ALIGN_HOME", str(home))
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    work = tmp_path / "work"
    (work / "seeds").mkdir(parents=True)
    shutil.copy(SEED, work / "seeds" / SEED.name)
    shutil.copy(SEED, work / "article.txt")
    shutil.copy(tiny_model, work / "FILE.argosmodel")
    gold = ROOT / "corpora" / "gold-en-ar"
    shutil.copy(gold / "iraq-coalition.en.txt", work / "article.en.txt")
    shutil.copy(gold / "iraq-coalition.ar.txt", work / "article.ar.txt")
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    (work / "article.html").write_text(
        f"<html><head><title>{paragraphs[0]}</title></head><body><article><h1>{paragraphs[0]}</h1>"
        f"{body}</article></body></html>",
        encoding="utf-8",
    )
    textberg = require_shared("gold", "textberg-de-fr")
    for lang in ("de", "fr"):
        lines = (textberg / f"test0.{lang}").read_text(encoding="utf-8").splitlines()[:30]
        (work / f"{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for side, name in (("site-en", "article.en.txt"), ("site-ar", "article.ar.txt")):
        (work / side).mkdir()
        shutil.copy(work / name, work / side / "iraq-coalition.txt")
    truth = write_collection(collection_from_gold(textberg, "tb", 10, only=["test0"]), work / "opaque")
    assert truth
    (work / "opaque" / "src").rename(work / "originals")
    (work / "opaque" / "tgt").rename(work / "translations")
    units = [
        TranslationUnit("d", "en", "ar", f"Sentence {i}.", f"جملة {i}.", Bead((i,), (i,), 0.9))
        for i in range(3)
    ]
    write_tmx(work / "a.tmx", units[:2], "en")
    write_tmx(work / "b.tmx", units[1:], "en")
    fr_model = build_tiny_package(tmp_path / "translate-en_fr.argosmodel", "en", "fr", "Une phrase fixe.")
    zh_model = require_shared("models", "translate-zh_en-1_9.argosmodel")
    for model in (tiny_model, fr_model, zh_model):  # the main job runs before the tour installs en→ar
        assert main(["-q", "models", "install", str(model)]) == 0
    (work / "news").mkdir()
    shutil.copy(work / "article.html", work / "news" / "talks.html")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(work))
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    request.addfinalizer(site.server_close)
    request.addfinalizer(site.shutdown)
    monkeypatch.setenv("TOUR_SITE", f"http://127.0.0.1:{site.server_address[1]}")
    monkeypatch.chdir(work)
    return work


SITE = "https://example.org"  # the README's address: the tour serves the sandbox there, on 127.0.0.1


def _argv(command: str, step: Step) -> list[str]:
    args = [
        a.replace("../shared", str(SHARED)).replace(SITE, os.environ["TOUR_SITE"])
        for a in shlex.split(command)[1:]
    ]
    return args + list(step.extra)


def _serve(command: str) -> str:
    args = [sys.executable, "-m", "align", *_argv(command, Step(""))]
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert re.search(r"http://127\.0\.0\.1:8765/", line), line
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    return line


@pytest.mark.slow
def test_the_tour_runs(sandbox: Path, capfd: pytest.CaptureFixture[str]) -> None:
    failures = []
    for command in readme_commands():
        step = TOUR[command]
        if step == SERVE:
            _serve(command)
            continue
        assert isinstance(step, Step)
        code = main(_argv(command, step))
        captured = capfd.readouterr()
        output = captured.out + captured.err
        if code != step.exit_code or not re.search(step.expect, output, flags=re.M):
            failures.append(f"{command}: exit {code}, output:\n{output[-800:]}")
    assert failures == [], "\n\n".join(failures)
    assert (sandbox / "corpora" / "iraq-coalition-2024-02-08" / "corpus.db").is_file()
    assert os.path.getsize(sandbox / "merged.tmx") > 0
