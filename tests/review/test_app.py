"""The review server: token-protected writes, local hosts only, escaping, ordering, static report."""

from __future__ import annotations

from pathlib import Path

from align.corpus import CorpusStore
from align.review import create_app, render_static


def client(corpus: Path):  # type: ignore[no-untyped-def]
    app = create_app(corpus, token="secret-token")
    return app.test_client()


def test_page_escapes_text_and_orders_flagged_first(corpus: Path) -> None:
    response = client(corpus).get("/?token=secret-token", headers={"Host": "127.0.0.1:8765"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>window.__xss" not in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    assert 'dir="rtl" lang="ar"' in html
    order = [html.index(text) for text in ("ارتفعت الأسعار", "لم يقل المسؤولون", "استقالت الحكومة")]
    assert order == sorted(order), "flagged pairs (lowest score first) must come first"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_post_without_or_with_wrong_token_is_forbidden(corpus: Path) -> None:
    web = client(corpus)
    assert web.post("/api/pairs/1/approve", headers={"Host": "127.0.0.1"}).status_code == 403
    bad = web.post("/api/pairs/1/approve", headers={"Host": "127.0.0.1", "X-Align-Token": "guess"})
    assert bad.status_code == 403
    assert CorpusStore(corpus).pairs()[0].status == "auto"


def test_foreign_host_is_refused(corpus: Path) -> None:
    assert client(corpus).get("/?token=secret-token", headers={"Host": "attacker.example"}).status_code == 403


def test_actions_with_token(corpus: Path) -> None:
    web = client(corpus)
    headers = {"Host": "127.0.0.1", "X-Align-Token": "secret-token"}
    assert web.post("/api/pairs/1/approve", headers=headers).get_json()["status"] == "approved"
    edited = web.post("/api/pairs/2/edit", headers=headers, json={"text": " نص معدل. "}).get_json()
    assert edited == {**edited, "status": "edited", "text": "نص معدل."}
    assert web.post("/api/pairs/2/edit", headers=headers, json={"text": ""}).status_code == 400
    assert web.post("/api/pairs/99/approve", headers=headers).status_code == 400
    split = web.post("/api/pairs/5/split", headers=headers).get_json()
    assert len(split["ids"]) == 2
    assert web.post("/api/pairs/3/merge", headers=headers).status_code == 200
    pairs = CorpusStore(corpus).pairs()
    assert [p.source for p in pairs][2] == "Parliament will vote next week. Prices rose by five percent."
    assert [p.source for p in pairs][3:] == ["The talks resumed in Geneva.", "Both sides reported progress."]
    assert [p.kind for p in pairs] == ["1-1", "1-1", "2-2", "1-1", "1-1"]
    # Each half keeps its own sentence ids: the split pair (4, 5) gives (4,) and (5,) on both sides.
    assert [(p.src_ids, p.tgt_ids) for p in pairs] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2, 3), (2, 3)),
        ((4,), (4,)),
        ((5,), (5,)),
    ]


def test_static_report_is_read_only_and_self_contained(corpus: Path, tmp_path: Path) -> None:
    html = render_static(corpus)
    assert "<script" not in html.replace("&lt;script&gt;", "")
    assert "align-token" not in html and "http://" not in html and "https://" not in html
    assert "استقالت الحكومة يوم الاثنين." in html and 'dir="rtl"' in html


def test_rejected_pairs_come_last_on_both_pages(corpus: Path) -> None:
    web = client(corpus)
    headers = {"Host": "127.0.0.1", "X-Align-Token": "secret-token"}
    assert web.post("/api/pairs/2/reject", headers=headers).get_json()["status"] == "rejected"
    live = web.get("/?token=secret-token", headers={"Host": "127.0.0.1"}).get_data(as_text=True)
    for html in (live, render_static(corpus)):
        rejected = html.index("لم يقل المسؤولون")  # score 0.42: once shown before every auto pair
        assert all(html.index(text) < rejected for text in ("ارتفعت الأسعار", "استقالت الحكومة", "سيصوت"))


