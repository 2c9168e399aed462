"""Scoring given 1-1 pairs, without search: a sentence-by-sentence machine translation pairs each
source sentence with its own translation, so each pair is a bead scored by the calibrated cosine of
the two, and every sentence outside the pairs is a null bead."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from align.align.config import AlignConfig
from align.align.model import BeadModel
from align.align.result import Alignment, score_warnings
from align.document import Sentence, as_sentences
from align.embed.base import Encoder, capped
from align.records import Bead
from align.segment import MAX_SENTENCE_CHARS


def score_links(
    encoder: Encoder,
    src: Sequence[Sentence | str],
    tgt: Sequence[Sentence | str],
    links: Sequence[tuple[int, int]],
    config: AlignConfig | None = None,
) -> Alignment:
    """Beads for the ``links`` (increasing ``(source, target)`` positions in ``src`` and ``tgt``)
    scored by ``encoder`` as the bead model of ``config`` scores 1-1 beads, null beads for the other
    sentences, and a warning when the median score is under the config's ``warn_below``; bead ids
    are the sentences' ``index``."""
    config = config or AlignConfig()
    src, tgt, links = as_sentences(src), as_sentences(tgt), list(links)
    if any(b[0] <= a[0] or b[1] <= a[1] for a, b in pairwise(links)) or any(
        not (0 <= i < len(src) and 0 <= j < len(tgt)) for i, j in links
    ):
        raise ValueError("links must be increasing (source, target) positions inside both documents")
    scores: list[float] = []
    if links:
        texts = capped([src[i].text for i, _ in links] + [tgt[j].text for _, j in links], MAX_SENTENCE_CHARS)
        vectors = encoder.encode(texts)
        scores = BeadModel.of(config, encoder.name).pair_scores(vectors[: len(links)], vectors[len(links) :])
    beads: list[Bead] = []
    i = j = 0
    for (li, lj), score in zip([*links, (len(src), len(tgt))], [*scores, 0.0], strict=True):
        beads += [Bead((src[k].index,), ()) for k in range(i, li)]
        beads += [Bead((), (tgt[k].index,)) for k in range(j, lj)]
        if li < len(src):
            beads.append(Bead((src[li].index,), (tgt[lj].index,), score))
        i, j = li + 1, lj + 1
    result = Alignment(beads, len(src), len(tgt))
    result.warnings = score_warnings(result, config.warn_below, machine=True)
    return result
