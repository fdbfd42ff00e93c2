"""Ingest reports through callbacks only: no module in ingest/ prints or imports the CLI's printers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

INGEST = Path(__file__).resolve().parents[2] / "referatgraf" / "ingest"
PRINTERS = ("typer", "rich", "click", "referatgraf.console", "referatgraf.cli")


@pytest.mark.parametrize("module", sorted(INGEST.glob("*.py")), ids=lambda p: p.name)
def test_no_ingest_module_prints_or_imports_a_printer(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.startswith(PRINTERS)]
    calls = [node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    assert "print" not in calls


def test_importing_ingest_loads_no_cli() -> None:
    code = ("import sys, referatgraf.ingest.pipeline, referatgraf.ingest.bulk, referatgraf.ingest.harvest; "
            "print(sorted(m for m in sys.modules if m in ('typer', 'referatgraf.console', 'referatgraf.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
