"""Reading TMX safely (no entities, no DTD loading, no network, size-capped), to merge and inspect.

Files with entity declarations (XXE, "billion laughs") are refused outright; parsing streams with
``iterparse`` so large memories never sit in memory as a whole tree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from align.align.beads import MAX_BEAD_SIDE
from align.document import is_label
from align.errors import InputError, not_a_file
from align.export.tmx import XML_LANG
from align.languages import ANY_LANGUAGE, base_language
from align.records import Bead, Status, TranslationUnit

MAX_TMX_BYTES = 1024**3
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BEAD_PROP = re.compile(r"[0-9]{1,2}-[0-9]{1,2}")


@dataclass
class TmxUnit:
    """A ``tu``: its id, props and one segment per language (in file order)."""

    tuid: str
    props: dict[str, str] = field(default_factory=dict)
    segments: dict[str, str] = field(default_factory=dict)
    variant_props: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class TmxFile:
    srclang: str
    header: dict[str, str]
    units: list[TmxUnit]


def _check_prolog(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path}: {size} bytes is over the {limit}-byte limit for TMX input")
    if size == 0:
        raise InputError(f"{path}: file is empty")
    with path.open("rb") as handle:
        head = handle.read(65536)
    prolog = head.split(b"<tmx", 1)[0]
    if _ENTITY.search(prolog):
        raise InputError(f"{path}: entity declarations are not allowed in TMX (possible XXE or entity bomb)")


def _text(element: etree._Element) -> str:
    """All text of a ``seg`` including inline markup's text (bpt/ept/ph content excluded)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in ("hi", "sub"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def iter_tmx(path: str | Path, limit: int = MAX_TMX_BYTES) -> Iterator[TmxUnit | dict[str, str]]:
    """Yield the header attributes first, then every ``tu``."""
    path = Path(path)
    if not path.is_file():
        raise not_a_file(path)
    _check_prolog(path, limit)
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        _, root = next(context)
        if root.getroottree().docinfo.internalDTD is not None:
            # The prolog check reads bytes; this one reads what the parser saw (any encoding, any trick).
            raise InputError(f"{path}: a DOCTYPE with an internal subset is not allowed in TMX")
        if root.tag != "tmx":
            raise InputError(f"{path}: not a TMX file (root element <{root.tag}>)")
        for event, element in context:
            if event == "end" and element.tag == "header":
                yield dict(element.attrib)
            elif event == "end" and element.tag == "tu":
                unit = TmxUnit(tuid=element.get("tuid", ""))
                for prop in element.findall("prop"):
                    unit.props[prop.get("type", "")] = prop.text or ""
                for tuv in element.findall("tuv"):
                    lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
                    seg = tuv.find("seg")
                    if lang and seg is not None:
                        unit.segments[lang] = _text(seg)
                        unit.variant_props[lang] = {
                            p.get("type", ""): p.text or "" for p in tuv.findall("prop")
                        }
                element.clear()
                yield unit
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed TMX ({' '.join(str(exc.msg).split())})") from None
    except StopIteration:
        raise InputError(f"{path}: empty document") from None


def read_tmx(path: str | Path, limit: int = MAX_TMX_BYTES) -> TmxFile:
    """Read a whole TMX file (header and units)."""
    header: dict[str, str] = {}
    units = []
    for item in iter_tmx(path, limit):
        if isinstance(item, dict):
            header = item
        else:
            units.append(item)
    if not header:
        raise InputError(f"{path}: TMX has no header")
    return TmxFile(header.get("srclang", ""), header, units)


def _matches(lang: str, srclang: str) -> bool:
    return lang.lower() == srclang.lower() or base_language(lang) == base_language(srclang)


def _quote(value: str) -> str:
    """A value for a one-line error: whitespace folded, at most 40 characters."""
    return " ".join(value.split())[:40]


def _bead_sizes(value: str, where: str) -> tuple[int, int]:
    """``x-bead`` as ``(source sentences, target sentences)``, each 0..MAX_BEAD_SIDE."""
    value = value.strip()
    if not _BEAD_PROP.fullmatch(value):
        raise InputError(f"{where}: x-bead '{_quote(value)}' is not a bead type like 1-2")
    a, b = (int(x) for x in value.split("-"))
    if a > MAX_BEAD_SIDE or b > MAX_BEAD_SIDE:
        raise InputError(f"{where}: x-bead '{value}' has more than {MAX_BEAD_SIDE} sentences on a side")
    return a, b


