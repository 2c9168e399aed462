"""The package's layout: the pipeline's stages on floors, no module importing a later floor."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

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


def module_imports(path: Path) -> set[str]:
    """The ``align...`` modules ``path`` imports when it is loaded (module level, not in functions)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("align.")}


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        graph[".".join(("align", *parts))] = module_imports(path)
    return graph


def test_no_import_cycles() -> None:
    graphlib.TopologicalSorter(import_graph()).prepare()  # raises CycleError naming the cycle


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = import_graph()
    graph["align.corpus.build"] = graph["align.corpus.build"] | {"align.corpus.sinks"}
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(graph).prepare()
