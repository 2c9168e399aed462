"""Batched translation vs argostranslate's own per-paragraph ``translate()``, same model and text.

argostranslate splits paragraphs with stanza/minisbd, which download models at run time; for an
offline comparison its sentencizer is replaced by the project's splitter, so both sides see the
same sentences and everything else (tokenizer, CTranslate2 calls, decoding) is argostranslate's.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from importlib import resources

from align.segment import split_sentences
from align.translate import DecodeOptions, Translator
from align.translate.packages import find_route


@dataclass
class TranslateBenchResult:
    sentences: int
    paragraphs: int
    baseline_s: float
    batched_s: float
    differing_paragraphs: int
    differing_sentences: int
    examples: list[tuple[str, str]]

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.batched_s

    def report(self) -> str:
        return (
            f"sentences={self.sentences} paragraphs={self.paragraphs}\n"
            f"argostranslate.translate per paragraph: {self.baseline_s:.2f} s "
            f"({self.sentences / self.baseline_s:.1f} sentences/s)\n"
            f"align batched: {self.batched_s:.2f} s ({self.sentences / self.batched_s:.1f} sentences/s)\n"
            f"speed-up: {self.ratio:.2f}x; paragraphs with different output: "
            f"{self.differing_paragraphs}/{self.paragraphs}; sentences whose batched translation differs "
            f"from the same sentence decoded alone (as argostranslate decodes it): "
            f"{self.differing_sentences}/{self.sentences}"
        )


def default_sentences() -> list[str]:
    """The 200 Chinese news sentences shipped with align."""
    text = resources.files("align.bench").joinpath("data/zh_news_200.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def _argos_translate(source: str, target: str):
    """argostranslate's ``translate`` with its sentencizer swapped for the project's splitter."""
    package_dir = find_route(source, target)[0].path.parent
    previous = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(package_dir)  # read when argostranslate is first imported
    try:
        import argostranslate.settings
        import argostranslate.translate as argos
    finally:  # and only then: the rest of the process keeps its own setting
        if previous is None:
            os.environ.pop("ARGOS_PACKAGES_DIR", None)
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = previous
    # Imported earlier (by the model tools), it kept the folder of that time: name this one.
    argostranslate.settings.package_dirs = [package_dir]

    # argostranslate sets its own logger to INFO and logs every call: keep it quiet (and fair).
    logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)

    class Sentencizer:
        def __init__(self, pkg) -> None:
            self.lang = pkg.from_code

        def split_sentences(self, text: str) -> list[str]:
            return split_sentences(text, self.lang)

    for name in ("StanzaSentencizer", "MiniSBDSentencizer", "SpacySentencizerSmall"):
        setattr(argos, name, Sentencizer)
    argos.get_installed_languages.cache_clear()
    return argos.translate


def run(
    sentences: list[str] | None = None, source: str = "zh", target: str = "en", per_paragraph: int = 4
) -> TranslateBenchResult:
    """Translate the same paragraphs both ways (models warmed up first) and compare."""
    sentences = sentences or default_sentences()
    paragraphs = ["".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]
    argos_translate = _argos_translate(source, target)
    translator = Translator(source, target)
    argos_translate(paragraphs[0], source, target)
    translator.translate(split_sentences(paragraphs[0], source))

    start = time.perf_counter()
    baseline = [argos_translate(p, source, target) for p in paragraphs]
    baseline_s = time.perf_counter() - start

    start = time.perf_counter()
    split = [split_sentences(p, source) for p in paragraphs]
    flat = translator.translate([s for group in split for s in group])
    batched, offset = [], 0
    for group in split:
        batched.append(" ".join(flat[offset : offset + len(group)]))
        offset += len(group)
    batched_s = time.perf_counter() - start

    differing = [
        i for i, (a, b) in enumerate(zip(baseline, batched, strict=True)) if " ".join(a.split()) != b
    ]
    # Where paragraphs differ, decode each sentence alone to count sentence-level differences.
    alone = Translator(source, target, DecodeOptions(batch_tokens=1))
    starts = [sum(len(g) for g in split[:i]) for i in range(len(split))]
    changed = 0
    for i in differing:
        single = [alone.translate([s])[0] for s in split[i]]
        changed += sum(
            a != b for a, b in zip(single, flat[starts[i] : starts[i] + len(split[i])], strict=True)
        )
    total = sum(len(group) for group in split)
    examples = [(baseline[i], batched[i]) for i in differing[:3]]
    return TranslateBenchResult(
        total, len(paragraphs), baseline_s, batched_s, len(differing), changed, examples
    )