def _score(value: str, where: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise InputError(f"{where}: x-score '{_quote(value)}' is not a number") from None
    if not 0.0 <= score <= 1.0:  # NaN fails this too
        raise InputError(f"{where}: x-score {_quote(value)} is outside [0, 1]")
    return score


def _checked(
    props: dict[str, str], key: str, allowed: tuple[str, ...] | None, default: str, where: str
) -> str:
    value = props.get(key, default).strip()
    if allowed is not None and value not in allowed:
        raise InputError(f"{where}: {key} '{_quote(value)}' is not one of {', '.join(allowed)}")
    if not is_label(value):
        raise InputError(f"{where}: {key} is over 200 characters or holds control characters")
    return value


def tmx_units(tmx: TmxFile, name: str) -> list[TranslationUnit]:
    """Translation units (one per target language of each ``tu``) of a read TMX file; the props align
    interprets are validated (one-line error naming the ``tu``)."""
    out = []
    for index, unit in enumerate(tmx.units):
        if tmx.srclang in ("", ANY_LANGUAGE):  # any tuv may be the source: the first one is
            sources = list(unit.segments)[:1]
        else:
            sources = [lang for lang in unit.segments if _matches(lang, tmx.srclang)]
        if not sources:
            continue
        src_lang = sources[0]
        for lang, text in unit.segments.items():
            if lang == src_lang:
                continue
            props = {**unit.props, **unit.variant_props.get(lang, {})}
            where = f"{name}: tu {index + 1}" + (f" (tuid {_quote(unit.tuid)})" if unit.tuid else "")
            src_count, tgt_count = _bead_sizes(props.get("x-bead", "1-1"), where)
            out.append(
                TranslationUnit(
                    document=_checked(props, "x-document", None, name, where),
                    src_lang=src_lang,
                    tgt_lang=lang,
                    source=unit.segments[src_lang],
                    target=text,
                    bead=Bead(
                        (index,) * max(1, src_count),
                        (index,) * max(1, tgt_count),
                        _score(props.get("x-score", "1"), where),
                    ),
                    origin=_checked(props, "x-origin", None, "human", where),
                    status=Status(_checked(props, "x-status", tuple(Status), "auto", where)),
                )
            )
    return out


def merge_units(files: list[TmxFile], names: list[str]) -> tuple[str, list[TranslationUnit], int]:
    """Units of several memories, exact duplicates (same languages and texts) dropped.

    Returns ``(srclang, units, duplicates_dropped)``; all files must share one source language.
    """
    srclangs = {base_language(f.srclang) for f in files if f.srclang not in ("", ANY_LANGUAGE)}
    if len(srclangs) > 1:
        raise InputError(f"TMX files have different source languages: {', '.join(sorted(srclangs))}")
    seen: set[tuple[str, str, str, str]] = set()
    merged, dropped = [], 0
    for tmx, name in zip(files, names, strict=True):
        for unit in tmx_units(tmx, name):
            key = (unit.src_lang.lower(), unit.tgt_lang.lower(), unit.source.strip(), unit.target.strip())
            if key in seen:
                dropped += 1
                continue
            seen.add(key)
            merged.append(unit)
    sources = {u.src_lang for u in merged}
    return (sources.pop() if len(sources) == 1 else ANY_LANGUAGE), merged, dropped


def tmx_stats(tmx: TmxFile) -> dict:
    """Counts for ``align tmx stats``: units, languages, statuses, score summary."""
    langs = Counter(lang for unit in tmx.units for lang in unit.segments)
    statuses = Counter(unit.props.get("x-status", "") for unit in tmx.units if unit.props.get("x-status"))
    scores = []
    for unit in tmx.units:
        try:
            scores.append(float(unit.props["x-score"]))
        except (KeyError, ValueError):
            continue
    scores.sort()
    return {
        "srclang": tmx.srclang,
        "creationtool": tmx.header.get("creationtool", ""),
        "units": len(tmx.units),
        "segments_per_language": dict(sorted(langs.items())),
        "statuses": dict(sorted(statuses.items())),
        "median_score": scores[len(scores) // 2] if scores else None,
    }


def format_tmx_stats(stats: dict) -> str:
    """:func:`tmx_stats` as a small terminal table."""
    median = stats["median_score"]
    lines = [
        f"units          {stats['units']}",
        f"source         {stats['srclang'] or '-'}",
        f"created by     {stats['creationtool'] or '-'}",
        f"median score   {'-' if median is None else f'{median:.3f}'}",
        "",
        f"{'language':<14} {'segments':>8}",
        *(f"{lang:<14} {count:>8}" for lang, count in stats["segments_per_language"].items()),
    ]
    if stats["statuses"]:
        lines += ["", f"{'status':<14} {'units':>8}"]
        lines += [f"{status:<14} {count:>8}" for status, count in stats["statuses"].items()]
    return "\n".join(lines)
