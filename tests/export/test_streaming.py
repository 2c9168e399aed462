"""Exports stream: peak memory of `corpus export` does not grow with the corpus (20k vs 200k units)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from align.corpus import CorpusStore
from align.document import Document
from align.records import Bead, TranslationUnit

MEASURED = (
    "import resource, sys\n"
    "from align.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def corpus_with(path: Path, units: int, per_document: int = 100) -> Path:
    store = CorpusStore(path / "corpus.db", create=True)
    for d in range(units // per_document):
        document = Document(f"article-{d}", f"Article {d}", "en", [f"Article {d}."])
        rows = [
            TranslationUnit(
                document.id,
                "en",
                "ar",
                f"Sentence {i} of article {d}, long enough to weigh something in memory.",
                f"الجملة {i} من المقال {d}، طويلة بما يكفي لتزن شيئا في الذاكرة.",
                Bead((i,), (i,), 0.8),
            )
            for i in range(per_document)
        ]
        with store.transaction():
            store.add_pairs(store.add_document(document, []), rows)
    store.close()
    return path


def peak_rss_mb(corpus: Path, fmt: str, out: Path) -> float:
    args = ["corpus", "export", str(corpus), "--pair", "en-ar", "--format", fmt, "-o", str(out)]
    done = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True, check=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["tmx", "jsonl"])
def test_export_memory_is_flat(tmp_path: Path, fmt: str) -> None:
    small = corpus_with(tmp_path / "small", 20_000)
    large = corpus_with(tmp_path / "large", 200_000)
    rss_small = peak_rss_mb(small, fmt, tmp_path / f"small.{fmt}")
    rss_large = peak_rss_mb(large, fmt, tmp_path / f"large.{fmt}")
    # Holding 200k units would take well over 100 MB more than holding 20k.
    assert rss_large - rss_small < 25, (rss_small, rss_large)
    assert (tmp_path / f"large.{fmt}").stat().st_size > 9 * (tmp_path / f"small.{fmt}").stat().st_size
    print(f"{fmt}: peak RSS {rss_small:.0f} MB at 20k units, {rss_large:.0f} MB at 200k")
