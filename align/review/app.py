"""The review web app: a local Flask server over a corpus store.

Bound to 127.0.0.1 only. Every request needs the per-server-session token: the page's URL carries
it (``/?token=…``, printed at start, as Jupyter does) and the page sends it with each write in an
``X-Align-Token`` header, which other sites cannot set. Requests for any other Host are refused (DNS
rebinding). Bodies are capped at ``MAX_BODY_BYTES`` and edits at the stored text's cap. Text is
escaped by Jinja2's autoescaping and set with ``textContent``.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, abort, jsonify, render_template, request

from align.corpus.edits import merge_with_next, split_pair
from align.corpus.store import CorpusStore
from align.document import CONTROL_CHARACTERS
from align.errors import InputError
from align.ingest.text import strip_bidi_controls
from align.languages import direction, language_pair
from align.records import MAX_UNIT_CHARS, Status

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
MAX_BODY_BYTES = 256 * 1024  # an edit of MAX_UNIT_CHARS characters, JSON-escaped, fits
_PAIR_ID = "<int(max=9223372036854775807):pair_id>"  # SQLite's largest integer; beyond: 404


def page_context(
    store: CorpusStore, pair: str | None, document: str = "", status: str = "", limit: int = 1000
) -> dict:
    """Template variables for one language pair (the first one when ``pair`` is None)."""
    language_pairs = [f"{s}-{t}" for s, t in store.language_pairs()]
    if not language_pairs:
        raise InputError(f"{store.path}: the corpus has no pairs to review")
    pair = "-".join(language_pair(pair)) if pair else language_pairs[0]
    if pair not in language_pairs:
        raise InputError(f"the corpus has no {pair} pairs (it has: {', '.join(language_pairs)})")
    src_lang, tgt_lang = pair.split("-", 1)
    return {
        "title": f"{store.path.parent.name} · {pair}",
        "pair": pair,
        "language_pairs": language_pairs,
        "documents": store.document_names(src_lang, tgt_lang),
        "document": document,
        "statuses": tuple(Status),
        "status": status,
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "src_dir": direction(src_lang),
        "tgt_dir": direction(tgt_lang),
        "rows": store.review_list(src_lang, tgt_lang, document, status, limit),
    }


def create_app(store_path: str | Path, pair: str | None = None, token: str | None = None) -> Flask:
    """The review app for the corpus at ``store_path``; ``app.config['TOKEN']`` guards writes."""
    app = Flask(__name__)
    app.config["TOKEN"] = token or secrets.token_urlsafe(32)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    path = Path(store_path)
    with contextlib.closing(CorpusStore(path)) as checked:  # fail now, not on the first request:
        first = page_context(checked, pair, limit=1)  # no corpus, no pairs, or an unknown or invalid --pair
    from align.run import run_name

    app.config["PAIR"] = first["pair"]
    name = run_name(path.parent)
    app.config["ON_EXIT"] = (
        f"Edits are saved at once. {name}.tmx and the run's summary are refreshed when the review stops."
        if name
        else f"Edits are saved at once. Export them with: align corpus export {path.parent.name} "
        f"--pair {first['pair']} -o FILE.tmx"
    )
    app.before_request(lambda: _guard(app.config["TOKEN"]))
    app.after_request(_secure_headers)
    app.register_error_handler(InputError, lambda exc: (jsonify(error=str(exc)), 400))
    app.register_error_handler(
        403, lambda _exc: (jsonify(error="forbidden: missing or wrong session token"), 403)
    )
    _routes(app, path, pair)
    return app


def _guard(token: str) -> None:
    """Refuse foreign hosts (DNS rebinding); the page needs the token in its URL, writes in a header,
    and writes must come from this page."""
    host = (request.host or "").rsplit(":", 1)[0].lower()  # host names are case-insensitive
    if host not in _LOCAL_HOSTS:
        abort(403)
    if request.method == "GET":
        if not hmac.compare_digest(request.args.get("token", ""), token):
            abort(403)
        return
    if not hmac.compare_digest(request.headers.get("X-Align-Token", ""), token):
        abort(403)
    # Browsers say where a request comes from.
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        abort(403)
    origin = request.headers.get("Origin")
    if origin is not None and origin.split("://", 1)[-1].rsplit(":", 1)[0].lower() not in _LOCAL_HOSTS:
        abort(403)


def _secure_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _edited_text() -> str:
    try:
        payload = json.loads(request.get_data(cache=False))
    except (ValueError, RecursionError):  # not JSON, or nested past Python's recursion limit
        payload = None
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise InputError("an edit needs a JSON object with a non-empty 'text'")
    if CONTROL_CHARACTERS.search(text):
        raise InputError("an edit may not hold control characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("an edit must be valid Unicode (no lone surrogates)") from None
    text = strip_bidi_controls(text).strip()  # as on ingest: what is shown is what is stored
    if len(text) > MAX_UNIT_CHARS:
        raise InputError(f"an edit may hold at most {MAX_UNIT_CHARS} characters")
    if not text:
        raise InputError("an edit needs a JSON object with a non-empty 'text'")
    return text


def _routes(app: Flask, path: Path, pair: str | None) -> None:
    def with_store(work: Callable[[CorpusStore], Response]) -> Response:
        with contextlib.closing(CorpusStore(path)) as db:
            return work(db)

    def update(pair_id: int, status: Status, text: str | None = None) -> Response:
        def work(db: CorpusStore) -> Response:
            db.set_status(pair_id, status, edited_text=text)
            changed = db.pair(pair_id)
            return jsonify(
                id=pair_id, status=changed.status, text=changed.final_target, updated_at=changed.updated_at
            )

        return with_store(work)

    @app.get("/")
    def index() -> str:
        args = request.args
        with contextlib.closing(CorpusStore(path)) as db:
            context = page_context(
                db, args.get("pair") or pair, args.get("document", ""), args.get("status", "")
            )
        return render_template(
            "review.html", readonly=False, token=app.config["TOKEN"], on_exit=app.config["ON_EXIT"], **context
        )

    app.add_url_rule(
        f"/api/pairs/{_PAIR_ID}/approve",
        "approve",
        lambda pair_id: update(pair_id, Status.APPROVED),
        methods=["POST"],
    )
    app.add_url_rule(
        f"/api/pairs/{_PAIR_ID}/reject",
        "reject",
        lambda pair_id: update(pair_id, Status.REJECTED),
        methods=["POST"],
    )
    app.add_url_rule(
        f"/api/pairs/{_PAIR_ID}/edit",
        "edit",
        lambda pair_id: update(pair_id, Status.EDITED, _edited_text()),
        methods=["POST"],
    )
    app.add_url_rule(
        f"/api/pairs/{_PAIR_ID}/merge",
        "merge",
        lambda pair_id: with_store(lambda db: jsonify(id=merge_with_next(db, pair_id))),
        methods=["POST"],
    )
    app.add_url_rule(
        f"/api/pairs/{_PAIR_ID}/split",
        "split",
        lambda pair_id: with_store(lambda db: jsonify(ids=list(split_pair(db, pair_id)))),
        methods=["POST"],
    )


def render_static(store_path: str | Path, pair: str | None = None) -> str:
    """A self-contained, read-only HTML report of one language pair (no server, no scripts)."""
    app = Flask(__name__)
    db = CorpusStore(store_path)
    try:
        context = page_context(db, pair, limit=10**9)
    finally:
        db.close()
    with app.app_context():
        return render_template("review.html", readonly=True, token="", **context)
