"""Articles given as http(s) URLs: fetched with a timeout, a size limit and a bounded number of redirects."""

from __future__ import annotations

import os
import time
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from align.errors import InputError
from align.ingest.limits import too_large

TIMEOUT_VARIABLE = "ALIGN_URL_TIMEOUT"
DEFAULT_TIMEOUT_S = 20.0  # for the whole fetch: connecting, and reading the page to its end
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


def looks_like_url(text: str) -> bool:
    """True for ``scheme://...``: an address, which only http and https may be."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").replace("-", "").isalnum()


def timeout_s() -> float:
    """The seconds one fetch may take in all (``ALIGN_URL_TIMEOUT``, default 20)."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    try:
        return float(value) if value and float(value) > 0 else DEFAULT_TIMEOUT_S
    except ValueError:
        return DEFAULT_TIMEOUT_S


def url_stem(url: str) -> str:
    """A name for the article at ``url``: its last path segment without suffix, else the host."""
    parts = urlsplit(url)
    segment = PurePosixPath(unquote(parts.path)).stem
    return segment or parts.hostname or "page"


def check_url(url: str) -> None:
    """An input error unless ``url`` is an http or https address with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{url}: only http:// and https:// addresses can be fetched")
    if not parts.hostname:
        raise InputError(f"{url}: no host in the address")


def fetch(url: str, limit: int) -> bytes:
    """The body of ``url`` (at most ``limit`` bytes, within :func:`timeout_s` seconds, through at most
    :data:`MAX_REDIRECTS` redirects); an input error in one line for anything else."""
    import urllib3

    check_url(url)
    seconds = timeout_s()
    deadline = time.monotonic() + seconds
    retries = urllib3.Retry(total=MAX_REDIRECTS, connect=0, read=0, status=0, redirect=MAX_REDIRECTS)
    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=seconds, read=seconds), retries=retries)
    try:
        response = pool.request("GET", url, preload_content=False, headers={"User-Agent": "align"})
    except urllib3.exceptions.MaxRetryError as exc:
        if isinstance(exc.reason, urllib3.exceptions.TimeoutError):
            raise InputError(_timed_out(url, seconds)) from None
        reason = (
            f"more than {MAX_REDIRECTS} redirects" if "redirect" in str(exc.reason).lower() else exc.reason
        )
        raise InputError(f"{url}: cannot fetch ({reason})") from None
    except (urllib3.exceptions.HTTPError, ValueError) as exc:
        raise InputError(f"{url}: cannot fetch ({exc})") from None
    try:
        if response.status >= 400:
            raise InputError(f"{url}: the server answered HTTP {response.status}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large(url, limit)
        body = bytearray()
        for chunk in response.stream(_CHUNK):
            body += chunk
            if len(body) > limit:
                raise too_large(url, limit)
            if time.monotonic() > deadline:
                raise InputError(_timed_out(url, seconds))
        return bytes(body)
    except urllib3.exceptions.TimeoutError:
        raise InputError(_timed_out(url, seconds)) from None
    except urllib3.exceptions.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({exc})") from None
    finally:
        response.release_conn()


def _timed_out(url: str, seconds: float) -> str:
    return f"{url}: timed out after {seconds:g} s (set {TIMEOUT_VARIABLE}=SECONDS)"
