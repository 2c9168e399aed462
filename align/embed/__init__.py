"""Embedding stage: sentence encoders behind one interface, with an on-disk cache."""

from __future__ import annotations

from functools import lru_cache

from align.embed.base import Encoder, normalize
from align.embed.cache import CachedEncoder
from align.embed.e5 import E5_LANGUAGES
from align.embed.muse import MUSE_LANGUAGES, MuseEncoder
from align.errors import InputError
from align.languages import base_language

DEFAULT_ST_MODEL = "sentence-transformers/LaBSE"
ENSEMBLE = "muse+e5"
# Weight on e5 in the ensemble (chosen by cross-validation: docs/experiments.md).
ENSEMBLE_WEIGHT = 0.2

__all__ = [
    "DEFAULT_ST_MODEL",
    "CachedEncoder",
    "Encoder",
    "MuseEncoder",
    "load_encoder",
    "normalize",
    "resolve_encoder_name",
]


def resolve_encoder_name(spec: str, langs: tuple[str, ...]) -> str:
    """``auto`` → ``muse`` when multilingual USE covers every language, else ``e5`` when
    multilingual-e5 does; both work offline. Other languages need a model named explicitly.
    ``muse+e5`` (both together: more accurate, and as slow as e5) needs languages USE covers."""
    if spec == "auto":
        codes = [base_language(lang) for lang in langs if lang]
        if all(code in MUSE_LANGUAGES for code in codes):
            return "muse"
        if all(code in E5_LANGUAGES for code in codes):
            return "e5"
        missing = ", ".join(sorted({c for c in codes if c not in E5_LANGUAGES}))
        raise InputError(
            f"no offline encoder covers {missing}: pass --encoder st:PATH (a sentence-transformers "
            f"model folder, e.g. LaBSE) or --encoder st:{DEFAULT_ST_MODEL} on a connected machine"
        )
    if spec == ENSEMBLE:
        uncovered = sorted({base_language(lang) for lang in langs if lang} - MUSE_LANGUAGES)
        if uncovered:
            raise InputError(
                f"--encoder {ENSEMBLE} needs languages multilingual USE covers, not {', '.join(uncovered)}"
            )
        return spec
    if spec in ("muse", "e5") or (spec.startswith("st:") and len(spec) > 3):
        return spec
    raise InputError(f"unknown encoder '{spec}' (use auto, muse, e5, {ENSEMBLE} or st:<model name or path>)")


@lru_cache(maxsize=4)
def _load(name: str) -> Encoder:
    if name == "muse":
        return MuseEncoder()
    if name == "e5":
        from align.embed.e5 import E5Encoder

        return E5Encoder()
    from align.embed.st import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name[3:])


def load_encoder(spec: str = "auto", langs: tuple[str, ...] = (), cache: bool = True) -> Encoder:
    """Load an encoder by spec (``auto``, ``muse``, ``e5``, ``muse+e5``, ``st:<name-or-path>``), cached
    on disk by default (an ensemble through its members' caches)."""
    name = resolve_encoder_name(spec, langs)
    if name == ENSEMBLE:
        from align.embed.ensemble import EnsembleEncoder

        return EnsembleEncoder(
            load_encoder("muse", cache=cache), load_encoder("e5", cache=cache), ENSEMBLE_WEIGHT
        )
    encoder = _load(name)
    if not cache:
        return encoder
    from align.home import cache_dir

    return CachedEncoder(encoder, cache_dir() / "embeddings.sqlite")
