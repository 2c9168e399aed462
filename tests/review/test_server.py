"""The review page's server: waitress with bounded threads, connections and bodies, on loopback."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from align.review import create_app
from align.review.server import THREADS, make_server, page_url


@pytest.fixture
def served(corpus: Path) -> Iterator[tuple[str, int]]:
    app = create_app(corpus, token="secret-token")
    server = make_server(app, 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield page_url(app, server.effective_port), server.effective_port
    finally:
        server.close()
        thread.join(timeout=10)


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_it_listens_on_loopback_and_needs_the_token(served: tuple[str, int]) -> None:
    url, port = served
    assert url.startswith(f"http://127.0.0.1:{port}/?token=")
    assert _get(url) == 200
    assert _get(f"http://127.0.0.1:{port}/") == 403


def test_half_open_connections_do_not_add_threads(served: tuple[str, int]) -> None:
    url, port = served
    before = threading.active_count()
    sockets = []
    try:
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end of the headers
            sockets.append(s)
        time.sleep(0.5)
        assert threading.active_count() <= before + THREADS
    finally:
        for s in sockets:
            s.close()
    deadline = time.time() + 20
    while _get(url) != 200:  # served again once the stranger lets go
        assert time.time() < deadline
        time.sleep(0.2)


def test_a_huge_body_is_refused_before_it_is_read(served: tuple[str, int]) -> None:
    _, port = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            b"POST /api/pairs/1/edit HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Align-Token: secret-token\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n" + b"x" * 65536
        )
        reply = s.recv(200)
    assert reply.startswith(b"HTTP/1.1 413")
