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
    multilingual-e5 does; both work offline. Other languages need a model named explicitly."""
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
    if spec in ("muse", "e5") or (spec.startswith("st:") and len(spec) > 3):
        return spec
    raise InputError(f"unknown encoder '{spec}' (use auto, muse, e5 or st:<model name or path>)")


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
    """Load an encoder by spec (``auto``, ``muse``, ``st:<name-or-path>``), cached on disk by default."""
    encoder = _load(resolve_encoder_name(spec, langs))
    if not cache:
        return encoder
    from align.home import cache_dir

    return CachedEncoder(encoder, cache_dir() / "embeddings.sqlite")
