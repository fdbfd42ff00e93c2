"""Ingest keeps the full-text index in step with the store, and a failed index write leaves both."""

from __future__ import annotations

from pathlib import Path

import pytest

from referatgraf.index.tantivy_index import TantivyIndex
from referatgraf.index.model import SearchRequest
from referatgraf.ingest.pipeline import ingest_bytes, ingest_paths
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

EXAMPLE = Path("examples/minutes/chefforum_2019-09-05.txt")
SETTINGS = Settings(municipality="Egebjerg")


class FailingIndex(TantivyIndex):
    """The real engine with one fault injected: writing ``fail_on``'s records raises half way."""

    fail_on: str | None = None

    def replace_document(self, document, records):  # noqa: ANN001, ANN201
        if document == self.fail_on:
            raise OSError("injected: the index disk is full")
        return super().replace_document(document, records)


@pytest.fixture
def index(tmp_path: Path):
    with FailingIndex(tmp_path / "index") as i:
        yield i


@pytest.fixture
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "store") as s:
        yield s


def test_ingest_indexes_the_documents_items(store, index) -> None:
    summary = ingest_paths([EXAMPLE, "examples/minutes/chefforum_2019-10-03.txt"], store, SETTINGS, index=index)
    assert index.documents() == {d.graph: d.items for d in summary.documents}
    again = ingest_paths([EXAMPLE], store, SETTINGS, index=index)  # replaces, never adds
    assert index.count() == summary.items and again.failures == []


def test_failed_index_write_leaves_store_and_index_as_they_were(store, index) -> None:
    ingest_paths([EXAMPLE], store, SETTINGS, index=index)
    quads, indexed = store.dump("application/n-quads"), index.documents()
    before = [h.record for h in index.search(SearchRequest(limit=100, facets=False)).hits]
    graph = next(iter(indexed))
    index.fail_on = graph
    changed = EXAMPLE.read_bytes().replace(b"Evt.", b"Eventuelt nyt")
    with pytest.raises(OSError):
        ingest_bytes(changed, EXAMPLE.name, store, SETTINGS, index)
    assert sorted(store.dump("application/n-quads").splitlines()) == sorted(quads.splitlines())
    assert index.documents() == indexed
    assert [h.record for h in index.search(SearchRequest(limit=100, facets=False)).hits] == before


def test_failed_index_write_of_a_new_document_leaves_no_graph(store, index) -> None:
    index.fail_on = "https://data.referatgraf.dk/graph/egebjerg/meeting/chefforum/2019-09-05/1030"
    summary = ingest_paths([EXAMPLE], store, SETTINGS, index=index)
    assert [f.path for f in summary.failures] == [str(EXAMPLE)]
    assert index.fail_on not in store.graphs() and index.count() == 0
