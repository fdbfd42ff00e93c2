"""The graph pages stay a projection over the read core: no SPARQL, no store import and no
hand-written IRI in referatgraf/viz, and render and views do not import each other both ways."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import referatgraf.viz

VIZ = Path(referatgraf.viz.__file__).parent
MODULES = sorted(VIZ.glob("*.py"))


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (also inside functions and TYPE_CHECKING blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def code_strings(path: Path) -> list[str]:
    """String constants of the code, docstrings (and their examples) left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_viz_imports_only_downward_and_never_the_store(path: Path) -> None:
    layers = {m.split(".")[1] for m in imports(path) if m.startswith("referatgraf.")}
    assert layers <= {"read", "graph", "ontology", "settings", "errors", "viz"}, layers


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_viz_has_no_sparql_and_no_hard_coded_iri(path: Path) -> None:
    for text in code_strings(path):
        assert not re.search(r"\b(SELECT|ASK|CONSTRUCT|PREFIX)\b|\?\w+\s+\?\w+", text), text
        assert not re.search(r"https?://", text), text


def test_render_and_views_share_the_model_without_a_cycle() -> None:
    assert "referatgraf.viz.views" not in imports(VIZ / "render.py")
    assert "referatgraf.viz.render" not in imports(VIZ / "views.py")
    assert "referatgraf.viz.model" in imports(VIZ / "render.py") & imports(VIZ / "views.py")
