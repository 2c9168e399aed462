"""The memo encoder: texts known up front encoded in one call, the rest passed through."""

from __future__ import annotations

import numpy as np

from align.embed.memo import MemoEncoder


class Counting:
    name = "counting-v1"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_known_texts_are_encoded_once_in_one_call_and_others_on_demand() -> None:
    inner = Counting()
    memo = MemoEncoder(inner, ["a", "bb", "a"])
    assert inner.calls == [["a", "bb"]] and memo.name == "counting-v1"
    out = memo.encode(["bb", "ccc", "a", "ccc"])
    assert inner.calls[1:] == [["ccc"]]  # only the unknown text, once
    assert out[:, 0].tolist() == [2, 3, 1, 3]


def test_no_texts_means_no_call() -> None:
    inner = Counting()
    MemoEncoder(inner, [])
    assert inner.calls == []
