"""The VoID description's counts, read over HTTP from the running app on the seeds: ``void:triples``
the distinct triples of the union (not the quad count), ``rg:quads`` the stored quads, one
``void:classPartition`` per class in which ``besluit:Zitting`` counts only meetings read from a
document, and ``rg:stubMeetings`` the meetings known only from references."""

from __future__ import annotations

import httpx
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from conftest import SEED_FILES
from referatgraf.ontology.vocab import BESLUIT, RG
from referatgraf.web.void import Counts, dataset_graph
from server_fixtures import live_server  # noqa: F401 - fixture

DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
STUBS = """PREFIX rg: <https://w3id.org/referatgraf/ns#> PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>
SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a rg:ReferencedMeeting
  FILTER NOT EXISTS { ?m a besluit:Zitting } FILTER NOT EXISTS { ?real rg:referencedAs ?m } }"""
DOCUMENTS = "PREFIX rg: <https://w3id.org/referatgraf/ns#> SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m rg:documentKind ?k }"


def described(live) -> tuple[Graph, URIRef]:  # noqa: ANN001 - a LiveServer
    r = httpx.get(f"{live.url}/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    return Graph().parse(data=r.text, format="turtle"), URIRef(f"{live.url}/dataset")


def number(store, query: str) -> int:  # noqa: ANN001 - a Store
    return int(store.select(query)[0]["n"])


def partitions(g: Graph, ds: URIRef) -> dict[URIRef, int]:
    return {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}


def test_void_triples_is_the_distinct_triple_count_and_quads_apart(live_server):  # noqa: F811
    g, ds = described(live_server)
    store = live_server.store
    assert int(g.value(ds, VOID.triples)) == number(store, DISTINCT) > 0
    assert int(g.value(ds, RG.quads)) == store.triple_count() >= int(g.value(ds, VOID.triples))


def test_meetings_and_stubs_are_partitioned_apart(live_server):  # noqa: F811
    g, ds = described(live_server)
    store = live_server.store
    classes = partitions(g, ds)
    assert classes[BESLUIT.Zitting] == number(store, DOCUMENTS) == len(SEED_FILES)  # one meeting per seed document
    stubs = int(g.value(ds, RG.stubMeetings))
    assert stubs == number(store, STUBS) > 0
    assert classes[RG.ReferencedMeeting] > stubs  # some referenced meetings have their own document


def test_counts_are_left_out_when_not_given():
    g = dataset_graph("http://127.0.0.1:8000/", "https://d.dk/", 10, 2)
    ds = URIRef("http://127.0.0.1:8000/dataset")
    assert g.value(ds, RG.quads) is None and list(g.objects(ds, VOID.classPartition)) == []
    g = dataset_graph("http://127.0.0.1:8000/", "https://d.dk/", 10, 2,
                      numbers=Counts(12, ((str(BESLUIT.Zitting), 3),), 1))
    assert int(g.value(ds, RG.quads)) == 12 and int(g.value(ds, RG.stubMeetings)) == 1
    assert partitions(g, ds) == {BESLUIT.Zitting: 3}


def test_a_stub_meeting_is_shown_marked_and_home_counts_real_meetings(live_server):  # noqa: F811
    stub = str(live_server.store.select(STUBS.replace("(COUNT(DISTINCT ?m) AS ?n)", "?m") + " ORDER BY ?m LIMIT 1")[0]["m"])
    local = stub[len(live_server.base_iri) + len("id/"):]
    page = httpx.get(f"{live_server.url}/api/meetings/{local}")
    assert page.status_code == 200 and page.json()["stub"] is True and page.json()["items"] == []
    html = httpx.get(f"{live_server.url}/id/{local}", headers={"Accept": "text/html"}, follow_redirects=True)
    assert html.status_code == 200 and "stub: known only from references" in html.text
    real = httpx.get(f"{live_server.url}/api/meetings").json()
    assert real["total"] == len(SEED_FILES) and stub not in {m["iri"] for m in real["meetings"]}
