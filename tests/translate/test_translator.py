"""Batched translation through the real code path: tiny en→ar, real zh→en, zh→en→ar pivot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.document import Document
from align.translate import Translator, read_translation, write_translation
from align.translate.synthetic import FIXED_ARABIC

CHINESE = (
    "中国政府周四表示，将继续推进与美国的贸易谈判。"
    "双方官员在北京举行了会谈。"
    "外交部发言人说，会谈取得了积极进展。"
)


def test_tiny_model_is_deterministic(with_tiny_model: Path) -> None:
    translator = Translator("en", "ar")
    out = translator.translate(["Hello.", "The government said the talks would continue.", "", "Hello."])
    assert out == [FIXED_ARABIC, FIXED_ARABIC, "", FIXED_ARABIC]
    assert translator.origin == "mt:translate-en_ar-0_1"


def test_real_zh_en_model_is_fluent(with_models: Path) -> None:
    document = Document("zh-news", "新闻", "zh", [CHINESE])
    result = Translator("zh", "en").translate_document(document)
    assert len(result.pairs) == 3
    english = " ".join(p.translation for p in result.pairs).lower()
    for word in (
        "chinese",
        "government",
        "thursday",
        "trade",
        "united states",
        "beijing",
        "talks",
        "progress",
    ):
        assert word in english, (word, english)
    assert "\u2581" not in english
    assert all(p.translation[:1].isupper() and p.translation.endswith(".") for p in result.pairs)


def test_pivot_goes_through_both_packages(with_models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.translate import translator as module

    seen: list[tuple[str, list[str]]] = []
    original = module._Model.translate

    def spy(self, sentences, options):  # type: ignore[no-untyped-def]
        outputs = original(self, sentences, options)
        seen.append((self.package.pair, outputs))
        return outputs

    monkeypatch.setattr(module._Model, "translate", spy)
    translator = Translator("zh", "ar")
    assert translator.translate(["中国政府周四表示，将继续推进贸易谈判。"]) == [FIXED_ARABIC]
    assert [pair for pair, _ in seen] == ["zh-en", "en-ar"]
    assert "Chinese" in seen[0][1][0]
    assert translator.origin == "mt:translate-zh_en-1_9+translate-en_ar-0_1"


def test_document_output_keeps_paragraphs(with_tiny_model: Path, tmp_path: Path, seed_path: Path) -> None:
    from align.ingest import read_document

    document = read_document(seed_path, "en")
    result = Translator("en", "ar").translate_document(document)
    text_path, jsonl_path = write_translation(result, tmp_path)[:2]
    assert text_path.name == "iraq-coalition-2024-02-08.ar.txt"
    paragraphs = text_path.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(paragraphs) == len(document.paragraphs)
    records = [json.loads(line) for line in jsonl_path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(result.pairs) >= 25
    assert [r["sentence"] for r in records] == list(range(len(records)))
    assert {r["translation"] for r in records} == {FIXED_ARABIC}
    reread = read_translation(jsonl_path)
    assert reread.pairs == result.pairs and reread.target == "ar" and reread.document.lang == "en"


@pytest.mark.slow
def test_translation_does_not_depend_on_batch_neighbours(with_models: Path) -> None:
    from align.bench.translate import default_sentences

    sentences = default_sentences()[:24]
    translator = Translator("zh", "en")
    batched = translator.translate(sentences)
    assert batched == [translator.translate([s])[0] for s in sentences]


def test_translate_from_stdin_writes_to_stdout(with_tiny_model: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from align.translate.synthetic import FIXED_ARABIC

    done = subprocess.run(
        [sys.executable, "-m", "align", "translate", "-", "--from", "en", "--to", "ar"],
        input="The talks resumed on Monday in Geneva.\n\nBoth sides reported progress.\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(FIXED_ARABIC) == 2 and "\n\n" in done.stdout
    assert "2 sentences" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file written


def _translate_stdin(args: list[str], data: str, cwd: Path):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "align", "translate", "-", "--from", "en", *args],
        input=data,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=120,
    )


PAGE = (
    "<!doctype html><html lang='en'><head><title>Talks resume</title></head><body><article>"
    "<h1>Talks resume</h1><p>The talks resumed on Monday in Geneva.</p>"
    "<p>Both sides reported progress on the ceasefire.</p></article></body></html>"
)


def test_an_html_page_on_stdin_comes_back_as_a_page(with_tiny_model: Path, tmp_path: Path) -> None:
    """A filter gives the translation in the input's own format, as files do: HTML in, HTML out."""
    from lxml import html

    from align.translate.synthetic import FIXED_ARABIC

    done = _translate_stdin(["--to", "ar"], PAGE, tmp_path)
    assert done.returncode == 0, done.stderr
    page = html.fromstring(done.stdout.encode("utf-8"))
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    assert [p.text_content() for p in page.iter("p")] == [FIXED_ARABIC, FIXED_ARABIC]
    assert list(tmp_path.iterdir()) == []


def test_stdout_holds_one_translation_of_a_page(with_tiny_model: Path, tmp_path: Path) -> None:
    done = _translate_stdin(["--to", "ar,fr"], PAGE, tmp_path)
    assert done.returncode == 2
    assert "standard output holds one translation of a html input" in done.stderr
    assert done.stdout == "" and list(tmp_path.iterdir()) == []
