"""rdflib's SPARQLStore against the running app: ``len()`` of the whole store and of each graph,
iteration over a pattern and paged iteration over everything give the store's own counts.

A plain ``for triple in graph`` over the whole store asks for every triple in one SELECT; past
``Settings.result_cap`` (10,000) the endpoint answers 400 asking for LIMIT/OFFSET, which rdflib
reports as a bare ValueError: a client limit, documented in docs/api.md, and paging (rdflib's
``graph.LIMIT`` / ``graph.OFFSET``) gets everything."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from server_fixtures import live_server  # noqa: F401

ZITTING = URIRef("http://data.vlaanderen.be/ns/besluit#Zitting")
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def remote_graph(live_server, identifier: str | None = None) -> Graph:  # noqa: F811
    """A Graph over our endpoint; with ``identifier`` SPARQLStore sends it as default-graph-uri."""
    store = SPARQLStore(f"{live_server.url}/sparql")
    return Graph(store=store, identifier=URIRef(identifier)) if identifier else Graph(store=store)


def test_len_is_the_number_of_distinct_triples(live_server):  # noqa: F811
    expected = int(live_server.store.select(DISTINCT_TRIPLES)[0]["n"])
    dumped = len(Graph().parse(data=live_server.store.dump("application/n-triples"), format="nt"))
    assert len(remote_graph(live_server)) == expected == dumped
    assert expected > live_server.settings.result_cap  # so the paging below is needed


def test_len_of_each_graph(live_server):  # noqa: F811
    graphs = live_server.store.graphs()
    assert len(graphs) >= 5
    for graph in graphs:
        assert len(remote_graph(live_server, graph)) == live_server.store.triple_count(graph) > 0


def test_the_graphs_are_the_contexts(live_server):  # noqa: F811
    dataset = Dataset(store=SPARQLStore(f"{live_server.url}/sparql"))
    assert sorted(str(c) for c in dataset.store.contexts()) == live_server.store.graphs()


def test_iterating_a_pattern(live_server):  # noqa: F811
    expected = {r["m"] for r in live_server.store.select(f"SELECT DISTINCT ?m WHERE {{ ?m a <{ZITTING}> }}")}
    triples = list(remote_graph(live_server).triples((None, RDF.type, ZITTING)))
    assert len(triples) == len(expected) >= 5
    assert {s for s, _, _ in triples} == expected


def test_paged_iteration_gets_every_triple_once(live_server):  # noqa: F811
    graph, page_size, seen, pages = remote_graph(live_server), 4000, [], 0
    while True:
        graph.LIMIT, graph.OFFSET = page_size, pages * page_size
        page = list(graph.triples((None, None, None)))
        seen += page
        pages += 1
        if len(page) < page_size:
            break
    assert pages >= 3 and len(seen) == len(set(seen)) == len(graph)
    assert set(seen) == set(live_server.store.construct("CONSTRUCT WHERE { ?s ?p ?o }"))


def test_unpaged_iteration_past_the_cap_is_refused_with_a_reason(live_server):  # noqa: F811
    with pytest.raises(ValueError):  # rdflib hides our 400's message ...
        list(remote_graph(live_server).triples((None, None, None)))
    r = httpx.get(f"{live_server.url}/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o . }"})
    assert r.status_code == 400  # ... which says what to do
    assert "LIMIT/OFFSET" in r.json()["error"]["detail"]
