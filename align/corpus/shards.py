"""Parquet shards: past one SQLite file, ``corpus add --shards DIR`` writes one Parquet file per batch
of articles instead of merging into the store; ``corpus import-shards`` loads them into a store and
``corpus export`` reads a shard folder as it reads a store.

A shard holds one row per document: the task's content key (:func:`~align.corpus.build.task_key`),
the document (name, title, source, language, paragraphs), its sentences, its aligned units (one list
per target language) and, for a human translation, the translated document. A shard is written under
a temporary name and renamed when complete; a re-run reads the keys of the finished shards, skips
those tasks and numbers its shards after the last one, so every document is in the folder exactly once
whatever changed between runs (new files, another ``--chunk``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from align.document import Document, Sentence
from align.errors import InputError
from align.pipeline import DocumentResult
from align.records import Bead, Status, TranslationUnit

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
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), temp)
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


def _rows(path: Path, columns: list[str] | None = None) -> Iterator[dict]:
    """The rows of one shard, 64 at a time."""
    try:
        parquet = pq.ParquetFile(path)
        if not parquet.schema_arrow.equals(SCHEMA):
            raise InputError(f"{path}: not an align shard (unexpected columns)")
        for batch in parquet.iter_batches(batch_size=64, columns=columns):
            yield from batch.to_pylist()
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: unreadable shard ({exc})") from None


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
