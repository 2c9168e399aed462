"""Parquet shards: past one SQLite file, ``corpus add --shards DIR`` writes one Parquet file per batch
of articles instead of merging into the store; ``corpus import-shards`` loads them into a store and
``corpus export`` reads a shard folder as it reads a store.

A shard holds one row per document: the task's content key (:func:`~align.corpus.build.task_key`),
the document (name, title, source, language, paragraphs), its sentences, its aligned units (one list
per target language) and, for a human translation, the translated document. A shard is written under
a temporary name and renamed when complete; a re-run reads the keys of the finished shards, skips
those tasks and numbers its shards after the last one, so every document is in the folder exactly once
whatever changed between runs (new files, another ``--chunk``).

Shards are read as untrusted input: only regular files, at most ``MAX_SHARD_BYTES``; one row group per
document and no dictionary encoding, so the metadata bounds what a row group decodes to before it is
read (``MAX_ROW_BYTES``); and every row is checked as strictly as :func:`write_shard` writes it, an
error naming the shard and the row. The Parquet reader aborts the process on some malformed metadata
instead of raising (pyarrow 26: a size-statistics histogram of the wrong length), so each shard is
first decoded in a child process (:func:`_decodes_safely`): one that kills the child is refused.
"""

from __future__ import annotations

import math
import os
import re
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from align.align.beads import MAX_BEAD_SIDE
from align.document import CONTROL_CHARACTERS, Document, Sentence, is_label
from align.errors import InputError
from align.ingest import max_input_bytes
from align.ingest.text import strip_bidi_controls
from align.languages import language_tag
from align.pipeline import DocumentResult
from align.records import MAX_UNIT_CHARS, Bead, Status, TranslationUnit
from align.segment import MAX_SENTENCE_CHARS

