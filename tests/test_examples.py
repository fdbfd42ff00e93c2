"""The committed example minutes (examples/minutes) parse cleanly and match their ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from referatgraf.parse import parse_file
from referatgraf.synth.check import differences
from referatgraf.synth.corpus import TRUTH_FILE, iter_documents, read_truth

MINUTES = Path(__file__).resolve().parent.parent / "examples" / "minutes"
TRUTH = read_truth(MINUTES)
DOCUMENTS = sorted(p for p in MINUTES.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


def test_every_example_has_a_truth_and_vice_versa() -> None:
    assert len(DOCUMENTS) == 30
    assert {p.name for p in DOCUMENTS} == set(TRUTH)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_example_parses_without_numbering_or_toc_warnings(path: Path) -> None:
    meeting = parse_file(path, municipality="Egebjerg")
    bad = [w for w in meeting.report.warnings if w.code.startswith(("toc", "numbering"))]
    assert bad == []
    assert meeting.report.complete


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_example_matches_its_truth(path: Path) -> None:
    assert differences(parse_file(path), TRUTH[path.name]) == []


def test_examples_are_what_the_documented_command_writes() -> None:
    """examples/minutes/README.md says: referatgraf generate examples/minutes --meetings 30 --seed 1."""
    assert "--meetings 30 --seed 1" in (MINUTES / "README.md").read_text(encoding="utf-8")
    for doc in iter_documents(30, seed=1):
        assert (MINUTES / doc.name).read_bytes() == doc.content, f"{doc.name} differs: regenerate the examples"
    truth_lines = (MINUTES / TRUTH_FILE).read_text(encoding="utf-8").splitlines()
    assert len(truth_lines) == 30


# -- the example queries on the example minutes ------------------------------------------------------

QUERIES = sorted((MINUTES.parent / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory):
    from referatgraf.ingest.bulk import bulk_ingest
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.settings import Settings

    path = tmp_path_factory.mktemp("examples") / "store"
    summary = bulk_ingest([MINUTES], Settings(store=path, municipality="Egebjerg"), workers=1)
    assert summary.documents == 30 and summary.failures == []
    with EmbeddedStore(path, read_only=True) as store:
        yield store


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_runs_on_the_examples(examples_store, path: Path) -> None:
    rows = examples_store.select(path.read_text(encoding="utf-8"), timeout=30)
    assert isinstance(rows, list)


def test_closed_items_query_finds_exactly_the_closed_items(examples_store) -> None:
    rows = examples_store.select((MINUTES.parent / "queries" / "closed_items.rq").read_text(encoding="utf-8"))
    found = {(str(r["date"]), int(r["position"]), str(r["caseNumber"])) for r in rows}
    expected = {(t["date"], i["number"], i["case"]) for t in TRUTH.values() for i in t["items"] if i["closed"]}
    assert expected and found == expected
