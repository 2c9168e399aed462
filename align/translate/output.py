"""Writing and reading translation outputs: ``<slug>.<lang>.txt`` and the sentence JSONL."""

from __future__ import annotations

import json
from pathlib import Path

from align.atomic import atomic_open, atomic_write_text
from align.document import Document
from align.errors import InputError
from align.translate.translator import DocumentTranslation, SentencePair


def translation_paths(out_dir: Path, doc_id: str, target: str) -> tuple[Path, Path]:
    """``(text_path, jsonl_path)`` for a document's translation into ``target``."""
    return out_dir / f"{doc_id}.{target}.txt", out_dir / f"{doc_id}.{target}.jsonl"


def write_translation(
    result: DocumentTranslation, out_dir: str | Path, force: bool = False
) -> tuple[Path, Path]:
    """Write the translated text (blank line between paragraphs) and one JSON line per sentence;
    an input error, before anything is written, when either file exists and ``force`` is off."""
    text_path, jsonl_path = translation_paths(Path(out_dir), result.document.id, result.target)
    existing = [p for p in (text_path, jsonl_path) if p.exists() or p.is_symlink()]
    if existing and not force:
        raise InputError(f"{existing[0]} exists (from another input or an earlier run); --force replaces it")
    atomic_write_text(text_path, "\n\n".join(result.paragraphs) + "\n")
    with atomic_open(jsonl_path) as handle:
        for pair in result.pairs:
            record = {
                "document": result.document.id,
                "paragraph": pair.paragraph,
                "sentence": pair.index,
                "source_lang": result.document.lang,
                "target_lang": result.target,
                "source": pair.source,
                "translation": pair.translation,
                "origin": result.origin,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return text_path, jsonl_path


def read_translation(jsonl_path: str | Path, document: Document | None = None) -> DocumentTranslation:
    """Read a sentence JSONL written by :func:`write_translation`."""
    pairs: list[SentencePair] = []
    first: dict = {}
    try:
        lines = Path(jsonl_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{jsonl_path}: cannot read ({exc})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            pairs.append(
                SentencePair(
                    record["source"], record["translation"], int(record["paragraph"]), int(record["sentence"])
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError):
            raise InputError(f"{jsonl_path}:{number}: not a translation record") from None
        first = first or record
    if not pairs:
        raise InputError(f"{jsonl_path}: no translation records")
    if document is None:
        paragraphs: dict[int, list[str]] = {}
        for pair in pairs:
            paragraphs.setdefault(pair.paragraph, []).append(pair.source)
        document = Document(
            id=str(first.get("document", Path(jsonl_path).stem)),
            title=pairs[0].source,
            lang=str(first.get("source_lang", "")),
            paragraphs=[" ".join(v) for _, v in sorted(paragraphs.items())],
        )
    return DocumentTranslation(
        document, str(first.get("target_lang", "")), pairs, str(first.get("origin", ""))
    )
