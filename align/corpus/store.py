"""The corpus store: one SQLite file per corpus (WAL, versioned schema, per-document transactions).

Documents are identified by a checksum of their language and text, so adding an article twice adds
nothing. Segment pairs keep their provenance (``mt:<model>`` or ``human``), score and review state
(``auto``, ``flagged``, ``approved``, ``rejected``, ``edited``), with an edited text and timestamps.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from align.document import Document, Sentence
from align.errors import InputError
from align.export import TranslationUnit
from align.export.units import STATUSES

SCHEMA_VERSION = 1

_MIGRATIONS = {
    1: """
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
}


_PAIR_SELECT = "SELECT p.*, d.slug AS document FROM pairs p JOIN documents d ON d.id = p.document_id"


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class StoredPair:
    """A pair as stored, with its row id and review state."""

    id: int
    document: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    edited_text: str | None
    score: float
    bead: str
    origin: str
    status: str
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    note: str | None
    updated_at: str

    @property
    def final_target(self) -> str:
        """The reviewer's edit when there is one, else the aligned target text."""
        return self.edited_text if self.edited_text is not None else self.target

    def as_unit(self) -> TranslationUnit:
        return TranslationUnit(
            self.document,
            self.src_lang,
            self.tgt_lang,
            self.source,
            self.final_target,
            self.score,
            self.src_ids,
            self.tgt_ids,
            self.origin,
            self.status,
        )


class CorpusStore:
    """Open (and migrate) the corpus database at ``path``."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError(f"{self.path}: no corpus here (create it with: align corpus init NAME)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
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
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row["value"]) if row else 0
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: corpus schema v{version} is newer than this align (v{SCHEMA_VERSION})"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in filter(str.strip, _MIGRATIONS[target].split(";")):
                    self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(target),))

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

    def has_pairs(self, document_id: int, tgt_lang: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM pairs WHERE document_id = ? AND tgt_lang = ? LIMIT 1", (document_id, tgt_lang)
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
        doc_id = int(cursor.lastrowid)
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
        rows = [
            (
                document_id,
                target_document_id,
                u.src_lang,
                u.tgt_lang,
                json.dumps(list(u.src_ids)),
                json.dumps(list(u.tgt_ids)),
                u.source,
                u.target,
                u.bead,
                float(u.score),
                u.origin,
                u.status,
                stamp,
                stamp,
            )
            for u in units
            if not u.is_null
        ]
        self.db.executemany(
            "INSERT INTO pairs (document_id, target_document_id, src_lang, tgt_lang, src_ids, tgt_ids, "
            "source, target, bead, score, origin, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return len(rows)

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
        where, args = [], []
        if src_lang:
            where.append("p.src_lang = ?")
            args.append(src_lang)
        if tgt_lang:
            where.append("p.tgt_lang = ?")
            args.append(tgt_lang)
        if statuses is not None:
            wanted = list(statuses)
            where.append(f"p.status IN ({','.join('?' * len(wanted))})")
            args.extend(wanted)
        if min_score is not None:
            where.append("p.score >= ?")
            args.append(min_score)
        if document:
            where.append("d.slug = ?")
            args.append(document)
        sql = (
            _PAIR_SELECT
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY p.document_id, p.tgt_lang, json_extract(p.src_ids, '$[0]'), p.id"
        )
        return [self._pair(row) for row in self.db.execute(sql, args)]

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
            edited_text=row["edited_text"],
            score=row["score"],
            bead=row["bead"],
            origin=row["origin"],
            status=row["status"],
            src_ids=tuple(json.loads(row["src_ids"])),
            tgt_ids=tuple(json.loads(row["tgt_ids"])),
            note=row["note"],
            updated_at=row["updated_at"],
        )

    def language_pairs(self) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT DISTINCT src_lang, tgt_lang FROM pairs ORDER BY src_lang, tgt_lang")
        return [(r["src_lang"], r["tgt_lang"]) for r in rows]

    # --- review ------------------------------------------------------------------------------
    def set_status(
        self, pair_id: int, status: str, edited_text: str | None = None, note: str | None = None
    ) -> None:
        """Record a review decision (one transaction)."""
        if status not in STATUSES:
            raise InputError(f"unknown status '{status}' (use {', '.join(STATUSES)})")
        with self.transaction():
            cursor = self.db.execute(
                "UPDATE pairs SET status = ?, edited_text = COALESCE(?, edited_text), "
                "note = COALESCE(?, note), updated_at = ? WHERE id = ?",
                (status, edited_text, note, now(), pair_id),
            )
            if cursor.rowcount != 1:
                raise InputError(f"no pair with id {pair_id}")

    def delete_pairs(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        with self.transaction():
            self.db.executemany("DELETE FROM pairs WHERE id = ?", [(i,) for i in ids])
        return len(ids)
