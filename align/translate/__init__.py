"""Translation stage: Argos packages and batched CTranslate2 decoding."""

from align.translate.output import read_translation, write_translation
from align.translate.packages import (
    ModelPackage,
    find_route,
    install_file,
    install_from_index,
    installed_packages,
    reachable_pairs,
    remove,
)
from align.translate.translator import (
    DecodeOptions,
    DocumentTranslation,
    SentencePair,
    Translator,
    translators_for,
)

__all__ = [
    "DecodeOptions",
    "DocumentTranslation",
    "ModelPackage",
    "SentencePair",
    "Translator",
    "find_route",
    "install_file",
    "install_from_index",
    "installed_packages",
    "reachable_pairs",
    "read_translation",
    "remove",
    "translators_for",
    "write_translation",
]
