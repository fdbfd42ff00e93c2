"""JSON-LD as linked-data clients expect it: compacted with the served context (``/ns/context.jsonld``),
``@type`` and short terms; expanding it with PyLD (a JSON-LD processor we did not write, fetching
the context over HTTP) gives the same graph as the Turtle; expanded on request by profile."""

from __future__ import annotations

import json

import httpx
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from referatgraf.ontology import load_context
from server_fixtures import live_server, resources  # noqa: F401

KINDS = ["meeting", "item", "case", "person"]
EXPANDED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def http_loader(url: str, options: dict | None = None) -> dict:
    """PyLD's document loader over real HTTP (httpx): how a client fetches our context."""
    r = httpx.get(url, headers={"Accept": "application/ld+json"})
    r.raise_for_status()
    return {"contextUrl": None, "documentUrl": url, "document": r.json()}


def pyld_graph(doc: object) -> Graph:
    """The graph PyLD reads from a JSON-LD document (via N-Quads)."""
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": http_loader})
    return Graph().parse(data=nquads, format="nt")


def keys(doc: object) -> set[str]:
    if isinstance(doc, dict):
        return set(doc) | {k for v in doc.values() for k in keys(v)}
    if isinstance(doc, list):
        return {k for v in doc for k in keys(v)}
    return set()


def paths(live_server, resources) -> list[str]:  # noqa: F811
    return [f"/doc/{resources[k]}" for k in KINDS] + ["/dataset"]


def test_context_is_served_with_its_media_type_and_caching(live_server):
    r = httpx.get(f"{live_server.url}/ns/context.jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert "max-age=" in r.headers["cache-control"]
    assert r.json() == load_context()
    again = httpx.get(f"{live_server.url}/ns/context.jsonld", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("kind", KINDS + ["dataset"])
def test_compacted_refers_to_the_context_and_expands_to_the_turtle_graph(live_server, resources, kind):
    path = "/dataset" if kind == "dataset" else f"/doc/{resources[kind]}"
    r = httpx.get(live_server.url + path, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    assert 'profile="http://www.w3.org/ns/json-ld#compacted"' in r.headers["content-type"]
    doc = r.json()
    assert doc["@context"] == f"{live_server.url}/ns/context.jsonld"
    found = keys(doc)
    assert RDF_TYPE not in found and "rdf:type" not in found and "type" in found
    assert "id" in found and "@id" not in found  # the context's alias of @id
    turtle = Graph().parse(data=httpx.get(live_server.url + path, headers={"Accept": "text/turtle"}).content,
                           format="turtle")
    assert len(turtle) > 3
    assert isomorphic(pyld_graph(doc), turtle)


def test_short_terms_from_the_context(live_server, resources):
    doc = httpx.get(f"{live_server.url}/doc/{resources['meeting']}.jsonld").json()
    found = keys(doc)
    assert {"title", "date", "items", "heldBy"} <= found, found
    assert not [k for k in found if k.startswith("http://data.vlaanderen.be/")]


@pytest.mark.parametrize("kind", ["meeting", "dataset"])
def test_expanded_by_profile(live_server, resources, kind):
    path = "/dataset" if kind == "dataset" else f"/doc/{resources[kind]}"
    r = httpx.get(live_server.url + path, headers={"Accept": EXPANDED})
    assert r.status_code == 200
    assert 'profile="http://www.w3.org/ns/json-ld#expanded"' in r.headers["content-type"]
    doc = r.json()
    assert isinstance(doc, list) and "@context" not in keys(doc)
    turtle = Graph().parse(data=httpx.get(live_server.url + path, headers={"Accept": "text/turtle"}).content,
                           format="turtle")
    assert isomorphic(Graph().parse(data=json.dumps(doc), format="json-ld"), turtle)
