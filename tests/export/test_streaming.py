"""Exports stream: `corpus export` of 200k units holds a bounded number of them at any time."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import pytest

from align.corpus import CorpusStore
from align.document import Document
from align.records import Bead, TranslationUnit


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


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["tmx", "jsonl"])
def test_export_memory_is_flat(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not measured: the units alive while the export writes (RSS depends on the machine)."""
    import align.cli.corpus as corpus_cli
    from align.cli import main

    large = corpus_with(tmp_path / "large", 200_000)
    alive: list[int] = []
    real = corpus_cli.write_units

    def counted(units):  # type: ignore[no-untyped-def]
        for k, unit in enumerate(units, 1):
            if k % 20_000 == 0:
                gc.collect()
                with warnings.catch_warnings():  # isinstance touches deprecated module proxies
                    warnings.simplefilter("ignore")
                    alive.append(sum(isinstance(o, TranslationUnit) for o in gc.get_objects()))
            yield unit

    monkeypatch.setattr(corpus_cli, "write_units", lambda units, *a, **kw: real(counted(units), *a, **kw))
    out = tmp_path / f"large.{fmt}"
    assert (
        main(["-q", "corpus", "export", str(large), "--pair", "en-ar", "--format", fmt, "-o", str(out)]) == 0
    )
    assert len(alive) >= 9, alive  # sampled all the way through the 200,000 units
    assert max(alive) < 5_000, alive  # never the corpus: a bounded window of rows
