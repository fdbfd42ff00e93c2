"""Every example competency query (examples/queries/*.rq) runs on the ingested seeds and gives
exactly the rows in tests/expected/queries.json (values as their lexical form; unbound values
absent). After a deliberate change to the parser, extraction or a query, regenerate with
REFERATGRAF_REGEN_EXPECTED=1 and review the diff row by row."""

from __future__ import annotations

import json
import os

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from conftest import EXAMPLES_DIR, ROOT
from graph_fixtures import seeded_store  # noqa: F401 - fixture

QUERIES = sorted((EXAMPLES_DIR / "queries").glob("*.rq"))
EXPECTED_FILE = ROOT / "tests" / "expected" / "queries.json"
REGEN = bool(os.environ.get("REFERATGRAF_REGEN_EXPECTED"))


def rows_as_text(rows) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def expected() -> dict:
    data = json.loads(EXPECTED_FILE.read_text(encoding="utf-8")) if EXPECTED_FILE.exists() else {}
    yield data
    if REGEN:
        EXPECTED_FILE.parent.mkdir(parents=True, exist_ok=True)
        EXPECTED_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def test_there_are_at_least_twelve_competency_questions() -> None:
    assert len(QUERIES) >= 12


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_starts_with_a_comment_saying_what_it_answers(path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_gives_the_expected_rows(path, seeded_store, expected) -> None:  # noqa: F811
    rows = rows_as_text(seeded_store.select(path.read_text(encoding="utf-8")))
    if REGEN:
        expected[path.stem] = rows
    assert path.stem in expected, f"no expected rows for {path.name} (REFERATGRAF_REGEN_EXPECTED=1)"
    assert rows, f"{path.name} returns nothing on the seeds"
    assert rows == expected[path.stem]


def test_every_expected_entry_has_a_query(expected) -> None:
    assert set(expected) <= {p.stem for p in QUERIES}


@pytest.mark.parametrize(("name", "bindings", "count"), [
    ("case_history", {"caseParam": Literal("00.01.00-A21-9-18")}, 3),
    ("case_history", {"caseParam": Literal("no-such-case")}, 0),
    ("items_with_decisions", {"fromParam": Literal("2020-01-01", datatype=XSD.date),
                              "toParam": Literal("2020-12-31", datatype=XSD.date)}, 10),
    ("case_attachments", {"caseParam": Literal("13/13893")}, 2),
])
def test_parameters_can_be_bound(name, bindings, count, seeded_store) -> None:  # noqa: F811
    query = (EXAMPLES_DIR / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert len(seeded_store.select(query, bindings)) == count
