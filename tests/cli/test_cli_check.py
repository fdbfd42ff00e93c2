"""`referatgraf check`: per document the reader, items found versus listed and the warnings;
exit status 1 when any document is refused."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from referatgraf.cli import app

SHARED = Path(__file__).resolve().parents[3] / "shared"
GREVE = SHARED / "corpus" / "firstagenda-json" / "greve_byraad-2022-2025_2024-04-17_referat.json"


def test_a_real_document_reads_with_its_listed_items() -> None:
    result = CliRunner().invoke(app, ["check", str(GREVE), "--json"])
    assert result.exit_code == 0, result.output
    [check] = json.loads(result.output)
    assert check["ok"] and check["reader"] == "firstagenda-json"
    assert check["items_found"] == check["items_listed"] == 31


def test_a_refused_document_fails_the_run_and_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "participants.json"
    bad.write_text(json.dumps({"Moede": {"Moededeltagere": [{"Name": "Anna Berg"}]}, "Udvalg": {"Navn": "X"}}))
    result = CliRunner().invoke(app, ["check", str(GREVE), str(bad)])
    assert result.exit_code == 1
    assert "REFUSED" in result.output and "participants.json" in result.output and "read by firstagenda-json" in result.output