def test_hostile_requests(corpus: Path) -> None:
    web = client(corpus)
    token = {"Host": "127.0.0.1", "X-Align-Token": "secret-token"}
    assert web.get("/?token=secret-token", headers={"Host": "LOCALHOST:8765"}).status_code == 200
    assert web.post("/api/pairs/1/edit", headers=token, json=["not", "an", "object"]).status_code == 400
    assert web.post("/api/pairs/1/edit", headers=token, json={"text": "bad\x00text"}).status_code == 400
    assert web.post("/api/pairs/1/edit", headers=token, json={"text": "bell\x07"}).status_code == 400
    cross_site = {**token, "Sec-Fetch-Site": "cross-site"}
    assert web.post("/api/pairs/1/approve", headers=cross_site).status_code == 403
    foreign = {**token, "Origin": "http://attacker.example"}
    assert web.post("/api/pairs/1/approve", headers=foreign).status_code == 403
    assert CorpusStore(corpus).pairs()[0].status == "auto"
    same = {**token, "Origin": "http://127.0.0.1:8765", "Sec-Fetch-Site": "same-origin"}
    assert web.post("/api/pairs/1/approve", headers=same).status_code == 200


def test_busy_port_is_one_line_naming_the_option(corpus: Path, capsys) -> None:
    import socket

    from align.cli import main

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        root = str(corpus.parent.parent)
        assert main(["review", "news", "--root", root, "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"align: error: port {port} is in use: pass another with --port"]


def test_the_page_needs_the_token_in_its_url(corpus: Path) -> None:
    web = client(corpus)
    local = {"Host": "127.0.0.1:8765"}
    assert web.get("/", headers=local).status_code == 403
    assert web.get("/?token=guess", headers=local).status_code == 403
    page = web.get("/?token=secret-token&pair=en-ar", headers=local)
    assert page.status_code == 200
    # The filter form keeps the token, so filtering does not lock the reviewer out.
    assert 'name="token" value="secret-token"' in page.get_data(as_text=True)


def test_bodies_edits_and_ids_are_bounded(corpus: Path) -> None:
    from align.records import MAX_UNIT_CHARS
    from align.review.app import MAX_BODY_BYTES

    web = client(corpus)
    token = {"Host": "127.0.0.1", "X-Align-Token": "secret-token", "Content-Type": "application/json"}
    huge = web.post("/api/pairs/1/edit", headers=token, data=b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}')
    assert huge.status_code == 413
    long_edit = web.post("/api/pairs/1/edit", headers=token, json={"text": "x" * (MAX_UNIT_CHARS + 1)})
    assert long_edit.status_code == 400 and str(MAX_UNIT_CHARS) in long_edit.get_json()["error"]
    nested = web.post("/api/pairs/1/edit", headers=token, data=b"[" * 100_000 + b"]" * 100_000)
    assert nested.status_code == 400
    surrogate = web.post("/api/pairs/1/edit", headers=token, data=b'{"text": "bad \\ud800 text"}')
    assert surrogate.status_code == 400 and "surrogate" in surrogate.get_json()["error"]
    assert web.post("/api/pairs/99999999999999999999999/approve", headers=token).status_code == 404
    assert CorpusStore(corpus).pairs()[0].status == "auto"


def test_an_edit_loses_its_bidirectional_overrides(corpus: Path) -> None:
    web = client(corpus)
    token = {"Host": "127.0.0.1", "X-Align-Token": "secret-token"}
    edited = web.post("/api/pairs/1/edit", headers=token, json={"text": "\u202eنص\u202c معدل."}).get_json()
    assert edited["text"] == "نص معدل."
    assert web.post("/api/pairs/1/edit", headers=token, json={"text": "\u202e"}).status_code == 400
