"""Translation units: aligned bead texts with the metadata every export format draws from."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from align.align import Alignment
from align.document import sentence_joiner

STATUSES = ("auto", "flagged", "approved", "rejected", "edited")


@dataclass(frozen=True)
class TranslationUnit:
    """One aligned bead: source and target text (sentences joined), score and provenance."""

    document: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    score: float
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    origin: str = "human"
    status: str = "auto"

    @property
    def bead(self) -> str:
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"

    @property
    def is_null(self) -> bool:
        return not self.src_ids or not self.tgt_ids

    def as_dict(self) -> dict:
        data = asdict(self)
        data["bead"] = self.bead
        data["src_ids"], data["tgt_ids"] = list(self.src_ids), list(self.tgt_ids)
        return data


def join_sentences(sentences: list[str], lang: str) -> str:
    """Join a bead's sentences: a space between them, none for Chinese, Japanese and Thai."""
    return sentence_joiner(lang).join(s.strip() for s in sentences if s.strip())


def units_from_alignment(
    alignment: Alignment,
    src: list[str],
    tgt: list[str],
    document: str,
    src_lang: str,
    tgt_lang: str,
    origin: str = "human",
    flag_below: float = 0.5,
) -> list[TranslationUnit]:
    """One unit per bead, in document order; pairs scoring under ``flag_below`` are ``flagged``."""
    units = []
    for bead in alignment.beads:
        status = "flagged" if not bead.is_null and bead.score < flag_below else "auto"
        units.append(
            TranslationUnit(
                document=document,
                src_lang=src_lang,
                tgt_lang=tgt_lang,
                source=join_sentences([src[i] for i in bead.src], src_lang),
                target=join_sentences([tgt[j] for j in bead.tgt], tgt_lang),
                score=bead.score,
                src_ids=bead.src,
                tgt_ids=bead.tgt,
                origin=origin,
                status=status,
            )
        )
    return units
