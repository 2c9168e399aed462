"""The records that flow out of alignment, defined once: beads, review statuses, units, stored pairs.

A :class:`Bead` is what the aligner finds (sentence ids and a score); a :class:`TranslationUnit` is a
bead with its texts and provenance, what every export format writes; a :class:`StoredPair` is a unit
as the corpus store keeps it, with its row id and the reviewer's edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from align.errors import InputError

# The longest text one side of a stored unit may hold: a bead has at most 8 sentences (MAX_BEAD_SIDE)
# of at most 2,000 characters (MAX_SENTENCE_CHARS), joined by spaces. Review edits and shard rows
# are held to it too.
MAX_UNIT_CHARS = 16_008
# Pairs scoring under this are marked flagged for review: about the lowest-scoring tenth of correct
# pairs on Text+Berg dev (calibrated scores).
FLAG_BELOW = 0.5


@dataclass(frozen=True)
class Skipped:
    """An input left out of a batch, and why (one line)."""

    name: str
    reason: str

    @classmethod
    def of(cls, name: str, error: Exception) -> Skipped:
        """The input ``name`` skipped for ``error`` (its message on one line, without the name)."""
        return cls(name, " ".join(str(error).split()).removeprefix(f"{name}: "))


class Status(StrEnum):
    """Review state of a unit. ``auto`` and ``flagged`` come from the aligner (``flagged``: a low
    score), the others from a reviewer."""

    AUTO = "auto"
    FLAGGED = "flagged"
    APPROVED = "approved"
    REJECTED = "rejected"
    EDITED = "edited"

    @classmethod
    def parse(cls, text: str) -> Status:
        """The status named ``text``; an :class:`InputError` listing the statuses otherwise."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise InputError(f"unknown status '{text}' (use {', '.join(cls)})") from None

    @classmethod
    def exportable(cls) -> tuple[Status, ...]:
        """Every status but ``rejected``: what an export takes unless told otherwise."""
        return tuple(s for s in cls if s is not cls.REJECTED)


@dataclass(frozen=True)
class Bead:
    """Source sentence ids ``src`` aligned to target ids ``tgt`` (0-based), score in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        """``"2-1"`` style bead type."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        """True for 1-0 and 0-1 beads (a sentence without counterpart)."""
        return not self.src or not self.tgt


@dataclass(frozen=True)
class TranslationUnit:
    """One aligned bead with its texts (sentences joined) and provenance."""

    document: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    bead: Bead
    origin: str = "human"
    status: Status = Status.AUTO

    @property
    def score(self) -> float:
        return self.bead.score

    @property
    def src_ids(self) -> tuple[int, ...]:
        return self.bead.src

    @property
    def tgt_ids(self) -> tuple[int, ...]:
        return self.bead.tgt

    @property
    def kind(self) -> str:
        return self.bead.kind

    @property
    def is_null(self) -> bool:
        return self.bead.is_null

    def as_dict(self) -> dict:
        """Plain JSON-ready fields (the bead as ``kind``, ``score``, ``src_ids``, ``tgt_ids``)."""
        return {
            "document": self.document,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "source": self.source,
            "target": self.target,
            "score": self.score,
            "src_ids": list(self.src_ids),
            "tgt_ids": list(self.tgt_ids),
            "origin": self.origin,
            "status": str(self.status),
            "bead": self.kind,
        }


@dataclass(frozen=True, kw_only=True)
class StoredPair(TranslationUnit):
    """A unit as the corpus store keeps it: row id, the reviewer's edit and note, last change."""

    id: int
    edited_text: str | None = None
    note: str | None = None
    updated_at: str = ""

    @property
    def final_target(self) -> str:
        """The reviewer's edit when there is one, else the aligned target text."""
        return self.edited_text if self.edited_text is not None else self.target

    def as_unit(self) -> TranslationUnit:
        """The unit to export: the final target text, without the store's bookkeeping."""
        return TranslationUnit(
            self.document,
            self.src_lang,
            self.tgt_lang,
            self.source,
            self.final_target,
            self.bead,
            self.origin,
            self.status,
        )
