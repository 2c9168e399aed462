"""Offline language identification (py3langid ships its model; nothing is downloaded)."""

from __future__ import annotations

from functools import lru_cache

from align.errors import InputError

_MIN_CONFIDENCE = 0.6


_PASS_IT = "pass it with --from (and --to for the translation in align pair)"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, source: str = "input") -> str:
    """ISO 639-1 code of ``text``; raises when the text is too short or ambiguous to tell."""
    sample = text[:5000]
    if len(sample.strip()) < 20:
        raise InputError(f"{source}: too little text to detect its language; {_PASS_IT}")
    lang, prob = _identifier().classify(sample)
    if prob < _MIN_CONFIDENCE:
        raise InputError(f"{source}: cannot tell the language reliably; {_PASS_IT}")
    return str(lang)