_SENTENCE = pa.struct([("text", pa.string()), ("paragraph", pa.int32()), ("index", pa.int32())])
_UNIT = pa.struct(
    [
        ("tgt_lang", pa.string()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("src_ids", pa.list_(pa.int32())),
        ("tgt_ids", pa.list_(pa.int32())),
        ("score", pa.float64()),
        ("origin", pa.string()),
        ("status", pa.string()),
    ]
)
_DOCUMENT = [
    ("document", pa.string()),
    ("title", pa.string()),
    ("source_path", pa.string()),
    ("lang", pa.string()),
    ("paragraphs", pa.list_(pa.string())),
    ("sentences", pa.list_(_SENTENCE)),
]
SCHEMA = pa.schema(
    [("key", pa.string()), *_DOCUMENT, ("units", pa.list_(_UNIT)), ("partner", pa.struct(_DOCUMENT))]
)
_NAME = re.compile(r"^part-(\d{6,})\.parquet$")
_KEY = re.compile(r"^[0-9a-f]{16,128}(>[0-9a-f]{16,128}|:[A-Za-z0-9,-]{2,200})$")
MAX_SHARD_BYTES = 1024**3
MAX_TITLE_CHARS = 2_000
MAX_PATH_CHARS = 4_096


def max_row_bytes() -> int:
    """What one row (a document, its sentences, units and partner) may decode to: a few times the
    largest input file."""
    return 8 * max_input_bytes() + 64 * 1024**2


def shard_path(folder: Path, batch: int) -> Path:
    return folder / f"part-{batch:06d}.parquet"


def next_shard(folder: Path) -> int:
    """The number after the highest finished shard of ``folder`` (0 for none)."""
    numbers = [int(m.group(1)) for p in folder.glob("part-*.parquet") if (m := _NAME.match(p.name))]
    return max(numbers, default=-1) + 1


def _document_fields(document: Document, sentences: list[Sentence]) -> dict:
    return {
        "document": document.id,
        "title": document.title,
        "source_path": document.source,
        "lang": document.lang,
        "paragraphs": document.paragraphs,
        "sentences": [{"text": s.text, "paragraph": s.paragraph, "index": s.index} for s in sentences],
    }


def write_shard(path: Path, results: list[DocumentResult], keys: list[str]) -> Path:
    """Write one batch's results (each with its task key) as a Parquet file: a temporary name first,
    renamed when complete."""
    rows = [
        {
            "key": key,
            **_document_fields(r.document, r.sentences),
            "partner": None if r.partner is None else _document_fields(*r.partner),
            "units": [
                {
                    "tgt_lang": u.tgt_lang,
                    "source": u.source,
                    "target": u.target,
                    "src_ids": list(u.src_ids),
                    "tgt_ids": list(u.tgt_ids),
                    "score": u.score,
                    "origin": u.origin,
                    "status": str(u.status),
                }
                for units in r.units.values()
                for u in units
            ],
        }
        for r, key in zip(results, keys, strict=True)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        # One row group per document, plain encoding: readers can bound a row before decoding it.
        pq.write_table(
            pa.Table.from_pylist(rows, schema=SCHEMA), temp, row_group_size=1, use_dictionary=False
        )
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def shard_files(folder: str | Path) -> list[Path]:
    """The finished shards of a folder, in batch order (temporary files of an unfinished run aside)."""
    files = sorted(Path(folder).glob("part-*.parquet"))
    if not files:
        raise InputError(f"{folder}: no Parquet shards here (write them with corpus add --shards)")
    return files


def _open_regular(path: Path) -> int:
    """A read descriptor of ``path``, refused unless it is a regular file of at most
    ``MAX_SHARD_BYTES`` (a FIFO or device would block or never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{path}: unreadable shard ({exc.strerror})") from None
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = "not a regular file"
    elif info.st_size > MAX_SHARD_BYTES:
        problem = f"{info.st_size} bytes, over the {MAX_SHARD_BYTES}-byte limit"
    if problem:
        os.close(fd)
        raise InputError(f"{path}: unreadable shard ({problem})")
    return fd


def _check_layout(path: Path, parquet: pq.ParquetFile) -> None:
    """The row groups as :func:`write_shard` writes them: one row each, no dictionary pages, and
    what each decodes to (plain values plus their offsets) under :func:`max_row_bytes`."""
    if not parquet.schema_arrow.equals(SCHEMA):
        raise InputError(f"{path}: not an align shard (unexpected columns)")
    metadata = parquet.metadata
    limit = max_row_bytes()
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)
        if group.num_rows != 1:
            raise InputError(f"{path}: row group {g}: {group.num_rows} rows (align writes one per document)")
        columns = [group.column(c) for c in range(group.num_columns)]
        if any(c.dictionary_page_offset is not None or "PLAIN_DICTIONARY" in c.encodings for c in columns):
            raise InputError(f"{path}: row {g}: dictionary-encoded (align writes plain values)")
        decoded = sum(c.total_uncompressed_size + 16 * c.num_values for c in columns)
        if decoded > limit:
            raise InputError(f"{path}: row {g}: decodes to {decoded} bytes, over the {limit}-byte limit")


def _batches(path: Path, columns: list[str] | None) -> Iterator[pa.RecordBatch]:
    """The row groups of one shard, decoded one at a time, once its layout is checked."""
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        parquet = pq.ParquetFile(handle)
        _check_layout(path, parquet)
        yield from parquet.iter_batches(batch_size=1, columns=columns, use_threads=False)


def _decode(path: Path, columns: list[str] | None) -> None:
    """Decode every row group of ``path`` (nothing is kept)."""
    for _batch in _batches(path, columns):
        pass


def _decodes_safely(path: Path, columns: list[str] | None = None) -> None:
    """Decode ``path`` once in a forked child; refuse it with one line if that kills the child (a
    native abort or crash of the reader). Errors the reader raises are left to the caller's own read,
    which meets them again. Where there is no fork, nothing is checked here."""
    if not hasattr(os, "fork"):
        return
    pid = os.fork()
    if pid == 0:  # the child: decode quietly, then leave at once, whatever happened
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # a native abort's own message stays unseen
            _decode(path, columns)
        except BaseException:
            pass
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise InputError(f"{path}: unreadable shard (the Parquet reader died on it: {name})")


def _rows(path: Path, columns: list[str] | None = None) -> Iterator[dict]:
    """The rows of one shard, one at a time, each checked (:func:`check_row`) when read whole."""
    _decodes_safely(path, columns)
    try:
        for number, batch in enumerate(_batches(path, columns)):
            for row in batch.to_pylist():
                (check_row if columns is None else _check_key)(row, f"{path}: row {number}")
                yield row
    except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: unreadable shard ({' '.join(str(exc).split())[:200]})") from None


def _text(value: object, where: str, limit: int, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: not text")
    if len(value) > limit:
        raise InputError(f"{where}: {len(value)} characters, over {limit}")
    if not empty and not value:
        raise InputError(f"{where}: empty")
    if CONTROL_CHARACTERS.search(value):
        raise InputError(f"{where}: control characters")
    if strip_bidi_controls(value) != value:  # align's ingest removes them: a shard of ours has none
        raise InputError(f"{where}: bidirectional override characters")
    return value


def _language(value: object, where: str) -> None:
    if not isinstance(value, str) or not value or "\n" in value:
        raise InputError(f"{where}: not a language code")
    try:
        if language_tag(value) != value:
            raise InputError(f"{where}: not a standard language tag")
    except InputError:
        raise InputError(f"{where}: invalid language code") from None


def _check_side(fields: dict, where: str) -> None:
    if not isinstance(fields, dict):
        raise InputError(f"{where}: not a document")
    if not isinstance(fields.get("document"), str) or not is_label(fields["document"]):
        raise InputError(f"{where}: document: not a document name")
    _text(fields.get("title"), f"{where}: title", MAX_TITLE_CHARS)
    if fields.get("source_path") is not None:
        _text(fields["source_path"], f"{where}: source_path", MAX_PATH_CHARS)
    _language(fields.get("lang"), f"{where}: lang")
    paragraphs = fields.get("paragraphs")
    if not isinstance(paragraphs, list):
        raise InputError(f"{where}: paragraphs: not a list")
    budget = max_input_bytes()
    for k, paragraph in enumerate(paragraphs):
        _text(paragraph, f"{where}: paragraph {k}", budget)
    sentences = fields.get("sentences")
    if not isinstance(sentences, list):
        raise InputError(f"{where}: sentences: not a list")
    for k, sentence in enumerate(sentences):
        if not isinstance(sentence, dict):
            raise InputError(f"{where}: sentence {k}: not a sentence")
        _text(sentence.get("text"), f"{where}: sentence {k}", MAX_SENTENCE_CHARS)
        for name in ("paragraph", "index"):
            value = sentence.get(name)
            if not isinstance(value, int) or value < 0:
                raise InputError(f"{where}: sentence {k}: {name}: not a position")


def _check_ids(ids: object, where: str) -> None:
    if not isinstance(ids, list) or len(ids) > MAX_BEAD_SIDE:
        raise InputError(f"{where}: at most {MAX_BEAD_SIDE} sentence ids")
    if not all(isinstance(i, int) and i >= 0 for i in ids):
        raise InputError(f"{where}: not sentence positions")


def _check_key(row: dict, where: str) -> None:
    if not isinstance(row.get("key"), str) or not _KEY.match(row["key"]):
        raise InputError(f"{where}: key: not a task key")


def check_row(row: dict, where: str) -> None:
    """Refuse a row that :func:`write_shard` would not write (one line naming ``where`` and the field):
    missing or null fields, invalid languages, overlong texts, control characters, beads of more than
    ``MAX_BEAD_SIDE`` sentences, scores outside [0, 1] or NaN, unknown review states."""
    _check_key(row, where)
    _check_side(row, where)
    if row.get("partner") is not None:
        _check_side(row["partner"], f"{where}: partner")
    units = row.get("units")
    if not isinstance(units, list):
        raise InputError(f"{where}: units: not a list")
    for k, unit in enumerate(units):
        at = f"{where}: unit {k}"
        if not isinstance(unit, dict):
            raise InputError(f"{at}: not a unit")
        _language(unit.get("tgt_lang"), f"{at}: tgt_lang")
        _text(unit.get("source"), f"{at}: source", MAX_UNIT_CHARS)
        _text(unit.get("target"), f"{at}: target", MAX_UNIT_CHARS)
        _check_ids(unit.get("src_ids"), f"{at}: src_ids")
        _check_ids(unit.get("tgt_ids"), f"{at}: tgt_ids")
        score = unit.get("score")
        if not isinstance(score, float | int) or not math.isfinite(score) or not 0 <= score <= 1:
            raise InputError(f"{at}: score: not a number from 0 to 1")
        origin = unit.get("origin")
        if not isinstance(origin, str) or not is_label(origin):
            raise InputError(f"{at}: origin: not a provenance label")
        try:
            Status.parse(str(unit.get("status")))
        except InputError:
            raise InputError(f"{at}: status: not a review state") from None


def shard_keys(folder: str | Path) -> set[str]:
    """The task keys of every finished shard of ``folder`` (none when it has no shard yet)."""
    paths = sorted(Path(folder).glob("part-*.parquet"))
    return {row["key"] for path in paths for row in _rows(path, ["key"])}


def read_shards(folder: str | Path) -> Iterator[DocumentResult]:
    """Every document of every shard, one row group at a time (memory does not grow with the folder)."""
    for path in shard_files(folder):
        for row in _rows(path):
            yield _result(row)


def _side(fields: dict) -> tuple[Document, list[Sentence]]:
    document = Document(
        fields["document"], fields["title"], fields["lang"], list(fields["paragraphs"]), fields["source_path"]
    )
    return document, [Sentence(s["text"], s["paragraph"], s["index"]) for s in fields["sentences"]]


def _result(row: dict) -> DocumentResult:
    document, sentences = _side(row)
    partner = None if row["partner"] is None else _side(row["partner"])
    result = DocumentResult(document, sentences, partner=partner)
    for u in row["units"]:
        unit = TranslationUnit(
            document.id,
            document.lang,
            u["tgt_lang"],
            u["source"],
            u["target"],
            Bead(tuple(u["src_ids"]), tuple(u["tgt_ids"]), u["score"]),
            u["origin"],
            Status.parse(u["status"]),
        )
        result.units.setdefault(unit.tgt_lang, []).append(unit)
    return result


def shard_units(
    folder: str | Path,
    langs: tuple[str, str],
    statuses: Iterable[Status] = Status.exportable(),
    min_score: float | None = None,
) -> Iterator[TranslationUnit]:
    """The units of one language pair in a shard folder that ``corpus export`` takes (the same
    filters as for a store; null beads never)."""
    kept = {s for s in statuses if s is not Status.REJECTED}
    for result in read_shards(folder):
        if result.document.lang != langs[0]:
            continue
        for unit in result.units.get(langs[1], []):
            if not unit.is_null and unit.status in kept and (min_score is None or unit.score >= min_score):
                yield unit
