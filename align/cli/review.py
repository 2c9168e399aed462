"""``align review``: review aligned pairs in the browser, or write a static HTML report."""

from __future__ import annotations

import logging
import socket

import click

from align.atomic import atomic_write_text
from align.cli.corpus import existing_corpus, root_option
from align.cli.output import say
from align.errors import InputError


@click.command()
@click.argument("name")
@click.option("--pair", "lang_pair", default=None, help="Language pair, e.g. en-ar (default: the first).")
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1."
)
@click.option("--static", "static", is_flag=True, help="Write a self-contained read-only HTML report.")
@click.option("-o", "--output", default=None, help="Output file for --static.")
@root_option
def review(name: str, lang_pair: str | None, port: int, static: bool, output: str | None, root: str) -> None:
    """Serve a review page for corpus NAME on 127.0.0.1 (edits are saved to the corpus at once); open
    the URL it prints: it carries the session token, without which the page is refused. When the review
    stops, a run's TMX, units and summary (align run's folder) are refreshed with its edits."""
    from align.review import create_app, render_static
    from align.run import refresh_run

    path = existing_corpus(name, root)
    if static:
        if not output:
            raise click.UsageError("--static needs -o FILE.html")
        atomic_write_text(output, render_static(path, lang_pair))
        say(f"wrote {output}")
        return
    app = create_app(path, lang_pair)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:  # a busy port: one line, not werkzeug's
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise InputError(f"port {port} is in use: pass another with --port") from None
    from align.review.server import make_server, page_url

    if logging.getLogger().getEffectiveLevel() > logging.INFO:  # waitress's notes with -v only
        logging.getLogger("waitress").setLevel(logging.ERROR)
    server = make_server(app, port)
    click.echo(f"reviewing {path} at {page_url(app, server.effective_port)}  (Ctrl-C to stop)")
    try:
        server.run()
    finally:
        server.close()
        refreshed = refresh_run(path.parent)  # a run's own files follow the review
        say(
            f"the review is saved in {path}; "
            + (
                f"{', '.join(p.name for p in refreshed)} refreshed with it"
                if refreshed
                else f"export it with: align corpus export {name} --pair {app.config['PAIR']} -o FILE.tmx"
            )
        )
