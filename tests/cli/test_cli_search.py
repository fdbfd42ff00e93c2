"""`referatgraf index` rebuilds the index from the store; `referatgraf search` asks it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from referatgraf.cli import app

runner = CliRunner()
EXAMPLES = "examples/minutes"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-search") / "store"
    result = runner.invoke(app, ["ingest", EXAMPLES, "--store", str(path), "-m", "Egebjerg"])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_indexed_as_it_went(store: Path) -> None:
    result = runner.invoke(app, ["search", "", "--store", str(store), "--format", "json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] > 100
    assert "out of date" not in result.output


def test_index_rebuilds_and_search_filters(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "idx"
    result = runner.invoke(app, ["index", "--store", str(store), "--index", str(other)])
    assert result.exit_code == 0, result.output
    assert "indexed" in result.stdout
    result = runner.invoke(app, ["search", "", "--store", str(store), "--index", str(other), "--body", "Chefforum",
                                 "--from", "2019-10-01", "--to", "2019-12-31", "--sort", "date", "--format", "csv",
                                 "--limit", "500"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["body"] for r in rows} == {"Chefforum"}
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and "2019-10-01" <= dates[0] and dates[-1] <= "2019-12-31"


def test_missing_index_says_run_index(store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "budget", "--store", str(store), "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "referatgraf index" in result.output


def test_stale_index_says_so(store: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "s2"
    runner.invoke(app, ["ingest", f"{EXAMPLES}/chefforum_2019-09-05.txt", "--store", str(fresh), "-m", "Egebjerg",
                        "--index", str(tmp_path / "i2")])
    runner.invoke(app, ["ingest", f"{EXAMPLES}/chefforum_2019-10-03.txt", "--store", str(fresh), "-m", "Egebjerg",
                        "--index", str(tmp_path / "i3")])  # written without the first index
    result = runner.invoke(app, ["search", "budget", "--store", str(fresh), "--index", str(tmp_path / "i2")])
    assert result.exit_code == 0
    assert "out of date" in result.output and "referatgraf index" in result.output


def test_bad_sort_and_date_are_one_line(store: Path) -> None:
    for args in (["--sort", "size"], ["--from", "01-02-2020"]):
        result = runner.invoke(app, ["search", "x", "--store", str(store), *args])
        assert result.exit_code == 1 and "Traceback" not in result.output
