"""Sentence segmentation: per-language splitting, abbreviation repair, paragraph awareness."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.ingest import read_document
from align.segment import segment_document, segment_paragraphs, split_sentences


def test_seed_article(seed_path: Path) -> None:
    doc = read_document(seed_path, "en")
    sentences = segment_document(doc)
    assert 25 <= len(sentences) <= 45
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for s in sentences:
        assert s.text in doc.paragraphs[s.paragraph], "a sentence crossed a paragraph boundary"
    texts = [s.text for s in sentences]
    assert not any(t in ("US", "U.S.", "al-", "Saadi") or t.endswith(" al-") for t in texts)
    assert any("Abu Baqir al-Saadi, a top commander" in t for t in texts)
    assert any(t.startswith("The US vowed to continue") for t in texts)
    assert any(t.endswith('"threatens our forces\' safety."') for t in texts)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "U.S. forces struck Baghdad on Wednesday. Dr. Smith met Mr. Jones at 3 p.m. on Friday. "
            'He said: "It is over." Then he left.',
            [
                "U.S. forces struck Baghdad on Wednesday.",
                "Dr. Smith met Mr. Jones at 3 p.m. on Friday.",
                'He said: "It is over."',
                "Then he left.",
            ],
        ),
        (
            "ar",
            "قال د. أحمد إن الحكومة ستعمل على ذلك. وأضاف أن القوات ستنسحب! هل هذا صحيح؟ نعم، قال م. علي.",
            [
                "قال د. أحمد إن الحكومة ستعمل على ذلك.",
                "وأضاف أن القوات ستنسحب!",
                "هل هذا صحيح؟",
                "نعم، قال م. علي.",
            ],
        ),
        (
            "fr",
            "M. Dupont est arrivé hier. Il a dit « bonjour » à tous. Etc. est une abréviation.",
            ["M. Dupont est arrivé hier.", "Il a dit « bonjour » à tous.", "Etc. est une abréviation."],
        ),
        (
            "de",
            "Dr. Müller kam am 3. Oktober nach Berlin. Er blieb z.B. drei Tage. Dann fuhr er weiter.",
            ["Dr. Müller kam am 3. Oktober nach Berlin.", "Er blieb z.B. drei Tage.", "Dann fuhr er weiter."],
        ),
        (
            "es",
            "El Sr. García llegó ayer. ¿Vendrá mañana? ¡Claro que sí!",
            ["El Sr. García llegó ayer.", "¿Vendrá mañana?", "¡Claro que sí!"],
        ),
        (
            "ru",
            "Он приехал в Москву. Встреча прошла успешно! Что дальше?",
            ["Он приехал в Москву.", "Встреча прошла успешно!", "Что дальше?"],
        ),
        (
            "zh",
            "今天天气很好。我们去公园散步吧！你觉得怎么样？",
            ["今天天气很好。", "我们去公园散步吧！", "你觉得怎么样？"],
        ),
    ],
)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_stray_closing_quote_is_reattached() -> None:
    assert split_sentences('He said "it threatens our safety." Then he left.', "en") == [
        'He said "it threatens our safety."',
        "Then he left.",
    ]


def test_sentences_never_cross_paragraphs() -> None:
    sentences = segment_paragraphs(["First part without a stop", "second part. And more."], "en")
    assert [(s.paragraph, s.text) for s in sentences] == [
        (0, "First part without a stop"),
        (1, "second part."),
        (1, "And more."),
    ]


def test_region_subtags_use_base_language() -> None:
    assert split_sentences("Hello there. Bye now.", "en-GB") == ["Hello there.", "Bye now."]


def test_overlong_sentences_are_cut_into_pieces() -> None:
    from align.segment import MAX_SENTENCE_CHARS, split_sentences

    run_on = "word " * 1000 + "end"  # 5,000 characters without a full stop
    pieces = split_sentences(run_on, "en")
    assert len(pieces) == 3 and all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces) == run_on.strip()
    chinese = "字" * 4500
    assert [len(p) for p in split_sentences(chinese, "zh")] == [2000, 2000, 500]
