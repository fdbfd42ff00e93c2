"""The public SPARQL endpoint through real clients: httpx, SPARQLWrapper and rdflib's SPARQLStore
give the same answers as the embedded store for every example query; updates are refused and
change nothing; formats, time limit, result cap and SERVICE refusal."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from conftest import EXAMPLES_DIR
from referatgraf.store.sparql import query_form
from attacks import CountingListener, assert_refused, attack_queries
from server_fixtures import live_server  # noqa: F401

EXAMPLE_QUERIES = sorted((EXAMPLES_DIR / "queries").glob("*.rq"))
# Our own queries of every form, so the clients are compared even on forms no example uses.
OWN_QUERIES = {
    "select-items": "PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>\n"
                    "PREFIX dct: <http://purl.org/dc/terms/>\n"
                    "SELECT ?m ?i ?t WHERE { ?m besluit:behandelt ?i . ?i dct:title ?t } ORDER BY ?m ?i",
    "select-count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ask-true": "ASK { ?s a <http://data.vlaanderen.be/ns/besluit#Zitting> }",
    "ask-false": "ASK { ?s a <urn:nothing:like:this> }",
    "construct-meetings": "PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>\n"
                          "CONSTRUCT { ?m ?p ?o } WHERE { ?m a besluit:Zitting ; ?p ?o }",
    "describe-body": "DESCRIBE ?b WHERE { ?b a <http://data.vlaanderen.be/ns/besluit#Bestuursorgaan> }",
}
CASES = [pytest.param(p.read_text(encoding="utf-8"), id=p.stem) for p in EXAMPLE_QUERIES] + [
    pytest.param(q, id=name) for name, q in OWN_QUERIES.items()]


def test_example_queries_exist():
    assert EXAMPLE_QUERIES, "examples/queries/*.rq should hold the competency questions"


# -- normalising answers -----------------------------------------------------------------------
def _norm_term(term):
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def rows_of(result: Result) -> list[tuple]:
    """A SELECT result as a sorted multiset of rows (rows as sorted (var, term) pairs)."""
    out = []
    for binding in result.bindings:
        out.append(tuple(sorted((str(k), _norm_term(v).n3()) for k, v in binding.items() if v is not None)))
    return sorted(out)


def answer_from_json(body: bytes):
    result = Result.parse(io.BytesIO(body), format="json")
    return result.askAnswer if result.type == "ASK" else rows_of(result)


def embedded_answer(server, query: str):
    form = query_form(query)
    if form in ("SELECT", "ASK"):
        body, _ = server.store.query_raw(query, "application/sparql-results+json")
        return answer_from_json(body)
    return server.store.construct(query)


def same(expected, got) -> bool:
    if isinstance(expected, Graph):
        return isomorphic(expected, got)
    return expected == got


# -- the three clients -------------------------------------------------------------------------
def httpx_answer(url: str, query: str, method: str):
    form = query_form(query)
    accept = "application/sparql-results+json" if form in ("SELECT", "ASK") else "text/turtle"
    if method == "GET":
        r = httpx.get(f"{url}/sparql", params={"query": query}, headers={"Accept": accept}, timeout=30)
    elif method == "form":
        r = httpx.post(f"{url}/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)
    else:
        r = httpx.post(f"{url}/sparql", content=query.encode(), timeout=30,
                       headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    if form in ("SELECT", "ASK"):
        return answer_from_json(r.content)
    return Graph().parse(data=r.content, format="turtle")


def sparqlwrapper_answer(url: str, query: str):
    sw = SPARQLWrapper(f"{url}/sparql")
    sw.setQuery(query)
    sw.setMethod(POST)
    if query_form(query) in ("SELECT", "ASK"):
        sw.setReturnFormat(JSON)
        return answer_from_json(json.dumps(sw.queryAndConvert()).encode())
    sw.setReturnFormat(TURTLE)
    data = sw.queryAndConvert()
    return Graph().parse(data=data, format="turtle")


def sparqlstore_answer(url: str, query: str):
    store = SPARQLStore(f"{url}/sparql", returnFormat="xml")
    result = Graph(store=store).query(query)
    if result.type == "ASK":
        return result.askAnswer
    if result.type == "SELECT":
        return rows_of(result)
    return result.graph


@pytest.mark.parametrize("query", CASES)
@pytest.mark.parametrize("client", ["httpx-GET", "httpx-form", "httpx-direct", "SPARQLWrapper", "SPARQLStore"])
def test_clients_agree_with_embedded_store(live_server, query, client):
    expected = embedded_answer(live_server, query)
    if client.startswith("httpx"):
        got = httpx_answer(live_server.url, query, client.split("-")[1])
    elif client == "SPARQLWrapper":
        got = sparqlwrapper_answer(live_server.url, query)
    else:
        got = sparqlstore_answer(live_server.url, query)
    assert same(expected, got)
    if isinstance(expected, list):
        assert expected, "a query over the seeds should return rows"


# -- read-only ---------------------------------------------------------------------------------
UPDATES = [
    ("form-update", "POST", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
    ("direct-update", "POST", {"content": b"DROP ALL",
                               "headers": {"Content-Type": "application/sparql-update"}}),
    ("get-update", "GET", {"params": {"update": "CLEAR ALL"}}),
    ("update-as-query", "POST", {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
    ("update-as-direct-query", "POST", {"content": b"# comment\nPREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }",
                                        "headers": {"Content-Type": "application/sparql-query"}}),
    ("load", "GET", {"params": {"query": "LOAD <http://example.org/x>"}}),
]


@pytest.mark.parametrize("name,method,kwargs", UPDATES, ids=[u[0] for u in UPDATES])
def test_updates_are_refused_and_change_nothing(live_server, name, method, kwargs):
    before = live_server.store.triple_count()
    graphs = live_server.store.graphs()
    r = httpx.request(method, f"{live_server.url}/sparql", timeout=30, **kwargs)
    assert r.status_code == 403
    assert "read-only" in r.json()["error"]["detail"]
    assert live_server.store.triple_count() == before
    assert live_server.store.graphs() == graphs
    assert not live_server.store.ask("ASK { <urn:a> <urn:b> <urn:c> }")


def test_sparqlwrapper_update_is_refused(live_server):
    before = live_server.store.triple_count()
    sw = SPARQLWrapper(f"{live_server.url}/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception):  # noqa: B017 - SPARQLWrapper maps HTTP errors to its own classes
        sw.query()
    assert live_server.store.triple_count() == before


# -- formats -----------------------------------------------------------------------------------
SELECT = "SELECT ?m ?d WHERE { ?m <http://purl.org/dc/terms/date> ?d } ORDER BY ?m"
RESULT_FORMATS = {
    "application/sparql-results+json": ("json", ox.QueryResultsFormat.JSON),
    "application/sparql-results+xml": ("xml", ox.QueryResultsFormat.XML),
    "text/csv": ("csv", ox.QueryResultsFormat.CSV),
    "text/tab-separated-values": ("tsv", ox.QueryResultsFormat.TSV),
}


def _solutions(body: bytes, fmt) -> list[tuple]:
    """(meeting, date) values; CSV is lossy (no term types), so it is read as plain text."""
    if fmt == ox.QueryResultsFormat.CSV:
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        return sorted((r["m"], r["d"]) for r in rows)
    return sorted(tuple(s[v].value for v in ("m", "d")) for s in ox.parse_query_results(body, format=fmt))


@pytest.mark.parametrize("media_type", RESULT_FORMATS)
@pytest.mark.parametrize("by", ["accept", "format"])
def test_select_formats(live_server, media_type, by):
    name, fmt = RESULT_FORMATS[media_type]
    kwargs = {"headers": {"Accept": media_type}} if by == "accept" else {}
    params = {"query": SELECT, **({"format": name} if by == "format" else {})}
    r = httpx.get(f"{live_server.url}/sparql", params=params, timeout=30, **kwargs)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)
    expected_body, _ = live_server.store.query_raw(SELECT, "application/sparql-results+json")
    got = _solutions(r.content, fmt)
    assert got == _solutions(expected_body, ox.QueryResultsFormat.JSON)
    assert len(got) >= 5


GRAPH_FORMATS = {"text/turtle": ("ttl", "turtle"), "application/n-triples": ("nt", "nt"),
                 "application/ld+json": ("jsonld", "json-ld"), "application/rdf+xml": ("rdfxml", "xml")}


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
@pytest.mark.parametrize("by", ["accept", "format"])
def test_construct_formats(live_server, media_type, by):
    query = OWN_QUERIES["construct-meetings"]
    name, rdflib_format = GRAPH_FORMATS[media_type]
    kwargs = {"headers": {"Accept": media_type}} if by == "accept" else {}
    params = {"query": query, **({"format": name} if by == "format" else {})}
    r = httpx.get(f"{live_server.url}/sparql", params=params, timeout=30, **kwargs)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)
    got = Graph().parse(data=r.content, format=rdflib_format)
    assert isomorphic(got, live_server.store.construct(query))
    assert len(got) > 20


def test_unknown_format_is_406(live_server):
    r = httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}", "format": "png"})
    assert r.status_code == 406
    assert r.json()["error"]["status"] == 406


# -- limits ----------------------------------------------------------------------------------------
_NUMBERS = " ".join(str(i) for i in range(150))
# ~3.4 M rows whatever the data: seconds of work, then it ends (an abandoned query still finishes).
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?x{k} {{ {_NUMBERS} }}" for k in range(3))
        + " FILTER(?x0 + ?x1 >= ?x2) }")


def test_time_limit_gives_clear_error_and_server_keeps_serving(live_server, monkeypatch):
    monkeypatch.setattr(live_server.settings, "query_timeout", 0.3)
    answers: dict[str, httpx.Response] = {}

    def slow() -> None:
        answers["slow"] = httpx.get(f"{live_server.url}/sparql", params={"query": SLOW}, timeout=30)

    worker = threading.Thread(target=slow)
    worker.start()
    # while the slow query runs, other requests are answered
    fast = httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}"}, timeout=30)
    assert fast.status_code == 200
    worker.join(timeout=30)
    slow_answer = answers["slow"]
    assert slow_answer.status_code == 503
    assert "time limit" in slow_answer.json()["error"]["detail"]
    assert httpx.get(f"{live_server.url}/api/meetings", timeout=30).status_code == 200


def test_result_cap_gives_clear_error(live_server, monkeypatch):
    monkeypatch.setattr(live_server.settings, "result_cap", 10)
    r = httpx.get(f"{live_server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "limit of 10" in r.json()["error"]["detail"]
    r = httpx.get(f"{live_server.url}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    r = httpx.get(f"{live_server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert r.status_code == 200


def test_service_is_refused(live_server):
    r = httpx.get(f"{live_server.url}/sparql",
                  params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 400
    assert "SERVICE" in r.json()["error"]["detail"]


def test_attack_queries_get_4xx_and_nothing_calls_out(live_server):
    """Every SERVICE smuggling form and every stack-overflowing query of issue 19, by GET and
    POST: a 4xx with its reason, no connection to the listener, and the server still answers."""
    with CountingListener() as listener:
        statuses = assert_refused(live_server.url, attack_queries(listener.port))
    assert listener.connections == 0
    assert set(statuses.values()) == {400}


def test_editor_page_for_browsers(live_server):
    r = httpx.get(f"{live_server.url}/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200
    assert "yasgui.min.js" in r.text
    for path in EXAMPLE_QUERIES:
        assert path.stem in r.text
    # the editor references no remote URL (all assets are bundled)
    assert "//cdn" not in r.text and "prefix.cc" not in r.text


def test_yasgui_bundle_is_served(live_server):
    for asset in ("yasgui.min.js", "yasgui.min.css"):
        r = httpx.get(f"{live_server.url}/static/vendor/yasgui/{asset}")
        assert r.status_code == 200 and len(r.content) > 10_000


def test_bundled_assets_exist_as_package_data():
    static = Path(__import__("referatgraf.web", fromlist=["x"]).__file__).parent / "static"
    assert (static / "vendor" / "yasgui" / "yasgui.min.js").stat().st_size > 100_000


def test_one_deeply_nested_get_neither_kills_nor_blocks_the_server(live_server):  # noqa: F811
    deep = "ASK " + "{" * 3000 + "}" * 3000  # the 9 KB GET that segfaulted the server (issue 19)
    r = httpx.get(f"{live_server.url}/sparql", params={"query": deep}, timeout=30)
    assert r.status_code == 400 and "levels deep" in r.json()["error"]["detail"]
    ok = httpx.get(f"{live_server.url}/sparql", params={"query": "ASK {}"},
                   headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ok.status_code == 200 and ok.json()["boolean"] is True

