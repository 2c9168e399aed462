"""``align eval``: score the aligner on gold-standard sets (strict and lax P/R/F1, time, memory)."""

from __future__ import annotations

import json
import resource

import click

from align.align import AlignConfig
from align.cli.options import bridge_option, encoder_option, gold_option, settings_option, variant_option
from align.cli.output import plural


@click.command("eval")
@gold_option(
    "Gold folder (Text+Berg, ParIce or MAC-Dev layout); repeatable.",
)
@click.option("--only", default="", help="Comma-separated document names to keep (e.g. test0,test1).")
@click.option("--exclude", default="", help="Comma-separated document names to drop (e.g. dev).")
@encoder_option
@settings_option
@bridge_option
@variant_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def evaluate(
    golds: tuple[str, ...],
    only: str,
    exclude: str,
    encoder: str,
    overrides: tuple[str, ...],
    bridge: bool,
    variant: str,
    as_json: bool,
) -> None:
    """Align every gold document and report scores summed over documents."""
    config = AlignConfig.from_overrides(overrides)
    keep = {x for x in only.split(",") if x}
    drop = {x for x in exclude.split(",") if x}
    from align.bench.gold import evaluate_gold_dir  # the evaluation tooling loads when used

    reports: list[dict] = []
    for gold in golds:
        report = evaluate_gold_dir(gold, encoder, config, keep, drop, variant, bridge)
        reports.append(
            {
                "gold": gold,
                "documents": report.documents,
                "pair": report.pair,
                "encoder": report.encoder,
                "variant": variant,
                "bridge": bridge,
                **{k: round(v, 4) for k, v in report.scores.as_dict().items()},
                "seconds": report.seconds,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    if as_json:
        click.echo(json.dumps(reports, indent=2))
        return
    for r in reports:
        shown = ("" if variant == "as-is" else f", {variant}") + (", bridged" if bridge else "")
        documents = plural(len(r["documents"]), "document")
        click.echo(f"{r['gold']} ({r['pair']}, {documents}, encoder {r['encoder']}{shown})")
        click.echo(f"  {'':10} {'strict':>8} {'lax':>8}")
        for name in ("precision", "recall", "f1"):
            click.echo(f"  {name:10} {r[name + '_strict']:8.3f} {r[name + '_lax']:8.3f}")
        click.echo(f"  time {r['seconds']} s, peak RSS {r['peak_rss_mb']} MB")
