"""The review web app: a local Flask server over a corpus store.

Bound to 127.0.0.1 only. Every write needs the per-server-session token (sent by the page in an
``X-Align-Token`` header, which other sites cannot set), and requests for any other Host are
refused (DNS rebinding). Text is escaped by Jinja2's autoescaping and set with ``textContent``.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
from pathlib import Path

from flask import Flask, abort, jsonify, render_template, request

from align.corpus.edits import merge_with_next, split_pair
from align.corpus.store import CorpusStore, StoredPair
from align.document import CONTROL_CHARACTERS, base_language
from align.errors import InputError
from align.languages import language_pair

RTL = {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb"}
REVIEW_STATUSES = ("flagged", "auto", "approved", "edited", "rejected")
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


def direction(lang: str) -> str:
    return "rtl" if base_language(lang) in RTL else "ltr"


def review_order(pairs: list[StoredPair]) -> list[StoredPair]:
    """Flagged pairs first, then the rest, each by ascending score (document order breaks ties)."""
    position = {p.id: k for k, p in enumerate(pairs)}
    return sorted(pairs, key=lambda p: (p.status != "flagged", p.score, position[p.id]))


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
    all_pairs = store.pairs(src_lang, tgt_lang)
    rows = [
        p
        for p in all_pairs
        if (not document or p.document == document) and (not status or p.status == status)
    ]
    return {
        "title": f"{store.path.parent.name} · {pair}",
        "pair": pair,
        "language_pairs": language_pairs,
        "documents": sorted({p.document for p in all_pairs}),
        "document": document,
        "statuses": REVIEW_STATUSES,
        "status": status,
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "src_dir": direction(src_lang),
        "tgt_dir": direction(tgt_lang),
        "rows": review_order(rows)[:limit],
    }


def create_app(store_path: str | Path, pair: str | None = None, token: str | None = None) -> Flask:
    """The review app for the corpus at ``store_path``; ``app.config['TOKEN']`` guards writes."""
    app = Flask(__name__)
    app.config["TOKEN"] = token or secrets.token_urlsafe(32)
    path = Path(store_path)
    with contextlib.closing(CorpusStore(path)) as checked:  # fail now, not on the first request:
        page_context(checked, pair, limit=1)  # no corpus, no pairs, or an unknown or invalid --pair

    def store() -> CorpusStore:
        return CorpusStore(path)

    @app.before_request
    def guard() -> None:
        host = (request.host or "").rsplit(":", 1)[0].lower()  # host names are case-insensitive
        if host not in _LOCAL_HOSTS:
            abort(403)
        if request.method != "GET":
            sent = request.headers.get("X-Align-Token", "")
            if not hmac.compare_digest(sent, app.config["TOKEN"]):
                abort(403)
            # A write must come from this page: browsers say where a request comes from.
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                abort(403)
            origin = request.headers.get("Origin")
            if (
                origin is not None
                and origin.split("://", 1)[-1].rsplit(":", 1)[0].lower() not in _LOCAL_HOSTS
            ):
                abort(403)

    @app.after_request
    def headers(response):  # type: ignore[no-untyped-def]
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(InputError)
    def input_error(exc: InputError):  # type: ignore[no-untyped-def]
        return jsonify(error=str(exc)), 400

    @app.errorhandler(403)
    def forbidden(_exc):  # type: ignore[no-untyped-def]
        return jsonify(error="forbidden: missing or wrong session token"), 403

    @app.get("/")
    def index() -> str:
        db = store()
        try:
            context = page_context(
                db,
                request.args.get("pair") or pair,
                request.args.get("document", ""),
                request.args.get("status", ""),
            )
        finally:
            db.close()
        return render_template("review.html", readonly=False, token=app.config["TOKEN"], **context)

    def update(pair_id: int, status: str, text: str | None = None):  # type: ignore[no-untyped-def]
        db = store()
        try:
            db.set_status(pair_id, status, edited_text=text)
            changed = db.pair(pair_id)
        finally:
            db.close()
        return jsonify(
            id=pair_id, status=changed.status, text=changed.final_target, updated_at=changed.updated_at
        )

    @app.post("/api/pairs/<int:pair_id>/approve")
    def approve(pair_id: int):  # type: ignore[no-untyped-def]
        return update(pair_id, "approved")

    @app.post("/api/pairs/<int:pair_id>/reject")
    def reject(pair_id: int):  # type: ignore[no-untyped-def]
        return update(pair_id, "rejected")

    @app.post("/api/pairs/<int:pair_id>/edit")
    def edit(pair_id: int):  # type: ignore[no-untyped-def]
        payload = request.get_json(silent=True)
        text = payload.get("text") if isinstance(payload, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise InputError("an edit needs a JSON object with a non-empty 'text'")
        if CONTROL_CHARACTERS.search(text):
            raise InputError("an edit may not hold control characters")
        return update(pair_id, "edited", text.strip())

    @app.post("/api/pairs/<int:pair_id>/merge")
    def merge(pair_id: int):  # type: ignore[no-untyped-def]
        db = store()
        try:
            return jsonify(id=merge_with_next(db, pair_id))
        finally:
            db.close()

    @app.post("/api/pairs/<int:pair_id>/split")
    def split(pair_id: int):  # type: ignore[no-untyped-def]
        db = store()
        try:
            return jsonify(ids=list(split_pair(db, pair_id)))
        finally:
            db.close()

    return app


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
