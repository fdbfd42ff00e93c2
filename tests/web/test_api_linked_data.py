"""Linked Data: IRIs dereference (303 → document), HTML / Turtle / JSON-LD / N-Triples / RDF-XML of
one meeting, item, case and person parse with rdflib and agree; VoID/DCAT and dumps."""

from __future__ import annotations

import gzip
import json
import re

import httpx
import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, VOID

from server_fixtures import live_server, resources  # noqa: F401

FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml", "text/n3": "n3"}
SUFFIXES = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml", ".n3": "n3"}
_JSONLD = re.compile(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', re.DOTALL)


def html_graph(page: str) -> Graph:
    """The JSON-LD a page embeds, parsed (``tojson`` escapes <, >, & as \\u003c … — JSON reads them)."""
    match = _JSONLD.search(page)
    assert match, "page embeds its JSON-LD"
    return Graph().parse(data=json.dumps(json.loads(match.group(1))), format="json-ld")


KINDS = ["meeting", "item", "case", "person"]


@pytest.mark.parametrize("kind", KINDS)
def test_iri_redirects_to_document(live_server, resources, kind):
    local = resources[kind]
    r = httpx.get(f"{live_server.url}/id/{local}", headers={"Accept": "text/turtle"})
    assert r.status_code == 303
    assert r.headers["location"] == f"/doc/{local}"
    followed = httpx.get(f"{live_server.url}/id/{local}", headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert followed.status_code == 200 and followed.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("kind", KINDS)
def test_representations_parse_and_agree(live_server, resources, kind):
    local = resources[kind]
    iri = URIRef(live_server.base_iri + "id/" + local)
    doc = f"{live_server.url}/doc/{local}"
    graphs = {}
    for media_type, fmt in FORMATS.items():
        r = httpx.get(doc, headers={"Accept": media_type})
        assert r.status_code == 200
        assert r.headers["content-type"].startswith(media_type)
        graphs[media_type] = Graph().parse(data=r.content, format=fmt)
    for suffix, fmt in SUFFIXES.items():
        graphs[suffix] = Graph().parse(data=httpx.get(doc + suffix).content, format=fmt)
    page = httpx.get(doc, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    graphs["html"] = html_graph(page.text)
    reference = graphs["text/turtle"]
    assert (iri, RDF.type, None) in reference
    for name, g in graphs.items():
        assert isomorphic(g, reference), name
    # the HTML shows the resource's labels as text
    for label in reference.objects(iri, None):
        if isinstance(label, str) and not isinstance(label, URIRef) and 3 < len(label) < 80 and "\n" not in label:
            assert str(escape(str(label))) in page.text
            break


def test_unknown_resource_is_404(live_server):
    r = httpx.get(f"{live_server.url}/doc/albertslund/meeting/chefforum/1900-01-01", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    assert r.json()["error"]["status"] == 404


def test_bad_id_is_404_not_500(live_server):
    for path in ("/id/a/%2E%2E/b", "/doc/%22%3E%3Cscript%3E", "/doc/x%20y"):
        r = httpx.get(live_server.url + path)
        assert r.status_code == 404, path


@pytest.mark.parametrize("path", ["/.well-known/void", "/dataset"])
def test_void_and_dcat(live_server, path):
    r = httpx.get(live_server.url + path, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    ds = next(g.subjects(RDF.type, VOID.Dataset))
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert str(g.value(ds, VOID.sparqlEndpoint)) == f"{live_server.url}/sparql"
    assert int(g.value(ds, VOID.triples)) == live_server.store.triple_count()
    dumps = {str(d) for d in g.objects(ds, VOID.dataDump)}
    assert dumps == {f"{live_server.url}/dumps/referatgraf.nq.gz", f"{live_server.url}/dumps/referatgraf.ttl.gz"}
    page = httpx.get(live_server.url + path, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")


def test_dumps(live_server):
    nq = gzip.decompress(httpx.get(f"{live_server.url}/dumps/referatgraf.nq.gz").content)
    quads = list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == live_server.store.triple_count()
    assert {q.graph_name.value for q in quads} == set(live_server.store.graphs())
    ttl = gzip.decompress(httpx.get(f"{live_server.url}/dumps/referatgraf.ttl.gz").content)
    union = {q.triple for q in ox.parse(ttl, format=ox.RdfFormat.TURTLE)}
    assert union == {q.triple for q in quads}
    assert httpx.get(f"{live_server.url}/dumps/other.zip").status_code == 404
