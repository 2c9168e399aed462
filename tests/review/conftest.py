"""A small en-ar corpus with hostile text for the review tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.corpus import CorpusStore
from align.document import Document
from align.records import Bead, TranslationUnit
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
    ids = [(0,), (1,), (2,), (3,), (4, 5)]  # the last pair holds two sentences on each side
    units = [
        TranslationUnit("news", "en", "ar", s, t, Bead(k, k, score), "human", status)
        for k, (s, t, score, status) in zip(ids, PAIRS, strict=True)
    ]
    with store.transaction():
        store.add_pairs(store.add_document(document, segment_document(document)), units)
    store.close()
    return path
