"""align: offline news translation, sentence alignment and TMX parallel corpora.

The pipeline is ingest → segment → translate → embed → align → export; each stage is a
subpackage or module of the same name and never imports a later one.
"""

__version__ = "0.1.0"

from align.document import Document, Sentence
from align.errors import AlignError, InputError, ModelError

__all__ = ["AlignError", "Document", "InputError", "ModelError", "Sentence", "__version__"]
