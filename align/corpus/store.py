"""The corpus store: one SQLite file per corpus (WAL, versioned schema, per-document transactions).

Documents are identified by a checksum of their language and text, so adding an article twice adds
nothing. Segment pairs keep their provenance (``mt:<model>`` or ``human``), score and review state
(:class:`~align.records.Status`), with an edited text and timestamps. Every SQL statement of align is here.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from align.document import Document, Sentence
from align.errors import InputError
from align.records import Bead, Status, StoredPair, TranslationUnit

# Ordered schema migrations: a corpus at ``PRAGMA user_version`` v gets MIGRATIONS[v:], each in one
# transaction with the version it reaches. A migration is never edited once released: add one.
MIGRATIONS: tuple[str, ...] = (
    # v1: documents, their sentences, aligned pairs with provenance and review state.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        title TEXT NOT NULL,
        source_path TEXT NOT NULL,
        lang TEXT NOT NULL,
        checksum TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL
    );
    CREATE TABLE sentences (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (document_id, idx)
    );
    CREATE TABLE pairs (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        target_document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
        src_lang TEXT NOT NULL,
        tgt_lang TEXT NOT NULL,
        src_ids TEXT NOT NULL,
        tgt_ids TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        bead TEXT NOT NULL,
        score REAL NOT NULL,
        origin TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'auto'
            CHECK (status IN ('auto', 'flagged', 'approved', 'rejected', 'edited')),
        edited_text TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX pairs_by_language ON pairs (src_lang, tgt_lang, status);
    CREATE INDEX pairs_by_document ON pairs (document_id, tgt_lang);
    """,
    # v2: the version lives in PRAGMA user_version; v1 kept it in a meta table.
    "DROP TABLE IF EXISTS meta;",
    # v3: which documents were aligned into which language (and with which translation), so that
    # adding stays idempotent after dedupe or filters remove pairs; filled from the stored pairs.
    """
    CREATE TABLE aligned (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        tgt_lang TEXT NOT NULL,
        target_document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX aligned_once ON aligned (document_id, tgt_lang, coalesce(target_document_id, 0));
    INSERT OR IGNORE INTO aligned SELECT DISTINCT document_id, tgt_lang, target_document_id FROM pairs;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


_PAIR_SELECT = "SELECT p.*, d.slug AS document FROM pairs p JOIN documents d ON d.id = p.document_id"
_PAIR_INSERT = (
    "INSERT INTO pairs (document_id, target_document_id, src_lang, tgt_lang, src_ids, tgt_ids, "
    "source, target, bead, score, origin, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LIVE = "status != 'rejected'"  # the pairs statistics count (rejected ones only by status)
_FINAL = "COALESCE(edited_text, target)"  # the reviewer's edit, else the aligned target


def _words(text: str | None) -> int:
    """Whitespace-separated words, as ``str.split`` counts them (an SQL function of the store)."""
    return len(text.split()) if text else 0


def _squash(text: str | None) -> str:
    """Text with its whitespace runs made single spaces (an SQL function of the store)."""
    return " ".join(text.split()) if text else ""


_ORDER = "ORDER BY p.document_id, p.tgt_lang, json_extract(p.src_ids, '$[0]'), p.id"  # document order

Verdict = Callable[[str, str, str, str, float], str | None]  # (source, target, langs, score) -> rule


def _pair_row(
    unit: TranslationUnit, document_id: int, target_document_id: int | None, created: str, updated: str
) -> tuple:
    """The values of :data:`_PAIR_INSERT` for one unit."""
    return (
        document_id,
        target_document_id,
        unit.src_lang,
        unit.tgt_lang,
        json.dumps(list(unit.src_ids)),
        json.dumps(list(unit.tgt_ids)),
        unit.source,
        unit.target,
        unit.kind,
        float(unit.score),
        unit.origin,
        str(unit.status),
        created,
        updated,
    )


def database_files(path: str | Path) -> list[Path]:
    """The files one corpus database lives in: the database and SQLite's WAL, shared-memory and
    journal files beside it."""
    return [Path(path), *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CorpusStore:
    """Open (and migrate) the corpus database at ``path``."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError(f"{self.path}: no corpus here (create it with: align corpus init NAME)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.create_function("words", 1, _words, deterministic=True)
        self.db.create_function("squash", 1, _squash, deterministic=True)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
            if self.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise InputError(f"{self.path}: not a readable align corpus ({exc})") from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and self._legacy_version():
            version = 1  # align <= 0.x kept the version in a meta table, at schema v1
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: corpus schema v{version} is newer than this align (v{SCHEMA_VERSION})"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            try:
                self.db.executescript(
                    f"BEGIN IMMEDIATE; {MIGRATIONS[target - 1]}; PRAGMA user_version = {target}; COMMIT;"
                )
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def _legacy_version(self) -> bool:
        found = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
        return found.fetchone() is not None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: committed on success, rolled back on any error or interrupt."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- documents -------------------------------------------------------------------------
    def document_id(self, checksum: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE checksum = ?", (checksum,)).fetchone()
        return int(row["id"]) if row else None

    def has_human_pair(self, src_checksum: str, tgt_checksum: str) -> bool:
        """Whether these two documents are stored and were aligned with each other (their pairs
        stored, whatever dedupe or filters removed since)."""
        row = self.db.execute(
            "SELECT 1 FROM aligned a JOIN documents s ON s.id = a.document_id "
            "JOIN documents t ON t.id = a.target_document_id WHERE s.checksum = ? AND t.checksum = ? LIMIT 1",
            (src_checksum, tgt_checksum),
        ).fetchone()
        return row is not None

    def stored_documents(self) -> list[int]:
        """Ids of every stored document."""
        return [int(r["id"]) for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def has_pairs(self, document_id: int, tgt_lang: str) -> bool:
        """Whether the document was aligned into ``tgt_lang`` (by machine translation), whatever
        dedupe or filters removed since."""
        row = self.db.execute(
            "SELECT 1 FROM aligned WHERE document_id = ? AND tgt_lang = ? AND target_document_id IS NULL",
            (document_id, tgt_lang),
        ).fetchone()
        return row is not None

    def add_document(self, document: Document, sentences: list[Sentence]) -> int:
        """Insert a document and its sentences (inside the caller's transaction); return its id."""
        existing = self.document_id(document.checksum)
        if existing is not None:
            return existing
        slug, k = document.id, 1
        while self.db.execute("SELECT 1 FROM documents WHERE slug = ?", (slug,)).fetchone():
            k += 1  # another document already has this name: pairs and exports are named by it
            slug = f"{document.id}-{k}"
        cursor = self.db.execute(
            "INSERT INTO documents (slug, title, source_path, lang, checksum, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (slug, document.title, document.source, document.lang, document.checksum, now()),
        )
        doc_id = int(cursor.lastrowid or 0)
        self.db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?, ?)",
            [(doc_id, s.index, s.paragraph, s.text) for s in sentences],
        )
        return doc_id

    def add_pairs(
        self, document_id: int, units: Iterable[TranslationUnit], target_document_id: int | None = None
    ) -> int:
        """Insert aligned pairs (null beads skipped) for a document; return how many."""
        stamp = now()
        rows = [_pair_row(u, document_id, target_document_id, stamp, stamp) for u in units if not u.is_null]
        self.db.executemany(_PAIR_INSERT, rows)
        return len(rows)

    def mark_aligned(self, document_id: int, tgt_lang: str, target_document_id: int | None = None) -> None:
        """Record that the document was aligned into ``tgt_lang`` (with ``target_document_id``, a
        human translation), inside the caller's transaction: adding it again adds nothing."""
        self.db.execute(
            "INSERT OR IGNORE INTO aligned (document_id, tgt_lang, target_document_id) VALUES (?, ?, ?)",
            (document_id, tgt_lang, target_document_id),
        )

    # --- reading ---------------------------------------------------------------------------
    def pairs(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        statuses: Iterable[str] | None = None,
        min_score: float | None = None,
        document: str | None = None,
    ) -> list[StoredPair]:
        """Pairs in a stable order (document, then position), optionally filtered."""
        return list(self.iter_pairs(src_lang, tgt_lang, statuses, min_score, document))

    def iter_pairs(
        self,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        statuses: Iterable[str] | None = None,
        min_score: float | None = None,
        document: str | None = None,
    ) -> Iterator[StoredPair]:
        """:meth:`pairs`, read row by row (memory does not grow with the corpus)."""
        where: list[str] = []
        args: list[object] = []
        if src_lang:
            where.append("p.src_lang = ?")
            args.append(src_lang)
        if tgt_lang:
            where.append("p.tgt_lang = ?")
            args.append(tgt_lang)
        if statuses is not None:
            wanted = [str(s) for s in statuses]
            where.append(f"p.status IN ({','.join('?' * len(wanted))})")
            args.extend(wanted)
        if min_score is not None:
            where.append("p.score >= ?")
            args.append(min_score)
        if document:
            where.append("d.slug = ?")
            args.append(document)
        sql = _PAIR_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " " + _ORDER
        for row in self.db.execute(sql, args):
            yield self._pair(row)

    def pair(self, pair_id: int) -> StoredPair:
        """One pair by id."""
        row = self.db.execute(
            _PAIR_SELECT + " WHERE p.id = ?",
            (pair_id,),
        ).fetchone()
        if row is None:
            raise InputError(f"no pair with id {pair_id}")
        return self._pair(row)

    @staticmethod
    def _pair(row: sqlite3.Row) -> StoredPair:
        return StoredPair(
            id=row["id"],
            document=row["document"],
            src_lang=row["src_lang"],
            tgt_lang=row["tgt_lang"],
            source=row["source"],
            target=row["target"],
            bead=Bead(tuple(json.loads(row["src_ids"])), tuple(json.loads(row["tgt_ids"])), row["score"]),
            origin=row["origin"],
            status=Status(row["status"]),
            edited_text=row["edited_text"],
            note=row["note"],
            updated_at=row["updated_at"],
        )

    def language_pairs(self) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT DISTINCT src_lang, tgt_lang FROM pairs ORDER BY src_lang, tgt_lang")
        return [(r["src_lang"], r["tgt_lang"]) for r in rows]

    def review_list(
        self, src_lang: str, tgt_lang: str, document: str = "", status: str = "", limit: int = 1000
    ) -> list[StoredPair]:
        """Pairs to review, at most ``limit``: flagged first, rejected last, the rest between, each
        group by ascending score, then in document order; optionally of one document or state."""
        where, args = ["p.src_lang = ?", "p.tgt_lang = ?"], [src_lang, tgt_lang]
        for column, value in (("d.slug", document), ("p.status", status)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        rank = "CASE p.status WHEN 'flagged' THEN 0 WHEN 'rejected' THEN 2 ELSE 1 END"
        rows = self.db.execute(
            f"{_PAIR_SELECT} WHERE {' AND '.join(where)} "
            f"ORDER BY {rank}, p.score, {_ORDER.removeprefix('ORDER BY ')} LIMIT ?",
            (*args, limit),
        )
        return [self._pair(r) for r in rows]

    def document_names(self, src_lang: str, tgt_lang: str) -> list[str]:
        """Slugs of the documents with pairs in a language pair, sorted."""
        rows = self.db.execute(
            "SELECT DISTINCT d.slug FROM pairs p JOIN documents d ON d.id = p.document_id "
            "WHERE p.src_lang = ? AND p.tgt_lang = ? ORDER BY d.slug",
            (src_lang, tgt_lang),
        )
        return [r["slug"] for r in rows]

    # --- statistics (computed by SQLite: memory does not grow with the number of pairs) --------
    def language_totals(self) -> list[sqlite3.Row]:
        """Per language pair: ``documents`` (with any pair), and over pairs not rejected ``units``,
        ``flagged``, ``source_words`` and ``target_words`` (the edited text where there is one)."""
        return self.db.execute(
            f"SELECT src_lang, tgt_lang, COUNT(DISTINCT document_id) AS documents, "
            f"COALESCE(SUM({_LIVE}), 0) AS units, COALESCE(SUM(status = 'flagged'), 0) AS flagged, "
            f"COALESCE(SUM(CASE WHEN {_LIVE} THEN words(source) END), 0) AS source_words, "
            f"COALESCE(SUM(CASE WHEN {_LIVE} THEN words({_FINAL}) END), 0) AS target_words "
            "FROM pairs GROUP BY src_lang, tgt_lang ORDER BY src_lang, tgt_lang"
        ).fetchall()

    def status_counts(self, src_lang: str, tgt_lang: str) -> dict[str, int]:
        """How many pairs of a language pair are in each review state, by state name."""
        rows = self.db.execute(
            "SELECT status, COUNT(*) AS n FROM pairs WHERE src_lang = ? AND tgt_lang = ? "
            "GROUP BY status ORDER BY status",
            (src_lang, tgt_lang),
        )
        return {r["status"]: r["n"] for r in rows}

    def score_histogram(self, src_lang: str, tgt_lang: str, bins: int) -> dict[str, list[int]]:
        """Counts of live pairs' scores in ``bins`` equal bins over [0, 1] (outliers in the end
        bins), per document slug, and over the whole language pair under ``""``."""
        rows = self.db.execute(
            f"SELECT d.slug AS document, MIN(?, MAX(0, CAST(p.score * ? AS INTEGER))) AS bin, "
            "COUNT(*) AS n FROM pairs p JOIN documents d ON d.id = p.document_id "
            f"WHERE p.src_lang = ? AND p.tgt_lang = ? AND p.{_LIVE} GROUP BY p.document_id, bin",
            (bins - 1, bins, src_lang, tgt_lang),
        )
        out: dict[str, list[int]] = {"": [0] * bins}
        for r in rows:
            out.setdefault(r["document"], [0] * bins)[r["bin"]] += r["n"]
            out[""][r["bin"]] += r["n"]
        return out

    def bead_counts(self, src_lang: str, tgt_lang: str) -> dict[str, dict[str, int]]:
        """Live pairs per bead type (``2-1``...), per document slug, and overall under ``""``."""
        rows = self.db.execute(
            "SELECT d.slug AS document, p.bead, COUNT(*) AS n FROM pairs p "
            f"JOIN documents d ON d.id = p.document_id WHERE p.src_lang = ? AND p.tgt_lang = ? AND p.{_LIVE} "
            "GROUP BY p.document_id, p.bead",
            (src_lang, tgt_lang),
        )
        out: dict[str, dict[str, int]] = {"": {}}
        for r in rows:
            for key in (r["document"], ""):
                kinds = out.setdefault(key, {})
                kinds[r["bead"]] = kinds.get(r["bead"], 0) + r["n"]
        return out

    def document_totals(self, src_lang: str, tgt_lang: str) -> list[sqlite3.Row]:
        """Per document with live pairs in a language pair: ``document`` (slug), ``pairs``,
        ``flagged`` and ``median`` score, in document order."""
        return self.db.execute(
            "WITH live AS (SELECT document_id, score, status, "
            "ROW_NUMBER() OVER (PARTITION BY document_id ORDER BY score) AS k, "
            "COUNT(*) OVER (PARTITION BY document_id) AS n "
            f"FROM pairs WHERE src_lang = ? AND tgt_lang = ? AND {_LIVE}) "
            "SELECT d.slug AS document, MAX(n) AS pairs, SUM(status = 'flagged') AS flagged, "
            "AVG(CASE WHEN k IN ((n + 1) / 2, (n + 2) / 2) THEN score END) AS median "
            "FROM live JOIN documents d ON d.id = live.document_id GROUP BY live.document_id "
            "ORDER BY live.document_id",
            (src_lang, tgt_lang),
        ).fetchall()

    def lowest_pairs(self, src_lang: str, tgt_lang: str, limit: int) -> list[StoredPair]:
        """The ``limit`` live pairs of a language pair with the lowest scores, lowest first."""
        rows = self.db.execute(
            _PAIR_SELECT + f" WHERE p.src_lang = ? AND p.tgt_lang = ? AND p.{_LIVE} "
            "ORDER BY p.score, p.id LIMIT ?",
            (src_lang, tgt_lang, limit),
        )
        return [self._pair(r) for r in rows]

    def length_sample(self, src_lang: str, tgt_lang: str, limit: int) -> list[sqlite3.Row]:
        """``source``, ``target`` (characters) and ``flagged`` of at most about ``limit`` live pairs,
        every k-th by id so that the sample spreads over the corpus."""
        where = f"src_lang = ? AND tgt_lang = ? AND {_LIVE}"
        total = self.db.execute(f"SELECT COUNT(*) FROM pairs WHERE {where}", (src_lang, tgt_lang)).fetchone()[
            0
        ]
        step = max(1, -(-total // max(1, limit)))
        return self.db.execute(
            f"SELECT length(source) AS source, length({_FINAL}) AS target, status = 'flagged' AS flagged "
            f"FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY id) AS k FROM pairs WHERE {where}) "
            "WHERE (k - 1) % ? = 0 ORDER BY id",
            (src_lang, tgt_lang, step),
        ).fetchall()

    # --- review ------------------------------------------------------------------------------
    def set_status(
        self, pair_id: int, status: Status | str, edited_text: str | None = None, note: str | None = None
    ) -> None:
        """Record a review decision (one transaction)."""
        status = Status.parse(status)
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE pairs SET status = ?, edited_text = COALESCE(?, edited_text), "
                "note = COALESCE(?, note), updated_at = ? WHERE id = ?",
                (str(status), edited_text, note, now(), pair_id),
            )
            if cursor.rowcount != 1:
                raise InputError(f"no pair with id {pair_id}")

    def merge_pairs(self, first: StoredPair, second: StoredPair) -> None:
        """Replace ``first`` by ``first`` (already holding the merged bead and texts), delete ``second``."""
        with self.transaction():
            self._rewrite(first)
            self.db.execute("DELETE FROM pairs WHERE id = ?", (second.id,))

    def split_pair(self, head: StoredPair, tail: TranslationUnit) -> int:
        """Rewrite pair ``head.id`` as ``head`` and insert ``tail`` after it (same documents, created
        when the original was); returns the new pair's id."""
        with self.transaction():
            row = self.db.execute("SELECT * FROM pairs WHERE id = ?", (head.id,)).fetchone()
            if row is None:
                raise InputError(f"no pair with id {head.id}")
            self._rewrite(head)
            cursor = self.db.execute(
                _PAIR_INSERT,
                _pair_row(tail, row["document_id"], row["target_document_id"], row["created_at"], now()),
            )
            return int(cursor.lastrowid or 0)

    def _rewrite(self, pair: StoredPair) -> None:
        cursor = self.db.execute(
            "UPDATE pairs SET source = ?, target = ?, edited_text = ?, src_ids = ?, tgt_ids = ?, bead = ?, "
            "score = ?, status = ?, updated_at = ? WHERE id = ?",
            (
                pair.source,
                pair.target,
                pair.edited_text,
                json.dumps(list(pair.src_ids)),
                json.dumps(list(pair.tgt_ids)),
                pair.kind,
                float(pair.score),
                str(pair.status),
                now(),
                pair.id,
            ),
        )
        if cursor.rowcount != 1:
            raise InputError(f"no pair with id {pair.id}")

    # --- curation (set-based: the pairs concerned are listed in a temporary table) ---------------
    def _marked(self, select: str, args: tuple, examples: int) -> dict[str, tuple[int, list[StoredPair]]]:
        """Fill the temporary table ``marked (id, label)`` from ``select``; per label, how many rows
        and the first ``examples`` pairs in document order."""
        self.db.execute("DROP TABLE IF EXISTS temp.marked")
        self.db.execute(f"CREATE TEMP TABLE marked AS {select}", args)
        out: dict[str, tuple[int, list[StoredPair]]] = {}
        counts = self.db.execute("SELECT label, COUNT(*) AS n FROM temp.marked GROUP BY label")
        for row in counts.fetchall():
            shown = self.db.execute(
                _PAIR_SELECT + " JOIN temp.marked m ON m.id = p.id WHERE m.label = ? " + _ORDER + " LIMIT ?",
                (row["label"], examples),
            )
            out[row["label"]] = (row["n"], [self._pair(r) for r in shown])
        return out

    def reject_by(
        self,
        verdict: Verdict,
        statuses: Iterable[str],
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        dry_run: bool = False,
        examples: int = 0,
    ) -> dict[str, tuple[int, list[StoredPair]]]:
        """Mark ``rejected`` (note ``filter:RULE``) the pairs in ``statuses`` for which ``verdict``
        names a rule, in one UPDATE; per rule, how many and the first ``examples`` of them."""
        self.db.create_function("verdict", 5, verdict)
        wanted = [str(s) for s in statuses]
        where = [f"status IN ({','.join('?' * len(wanted))})"]
        args: list[object] = list(wanted)
        for column, value in (("src_lang", src_lang), ("tgt_lang", tgt_lang)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        select = (
            f"SELECT id, label FROM (SELECT id, verdict(source, {_FINAL}, src_lang, tgt_lang, score) "
            f"AS label FROM pairs WHERE {' AND '.join(where)}) WHERE label IS NOT NULL"
        )
        with self.transaction():
            out = self._marked(select, tuple(args), examples)
            if not dry_run:
                self.db.execute(
                    "UPDATE pairs SET status = 'rejected', note = 'filter:' || m.label, updated_at = ? "
                    "FROM temp.marked m WHERE m.id = pairs.id",
                    (now(),),
                )
        return out

    def delete_duplicates(self, dry_run: bool = False, examples: int = 0) -> tuple[int, list[StoredPair]]:
        """Delete exact duplicates (same languages, and source and target texts up to whitespace),
        keeping the best-scored copy (the first in document order among equals); how many, and the
        first ``examples`` of them."""
        select = (
            "SELECT id, 'duplicate' AS label FROM (SELECT p.id, ROW_NUMBER() OVER (PARTITION BY p.src_lang, "
            f"p.tgt_lang, squash(p.source), squash({_FINAL}) ORDER BY p.score DESC, "
            f"{_ORDER.removeprefix('ORDER BY ')}) AS k FROM pairs p) WHERE k > 1"
        )
        with self.transaction():
            found = self._marked(select, (), examples).get("duplicate", (0, []))
            if not dry_run:
                self.db.execute("DELETE FROM pairs WHERE id IN (SELECT id FROM temp.marked)")
        return found

    def delete_pairs(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        with self.transaction():
            self.db.executemany("DELETE FROM pairs WHERE id = ?", [(i,) for i in ids])
        return len(ids)
