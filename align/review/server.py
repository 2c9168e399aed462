"""The review page's HTTP server: waitress on 127.0.0.1, with bounded threads, connections, bodies and
idle time, so that no client (or thousand half-open connections) can make it grow."""

from __future__ import annotations

from typing import Any

from flask import Flask

from align.review.app import MAX_BODY_BYTES

THREADS = 4  # requests served at once; the rest wait in the queue
CONNECTION_LIMIT = 64  # open connections; beyond, new ones wait in the kernel's backlog
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed


def make_server(app: Flask, port: int) -> Any:
    """A waitress server for ``app`` on 127.0.0.1:``port`` (0: any free port; ``.effective_port``
    says which); ``.run()`` serves until interrupted, ``.close()`` stops it."""
    from waitress import create_server

    return create_server(
        app,
        host="127.0.0.1",
        port=port,
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=IDLE_SECONDS,
        max_request_body_size=MAX_BODY_BYTES,
        max_request_header_size=32 * 1024,
        ident="align",
        clear_untrusted_proxy_headers=True,
    )


def page_url(app: Flask, port: int) -> str:
    """The page's URL, with the session token (the page is refused without it)."""
    return f"http://127.0.0.1:{port}/?token={app.config['TOKEN']}"
