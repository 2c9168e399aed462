"""A small en-ar corpus with hostile text for the review tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.corpus import CorpusStore
from align.document import Document
from align.export import TranslationUnit
from align.segment import segment_document

PAIRS = [
    ("The government resigned on Monday.", "استقالت الحكومة يوم الاثنين.", 0.91, "auto"),
    ("<script>window.__xss = 1</script> Officials said nothing.", "لم يقل المسؤولون شيئا.", 0.42, "flagged"),
    ("Parliament will vote next week.", "سيصوت البرلمان الأسبوع المقبل.", 0.88, "auto"),
    ("Prices rose by five percent.", "ارتفعت الأسعار بنسبة خمسة في المئة.", 0.35, "flagged"),
    (
        "The talks resumed in Geneva. Both sides reported progress.",
        "استؤنفت المحادثات في جنيف. وأفاد الجانبان بإحراز تقدم.",
        0.8,
        "auto",
    ),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpora" / "news" / "corpus.db"
    store = CorpusStore(path, create=True)
    document = Document("news", "News", "en", [s for s, *_ in PAIRS])
    units = [
        TranslationUnit("news", "en", "ar", s, t, score, (i,), (i,), "human", status)
        for i, (s, t, score, status) in enumerate(PAIRS)
    ]
    with store.transaction():
        store.add_pairs(store.add_document(document, segment_document(document)), units)
    store.close()
    return path
