"""corpus add-pairs: pairing by name, manifest and content; bad pairs skipped; resume; engines."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require_shared
from corpus.test_build import signalling_driver

from align.bench.match import Collection, collection_from_gold
from align.cli import main
from align.corpus import CorpusStore, pair_folders
from align.corpus.pairing import pair_by_manifest, pair_by_name, read_pair
from align.errors import InputError


def _touch(path: Path, text: str = "A line.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def textberg(size: int = 20) -> Collection:
    """Text+Berg dev cut into documents of about ``size`` sentences (a fifth of each side without
    partner, targets shuffled)."""
    return collection_from_gold(require_shared("gold", "textberg-de-fr"), "dev", size, only=["dev"])


def write_sides(collection: Collection, src_dir: Path, tgt_dir: Path, names: str = "same") -> dict[str, str]:
    """One ``.txt`` file per document, one sentence per line; ``names``: ``same`` (a pair shares its
    name) or ``opaque`` (names say nothing). Returns source name → target name of the true pairs."""
    src_dir.mkdir(parents=True)
    tgt_dir.mkdir(parents=True)
    partner = {t: s for s, t in collection.truth.items()}
    src_names = [f"doc-{k:03d}.txt" for k in range(len(collection.sources))]
    if names == "same":
        tgt_names = [
            src_names[partner[t]] if t in partner else f"only-{t:03d}.txt"
            for t in range(len(collection.targets))
        ]
    else:
        tgt_names = [f"{(7919 * t + 13) % 10007:05d}.txt" for t in range(len(collection.targets))]
    for name, sentences in zip(src_names, collection.sources, strict=True):
        (src_dir / name).write_text("\n".join(sentences) + "\n", encoding="utf-8")
    for name, sentences in zip(tgt_names, collection.targets, strict=True):
        (tgt_dir / name).write_text("\n".join(sentences) + "\n", encoding="utf-8")
    return {src_names[s]: tgt_names[t] for s, t in collection.truth.items()}


def pairs_args(src_dir: Path, tgt_dir: Path, *extra: str) -> list[str]:
    """``corpus add-pairs tb SRC_DIR TGT_DIR --from de --to fr EXTRA...``."""
    return ["corpus", "add-pairs", "tb", str(src_dir), str(tgt_dir), "--from", "de", "--to", "fr", *extra]


def read_report(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t"))


def export(corpus: Path, out: Path) -> bytes:
    """The TMX export of a corpus, or of a shard folder (one without corpus.db)."""
    where = [str(corpus)] if (corpus / "corpus.db").exists() else ["--shards", str(corpus)]
    assert main(["-q", "corpus", "export", *where, "--pair", "de-fr", "-o", str(out)]) == 0
    return re.sub(rb'creationdate="[^"]*"', b"", out.read_bytes())


def test_pairing_by_relative_path_and_by_language_tag(tmp_path: Path) -> None:
    en, ar = tmp_path / "en", tmp_path / "ar"
    for path in ("world/a.txt", "b.en.txt", "only-en.txt"):
        _touch(en / path)
    for path in ("world/a.txt", "b.ar.txt", "only-ar.txt"):
        _touch(ar / path)
    pairing = pair_by_name(en, ar, ("en", "ar"))
    rows = pairing.rows()
    assert ("world/a.txt", "world/a.txt", "") in rows and ("b.en.txt", "b.ar.txt", "") in rows
    assert ("only-en.txt", "", "") in rows and ("", "only-ar.txt", "") in rows
    assert len(pairing.pairs) == 2
    assert pairing.tsv().splitlines()[0] == "source\ttarget\tscore"
    # One folder: x.en.txt beside x.ar.txt; untagged files and the other languages are not paired.
    one = tmp_path / "one"
    for name in ("x.en.txt", "x.ar.txt", "y.en.txt", "z.txt", "x.fr.txt"):
        _touch(one / name)
    same = pair_by_name(one, one, ("en", "ar"))
    assert [(Path(p.src).name, Path(p.tgt).name) for p in same.pairs] == [("x.en.txt", "x.ar.txt")]
    assert [Path(s).name for s, _ in same.unpaired_src] == ["y.en.txt"]


def test_manifest_pairs_and_its_errors_name_the_line(tmp_path: Path) -> None:
    en, ar = tmp_path / "en", tmp_path / "ar"
    for path in (en / "a.txt", ar / "alpha.txt", en / "b.txt"):
        _touch(path)
    manifest = _touch(tmp_path / "pairs.tsv", "source\ttarget\n# a comment\n\na.txt\talpha.txt\n")
    pairing = pair_by_manifest(manifest, en, ar)
    assert pairing.rows() == [("a.txt", "alpha.txt", ""), ("b.txt", "", "")]
    _touch(manifest, "a.txt\talpha.txt\nb.txt\n")
    with pytest.raises(InputError, match=r"pairs.tsv:2: expected 'source<TAB>target'"):
        pair_by_manifest(manifest, en, ar)
    _touch(manifest, "a.txt\talpha.txt\na.txt\tother.txt\n")
    with pytest.raises(InputError, match=r"pairs.tsv:2: .*a.txt is named twice"):
        pair_by_manifest(manifest, en, ar)
    assert main(["corpus", "add-pairs", "c", str(en), str(ar), "--from", "en", "--to", "ar",
                 "--pairs", str(manifest), "--root", str(tmp_path)]) == 2  # fmt: skip


def test_a_pair_that_is_not_a_translation_is_refused(align_home: Path, tmp_path: Path) -> None:
    src = _touch(tmp_path / "de.txt", "Der Berg ist hoch.\nDas Wetter war schlecht.\n")
    long = "\n".join(f"Phrase numéro {k} du très long texte sur la montagne." for k in range(40))
    tgt = _touch(tmp_path / "fr.txt", long + "\n")
    with pytest.raises(InputError, match="2 against 40 sentences"):
        read_pair(src, tgt, ("de", "fr"), presplit=True)


def test_add_pairs_by_name_stores_human_pairs_once_and_reports(align_home: Path, tmp_path: Path) -> None:
    collection = textberg()
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(collection, src_dir, tgt_dir)
    root, report = tmp_path / "corpora", tmp_path / "report.tsv"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    args = pairs_args(src_dir, tgt_dir, "--presplit")
    assert main([*args, "--root", str(root), "--report", str(report)]) == 0
    rows = read_report(report)
    assert {r["source"]: r["target"] for r in rows if r["source"] and r["target"]} == truth
    unpaired = len(collection.sources) + len(collection.targets) - 2 * len(truth)
    assert sum(not (r["source"] and r["target"]) for r in rows) == unpaired
    store = CorpusStore(root / "tb" / "corpus.db")
    pairs = store.pairs("de", "fr")
    assert pairs and {p.origin for p in pairs} == {"human"}
    assert len(store.stored_documents()) == 2 * len(truth)
    count = len(pairs)
    store.close()
    assert main([*args, "--root", str(root)]) == 0  # again: every pair is already stored
    assert len(CorpusStore(root / "tb" / "corpus.db").pairs("de", "fr")) == count


def test_add_pairs_by_manifest_on_real_text(align_home: Path, tmp_path: Path) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(textberg(), src_dir, tgt_dir, names="opaque")
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text(
        "source\ttarget\n" + "".join(f"{s}\t{t}\n" for s, t in truth.items()), encoding="utf-8"
    )
    root, report = tmp_path / "corpora", tmp_path / "report.tsv"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    args = pairs_args(src_dir, tgt_dir, "--presplit")
    assert main([*args, "--pairs", str(manifest), "--report", str(report), "--root", str(root)]) == 0
    rows = read_report(report)
    assert {r["source"]: r["target"] for r in rows if r["source"] and r["target"]} == truth
    store = CorpusStore(root / "tb" / "corpus.db")
    assert len(store.stored_documents()) == 2 * len(truth)
    assert {p.origin for p in store.pairs("de", "fr")} == {"human"}


def test_bad_pairs_are_skipped_and_named_and_the_rest_is_stored(
    align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    collection = textberg()
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(collection, src_dir, tgt_dir)
    bad = sorted(truth)[:3]
    (tgt_dir / truth[bad[0]]).write_bytes(b"\x00\x01\x02 binary \x00" * 50)
    (tgt_dir / truth[bad[1]]).write_text("", encoding="utf-8")
    (tgt_dir / truth[bad[2]]).write_text("\n".join(["Un mot."] * 200) + "\n", encoding="utf-8")
    root = tmp_path / "corpora"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    capsys.readouterr()
    args = pairs_args(src_dir, tgt_dir, "--presplit")
    assert main([*args, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    for name in bad:
        assert sum(truth[name] in line and "skipped" in line for line in err.splitlines()) == 1, err
    assert "3 inputs skipped" in err and "Traceback" not in err
    store = CorpusStore(root / "tb" / "corpus.db")
    assert len(store.stored_documents()) == 2 * (len(truth) - 3)


def test_dry_run_prints_the_pairing_and_stores_nothing(
    align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(textberg(), src_dir, tgt_dir)
    root = tmp_path / "corpora"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    args = pairs_args(src_dir, tgt_dir)
    assert main([*args, "--dry-run", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("source\ttarget\tscore\n") and all(f"{s}\t{t}\t" in out for s, t in truth.items())
    assert CorpusStore(root / "tb" / "corpus.db").stored_documents() == []


def test_match_pairs_documents_whose_names_say_nothing(align_home: Path, tmp_path: Path) -> None:
    collection = textberg()
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(collection, src_dir, tgt_dir, names="opaque")
    pairing = pair_folders(src_dir, tgt_dir, ("de", "fr"), "match")
    assert pairing.unreadable == []
    found = {Path(p.src).name: Path(p.tgt).name for p in pairing.pairs}
    assert found == truth
    assert all(p.confidence is not None and p.confidence >= 0.5 for p in pairing.pairs)
    # Documents without a partner are reported, each with the confidence of the match it was refused.
    assert len(pairing.unpaired_src) == len(collection.sources) - len(truth)
    assert len(pairing.unpaired_tgt) == len(collection.targets) - len(truth)
    assert all(c is not None and c < 0.5 for _, c in pairing.unpaired_src + pairing.unpaired_tgt)
    # One to one: no document is used twice.
    assert len({p.tgt for p in pairing.pairs}) == len(pairing.pairs)


def test_match_threshold_leaves_every_document_unpaired_at_one(align_home: Path, tmp_path: Path) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    write_sides(textberg(), src_dir, tgt_dir, names="opaque")
    report, root = tmp_path / "r.tsv", tmp_path / "corpora"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    args = pairs_args(src_dir, tgt_dir, "--match")
    assert main([*args, "--min-match", "1", "--report", str(report), "--root", str(root)]) == 0
    rows = read_report(report)
    assert rows and all(not (r["source"] and r["target"]) for r in rows)


def test_unreadable_documents_are_named_when_matching(
    align_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    write_sides(textberg(), src_dir, tgt_dir, names="opaque")
    (src_dir / "broken.txt").write_bytes(b"\x00\xff" * 100)
    root = tmp_path / "corpora"
    assert main(["-q", "corpus", "init", "tb", "--root", str(root)]) == 0
    capsys.readouterr()
    args = pairs_args(src_dir, tgt_dir, "--match")
    assert main([*args, "--presplit", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "skipped" in err and "broken.txt" in err and "1 input skipped" in err
    assert CorpusStore(root / "tb" / "corpus.db").stored_documents()  # the rest is stored


# `align corpus add-pairs` killed with SIGKILL inside the fourth pair's transaction.
KILLING_DRIVER = signalling_driver("SIGKILL", 4)


@pytest.mark.slow
def test_sigkill_then_resume_stores_each_pair_once(align_home: Path, tmp_path: Path) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    truth = write_sides(textberg(), src_dir, tgt_dir)
    root = tmp_path / "corpora"
    for name in ("ref", "killed"):
        assert main(["-q", "corpus", "init", name, "--root", str(root)]) == 0
    common = [str(src_dir), str(tgt_dir), "--from", "de", "--to", "fr", "--presplit", "--root", str(root)]
    assert main(["-q", "corpus", "add-pairs", "ref", *common]) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    args = ["corpus", "add-pairs", "killed", *common, "--chunk", "2"]
    killed = subprocess.run(
        [sys.executable, "-c", KILLING_DRIVER, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    store = CorpusStore(root / "killed" / "corpus.db")
    assert len(store.stored_documents()) == 2 * 3  # three whole pairs, the fourth rolled back
    store.close()
    assert main(["-q", "corpus", "add-pairs", "killed", *common]) == 0
    store = CorpusStore(root / "killed" / "corpus.db")
    assert len(store.stored_documents()) == 2 * len(truth)
    store.close()
    assert export(root / "killed", tmp_path / "k.tmx") == export(root / "ref", tmp_path / "r.tmx")


@pytest.mark.slow
def test_shards_of_pairs_import_into_the_same_corpus(align_home: Path, tmp_path: Path) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    write_sides(textberg(), src_dir, tgt_dir)
    root, shards = tmp_path / "corpora", tmp_path / "shards"
    for name in ("direct", "imported"):
        assert main(["-q", "corpus", "init", name, "--root", str(root)]) == 0
    common = [str(src_dir), str(tgt_dir), "--from", "de", "--to", "fr", "--presplit", "--root", str(root)]
    assert main(["-q", "corpus", "add-pairs", "direct", *common]) == 0
    assert (
        main(["-q", "corpus", "add-pairs", "unused", *common, "--shards", str(shards), "--chunk", "3"]) == 0
    )
    assert main(["-q", "corpus", "import-shards", "imported", str(shards), "--root", str(root)]) == 0
    reference = export(root / "direct", tmp_path / "d.tmx")
    assert export(root / "imported", tmp_path / "i.tmx") == reference
    assert export(shards, tmp_path / "s.tmx") == reference
    # A re-run with another --chunk finds every pair in the finished shards.
    before = sorted(shards.iterdir())
    assert (
        main(["-q", "corpus", "add-pairs", "unused", *common, "--shards", str(shards), "--chunk", "5"]) == 0
    )
    assert sorted(shards.iterdir()) == before


@pytest.mark.slow
@pytest.mark.parametrize("engine", [["--jobs", "2"], ["--dask", "local:2"]])
def test_every_engine_gives_the_same_export(align_home: Path, tmp_path: Path, engine: list[str]) -> None:
    src_dir, tgt_dir = tmp_path / "de", tmp_path / "fr"
    write_sides(textberg(), src_dir, tgt_dir)
    root = tmp_path / "corpora"
    for name in ("one", "many"):
        assert main(["-q", "corpus", "init", name, "--root", str(root)]) == 0
    common = [str(src_dir), str(tgt_dir), "--from", "de", "--to", "fr", "--presplit", "--root", str(root)]
    assert main(["-q", "corpus", "add-pairs", "one", *common, "--chunk", "3"]) == 0
    assert main(["-q", "corpus", "add-pairs", "many", *common, "--chunk", "3", *engine]) == 0
    assert export(root / "many", tmp_path / "m.tmx") == export(root / "one", tmp_path / "o.tmx")
