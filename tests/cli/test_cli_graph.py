"""The graph commands end to end through the real ``referatgraf`` entry point (subprocesses, so
the exit status, stdout and stderr are what a user sees)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from conftest import EXAMPLES_DIR, SEED_FILES
from referatgraf.store.embedded import EmbeddedStore

QUERY = ("PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> "
         "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a besluit:Agendapunt }")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command in-process (typer's runner: real exit status, stdout and stderr apart)."""
    from typer.testing import CliRunner

    from referatgraf.cli import app

    env = {"REFERATGRAF_ENDPOINT": None, "REFERATGRAF_STORE": None, **(env or {})}
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def run_process(*args: str) -> subprocess.CompletedProcess:
    """The real console entry point in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERATGRAF_")}
    return subprocess.run([sys.executable, "-m", "referatgraf.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = run("ingest", *map(str, SEED_FILES), "--store", str(store), "-m", "Albertslund")
    assert result.returncode == 0, result.stderr
    assert "5 meeting(s), 42 item(s)" in result.stdout
    return store


def test_ingest_twice_reports_the_same_and_keeps_counts(cli_store: Path) -> None:
    before = EmbeddedStore(cli_store, read_only=True).triple_count()
    result = run("ingest", str(SEED_FILES[0]), "--store", str(cli_store), "-m", "Albertslund")
    assert result.returncode == 0 and "0 failed" in result.stdout
    assert EmbeddedStore(cli_store, read_only=True).triple_count() == before


def test_ingest_bad_file_names_it_and_exits_1_without_traceback(cli_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_text("hello\nworld\n", encoding="utf-8")
    result = run_process("ingest", str(bad), "--store", str(cli_store))
    assert result.returncode == 1
    assert "broken.txt:1:" in result.stderr and "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("fmt", "check"), [
    ("table", lambda out: "42" in out and "1 row(s)" in out),
    ("json", lambda out: json.loads(out)["results"]["bindings"][0]["n"]["value"] == "42"),
    ("csv", lambda out: out.splitlines() == ["n", "42"]),
])
def test_query_formats(cli_store: Path, fmt: str, check) -> None:  # noqa: ANN001
    result = run("query", QUERY, "--store", str(cli_store), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert check(result.stdout)


def test_query_file_and_turtle(cli_store: Path) -> None:
    result = run("query", "--file", str(EXAMPLES_DIR / "queries" / "closed_items.rq"), "--store", str(cli_store))
    assert result.returncode == 0 and "00.01.00-A00-62-16" in result.stdout
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/referatgraf/ns#Case> ; ?p ?o }"
    result = run("query", construct, "--store", str(cli_store), "--format", "turtle")
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(set(g.subjects())) == 31


def test_query_errors_are_one_line_messages(cli_store: Path, tmp_path: Path) -> None:
    bad = run("query", "SELEKT", "--store", str(cli_store))
    assert bad.returncode == 1 and "invalid SPARQL" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("query", "--file", str(tmp_path / "nope.rq"), "--store", str(cli_store))
    assert missing.returncode == 1 and "nope.rq" in missing.stderr
    no_store = run("query", QUERY, "--store", str(tmp_path / "nostore"))
    assert no_store.returncode == 1 and "no store" in no_store.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "jsonld"])
def test_export(cli_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--store", str(cli_store))
    assert result.returncode == 0, result.stderr
    if fmt == "nq":
        ds = Dataset()
        ds.parse(out, format="nquads")
        assert len({str(g.identifier) for g in ds.graphs() if len(g)}) == 6  # 5 meetings + shared
    else:
        g = Graph().parse(out, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        assert len(g) > 5000


def test_export_gzips_a_gz_name_and_streams_to_stdout(cli_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.nq.gz"
    assert run("export", "--format", "nq", "-o", str(out), "--store", str(cli_store)).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERATGRAF_")}
    stdout = subprocess.run([sys.executable, "-m", "referatgraf.cli", "export", "--format", "nq", "--store",
                             str(cli_store)], capture_output=True, check=True, env=env, timeout=120).stdout
    assert gzip.decompress(out.read_bytes()) == stdout and len(stdout.splitlines()) > 5000
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial file left


def test_validate_and_stats(cli_store: Path) -> None:
    result = run("validate", "--store", str(cli_store))
    assert result.returncode == 0 and result.stdout.startswith("valid:")
    stats = run("stats", "--store", str(cli_store))
    assert stats.returncode == 0 and "6 graph(s)" in stats.stdout and "besluit:Agendapunt" in stats.stdout


def test_validate_fails_on_a_violation(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        item = URIRef("https://example.org/item/1")
        store.replace_graph("https://example.org/g", [
            (item, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
             URIRef("http://data.vlaanderen.be/ns/besluit#Agendapunt")),
            (item, URIRef("https://schema.org/position"), Literal("one")),
        ])
    result = run("validate", "--store", str(path))
    assert result.returncode == 1 and "violation(s)" in result.stdout and "Traceback" not in result.stderr


def test_store_chosen_by_environment(cli_store: Path) -> None:
    result = run("stats", env={"REFERATGRAF_STORE": str(cli_store)})
    assert result.returncode == 0 and "6 graph(s)" in result.stdout


def test_second_writer_is_told_the_store_is_locked(cli_store: Path) -> None:
    with EmbeddedStore(cli_store):
        result = run("ingest", str(SEED_FILES[0]), "--store", str(cli_store))
    assert result.returncode == 1
    assert "store is locked by another process" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.remote
def test_ingest_query_and_validate_against_oxigraph_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from oxigraph_server import oxigraph_server

    monkeypatch.chdir(tmp_path)  # with --endpoint the index lives in ./referatgraf-index

    with oxigraph_server(tmp_path / "served") as endpoint:
        first = run("ingest", *map(str, SEED_FILES), "--endpoint", endpoint, "-m", "Albertslund")
        assert first.returncode == 0, first.stderr
        count = run("query", QUERY, "--endpoint", endpoint, "--format", "csv")
        assert count.stdout.splitlines() == ["n", "42"]
        stats = run("stats", "--endpoint", endpoint)
        again = run("ingest", *map(str, SEED_FILES), "--endpoint", endpoint, "-m", "Albertslund")
        assert again.returncode == 0 and run("stats", "--endpoint", endpoint).stdout == stats.stdout
        assert run("validate", "--endpoint", endpoint).returncode == 0
