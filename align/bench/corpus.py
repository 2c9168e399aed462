"""``align bench corpus``: documents per minute of ``corpus add`` on the same articles with ``--jobs 1``,
``--jobs N`` and ``--dask local:N``, each a fresh process with an empty embedding cache, in one run.

The articles are generated news-like texts (numbered, so no two are alike). The en→ar model is the
installed one when there is one, else the tiny test model built for the run: the figures then weigh
reading, segmenting, encoding, aligning and storing, with translation nearly free. With ``--from zh``
the articles are Chinese news sentences and the installed zh→en model translates them for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError

ARTICLE = """Talks on the coalition, round {n}

The government said on Thursday that round {n} of the talks would continue next week in the capital.

Officials met for {n} hours to discuss the future of the coalition and the {n} troops still deployed.

Parliament plans to vote on a resolution about foreign forces after meeting number {n}, an aide said.

Analysts expect the vote to pass, although {n} members have not yet said how they will vote.
"""


@dataclass(frozen=True)
class CorpusBenchResult:
    engine: str
    documents: int  # or pairs
    seconds: float
    peak_rss_mb: float

    @property
    def per_minute(self) -> float:
        return 60 * self.documents / self.seconds

    def line(self, baseline: CorpusBenchResult) -> str:
        return (
            f"{self.engine:<14} {self.documents:>5} docs {self.seconds:7.2f} s "
            f"{self.per_minute:8.0f} docs/min "
            f"({baseline.seconds / self.seconds:.2f}x {baseline.engine})  peak RSS {self.peak_rss_mb:6.0f} MB"
        )


# Runs a command and prints its wall time and the peak RSS of its largest process (workers included).
_MEASURED = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], check=True)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def write_articles(folder: Path, count: int, lang: str = "en") -> Path:
    """``count`` articles: generated English news texts, or (``zh``) five of the 200 Chinese news
    sentences shipped with align each, under a numbered headline."""
    folder.mkdir(parents=True, exist_ok=True)
    if lang == "zh":
        from align.bench.translate import default_sentences

        sentences = default_sentences()
    for n in range(count):
        if lang == "zh":
            body = "".join(sentences[(5 * n + k) % len(sentences)] for k in range(5))
            text = f"第{n + 1}号新闻\n\n{body}\n"
        else:
            text = ARTICLE.format(n=n + 1)
        (folder / f"article-{n:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def _home_with_model(root: Path, langs: tuple[str, str]) -> Path:
    """A fresh ALIGN_HOME holding the model in use: the installed one for ``langs``, else (en→ar)
    the tiny one."""
    from align.translate import installed_packages
    from align.translate.synthetic import build_tiny_package

    home = root / "home"
    found = [p for p in installed_packages() if (p.from_code, p.to_code) == langs]
    env = {**os.environ, "ALIGN_HOME": str(home)}
    env.pop("ARGOS_PACKAGES_DIR", None)
    if not found and langs != ("en", "ar"):
        raise InputError(
            f"no {langs[0]}-{langs[1]} model installed: align models install {langs[0]} {langs[1]}"
        )
    if found:
        home.mkdir(parents=True)
        (home / "packages").symlink_to(found[0].path.parent, target_is_directory=True)
    else:
        archive = build_tiny_package(root / "translate-en_ar-tiny.argosmodel")
        subprocess.run(
            [sys.executable, "-m", "align", "-q", "models", "install", str(archive)], env=env, check=True
        )
    return home


def _cold_home(home: Path, name: str) -> dict[str, str]:
    """The environment of a run with its own ALIGN_HOME: ``home``'s models, an empty cache."""
    run_home = home.parent / f"home-{name}"
    run_home.mkdir()
    if home.is_dir():
        for entry in home.iterdir():  # the model, not the cache: every engine starts cold
            if entry.name != "cache":
                (run_home / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    env = {**os.environ, "ALIGN_HOME": str(run_home)}
    env.pop("ARGOS_PACKAGES_DIR", None)
    return env


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of ``command`` and the peak RSS (MB) of its largest process."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command], env=env, check=True, capture_output=True, text=True
    )
    seconds, peak_kb = done.stdout.split()[-2:]
    return float(seconds), int(peak_kb) / 1024


