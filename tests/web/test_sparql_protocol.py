"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, as our own test cases.

Each test is named after its entry in w3c/rdf-tests ``sparql/sparql11/protocol/manifest.ttl``
and sends the same request (path, method, headers, body) to our ``/sparql/``. The update tests
expect 2xx from a writable endpoint; ours is read-only by design, so for them we check the
opposite — refused with 403 and the store unchanged — and say so in the name. Tests whose
expectation we do not meet are marked xfail with the reason, never skipped silently.

The dataset tests need graphs named ``http://kasei.us/2009/09/sparql/data/dataN.rdf``; the store
behind this module's server holds small graphs of our own under those names (each document
typed ``foaf:Document``, as the tests' ASK queries need). Every test runs twice: on the
embedded store and on a real ``oxigraph serve`` behind ``--endpoint``.
"""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import FOAF, RDF
from rdflib.query import Result

from referatgraf.settings import Settings
from oxigraph_server import oxigraph_server
from server_fixtures import running_server

KASEI = "http://kasei.us/2009/09/sparql/data/"
D0 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"


def _fill(store) -> None:  # noqa: ANN001 - a Store
    for n in range(4):
        doc = URIRef(f"{KASEI}data{n}.rdf")
        g = Graph()
        g.add((doc, RDF.type, FOAF.Document))
        g.add((doc, FOAF.name, Literal(f"data {n}")))
        store.replace_graph(str(doc), g)


@pytest.fixture(scope="module", params=["embedded", "remote"])
def server(request, tmp_path_factory):
    """The app on the embedded store, and on a real ``oxigraph serve`` (``--endpoint``)."""
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.store.remote import RemoteStore

    folder = Path(tmp_path_factory.mktemp("protocol"))
    if request.param == "embedded":
        store = EmbeddedStore(folder / "store")
        _fill(store)
        store.close()
        with running_server(Settings(store=folder / "store")) as live:
            live.backend = "embedded"
            yield live
        return
    with oxigraph_server(folder / "oxigraph") as endpoint:
        settings = Settings(endpoint=endpoint)
        _fill(RemoteStore.from_settings(settings))
        with running_server(settings) as live:
            live.backend = "remote"
            yield live


def call(server, method: str, path: str, body: str | bytes | None = None, content_type: str | None = None,
         accept: str | None = None) -> httpx.Response:
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    content = body.encode("utf-8") if isinstance(body, str) else body
    return httpx.request(method, server.url + path, content=content, headers=headers, timeout=30)


def boolean(r: httpx.Response) -> bool:
    assert 200 <= r.status_code < 400, r.text
    fmt = "json" if "json" in r.headers["content-type"] else "xml"
    return Result.parse(io.BytesIO(r.content), format=fmt).askAnswer


# -- queries -----------------------------------------------------------------------------------
def test_query_post_form(server):
    r = call(server, "POST", f"/sparql/?{D0}", "query=ASK%20%7B%7D", "application/x-www-form-urlencoded")
    assert boolean(r) is True


def test_query_dataset_default_graphs_get(server):
    q = ("ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20."
         "%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D")
    path = (f"/sparql/?query={q}&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    assert boolean(call(server, "GET", path)) is True


def test_query_dataset_default_graphs_post(server):
    path = ("/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    body = f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}"
    assert boolean(call(server, "POST", path, body, "application/sparql-query")) is True


def test_query_dataset_named_graphs_post(server):
    path = ("/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    body = f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
    assert boolean(call(server, "POST", path, body, "application/sparql-query")) is True


def test_query_dataset_named_graphs_get(server):
    body = f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
    r = httpx.get(f"{server.url}/sparql/", params=[("query", body), ("named-graph-uri", f"{KASEI}data1.rdf"),
                                                   ("named-graph-uri", f"{KASEI}data2.rdf")], timeout=30)
    assert boolean(r) is True


def test_query_dataset_full(server):
    path = ("/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
            "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    body = (f"ASK {{\n  <{KASEI}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}\n"
            f"  GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }}\n}}")
    assert boolean(call(server, "POST", path, body, "application/sparql-query")) is True


@pytest.mark.xfail(strict=True, reason="the W3C request URL encodes '&' as %26, so it names ONE named graph "
                                       "('…data1.rdf&named-graph-uri=…data2.rdf'); with the protocol dataset "
                                       "overriding FROM, ?g2 finds nothing and the answer is false (a known "
                                       "defect of this test in the manifest)")
def test_query_multiple_dataset(server):
    path = ("/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
            "%26named-graph-uri%3Dhttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf")
    body = (f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
            f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
    assert boolean(call(server, "POST", path, body, "application/sparql-query")) is True


def test_query_get(server):
    assert boolean(call(server, "GET", f"/sparql/?query=ASK%20%7B%7D&{D0}")) is True


def test_query_content_type_select(server):
    r = call(server, "POST", f"/sparql/?{D0}", "SELECT (1 AS ?value) {}", "application/sparql-query")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] in (
        "application/sparql-results+xml", "application/sparql-results+json", "text/tab-separated-values", "text/csv")
    assert Result.parse(io.BytesIO(r.content), format="json").bindings[0][Variable("value")].toPython() == 1


def test_query_content_type_ask(server):
    r = call(server, "POST", f"/sparql/?{D0}", "ASK {}", "application/sparql-query")
    assert r.headers["content-type"].split(";")[0] in ("application/sparql-results+xml", "application/sparql-results+json")
    assert boolean(r) is True


def _rdf(r: httpx.Response) -> Graph:
    assert r.status_code == 200, r.text
    media = r.headers["content-type"].split(";")[0]
    assert media in ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")
    return Graph().parse(data=r.content, format={"application/rdf+xml": "xml", "text/turtle": "turtle",
                                                 "application/n-triples": "nt", "application/ld+json": "json-ld"}[media])


def test_query_content_type_describe(server):
    r = call(server, "POST", f"/sparql/?{D0}", "DESCRIBE <http://example.org/>", "application/sparql-query")
    assert len(_rdf(r)) == 0  # nothing is known about http://example.org/


def test_query_content_type_construct(server):
    r = call(server, "POST", f"/sparql/?{D0}", "CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query")
    if server.backend == "remote":  # oxigraph serve resolves <s> against its own URL: see below
        assert r.status_code == 200 and str(next(iter(_rdf(r)))[0]).startswith("http://127.0.0.1:")
    else:
        assert r.status_code == 400  # relative IRIs <s>, <p> without a base: see the xfail below


def test_query_content_type_construct_w3c_expectation(server, request):
    if server.backend == "embedded":
        request.applymarker(pytest.mark.xfail(
            strict=True, reason="the query uses relative IRIs <s> and <p> with no BASE; the endpoint gives the "
                                "engine no base IRI (the Store interface has none), and Oxigraph refuses relative "
                                "IRIs without one, so it answers 400 (a remote oxigraph serve uses its own URL "
                                "as the base and passes)"))
    r = call(server, "POST", f"/sparql/?{D0}", "CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query")
    assert len(_rdf(r)) == 1


def test_query_post_direct(server):
    assert boolean(call(server, "POST", "/sparql/", "ASK {}", "application/sparql-query")) is True


# -- bad requests: 4xx -------------------------------------------------------------------------
def _is_4xx_with_error_shape(r: httpx.Response) -> None:
    assert 400 <= r.status_code < 500
    error = r.json()["error"]
    assert error["status"] == r.status_code and error["detail"]


def test_bad_query_method(server):
    r = call(server, "PUT", f"/sparql/?query=ASK%20%7B%7D&{D0}", b"", "application/x-www-form-urlencoded")
    _is_4xx_with_error_shape(r)


def test_bad_multiple_queries(server):
    _is_4xx_with_error_shape(call(server, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "ASK {}", "text/plain"))


def test_bad_query_missing_form_type(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "ASK {}"))


def test_bad_query_non_utf8(server):
    body = "ASK {}".encode("utf-16")
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", body, "application/sparql-query; charset=UTF-16"))


def test_bad_query_syntax(server):
    _is_4xx_with_error_shape(call(server, "GET", "/sparql/?query=ASK%20%7B"))


def test_bad_update_get(server):
    _is_4xx_with_error_shape(call(server, "GET", "/sparql/?update=CLEAR%20ALL"))


def test_bad_multiple_updates(server):
    r = call(server, "POST", "/sparql/", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", "application/x-www-form-urlencoded")
    _is_4xx_with_error_shape(r)


def test_bad_update_wrong_media_type(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "CLEAR NAMED", "text/plain"))


def test_bad_update_missing_form_type(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "update=CLEAR%20NAMED"))


def test_bad_update_non_utf8(server):
    body = "CLEAR NAMED".encode("utf-16")
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", body, "application/sparql-update; charset=UTF-16"))


def test_bad_update_syntax(server):
    _is_4xx_with_error_shape(call(server, "POST", "/sparql/", "update=CLEAR%20XYZ", "application/x-www-form-urlencoded"))


def test_bad_update_dataset_conflict(server):
    path = "/sparql/?using-graph-uri=http%3A%2F%2Fexample.org%2Fprotocol-update-dataset-conflict%2F"
    body = ("PREFIX dc: <http://purl.org/dc/terms/>\nINSERT { GRAPH <http://example.org/out/> { ?s a dc:B } }\n"
            "USING <http://example.org/protocol-update-dataset-conflict/> WHERE { ?s a dc:B }")
    _is_4xx_with_error_shape(call(server, "POST", path, body, "application/sparql-update"))


# -- updates: a read-only endpoint refuses them and stays unchanged -------------------------------
UPDATE_TESTS = {
    "update_dataset_default_graph": ("?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
                                     "CLEAR ALL ; INSERT DATA { GRAPH <urn:t> { <urn:s> a <urn:T> } }", "direct"),
    "update_dataset_default_graphs": ("?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
                                      "DROP ALL ; INSERT DATA { GRAPH <urn:t> { <urn:s> a <urn:T> } }", "direct"),
    "update_dataset_named_graphs": ("?using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
                                    "DROP ALL ; INSERT DATA { GRAPH <urn:t> { <urn:s> a <urn:T> } }", "direct"),
    "update_dataset_full": ("?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf",
                            "DROP ALL ; INSERT DATA { GRAPH <urn:t> { <urn:s> a <urn:T> } }", "direct"),
    "update_post_form": ("", "update=CLEAR%20ALL%20%3B%20INSERT%20DATA%20%7B%20%3Curn%3As%3E%20a%20%3Curn%3AT%3E%20%7D", "form"),
    "update_post_direct": ("", "CLEAR ALL ; INSERT DATA { <urn:s> a <urn:T> }", "direct"),
    "update_base_uri": ("", "CLEAR GRAPH <http://example.org/protocol-base-test/> ; INSERT DATA { GRAPH "
                            "<http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }",
                        "direct"),
}


@pytest.mark.parametrize("name", UPDATE_TESTS)
def test_update_is_refused_by_read_only_endpoint(server, name):
    query, body, kind = UPDATE_TESTS[name]
    before = (server.store.triple_count(), server.store.graphs())
    content_type = "application/sparql-update" if kind == "direct" else "application/x-www-form-urlencoded"
    r = call(server, "POST", f"/sparql/{query}", body, content_type)
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]["detail"]
    assert (server.store.triple_count(), server.store.graphs()) == before
    assert not server.store.ask("ASK { ?s a <urn:T> }")
