"""Human translations in bulk: which file translates which (by name, by manifest or by content),
each pair read and checked, then aligned and stored through the build loop (``corpus add-pairs``).

:func:`pair_folders` is the one pairing function; :func:`add_pairs` builds the pairs it found;
:func:`add_human_pair` is the single-pair case (``corpus add-pair``).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from align.align import Aligner
from align.align.matching import (
    DocumentVectors,
    MatchConfig,
    document_vectors,
    match_documents,
    rescoring_config,
)
from align.corpus.build import BuildOptions, BuildReport, Engine, PairTask, Sink, build, read_each
from align.corpus.sinks import StoreSink
from align.corpus.store import CorpusStore
from align.embed import load_encoder
from align.errors import InputError
from align.ingest import find_articles, read_input
from align.ingest.text import decode_bytes
from align.pipeline import AlignSettings, language_warnings, read_side, read_sides
from align.records import Skipped

PAIRING_METHODS = ("name", "manifest", "match")
# A pair whose one side has more than this many times the other's sentences (and at least
# LENGTH_SLACK more) is not a translation of it: a wrong file, an index page, a summary.
MAX_SENTENCE_RATIO = 3.0
LENGTH_SLACK = 5


@dataclass(frozen=True)
class PairOptions:
    """How pairs are read and aligned: alignment settings, whether inputs are one sentence per line
    (``presplit``), the input format (``fmt``: ``auto`` or one for every file)."""

    settings: AlignSettings = field(default_factory=AlignSettings)
    presplit: bool = False
    fmt: str = "auto"


@dataclass(frozen=True)
class FilePair:
    """A source file and its translation (paths), with the match confidence when paired by content."""

    src: str
    tgt: str
    confidence: float | None = None


@dataclass
class Pairing:
    """What pairing two folders found: the pairs, the documents left without a partner (with the
    confidence of their best candidate when paired by content), and the documents that matching
    could not read."""

    src_root: Path
    tgt_root: Path
    pairs: list[FilePair] = field(default_factory=list)
    unpaired_src: list[tuple[str, float | None]] = field(default_factory=list)
    unpaired_tgt: list[tuple[str, float | None]] = field(default_factory=list)
    unreadable: list[Skipped] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(source, target, score)`` per pair, then per unpaired document with the other side
        empty; paths relative to their folders."""

        def rel(path: str, root: Path) -> str:
            try:
                return Path(path).relative_to(root).as_posix()
            except ValueError:
                return path

        def score(value: float | None) -> str:
            return "" if value is None else f"{value:.3f}"

        return (
            [(rel(p.src, self.src_root), rel(p.tgt, self.tgt_root), score(p.confidence)) for p in self.pairs]
            + [(rel(s, self.src_root), "", score(c)) for s, c in self.unpaired_src]
            + [("", rel(t, self.tgt_root), score(c)) for t, c in self.unpaired_tgt]
        )

    def tsv(self) -> str:
        """The report: a ``source<TAB>target<TAB>score`` header, then :meth:`rows`."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(("source", "target", "score"))
        writer.writerows(self.rows())
        return out.getvalue()


def _language_key(path: Path, root: Path, lang: str) -> tuple[str, bool]:
    """The path relative to ``root`` with a ``.LANG`` tag removed (``x.en.txt`` → ``x.txt``,
    ``x.en`` → ``x``), and whether there was one."""
    rel = path.relative_to(root)
    parts = rel.name.split(".")
    tag = lang.lower()
    for k in range(len(parts) - 1, 0, -1):
        if parts[k].lower() == tag:
            name = ".".join(parts[:k] + parts[k + 1 :])
            return (rel.parent / name).as_posix(), True
    return rel.as_posix(), False


def pair_by_name(src_dir: str | Path, tgt_dir: str | Path, langs: tuple[str, str]) -> Pairing:
    """The same relative path in both folders (a ``.LANG`` tag aside: ``en/x.en.txt`` with
    ``ar/x.ar.txt``); in one folder, ``x.en.txt`` beside ``x.ar.txt``."""
    src_root, tgt_root = Path(src_dir), Path(tgt_dir)
    same = src_root.resolve() == tgt_root.resolve()
    sides: list[dict[str, str]] = [{}, {}]
    for side, (root, lang) in enumerate(((src_root, langs[0]), (tgt_root, langs[1]))):
        for path in find_articles([root]):
            key, tagged = _language_key(Path(path), root, lang)
            if (tagged or not same) and key not in sides[side]:
                sides[side][key] = path
    src, tgt = sides
    pairing = Pairing(src_root, tgt_root)
    pairing.pairs = [FilePair(src[k], tgt[k]) for k in src if k in tgt]
    pairing.unpaired_src = [(src[k], None) for k in src if k not in tgt]
    pairing.unpaired_tgt = [(tgt[k], None) for k in tgt if k not in src]
    return pairing


def pair_by_manifest(manifest: str | Path, src_dir: str | Path, tgt_dir: str | Path) -> Pairing:
    """Pairs listed in a TSV file, one ``source<TAB>target`` line each (paths relative to the
    folders; blank lines, ``#`` comments and a ``source<TAB>target`` header are passed over). Files of
    the folders that the manifest does not name are unpaired."""
    src_root, tgt_root = Path(src_dir), Path(tgt_dir)
    text = decode_bytes(read_input(manifest), str(manifest))
    pairing = Pairing(src_root, tgt_root)
    named: tuple[set[str], set[str]] = (set(), set())
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise InputError(f"{manifest}:{number}: expected 'source<TAB>target'")
        if number == 1 and [f.strip().lower() for f in fields] == ["source", "target"]:
            continue
        src, tgt = (str(root / f.strip()) for root, f in zip((src_root, tgt_root), fields, strict=True))
        for side, path in ((0, src), (1, tgt)):
            if path in named[side]:
                raise InputError(f"{manifest}:{number}: {path} is named twice")
            named[side].add(path)
        pairing.pairs.append(FilePair(src, tgt))
    src_files = find_articles([src_root]) if src_root.is_dir() else []
    tgt_files = find_articles([tgt_root]) if tgt_root.is_dir() else []
    pairing.unpaired_src = [(p, None) for p in src_files if p not in named[0]]
    pairing.unpaired_tgt = [(p, None) for p in tgt_files if p not in named[1] and p not in named[0]]
    return pairing


def _encode_collection(
    paths: list[str], lang: str, langs: tuple[str, str], options: PairOptions, skipped: list[Skipped]
) -> tuple[list[str], list[DocumentVectors]]:
    """Each readable document's sentence vectors; an unreadable one is named in ``skipped``."""
    kept: list[str] = []

    def texts() -> Iterator[list[str]]:
        for path in paths:
            try:
                _, sentences = read_side(path, lang, options.presplit, options.fmt)
            except InputError as exc:
                skipped.append(Skipped.of(path, exc))
                continue
            kept.append(path)
            yield [s.text for s in sentences]

    vectors = list(
        document_vectors(load_encoder(options.settings.encoder, langs, cache=options.settings.cache), texts())
    )
    return kept, vectors


def match_aligner(settings: AlignSettings, langs: tuple[str, str]) -> Aligner:
    """The aligner that re-scores match candidates: the build's, on sentence vectors only
    (:func:`~align.align.matching.rescoring_config`)."""
    return Aligner(load_encoder(settings.encoder, langs, cache=False), rescoring_config(settings.config))


def pair_by_content(
    src_dir: str | Path,
    tgt_dir: str | Path,
    langs: tuple[str, str],
    options: PairOptions | None = None,
    config: MatchConfig | None = None,
) -> Pairing:
    """Match the documents of two folders by content (:mod:`align.align.matching`), one to one;
    the documents that could not be read are in ``unreadable``."""
    options = options or PairOptions()
    config = config or MatchConfig()
    src_root, tgt_root = Path(src_dir), Path(tgt_dir)
    pairing = Pairing(src_root, tgt_root)
    skipped = pairing.unreadable
    src_paths, src_vectors = _encode_collection(find_articles([src_root]), langs[0], langs, options, skipped)
    tgt_paths, tgt_vectors = _encode_collection(find_articles([tgt_root]), langs[1], langs, options, skipped)
    matching = match_documents(src_vectors, tgt_vectors, match_aligner(options.settings, langs), config)
    pairing.pairs = [FilePair(src_paths[m.src], tgt_paths[m.tgt], m.confidence) for m in matching.matches]
    paired_src = {m.src for m in matching.matches}
    paired_tgt = {m.tgt for m in matching.matches}
    # An unpaired document shows the confidence of the match it was refused (0 when none was tried).
    best_src = {m.src: m.confidence for m in matching.rejected}
    best_tgt = {m.tgt: m.confidence for m in matching.rejected}
    pairing.unpaired_src = [(p, best_src.get(k, 0.0)) for k, p in enumerate(src_paths) if k not in paired_src]
    pairing.unpaired_tgt = [(p, best_tgt.get(k, 0.0)) for k, p in enumerate(tgt_paths) if k not in paired_tgt]
    return pairing


def pair_folders(
    src_dir: str | Path,
    tgt_dir: str | Path,
    langs: tuple[str, str],
    method: str = "name",
    manifest: str | Path | None = None,
    options: PairOptions | None = None,
    config: MatchConfig | None = None,
) -> Pairing:
    """Pair the files of two folders by ``method``: ``name``, ``manifest`` (the TSV file
    ``manifest``) or ``match`` (by content; documents it could not read are in ``unreadable``)."""
    for folder in (src_dir, tgt_dir):
        if not Path(folder).is_dir():
            raise InputError(f"{folder}: not a folder")
    if method == "name":
        return pair_by_name(src_dir, tgt_dir, langs)
    if method == "manifest":
        if manifest is None:
            raise InputError("pairing by manifest needs the manifest file (--pairs FILE.tsv)")
        return pair_by_manifest(manifest, src_dir, tgt_dir)
    if method == "match":
        return pair_by_content(src_dir, tgt_dir, langs, options, config)
    raise InputError(f"unknown pairing method '{method}' (use {', '.join(PAIRING_METHODS)})")


def read_pair(
    src: str | Path, tgt: str | Path, langs: tuple[str, str], presplit: bool = False, fmt: str = "auto"
) -> PairTask:
    """Both texts of a pair, read and segmented; an input error when either is unreadable, empty or
    binary, when a side is confidently in another language than given, or when one side has more
    than ``MAX_SENTENCE_RATIO`` times the other's sentences."""
    src_side, tgt_side = read_sides(src, tgt, langs, presplit, fmt)
    problems = language_warnings([s.text for s in src_side[1]], [s.text for s in tgt_side[1]], langs)
    if problems:
        raise InputError(f"{src} / {tgt}: {problems[0]}")
    n, m = len(src_side[1]), len(tgt_side[1])
    if max(n, m) > MAX_SENTENCE_RATIO * min(n, m) and abs(n - m) >= LENGTH_SLACK:
        raise InputError(f"{src} / {tgt}: {n} against {m} sentences: not a translation of each other")
    return PairTask(src_side, tgt_side)


def add_pairs(
    sink: Sink,
    pairing: Pairing,
    langs: tuple[str, str],
    options: PairOptions | None = None,
    *,
    jobs: int = 1,
    chunk: int = 8,
    engine: Engine | None = None,
    on_task: Callable[[int], None] | None = None,
) -> BuildReport:
    """Align each pair of ``pairing`` and store it through ``sink`` (the build loop): a pair that
    cannot be read or fails a check is skipped and named, as are the documents matching could not
    read; a pair already stored is passed over."""
    options = options or PairOptions()

    def read(pair: FilePair) -> PairTask:
        return read_pair(pair.src, pair.tgt, langs, options.presplit, options.fmt)

    pairs = read_each(pairing.pairs, read, lambda p: f"{p.src} / {p.tgt}")
    tasks = itertools.chain(pairing.unreadable, pairs)
    build_options = BuildOptions(settings=options.settings)
    return build(tasks, build_options, sink, jobs=jobs, chunk=chunk, engine=engine, on_task=on_task)


def add_human_pair(
    store: CorpusStore,
    src: str | Path,
    tgt: str | Path,
    langs: tuple[str, str],
    options: PairOptions | None = None,
) -> int:
    """Align an article with its published (human) translation and store the pairs; returns pairs added
    (0 when the two documents are already stored together)."""
    options = options or PairOptions()
    task = read_pair(src, tgt, langs, options.presplit, options.fmt)
    return build([task], BuildOptions(settings=options.settings), StoreSink(store)).added
