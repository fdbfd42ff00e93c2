"""The remote store on servers nobody here wrote: ``oxigraph serve`` with and without a union
default graph, and Debian's Virtuoso with its system graphs and a result cap.

Each server holds the seeds, ingested through the remote store; the embedded store with the same
seeds is the reference for graphs, counts and dumps. Virtuoso's ``ResultSetMaxRows`` is set to
2,000 here, so the 10,000-quad store needs paging as a big one does at Debian's 10,000.
"""

from __future__ import annotations

import gzip

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import virtuoso_server
from conftest import SEED_FILES
from oxigraph_server import oxigraph_server
from referatgraf.cli import app
from referatgraf.ingest.pipeline import ingest_paths
from referatgraf.read.stats import store_stats
from referatgraf.settings import Settings
from referatgraf.store import paged
from referatgraf.store.base import StoreError
from referatgraf.store.capped import ResultTooLarge
from referatgraf.store.dump import export_store, export_to
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.store.open import open_store
from referatgraf.store.remote import RemoteStore
from referatgraf.web.app import create_app
from referatgraf.web.serve import serve

pytestmark = pytest.mark.remote
MUNICIPALITY = "Albertslund"
MAX_ROWS = 2_000
needs_virtuoso = pytest.mark.skipif(not virtuoso_server.available(),
                                    reason="virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")


