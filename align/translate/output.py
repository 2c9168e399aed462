"""Writing and reading translation outputs: ``<slug>.<lang>.txt``, the sentence JSONL, and the
translation in the input's own format."""

from __future__ import annotations

import json
from pathlib import Path

from align.atomic import atomic_open_all
from align.document import Document
from align.errors import InputError
from align.translate.render import render
from align.translate.translator import DocumentTranslation, SentencePair


def translation_paths(out_dir: Path, doc_id: str, target: str) -> tuple[Path, Path]:
    """``(text_path, jsonl_path)`` for a document's translation into ``target``."""
    return out_dir / f"{doc_id}.{target}.txt", out_dir / f"{doc_id}.{target}.jsonl"


def write_translation(result: DocumentTranslation, out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write the translated text (blank line between paragraphs), one JSON line per sentence, and the
    translation in the input's own format (``NAME.LANG.html``, ``.docx``, ``.md``; a PDF's as HTML)
    when it has one. Returns the paths in that order. An input error, before anything is written,
    when a file exists and ``force`` is off."""
    text_path, jsonl_path = translation_paths(Path(out_dir), result.document.id, result.target)
    rendered = render(result)
    paths = [text_path, jsonl_path]
    if rendered:
        paths.append(text_path.with_suffix(rendered[0]))
    existing = [p for p in paths if p.exists() or p.is_symlink()]
    if existing and not force:
        raise InputError(f"{existing[0]} exists (from another input or an earlier run); --force replaces it")
    records = (
        {
            "document": result.document.id,
            "paragraph": pair.paragraph,
            "sentence": pair.index,
            "source_lang": result.document.lang,
            "target_lang": result.target,
            "source": pair.source,
            "translation": pair.translation,
            "origin": result.origin,
        }
        for pair in result.pairs
    )
    with atomic_open_all(list(paths), "wb") as handles:  # the files change together or not at all
        handles[0].write(("\n\n".join(result.paragraphs) + "\n").encode("utf-8"))
        for record in records:
            handles[1].write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        if rendered:
            handles[2].write(rendered[1])
    return paths


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
