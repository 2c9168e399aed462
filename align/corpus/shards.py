"""Parquet shards: past one SQLite file, ``corpus add --shards DIR`` writes one Parquet file per batch
of articles instead of merging into the store; ``corpus import-shards`` loads them into a store and
``corpus export`` reads a shard folder as it reads a store.

A shard holds one row per document: the document (name, title, source, language, paragraphs), its
sentences and its aligned units (one list per target language). A shard is written under a temporary
name and renamed when complete, so a batch is finished exactly when its file exists; batches are
numbered over the input list, so a re-run skips the finished ones.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from align.corpus.build import merge_results
from align.corpus.store import CorpusStore
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
SCHEMA = pa.schema(
    [
        ("document", pa.string()),
        ("title", pa.string()),
        ("source_path", pa.string()),
        ("lang", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("sentences", pa.list_(_SENTENCE)),
        ("units", pa.list_(_UNIT)),
    ]
)


def shard_path(folder: Path, batch: int) -> Path:
    return folder / f"part-{batch:06d}.parquet"


def write_shard(path: Path, results: list[DocumentResult]) -> Path:
    """Write one batch's results as a Parquet file: a temporary name first, renamed when complete."""
    rows = [
        {
            "document": r.document.id,
            "title": r.document.title,
            "source_path": r.document.source,
            "lang": r.document.lang,
            "paragraphs": r.document.paragraphs,
            "sentences": [{"text": s.text, "paragraph": s.paragraph, "index": s.index} for s in r.sentences],
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
        for r in results
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


def read_shards(folder: str | Path) -> Iterator[DocumentResult]:
    """Every document of every shard, one row group at a time (memory does not grow with the folder)."""
    for path in shard_files(folder):
        try:
            parquet = pq.ParquetFile(path)
            if not parquet.schema_arrow.equals(SCHEMA):
                raise InputError(f"{path}: not an align shard (unexpected columns)")
            batches = parquet.iter_batches(batch_size=64)
            for batch in batches:
                for row in batch.to_pylist():
                    yield _result(row)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}: unreadable shard ({exc})") from None


def _result(row: dict) -> DocumentResult:
    document = Document(
        row["document"], row["title"], row["lang"], list(row["paragraphs"]), row["source_path"]
    )
    result = DocumentResult(
        document, [Sentence(s["text"], s["paragraph"], s["index"]) for s in row["sentences"]]
    )
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


def import_shards(store: CorpusStore, folder: str | Path) -> int:
    """Load a shard folder into a store (documents already there are skipped); returns pairs added."""
    return merge_results(store, read_shards(folder))
