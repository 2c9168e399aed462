"""The list of sub-commands registered on the ``align`` group."""

from __future__ import annotations

import click

from align.cli.models import models
from align.cli.pending import pending
from align.cli.segment import segment
from align.cli.translate import translate

COMMANDS: list[click.Command] = [
    segment,
    models,
    translate,
    pending("pair", "Sentence-align a document with its translation"),
    pending("run", "Translate, align and export TMX in one go"),
    pending("corpus", "Build and export parallel corpora from many articles"),
    pending("review", "Review aligned pairs in the browser"),
]
