"""The corpus store: schema, idempotent documents, review state, curation rules, statistics."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from align.corpus import CorpusStore, FilterRules, corpus_stats, dedupe, filter_pairs, format_stats
from align.corpus.store import MIGRATIONS, SCHEMA_VERSION
from align.document import Document
from align.errors import InputError
from align.records import Bead, TranslationUnit
from align.segment import segment_document

GOOD = [
    ("The government resigned on Monday.", "استقالت الحكومة يوم الاثنين."),
    ("Parliament will vote next week.", "سيصوت البرلمان الأسبوع المقبل."),
    ("Prices rose by five percent.", "ارتفعت الأسعار بنسبة خمسة في المئة."),
]
PLANTED = {
    "identical": ("Reuters", "Reuters"),
    "wrong-script": ("The talks failed again.", "The talks failed again, officials said."),
    "length-ratio": ("Yes.", "قال المتحدث باسم الحكومة في مؤتمر صحفي طويل إن الحكومة لن تستقيل أبدا."),
}


def make_store(tmp_path: Path) -> CorpusStore:
    store = CorpusStore(tmp_path / "corpus.db", create=True)
    document = Document("doc", "Doc", "en", [s for s, _ in GOOD])
    rows = [*GOOD, *PLANTED.values()]
    units = [
        TranslationUnit("doc", "en", "ar", s, t, Bead((i,), (i,), 0.8), "human")
        for i, (s, t) in enumerate(rows)
    ]
    with store.transaction():
        doc_id = store.add_document(document, segment_document(document))
        store.add_pairs(doc_id, units)
    return store


def test_schema_version_and_reopen(tmp_path: Path) -> None:
    make_store(tmp_path).close()
    store = CorpusStore(tmp_path / "corpus.db")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(InputError, match="no corpus here"):
        CorpusStore(tmp_path / "missing.db")


def test_same_document_is_stored_once(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    document = Document("doc", "Doc", "en", [s for s, _ in GOOD])
    with store.transaction():
        assert store.add_document(document, segment_document(document)) == 1
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_interrupted_transaction_leaves_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    before = len(store.pairs())
    other = Document("other", "Other", "en", ["Another article entirely."])
    with pytest.raises(KeyboardInterrupt), store.transaction():
        store.add_document(other, segment_document(other))
        raise KeyboardInterrupt
    assert store.document_id(other.checksum) is None and len(store.pairs()) == before


def test_filters_remove_exactly_the_planted_pairs(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    preview = filter_pairs(store, FilterRules(), dry_run=True, examples=5)
    assert {rule: [(p.source, p.target) for p in found.examples] for rule, found in preview.items()} == {
        rule: [pair] for rule, pair in PLANTED.items()
    }
    assert all(found.count == 1 for found in preview.values())
    assert all(p.status != "rejected" for p in store.pairs())
    filter_pairs(store, FilterRules())
    rejected = {(p.source, p.note) for p in store.pairs() if p.status == "rejected"}
    assert rejected == {(s, f"filter:{rule}") for rule, (s, _) in PLANTED.items()}


def test_score_threshold_rule(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    store.db.execute("UPDATE pairs SET score = 0.1 WHERE source = ?", (GOOD[0][0],))
    removed = filter_pairs(store, FilterRules(min_score=0.5), dry_run=True, examples=5)
    assert [p.source for p in removed["low-score"].examples] == [GOOD[0][0]]


def test_dedupe_keeps_best_copy(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    units = [TranslationUnit("doc", "en", "ar", GOOD[0][0], GOOD[0][1], Bead((9,), (9,), 0.95), "human")]
    with store.transaction():
        store.add_pairs(1, units)
    removed = dedupe(store, examples=5)
    assert removed.count == 1 and removed.examples[0].score == 0.8
    assert [p.score for p in store.pairs() if p.source == GOOD[0][0]] == [0.95]


def test_review_state_and_edits(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = store.pairs()[0]
    store.set_status(first.id, "edited", edited_text="نص معدل.")
    updated = store.pairs()[0]
    assert (
        updated.status == "edited"
        and updated.final_target == "نص معدل."
        and updated.as_unit().target == "نص معدل."
    )
    with pytest.raises(InputError, match="unknown status"):
        store.set_status(first.id, "great")
    with pytest.raises(InputError, match="no pair"):
        store.set_status(999, "approved")


def test_stats(tmp_path: Path) -> None:
    records = corpus_stats(make_store(tmp_path))
    assert len(records) == 1 and records[0]["pair"] == "en-ar"
    assert records[0]["units"] == 6 and records[0]["documents"] == 1
    assert sum(records[0]["score_histogram"]) == 6 and records[0]["score_histogram"][8] == 6
    # Words counted by hand: 15 + 6 source words, 14 + 20 target words; all six scores in [0.8, 0.9).
    assert format_stats(records).splitlines() == [
        "pair      docs   units  src words  tgt words  flagged  statuses",
        "-" * 63,
        "en-ar        1       6         21         34        0  auto 6",
        "         score 0 |        █ | 1   [0, 0, 0, 0, 0, 0, 0, 0, 6, 0]",
    ]


def test_two_documents_with_one_name_stay_two_documents_in_exports(tmp_path: Path) -> None:
    from align.export import read_tmx, write_tmx

    store = CorpusStore(tmp_path / "corpus.db", create=True)
    for k in range(2):
        document = Document("index", f"Doc {k}", "en", [f"Sentence {k} one.", f"Sentence {k} two."])
        units = [
            TranslationUnit("index", "en", "ar", s, f"جملة {k}.{i}", Bead((i,), (i,), 0.8))
            for i, s in enumerate(document.paragraphs)
        ]
        with store.transaction():
            store.add_pairs(store.add_document(document, segment_document(document)), units)
    pairs = store.pairs("en", "ar")
    assert sorted({p.document for p in pairs}) == ["index", "index-2"]
    write_tmx(tmp_path / "out.tmx", [p.as_unit() for p in pairs], "en")
    tmx = read_tmx(tmp_path / "out.tmx")
    assert len(tmx.units) == 4 and len({u.tuid for u in tmx.units}) == 4


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_corpus_is_one_line_and_exit_2(tmp_path: Path, content: bytes, capsys) -> None:
    from align.cli import main

    path = tmp_path / "news" / "corpus.db"
    path.parent.mkdir()
    path.write_bytes(content)
    for command in (
        ["corpus", "stats", "news"],
        ["review", "news", "--static", "-o", str(tmp_path / "r.html")],
    ):
        assert main([*command, "--root", str(tmp_path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "not a readable align corpus" in err[0], err


def test_database_failure_mid_export_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    import sqlite3

    from align.cli import main

    make_store(tmp_path / "news").close()

    read = CorpusStore._pair
    calls = []

    def failing_on_the_third_row(row):  # type: ignore[no-untyped-def]
        calls.append(row)
        if len(calls) == 3:  # mid-stream: two units are already in the TMX being written
            raise sqlite3.OperationalError("disk I/O error")
        return read(row)

    monkeypatch.setattr(CorpusStore, "_pair", staticmethod(failing_on_the_third_row))
    out = tmp_path / "out.tmx"
    assert main(["corpus", "export", "news", "--pair", "en-ar", "-o", str(out), "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == ["align: error: corpus database: disk I/O error"]
    assert not out.exists()


def test_a_v1_corpus_is_migrated_in_order(tmp_path: Path) -> None:
    """A corpus written by an align that kept its version in a meta table (schema v1) opens, gets
    the later migrations once, and keeps its data."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript(MIGRATIONS[0])
        old.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        old.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        old.execute(
            "INSERT INTO documents VALUES (1, 'doc', 'Doc', 'doc.txt', 'en', 'abc', '2025-01-01T00:00:00Z')"
        )
        old.execute(
            "INSERT INTO pairs (document_id, src_lang, tgt_lang, src_ids, tgt_ids, source, target, bead, "
            "score, origin, status, created_at, updated_at) VALUES (1, 'en', 'ar', '[0]', '[0]', 'A.', 'ب.', "
            "'1-1', 0.9, 'mt:x', 'auto', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
        )
    old.close()
    store = CorpusStore(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.stored_documents() == [1]
    assert store.has_pairs(1, "ar") and not store.has_pairs(1, "fr")  # v3 learns it from the pairs
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "meta" not in tables
    store.close()
    assert CorpusStore(path).stored_documents() == [1]  # reopening migrates nothing twice


def test_a_corpus_from_a_newer_align_is_refused(tmp_path: Path) -> None:
    make_store(tmp_path).close()
    with sqlite3.connect(tmp_path / "corpus.db") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(InputError, match=f"schema v{SCHEMA_VERSION + 1} is newer"):
        CorpusStore(tmp_path / "corpus.db")


def test_a_failed_migration_leaves_the_corpus_as_it_was(tmp_path: Path, monkeypatch) -> None:
    import align.corpus.store as store_module

    path = tmp_path / "corpus.db"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.close()
    monkeypatch.setattr(
        store_module, "MIGRATIONS", (MIGRATIONS[0], "DROP TABLE pairs; SELECT no_such_function();")
    )
    with pytest.raises(InputError, match="not a readable align corpus"):
        CorpusStore(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM pairs").fetchone()[0] == 0  # the table is still there
    db.close()


def random_corpus(path: Path, seed: int = 7) -> CorpusStore:
    """Several documents in two language pairs, every review state, edits, scores outside [0, 1]."""
    import random

    rng = random.Random(seed)
    store = CorpusStore(path, create=True)
    words = ["alpha", "beta", "gamma", "delta", "  spaced\tout  ", "x"]
    for d in range(7):
        document = Document(f"doc{d}", f"Doc {d}", "en", [f"Sentence {d}-{k}." for k in range(30)])
        with store.transaction():
            doc_id = store.add_document(document, segment_document(document))
            for tgt in ("ar", "fr"):
                units = [
                    TranslationUnit(
                        f"doc{d}",
                        "en",
                        tgt,
                        " ".join(rng.choices(words, k=rng.randint(1, 9))),
                        " ".join(rng.choices(words, k=rng.randint(1, 9))),
                        Bead(tuple(range(k, k + rng.randint(1, 2))), (k,), rng.uniform(-0.2, 1.2)),
                        "human",
                        rng.choice(["auto", "flagged", "approved", "rejected", "edited"]),
                    )
                    for k in range(rng.randint(1 + d % 2, 12))
                ]
                store.add_pairs(doc_id, units)
    for pair in store.pairs()[::5]:
        store.set_status(pair.id, pair.status, edited_text=" ".join(rng.choices(words, k=rng.randint(0, 5))))
    return store


def test_statistics_in_sql_equal_counting_the_pairs_in_python(tmp_path: Path) -> None:
    import statistics
    from collections import Counter

    store = random_corpus(tmp_path / "c.db")
    for src, tgt in store.language_pairs():
        every = store.pairs(src, tgt)
        live = [p for p in every if p.status != "rejected"]
        [totals] = [r for r in store.language_totals() if (r["src_lang"], r["tgt_lang"]) == (src, tgt)]
        assert dict(totals) == {
            "src_lang": src,
            "tgt_lang": tgt,
            "documents": len({p.document for p in every}),
            "units": len(live),
            "flagged": sum(p.status == "flagged" for p in live),
            "source_words": sum(len(p.source.split()) for p in live),
            "target_words": sum(len(p.final_target.split()) for p in live),
        }
        assert store.status_counts(src, tgt) == dict(sorted(Counter(str(p.status) for p in every).items()))
        histograms = store.score_histogram(src, tgt, 10)
        beads = store.bead_counts(src, tgt)
        for name in {p.document for p in live} | {""}:
            mine = [p for p in live if name in ("", p.document)]
            expected = [0] * 10
            for p in mine:
                expected[min(9, max(0, int(p.score * 10)))] += 1
            assert histograms[name] == expected
            assert beads[name] == dict(Counter(p.kind for p in mine))
        documents = {r["document"]: r for r in store.document_totals(src, tgt)}
        assert set(documents) == {p.document for p in live}
        for name, row in documents.items():
            scores = [p.score for p in live if p.document == name]
            assert (row["pairs"], row["flagged"]) == (
                len(scores),
                sum(p.status == "flagged" for p in live if p.document == name),
            )
            assert row["median"] == pytest.approx(statistics.median(scores))
        lowest = store.lowest_pairs(src, tgt, 5)
        assert [p.id for p in lowest] == [p.id for p in sorted(live, key=lambda p: (p.score, p.id))[:5]]
        sample = store.length_sample(src, tgt, 10)
        assert 5 <= len(sample) <= 10 and all(r["source"] > 0 for r in sample)
        assert len(store.length_sample(src, tgt, 10_000)) == len(live)
    store.close()


def test_dedupe_and_filters_in_sql_equal_checking_each_pair_in_python(tmp_path: Path) -> None:
    from align.corpus.curate import _rules

    store = random_corpus(tmp_path / "c.db", seed=11)
    copies = store.pairs("en", "ar")[:6]  # exact copies (some with the same score), spacing changed
    with store.transaction():
        store.add_pairs(
            1,
            [
                TranslationUnit("doc0", "en", "ar", f" {p.source}  ", p.final_target, p.bead, "human")
                for p in copies
            ],
        )
    best: dict[tuple, object] = {}
    expected_duplicates = []
    for pair in store.pairs():  # the rule: keep the best score, the first among equals
        key = (
            pair.src_lang,
            pair.tgt_lang,
            " ".join(pair.source.split()),
            " ".join(pair.final_target.split()),
        )
        kept = best.get(key)
        if kept is None:
            best[key] = pair
        elif pair.score > kept.score:  # type: ignore[attr-defined]
            expected_duplicates.append(kept)
            best[key] = pair
        else:
            expected_duplicates.append(pair)
    found = dedupe(store, dry_run=True, examples=10_000)
    assert found.count == len(expected_duplicates) >= 6
    assert sorted(p.id for p in found.examples) == sorted(p.id for p in expected_duplicates)  # type: ignore[attr-defined]
    assert dedupe(store).count == found.count and dedupe(store, dry_run=True).count == 0

    rules = FilterRules(max_length_ratio=2.0, min_score=0.3)
    checks = _rules(rules)
    expected: dict[str, set[int]] = {name: set() for name, _ in checks}
    for p in store.pairs():
        if p.status == "rejected":
            continue
        for name, check in checks:
            if check(p.source, p.final_target, p.src_lang, p.tgt_lang, p.score):
                expected[name].add(p.id)
                break
    preview = filter_pairs(store, rules, dry_run=True, examples=10_000)
    assert {name: {p.id for p in r.examples} for name, r in preview.items()} == expected
    assert all(r.count == len(expected[name]) for name, r in preview.items())
    filter_pairs(store, rules)
    for name, ids in expected.items():
        for pair_id in ids:
            pair = store.pair(pair_id)
            assert pair.status == "rejected" and pair.note == f"filter:{name}"


def test_the_review_list_is_flagged_first_rejected_last_then_by_score(tmp_path: Path) -> None:
    store = random_corpus(tmp_path / "c.db", seed=3)
    every = store.pairs("en", "ar")
    position = {p.id: k for k, p in enumerate(every)}

    def rank(p):  # type: ignore[no-untyped-def]
        return (0 if p.status == "flagged" else 2 if p.status == "rejected" else 1, p.score, position[p.id])

    assert [p.id for p in store.review_list("en", "ar")] == [p.id for p in sorted(every, key=rank)]
    one = store.review_list("en", "ar", document="doc3", status="auto", limit=3)
    assert [p.id for p in one] == [
        p.id for p in sorted(every, key=rank) if p.document == "doc3" and p.status == "auto"
    ][:3]
    assert store.document_names("en", "ar") == sorted({p.document for p in every})
