"""Input size and line length are bounded: a huge file is refused early, a huge line is cut for the
encoder (with a warning) instead of taking gigabytes."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from align.align import AlignConfig, Aligner
from align.cli import main
from align.segment import MAX_SENTENCE_CHARS


def test_oversized_input_is_refused_before_reading_it_all(tmp_path: Path, capsys, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**2)  # sparse: costs nothing
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "1")
    assert main(["segment", str(big), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "over the 1 MB limit" in err[0] and "--max-input-mb" in err[0]


def test_the_limit_can_be_raised(tmp_path: Path, capsys, monkeypatch) -> None:
    text = tmp_path / "article.txt"
    text.write_text("Title\n\n" + "A sentence of the article. " * 60_000)  # about 1.6 MB
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "1")
    assert main(["segment", str(text), "--lang", "en"]) == 2
    capsys.readouterr()
    assert main(["--max-input-mb", "5", "segment", str(text), "--lang", "en"]) == 0


class _Spy:
    """A deterministic encoder that records the longest text it is given."""

    name = "spy"

    def __init__(self) -> None:
        self.longest = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.longest = max([self.longest, *map(len, texts)])
        return np.tile(np.eye(1, 8, dtype=np.float32), (len(texts), 1))


def test_a_two_megabyte_line_is_cut_for_the_encoder(caplog: pytest.LogCaptureFixture) -> None:
    """A 2 MB line once took 7.3 GB and 97 s inside the encoder; the aligner cuts each sentence to
    ``MAX_SENTENCE_CHARS`` first, so no text it encodes (a span of ``max_merge`` of them) is longer."""
    spy = _Spy()
    line = "word " * 400_000  # one 2 MB line, as in a malformed or minified input
    with caplog.at_level(logging.WARNING):
        result = Aligner(spy).align(["A short sentence.", line], ["Une phrase courte.", line], "en", "fr")
    assert len(result.beads) >= 1
    assert 0 < spy.longest <= AlignConfig().max_merge * (MAX_SENTENCE_CHARS + 1)
    assert "were cut to that length" in caplog.text


def test_capped_texts_warn(caplog: pytest.LogCaptureFixture) -> None:
    from align.embed.base import capped

    with caplog.at_level(logging.WARNING):
        assert capped(["x" * 30, "short"], 10) == ["x" * 10, "short"]
    assert "1 text(s) over 10 characters" in caplog.text
