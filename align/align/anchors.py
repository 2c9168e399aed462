"""Anchor agreement between sentence groups: numbers and names, signals that survive translation.

Each span gets a set of anchors from its sentences. Numbers (Unicode digits mapped to ASCII,
separators dropped) agree by ``2 * Jaccard - 1`` when both spans have some: disjoint figures are
evidence against a pair. Names (capitalised Latin-script words, accents folded) only reward
overlap (``Jaccard``), since names are often transliterated or dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import numpy as np
from scipy import sparse

_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c\u202f ]\d+)*")
_NAME = re.compile(r"\b[A-Z][A-Za-z\u00c0-\u024f'-]{3,}")


def numbers_in(text: str) -> set[str]:
    """Numbers as digit strings (``8 847,60`` → ``884760``); single digits are ignored."""
    found = set()
    for match in _NUMBER.finditer(text):
        digits = "".join(str(unicodedata.digit(ch)) for ch in match.group() if ch.isdigit())
        if len(digits) > 1:
            found.add(digits.lstrip("0") or "0")
    return found


def names_in(text: str) -> set[str]:
    """Capitalised words of four or more letters, accents folded and lower-cased."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return {m.group().lower() for m in _NAME.finditer(folded)}


class AnchorAgreement:
    """Block-wise anchor agreement for spans of up to ``max_merge`` sentences on each side."""

    def __init__(
        self,
        src: list[str],
        tgt: list[str],
        max_merge: int,
        extract: Callable[[str], set[str]] = numbers_in,
        penalize_disjoint: bool = True,
    ) -> None:
        src_sets, tgt_sets = [extract(s) for s in src], [extract(t) for t in tgt]
        vocabulary = {x: k for k, x in enumerate(sorted(set().union(*src_sets, *tgt_sets)))}
        self.active = bool(vocabulary)
        self.penalize_disjoint = penalize_disjoint
        self.src = [self._spans(src_sets, vocabulary, a) for a in range(1, max_merge + 1)]
        self.tgt = [self._spans(tgt_sets, vocabulary, a) for a in range(1, max_merge + 1)]

    @staticmethod
    def _spans(sets: list[set[str]], vocabulary: dict[str, int], a: int) -> sparse.csr_matrix:
        rows = [s for s, items in enumerate(sets) for _ in items]
        cols = [vocabulary[x] for items in sets for x in items]
        single = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(sets), max(1, len(vocabulary)))
        )
        count = len(sets) - a + 1
        if count <= 0:
            return sparse.csr_matrix((0, single.shape[1]), dtype=np.float32)
        total = sum(single[k : k + count] for k in range(a))
        total.data[:] = 1.0
        return sparse.csr_matrix(total)

    def block(self, rows: np.ndarray, cols: np.ndarray, a: int, b: int) -> np.ndarray:
        """Agreement for beads ``(a, b)`` ending at nodes ``rows x cols`` (0 where undefined)."""
        out = np.zeros((len(rows), len(cols)), dtype=np.float32)
        if not self.active:
            return out
        rs, cs = rows - a, cols - b
        ri = np.nonzero((rs >= 0) & (rs < self.src[a - 1].shape[0]))[0]
        ci = np.nonzero((cs >= 0) & (cs < self.tgt[b - 1].shape[0]))[0]
        if not len(ri) or not len(ci):
            return out
        u, v = self.src[a - 1][rs[ri]], self.tgt[b - 1][cs[ci]]
        inter = (u @ v.T).toarray()
        nu = np.asarray(u.sum(axis=1)).ravel()[:, None]
        nv = np.asarray(v.sum(axis=1)).ravel()[None, :]
        jaccard = inter / np.maximum(nu + nv - inter, 1)
        both = (nu > 0) & (nv > 0)
        agreement = np.where(both, 2 * jaccard - 1, 0.0) if self.penalize_disjoint else jaccard
        out[np.ix_(ri, ci)] = agreement
        return out
