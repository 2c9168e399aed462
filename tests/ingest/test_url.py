"""URL input against a server on 127.0.0.1: the page is read; what is too large, too slow, not
http(s) or redirected without end gets one line and exit 2."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from align.cli import main
from align.errors import InputError
from align.ingest import read_document
from align.ingest.url import looks_like_url, url_stem

ARTICLE = (
    b"<html><head><title>Talks resume</title></head><body><nav><a href='/'>Home</a></nav><article>"
    b"<h1>Talks resume in Geneva</h1><p>The talks resumed on Monday after a long pause in Geneva.</p>"
    b"<p>Delegates of both sides met at noon and spoke for three hours.</p></article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/news/talks.html":
            self.send(200, ARTICLE, Content_Type="text/html; charset=utf-8")
        elif self.path == "/moved":
            self.send(302, Location="/news/talks.html")
        elif self.path.startswith("/loop"):
            self.send(302, Location=f"/loop{len(self.path)}")
        elif self.path == "/big":
            self.send(200, b"x" * 4096, Content_Type="text/html")
        elif self.path == "/drip":  # no length given: the limit is enforced while reading
            self.send_response(200)
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"<p>" + b"y" * 1024 + b"</p>")
        elif self.path == "/slow":
            time.sleep(3)
            self.send(200, ARTICLE)
        elif self.path == "/file-redirect":
            self.send(302, Location="file:///etc/passwd")
        else:
            self.send(404, b"no")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_page_is_fetched_and_its_article_kept(server: str) -> None:
    document = read_document(f"{server}/news/talks.html", "en")
    assert document.id == "talks" and document.title == "Talks resume"
    assert document.paragraphs[1:] == [
        "Talks resume in Geneva",
        "The talks resumed on Monday after a long pause in Geneva.",
        "Delegates of both sides met at noon and spoke for three hours.",
    ]
    assert document.layout is not None and document.layout.format == "html"


def test_a_redirect_is_followed(server: str) -> None:
    assert read_document(f"{server}/moved", "en").paragraphs[-1].startswith("Delegates")


@pytest.mark.parametrize(
    ("path", "env", "message"),
    [
        ("/big", {"ALIGN_MAX_INPUT_MB": "0.001"}, "over the 0 MB limit"),
        ("/drip", {"ALIGN_MAX_INPUT_MB": "0.01"}, "over the 0 MB limit"),
        ("/slow", {"ALIGN_URL_TIMEOUT": "0.5"}, "timed out after 0.5 s"),
        ("/loop", {}, "more than 5 redirects"),
        ("/missing", {}, "HTTP 404"),
        ("/file-redirect", {}, "cannot fetch"),
    ],
)
def test_a_bad_fetch_is_one_line_and_exit_2(
    server: str,
    path: str,
    env: dict[str, str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(InputError, match=message):
        read_document(server + path, "en")
    assert main(["translate", server + path, "--from", "en", "--to", "ar", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message.split()[0] in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/a.html", "file:///etc/passwd", "javascript://x", "http:///path"]
)
def test_only_http_and_https_addresses(url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert looks_like_url(url)
    assert main(["translate", url, "--from", "en", "--to", "ar", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert ("only http:// and https://" in err or "no host" in err) and "Traceback" not in err


def test_url_names() -> None:
    assert url_stem("https://example.org/2024/02/talks-resume.html?x=1") == "talks-resume"
    assert url_stem("https://example.org/") == "example.org"
    assert not looks_like_url("notes.txt") and not looks_like_url("C:\\file.txt")


def test_translate_a_url_writes_html(server: str, with_tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["translate", f"{server}/news/talks.html", "--from", "en", "--to", "ar", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["talks.ar.html", "talks.ar.jsonl", "talks.ar.txt"]
    assert '<html lang="ar" dir="rtl">' in (out / "talks.ar.html").read_text(encoding="utf-8")


def test_run_a_url(server: str, with_tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert main(["run", f"{server}/news/talks.html", "--from", "en", "--to", "ar", "-o", str(out)]) == 0
    assert (out / "talks.ar.html").is_file() and (out / "talks.tmx").is_file()
