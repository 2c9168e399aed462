"""The package's layout: the pipeline's stages on floors, no module importing a later floor."""

from __future__ import annotations

import ast
from pathlib import Path

import align

# Lowest first. A module may import its own floor and the floors below, never one above.
FLOORS = [
    {"errors", "document", "records", "languages", "atomic", "cpu", "home", "progress"},
    {"ingest"},
    {"segment"},
    {"translate"},
    {"embed"},
    {"align"},
    {"export"},
    {"pipeline"},
    {"corpus"},
    {"run"},
    {"review"},
    {"bench"},
    {"cli", "__main__", "__init__"},
]
PACKAGE = Path(align.__file__).parent


def floor(module: str) -> int:
    """Floor of ``align.X...`` (``X`` a package or module of align)."""
    top = module.split(".")[1] if "." in module else "__init__"
    for level, names in enumerate(FLOORS):
        if top in names:
            return level
    raise AssertionError(f"align.{top} is on no floor: add it to FLOORS")


def imports(path: Path) -> set[str]:
    """Every ``align...`` module ``path`` imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "align" or name.startswith("align.")}


def test_no_module_imports_a_later_floor() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("align", *path.relative_to(PACKAGE).with_suffix("").parts))
        for target in imports(path):
            if target != "align" and floor(target) > floor(module):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_the_store_knows_records_not_exports() -> None:
    assert not any(t.startswith("align.export") for t in imports(PACKAGE / "corpus" / "store.py"))


def test_sql_lives_in_the_stores() -> None:
    """The corpus store, and the embedding cache (a store of its own, one table of vectors)."""
    stores = {PACKAGE / "corpus" / "store.py", PACKAGE / "embed" / "cache.py"}
    statements = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "CREATE TABLE")
    outside = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path not in stores and any(s in path.read_text(encoding="utf-8") for s in statements)
    ]
    assert outside == []


def test_the_checker_catches_an_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "segment.py"
    fake.write_text("from align.corpus.store import CorpusStore\n", encoding="utf-8")
    assert floor("align.segment") < max(floor(t) for t in imports(fake))
