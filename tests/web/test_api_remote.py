"""The app on a remote store: a real ``oxigraph serve`` holds the seeds, our app serves them through
the SPARQL protocol (``--endpoint``), and answers as the embedded-store app does."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from attacks import CountingListener, assert_refused, attack_queries
from conftest import SEED_FILES
from oxigraph_server import oxigraph_server
from referatgraf.settings import Settings
from server_fixtures import MUNICIPALITY, live_server, running_server  # noqa: F401

pytestmark = pytest.mark.remote


@pytest.fixture(scope="module")
def remote_app(tmp_path_factory):
    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.store.remote import RemoteStore

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as endpoint:
        settings = Settings(endpoint=endpoint, municipality=MUNICIPALITY)
        store = RemoteStore.from_settings(settings)
        assert not ingest_paths(SEED_FILES, store, settings).failures
        with running_server(settings) as server:
            server.endpoint = endpoint
            yield server


def test_same_meetings_as_embedded(remote_app, live_server):
    remote = httpx.get(f"{remote_app.url}/api/meetings").json()
    local = httpx.get(f"{live_server.url}/api/meetings").json()
    assert remote == local
    one = local["meetings"][0]["id"]
    assert httpx.get(f"{remote_app.url}/api/meetings/{one}").json() == \
        httpx.get(f"{live_server.url}/api/meetings/{one}").json()


def test_same_documents_as_embedded(remote_app, live_server):
    meeting = httpx.get(f"{live_server.url}/api/meetings").json()["meetings"][0]["id"]
    graphs = [Graph().parse(data=httpx.get(f"{url}/doc/{meeting}.ttl").content, format="turtle")
              for url in (remote_app.url, live_server.url)]
    assert len(graphs[0]) > 10 and isomorphic(*graphs)


def test_sparql_through_remote(remote_app, live_server):
    query = "SELECT ?m ?d WHERE { ?m <http://purl.org/dc/terms/date> ?d } ORDER BY ?m ?d"
    answers = [httpx.get(f"{url}/sparql", params={"query": query, "format": "csv"}).text
               for url in (remote_app.url, live_server.url)]
    assert answers[0] == answers[1] and answers[0].count("\n") > 5
    r = httpx.post(f"{remote_app.url}/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 403



def test_protocol_dataset_through_remote(remote_app, live_server):
    """default-graph-uri / named-graph-uri are passed on to the server: same answers as embedded."""
    graph = live_server.store.graphs()[0]
    for params in ({"default-graph-uri": graph}, {"named-graph-uri": graph}, {"default-graph-uri": "http://x/"}):
        query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        answers = [httpx.get(f"{url}/sparql", params={"query": query, "format": "csv", **params})
                   for url in (remote_app.url, live_server.url)]
        assert [a.status_code for a in answers] == [200, 200]
        assert answers[0].text == answers[1].text
    assert answers[0].text.split()[-1] == "0"  # a graph that does not exist: an empty dataset


def test_attack_queries_reach_neither_the_backing_server_nor_the_network(remote_app):
    """With --endpoint: the smuggling forms and overflowing queries get a 4xx from us, nothing
    connects to the listener, and the backing ``oxigraph serve`` still answers (it was killed
    by the 3,000-``{`` query before)."""
    with CountingListener() as listener:
        statuses = assert_refused(remote_app.url, attack_queries(listener.port))
    assert listener.connections == 0 and set(statuses.values()) == {400}
    direct = httpx.get(remote_app.endpoint, params={"query": "ASK {}"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert direct.json()["boolean"] is True
