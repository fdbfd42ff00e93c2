"""The index records read from the store equal the ones built from the parsed meetings."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES_DIR, SEED_FILES
from referatgraf.ingest.pipeline import collect_files, store_document
from referatgraf.ingest.unit import read_document
from referatgraf.read.index_records import records_from_store
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

SOURCES = [(SEED_FILES, "Albertslund"), (collect_files([EXAMPLES_DIR / "minutes"]), "Egebjerg")]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory):
    """(store, records built from the parse) for the seeds and the examples."""
    store = EmbeddedStore(tmp_path_factory.mktemp("idx") / "store")
    parsed = []
    for files, municipality in SOURCES:
        settings = Settings(municipality=municipality)
        for path in files:
            unit = read_document(Path(path), settings, str(path))
            store_document(unit, store)
            parsed.extend(unit.records)
    yield store, parsed
    store.close()


def test_store_records_equal_parse_records(filled) -> None:
    store, parsed = filled
    from_store = {r.item: r for r in records_from_store(store)}
    from_parse = {r.item: r for r in parsed}
    assert from_store.keys() == from_parse.keys()
    assert len(from_store) > 100
    for item, record in from_parse.items():
        assert from_store[item] == record, item


def test_one_document(filled) -> None:
    store, parsed = filled
    document = parsed[0].document
    assert list(records_from_store(store, document)) == [r for r in parsed if r.document == document]


def test_records_carry_the_facets(filled) -> None:
    _, parsed = filled
    assert {r.municipality for r in parsed} == {"albertslund", "egebjerg"}
    assert any(r.kle for r in parsed) and any(r.people for r in parsed) and any(r.proposer for r in parsed)
    assert any(r.closed for r in parsed) and any(r.has_decision for r in parsed)