_ALIGN = [sys.executable, "-m", "align", "-q", "corpus"]


def _engines(workers: int) -> dict[str, list[str]]:
    return {
        "--jobs 1": [],
        f"--jobs {workers}": ["--jobs", str(workers)],
        f"--dask local:{workers}": ["--dask", f"local:{workers}"],
    }


def _slug(name: str) -> str:
    return name.replace(" ", "").replace("-", "").replace(":", "")


def run(count: int = 200, workers: int = 2, chunk: int = 8, lang: str = "en") -> list[CorpusBenchResult]:
    """Time ``corpus add`` of ``count`` articles with each engine (see the module docstring); ``lang``
    ``zh``: Chinese articles through the installed zh→en model."""
    langs = ("zh", "en") if lang == "zh" else ("en", "ar")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        articles = write_articles(root / "articles", count, langs[0])
        home = _home_with_model(root, langs)
        for name, extra in _engines(workers).items():
            corpus = root / _slug(name)
            env = _cold_home(home, corpus.name)
            subprocess.run([*_ALIGN, "init", str(corpus)], env=env, check=True)
            command = [*_ALIGN, "add", str(corpus), str(articles), "--to", langs[1], "--chunk", str(chunk)]
            seconds, peak = _timed([*command, *extra], env)
            results.append(CorpusBenchResult(name, count, seconds, peak))
    return results


def write_pairs(gold: Path, folder: Path, count: int) -> int:
    """Up to ``count`` human-translated article pairs cut from the gold set ``gold`` (excerpts of
    about seven sentences), as ``folder/src/NAME`` and ``folder/tgt/NAME``; returns how many."""
    from align.bench.match import collection_from_gold

    collection = collection_from_gold(gold, size=7, drop=0.0)
    pairs = sorted(collection.truth.items())[:count]
    for side in ("src", "tgt"):
        (folder / side).mkdir(parents=True)
    for n, (s, t) in enumerate(pairs):
        name = f"article-{n:04d}.txt"
        (folder / "src" / name).write_text("\n".join(collection.sources[s]) + "\n", encoding="utf-8")
        (folder / "tgt" / name).write_text("\n".join(collection.targets[t]) + "\n", encoding="utf-8")
    return len(pairs)


def run_pairs(
    gold: Path, count: int = 200, workers: int = 2, chunk: int = 8, commands: int = 20
) -> list[CorpusBenchResult]:
    """Time adding ``count`` human-translated pairs (Text+Berg de-fr excerpts): ``commands`` separate
    ``corpus add-pair`` commands (their time scaled to ``count``), then one ``corpus add-pairs``
    with each engine; every run starts with an empty embedding cache."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = write_pairs(gold, root / "pairs", count)
        home = root / "home"
        env = _cold_home(home, "add-pair")
        corpus = root / "addpair"
        subprocess.run([*_ALIGN, "init", str(corpus)], env=env, check=True)
        names = sorted(p.name for p in (root / "pairs" / "src").iterdir())[:commands]
        seconds = peak = 0.0
        for name in names:
            src, tgt = root / "pairs" / "src" / name, root / "pairs" / "tgt" / name
            command = [*_ALIGN, "add-pair", str(corpus), str(src), str(tgt), "--from", "de", "--to", "fr"]
            took, rss = _timed([*command, "--presplit"], env)
            seconds, peak = seconds + took, max(peak, rss)
        label = f"{len(names)} add-pair x{count / len(names):.0f}"
        results.append(CorpusBenchResult(label, count, seconds * count / len(names), peak))
        for name, extra in _engines(workers).items():
            corpus = root / _slug(name)
            env = _cold_home(home, corpus.name)
            subprocess.run([*_ALIGN, "init", str(corpus)], env=env, check=True)
            command = [
                *_ALIGN,
                "add-pairs",
                str(corpus),
                str(root / "pairs" / "src"),
                str(root / "pairs" / "tgt"),
            ]
            command += ["--from", "de", "--to", "fr", "--presplit", "--chunk", str(chunk)]
            seconds, rss = _timed([*command, *extra], env)
            results.append(CorpusBenchResult(f"add-pairs {name}", count, seconds, rss))
    return results