def _seed(endpoint: str) -> Settings:
    settings = Settings(endpoint=endpoint, municipality=MUNICIPALITY)
    with open_store(settings) as store:
        assert not ingest_paths(SEED_FILES, store, settings).failures
    return settings


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The seeds in the embedded store: what every server must give back."""
    settings = Settings(store=tmp_path_factory.mktemp("embedded") / "store", municipality=MUNICIPALITY)
    with EmbeddedStore(settings.store) as store:
        assert not ingest_paths(SEED_FILES, store, settings).failures
        yield store


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if not virtuoso_server.available():
        pytest.skip("virtuoso-opensource is not installed (apt-get install virtuoso-opensource)")
    with virtuoso_server.virtuoso_server(tmp_path_factory.mktemp("virtuoso"), max_rows=MAX_ROWS) as endpoint:
        yield _seed(endpoint)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as endpoint:
        yield _seed(endpoint)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request) -> Settings:
    return request.getfixturevalue(request.param)


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL = {"1": "true", "0": "false"}


def _canonical(term: object) -> object:
    """Virtuoso writes ``true``/``false`` as ``"1"``/``"0"`` (the same values in another lexical form)."""
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN and term.value in _CANONICAL:
        return ox.Literal(_CANONICAL[term.value], datatype=term.datatype)
    return term


def _parse(data: bytes, fmt: ox.RdfFormat) -> set:
    return {(q.subject, q.predicate, _canonical(q.object), q.graph_name) for q in ox.parse(data, format=fmt)}


def _quads(data: bytes) -> set:
    return _parse(data, ox.RdfFormat.N_QUADS)


def test_plain_oxigraph_serve_is_refused_saying_how_to_start_it(tmp_path):
    with oxigraph_server(tmp_path / "plain", union=False) as endpoint:
        settings = Settings(endpoint=endpoint, municipality=MUNICIPALITY)
        with open_store(settings, read_only=True) as empty:  # nothing to tell by without writing
            assert empty.union_default_graph() is None
        with pytest.raises(StoreError, match="oxigraph serve --union-default-graph"):
            open_store(settings)  # a writer may write a probe triple: refused before any data goes in
        with RemoteStore.from_settings(settings) as store:
            assert store.graphs() == []  # the probe left nothing behind
            assert not ingest_paths(SEED_FILES[:1], store, settings).failures
        with pytest.raises(StoreError, match="oxigraph serve --union-default-graph"):
            open_store(settings, read_only=True)  # now one triple of ours tells, without writing
        for command in (["stats"], ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["export", "--format", "nq"]):
            result = CliRunner().invoke(app, [*command, "--endpoint", endpoint])
            assert result.exit_code == 1 and "--union-default-graph" in result.output, command
        with pytest.raises(StoreError, match="--union-default-graph"):
            serve(settings.model_copy(update={"port": 0}))  # refused before it listens


def test_union_default_graph_detected(server):
    with RemoteStore.from_settings(server) as store:
        assert store.union_default_graph() is True


def test_graphs_and_counts_are_ours_only(server, reference):
    with open_store(server) as store:
        assert store.graphs() == reference.graphs()
        assert store.triple_count() == reference.triple_count() > MAX_ROWS


@needs_virtuoso
def test_virtuoso_system_graphs_are_there_and_left_out(virtuoso):
    with RemoteStore(virtuoso.endpoint) as everything, open_store(virtuoso) as ours:
        system = set(everything.graphs()) - set(ours.graphs())
        assert any("openlinksw.com" in g for g in system)
        assert everything.triple_count() > ours.triple_count()


def test_stats_count_our_classes_only(server, reference):
    with open_store(server) as store:
        assert store_stats(store).classes == store_stats(reference).classes


def test_export_writes_every_quad(server, reference):
    with open_store(server) as store:
        assert _quads(export_store(store, "nq")) == _quads(export_store(reference, "nq"))
        flat = _parse(export_store(store, "nt"), ox.RdfFormat.N_TRIPLES)
        assert flat == _parse(export_store(reference, "nt"), ox.RdfFormat.N_TRIPLES)


def test_cli_export_writes_every_quad(server, reference, tmp_path):
    out = tmp_path / "dump.nq"
    result = CliRunner().invoke(app, ["export", "--endpoint", server.endpoint, "--format", "nq", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_quads(out.read_bytes())) == reference.triple_count()


@needs_virtuoso
def test_an_answer_the_server_cut_is_an_error(virtuoso):
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"
    with open_store(virtuoso) as store:
        with pytest.raises(paged.IncompleteResult, match="ResultSetMaxRows"):
            store.select(query)
        with pytest.raises(ResultTooLarge, match="2,000"):
            store.query_capped(query, "application/sparql-results+json", cap=5_000)
        assert len(store.select(query + " LIMIT 1500")) == 1500
    result = CliRunner().invoke(app, ["query", query, "--endpoint", virtuoso.endpoint])
    assert result.exit_code == 1 and "ResultSetMaxRows" in result.output
    with TestClient(create_app(virtuoso)) as client:  # the public endpoint: refused, not 2,000 rows as if all
        r = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
        assert r.status_code == 400 and "2,000" in r.text


@needs_virtuoso
def test_a_read_that_stays_short_fails(virtuoso):
    """The count says more rows than the server gives: an error, not a shorter list."""
    with open_store(virtuoso) as store:
        def page(limit: int, offset: int) -> str:
            return paged.page_query(paged.GRAPHS, paged.GRAPHS_ORDER, store.graph_base, limit, offset)

        with pytest.raises(paged.IncompleteResult, match="answered 6 of 7 rows"):
            paged.read_all(store._page, lambda: 7, page)


def test_streamed_export_pages_and_writes_every_quad(server, reference, tmp_path):
    """``export_to`` always pages (Virtuoso's cap of 2,000 is below the store's size) and gzips."""
    with open_store(server) as store:
        export_to(store, "nq", tmp_path / "dump.nq.gz")
        export_to(store, "nt", tmp_path / "dump.nt")
    assert _quads(gzip.decompress((tmp_path / "dump.nq.gz").read_bytes())) == _quads(export_store(reference, "nq"))
    flat = _parse((tmp_path / "dump.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)
    assert flat == _parse(export_store(reference, "nt"), ox.RdfFormat.N_TRIPLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.nq.gz", "dump.nt"]  # no partial file left


@needs_virtuoso
def test_paged_stream_that_stays_short_fails_after_its_pages(virtuoso):
    with open_store(virtuoso) as store:
        def page(limit: int, offset: int) -> str:
            return paged.page_query(paged.GRAPHS, paged.GRAPHS_ORDER, store.graph_base, limit, offset)

        pages = paged.iter_pages(store._page, lambda: 7, page, page=4)
        assert len(next(pages)) == 4
        with pytest.raises(paged.IncompleteResult, match="answered 6 of 7 rows"):
            list(pages)
