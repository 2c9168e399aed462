"""Translation units from an alignment: each bead with its texts (the record is :mod:`align.records`)."""

from __future__ import annotations

from align.align import Alignment
from align.document import Sentence
from align.languages import sentence_joiner
from align.records import FLAG_BELOW, Status, TranslationUnit


def join_sentences(sentences: list[str], lang: str) -> str:
    """Join a bead's sentences: a space between them, none for Chinese, Japanese and Thai."""
    return sentence_joiner(lang).join(s.strip() for s in sentences if s.strip())


def units_from_alignment(
    alignment: Alignment,
    src: list[Sentence],
    tgt: list[Sentence],
    document: str,
    langs: tuple[str, str],
    origin: str = "human",
    flag_below: float = FLAG_BELOW,
) -> list[TranslationUnit]:
    """One unit per bead, in document order (bead ids are the sentences' ``index``); pairs scoring
    under ``flag_below`` are ``flagged``."""
    src_text = {s.index: s.text for s in src}
    tgt_text = {s.index: s.text for s in tgt}
    src_lang, tgt_lang = langs
    return [
        TranslationUnit(
            document=document,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            source=join_sentences([src_text[i] for i in bead.src], src_lang),
            target=join_sentences([tgt_text[j] for j in bead.tgt], tgt_lang),
            bead=bead,
            origin=origin,
            status=Status.FLAGGED if not bead.is_null and bead.score < flag_below else Status.AUTO,
        )
        for bead in alignment.beads
    ]
