"""The package's shape, checked: each folder is one stage and imports only stages below it,
no module takes part in an import cycle, the store interface never names its back ends, and no
SPARQL text lives outside ``read/``, ``store/`` (and ``examples/``).

The rules are the ones docs/architecture.md draws; the tests read the source with :mod:`ast`
(nothing is imported), so they also see imports inside functions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "referatgraf"

# stage → level; a module may import its own stage and any stage with a lower level.
# "" is the package's top (referatgraf/__init__.py, settings.py); synth (the corpus generator)
# sits on the graph stage because it mints the IRIs its ground truth names.
LEVELS = {"": 0, "settings": 0, "errors": 0, "ontology": 0, "parse": 1, "extract": 2, "graph": 3, "synth": 3.5,
          "store": 4, "index": 4.5, "ingest": 5, "read": 6, "viz": 7, "web": 8, "console": 9, "cli": 10}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_module(root: Path, dotted: str) -> bool:
    as_path = root.parent / dotted.replace(".", "/")
    return as_path.with_suffix(".py").exists() or as_path.is_dir()


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path, root: Path = PACKAGE) -> set[str]:
    """The package modules ``path`` imports when it runs. ``from pkg import mod`` counts ``pkg.mod``
    only (the package's ``__init__`` runs first either way, as for ``from pkg.mod import x``);
    imports for type checkers alone (``if TYPE_CHECKING:``) do not count."""
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if _is_type_checking(block) for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in typing_only:  # ``if TYPE_CHECKING:`` imports never run
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(root.name):
            submodules = {f"{node.module}.{a.name}" for a in node.names if _is_module(root, f"{node.module}.{a.name}")}
            out |= submodules
            if len(submodules) < len(node.names):  # a name defined in the module itself (or its __init__)
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == root.name}
    return out


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    return {module_name(p, root): imports_of(p, root) for p in sorted(root.rglob("*.py"))}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a stage above the importer's own, as "importer -> imported"."""
    bad = []
    for module, targets in graph.items():
        for target in targets:
            a, b = stage_of(module), stage_of(target)
            if a == b:
                continue
            if LEVELS.get(b, 99) > LEVELS.get(a, 99):
                bad.append(f"{module} -> {target}")
    return sorted(bad)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_every_module_belongs_to_a_known_stage(graph):
    unknown = sorted({stage_of(m) for m in graph} - set(LEVELS))
    assert not unknown, f"stages without a level in LEVELS (and docs/architecture.md): {unknown}"


def test_no_module_imports_upward(graph):
    assert upward_imports(graph) == []


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_store_interface_never_names_its_back_ends(graph):
    back_ends = {"referatgraf.store.embedded", "referatgraf.store.remote"}
    assert not graph["referatgraf.store.base"] & back_ends
    assert "referatgraf.store.remote" not in graph["referatgraf.store.embedded"]
    assert "referatgraf.store.embedded" not in graph["referatgraf.store.remote"]


# A SPARQL query or update in a string: a query form followed later by a group, or an update form.
_SPARQL = re.compile(r"\b(?:SELECT|CONSTRUCT|ASK|DESCRIBE)\b[^\n]*?(?:WHERE\s*)?\{|\b(?:INSERT|DELETE)\s+DATA\b"
                     r"|\bDROP\s+(?:SILENT\s+)?GRAPH\b", re.IGNORECASE)
_SPARQL_ROOMS = ("referatgraf.read", "referatgraf.store")


def sparql_strings(path: Path) -> list[int]:
    """Lines of string constants (not docstrings) in ``path`` that hold SPARQL text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings and _SPARQL.search(n.value)]


def test_no_sparql_text_outside_read_and_store():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name.startswith(_SPARQL_ROOMS):
            continue
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in sparql_strings(path)]
    assert found == []


# The checkers themselves: each must catch what it is for, or the tests above prove nothing.

def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "referatgraf"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_an_upward_import_is_reported(tmp_path):
    root = _fake_package(tmp_path, {
        "__init__.py": "", "parse/__init__.py": "", "web/__init__.py": "", "web/app.py": "",
        "parse/reader.py": "def f():\n    from referatgraf.web import app\n"})
    assert upward_imports(import_graph(root)) == ["referatgraf.parse.reader -> referatgraf.web.app"]


def test_a_cycle_is_reported(tmp_path):
    root = _fake_package(tmp_path, {
        "__init__.py": "", "web/__init__.py": "",
        "web/pages.py": "from referatgraf.web.linked_data import x\n",
        "web/linked_data.py": "from referatgraf.web.pages import y\n"})
    assert cycles(import_graph(root)) == [["referatgraf.web.linked_data", "referatgraf.web.pages"]]


def test_sparql_in_a_string_is_found_and_docstrings_are_not(tmp_path):
    path = tmp_path / "m.py"
    path.write_text('"""Runs SELECT ?s WHERE { ?s ?p ?o }."""\nQ = "SELECT ?s WHERE { ?s ?p ?o }"\n'
                    'TEXT = "Select the meeting"\n', encoding="utf-8")
    assert sparql_strings(path) == [2]


def test_imports_for_type_checkers_alone_do_not_count(tmp_path):
    root = _fake_package(tmp_path, {
        "__init__.py": "", "read/__init__.py": "",
        "read/reader.py": "from referatgraf.read.search import f\n",
        "read/search.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from referatgraf.read.reader import R\n"})
    assert cycles(import_graph(root)) == []
