"""Offline language identification."""

import pytest

from align.errors import InputError
from align.ingest.langid import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government said on Thursday that the talks would continue next week.", "en"),
        ("قالت الحكومة يوم الخميس إن المحادثات ستستمر الأسبوع المقبل.", "ar"),
        ("Le gouvernement a déclaré jeudi que les discussions se poursuivraient.", "fr"),
        ("Die Regierung erklärte am Donnerstag, die Gespräche würden fortgesetzt.", "de"),
        ("政府周四表示，会谈将于下周继续进行。双方都表示满意。", "zh"),
    ],
)
def test_detects_common_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_rejects_too_short_text() -> None:
    with pytest.raises(InputError):
        detect_language("ok")
