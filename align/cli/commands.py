"""The list of sub-commands registered on the ``align`` group."""

from __future__ import annotations

import click

from align.cli.bench import bench
from align.cli.corpus import corpus
from align.cli.evaluate import evaluate
from align.cli.models import models
from align.cli.pair import pair
from align.cli.report import report
from align.cli.review import review
from align.cli.run import run
from align.cli.segment import segment
from align.cli.tmx import tmx
from align.cli.translate import translate

COMMANDS: list[click.Command] = [
    models,
    translate,
    pair,
    run,
    segment,
    evaluate,
    tmx,
    bench,
    corpus,
    review,
    report,
]
