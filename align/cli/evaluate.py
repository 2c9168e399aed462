"""``align eval``: score the aligner on gold-standard sets (strict and lax P/R/F1, time, memory)."""

from __future__ import annotations

import json
import resource
import time

import click

from align.align import AlignConfig, Aligner
from align.align.evaluate import discover_gold, score_alignments
from align.cli.options import encoder_option
from align.embed import load_encoder
from align.progress import progress


@click.command("eval")
@click.option(
    "--gold",
    "golds",
    multiple=True,
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="Gold folder (Text+Berg or ParIce layout); repeatable.",
)
@click.option("--only", default="", help="Comma-separated document names to keep (e.g. test0,test1).")
@click.option("--exclude", default="", help="Comma-separated document names to drop (e.g. dev).")
@encoder_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def evaluate(golds: tuple[str, ...], only: str, exclude: str, encoder: str, as_json: bool) -> None:
    """Align every gold document and report scores summed over documents."""
    keep = {x for x in only.split(",") if x}
    drop = {x for x in exclude.split(",") if x}
    reports = []
    for gold in golds:
        docs = [d for d in discover_gold(gold) if (not keep or d.name in keep) and d.name not in drop]
        aligner = Aligner(
            load_encoder(encoder, (docs[0].src_lang, docs[0].tgt_lang)) if docs else None, AlignConfig()
        )
        gold_beads, test_beads = [], []
        start = time.perf_counter()
        for doc in progress(docs, desc=f"eval {gold}", unit="doc"):
            src, tgt, beads = doc.read()
            result = aligner.align(src, tgt, doc.src_lang, doc.tgt_lang)
            gold_beads.append(beads)
            test_beads.append([(b.src, b.tgt) for b in result.beads])
        scores = score_alignments(gold_beads, test_beads)
        reports.append(
            {
                "gold": gold,
                "documents": [d.name for d in docs],
                "pair": f"{docs[0].src_lang}-{docs[0].tgt_lang}" if docs else "",
                "encoder": aligner.encoder.name if aligner.encoder else "",
                **{k: round(v, 4) for k, v in scores.as_dict().items()},
                "seconds": round(time.perf_counter() - start, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    if as_json:
        click.echo(json.dumps(reports, indent=2))
        return
    for r in reports:
        click.echo(f"{r['gold']} ({r['pair']}, {len(r['documents'])} documents, encoder {r['encoder']})")
        click.echo(f"  {'':10} {'strict':>8} {'lax':>8}")
        for name in ("precision", "recall", "f1"):
            click.echo(f"  {name:10} {r[name + '_strict']:8.3f} {r[name + '_lax']:8.3f}")
        click.echo(f"  time {r['seconds']} s, peak RSS {r['peak_rss_mb']} MB")
