"""SPARQLWrapper against the running app: every return format it has, by GET, POST form and POST
direct, for the query forms each format is for; its repeated ``format``/``output`` parameters are
accepted when they agree and refused with 400 when they do not; ``n3``/``text/n3`` get Turtle
(a subset of N3) under the N3 media type. Answers are compared with the embedded store."""

from __future__ import annotations

import csv
import io
import json
import warnings

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import (CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDF, RDFXML, TSV, TURTLE, XML,
                           SPARQLWrapper)

from server_fixtures import live_server  # noqa: F401

ZITTING = "<http://data.vlaanderen.be/ns/besluit#Zitting>"
SELECT = f"SELECT ?m WHERE {{ ?m a {ZITTING} }} ORDER BY ?m"
ASK = f"ASK {{ ?m a {ZITTING} }}"
CONSTRUCT = f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ ?m a {ZITTING} ; ?p ?o }}"
DESCRIBE = f"DESCRIBE ?b WHERE {{ ?b a <http://data.vlaanderen.be/ns/besluit#Bestuursorgaan> }}"
METHODS = ["GET", "POST", "POSTDIRECTLY"]
#: SPARQLWrapper return format -> the media type we answer with
RESULT_FORMATS = {JSON: "application/sparql-results+json", XML: "application/sparql-results+xml",
                  CSV: "text/csv", TSV: "text/tab-separated-values"}
GRAPH_FORMATS = {TURTLE: "text/turtle", N3: "text/n3", RDF: "application/rdf+xml", RDFXML: "application/rdf+xml",
                 XML: "application/rdf+xml", JSONLD: "application/ld+json", JSON: "application/ld+json"}


def ask(url: str, query: str, return_format: str, method: str):
    """The SPARQLWrapper QueryResult for ``query``, sent as SPARQLWrapper sends it."""
    sw = SPARQLWrapper(f"{url}/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(return_format)
    if method != "GET":
        sw.setMethod(POST)
        if method == "POSTDIRECTLY":
            sw.setRequestMethod(POSTDIRECTLY)
    with warnings.catch_warnings():  # "Accept: */*" for JSON/XML on graph forms: expected, it sends format=
        warnings.simplefilter("ignore", RuntimeWarning)
        return sw.query()


def _solutions(converted: object, return_format: str) -> object:
    """What SPARQLWrapper's convert() gave, as a sorted list of ?m values or the ASK boolean."""
    if return_format in (CSV, TSV):  # a boolean is the bare word; TSV cells are N-Triples terms
        rows = list(csv.reader(io.StringIO(converted.decode("utf-8")), delimiter="," if return_format == CSV else "\t"))
        return rows[0] == ["true"] if len(rows) == 1 else sorted(r[0].strip("<>") for r in rows[1:])
    body = {JSON: lambda c: json.dumps(c).encode(), XML: lambda c: c.toxml().encode()}[return_format]
    result = Result.parse(io.BytesIO(body(converted)), format={JSON: "json", XML: "xml"}[return_format])
    if result.type == "ASK":
        return result.askAnswer
    return sorted(str(row[0]) for row in result)


def _expected(live_server, query: str) -> object:  # noqa: F811
    if query == ASK:
        return live_server.store.ask(query)
    return sorted(str(r["m"]) for r in live_server.store.select(query))


def _same_graph(live_server, query: str, converted: object) -> bool:  # noqa: F811
    """Turtle and N3 come back as bytes, RDF/XML and JSON-LD as an rdflib graph."""
    got = Graph().parse(data=converted, format="n3") if isinstance(converted, bytes) else converted
    expected = live_server.store.construct(query)
    return len(expected) > 5 and isomorphic(Graph() + got, expected)


CASES = [pytest.param(query, fmt, media_type, id=f"{name}-{fmt}")
         for (name, query), formats in ((("SELECT", SELECT), RESULT_FORMATS), (("ASK", ASK), RESULT_FORMATS),
                                        (("CONSTRUCT", CONSTRUCT), GRAPH_FORMATS), (("DESCRIBE", DESCRIBE), GRAPH_FORMATS))
         for fmt, media_type in formats.items()]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("query,return_format,media_type", CASES)
def test_every_return_format_for_its_query_forms(live_server, query, return_format, media_type, method):  # noqa: F811
    result = ask(live_server.url, query, return_format, method)
    assert result.response.headers["content-type"].split(";")[0] == media_type
    if query in (CONSTRUCT, DESCRIBE):
        assert _same_graph(live_server, query, result.convert())
        return
    got = _solutions(result.convert(), return_format)
    assert got == _expected(live_server, query)
    assert got is True or len(got) >= 5


def test_text_n3_by_accept_is_turtle_under_the_n3_type(live_server):  # noqa: F811
    r = httpx.get(f"{live_server.url}/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/n3"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/n3")
    assert isomorphic(Graph().parse(data=r.content, format="turtle"), live_server.store.construct(CONSTRUCT))


@pytest.mark.parametrize("params,form", [
    ([("format", "tsv"), ("format", "text/tab-separated-values"), ("output", "tsv")], None),
    ([("format", "csv")], [("output", "text/csv"), ("format", "csv")]),
    ([("output", "csv"), ("format", "")], None),
])
def test_repeated_format_parameters_that_agree(live_server, params, form):  # noqa: F811
    if form is None:
        r = httpx.get(f"{live_server.url}/sparql", params=[("query", SELECT), *params])
    else:
        r = httpx.post(f"{live_server.url}/sparql", params=params, data=dict([("query", SELECT)]) | {
            name: [v for n, v in form if n == name] for name, _ in form})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] in ("text/tab-separated-values", "text/csv")
    assert len(r.text.splitlines()) == len(_expected(live_server, SELECT)) + 1


@pytest.mark.parametrize("params,form", [
    ([("format", "json"), ("format", "xml")], None),
    ([("format", "csv"), ("output", "tsv")], None),
    ([("format", "json")], {"output": "xml"}),
])
def test_repeated_format_parameters_that_disagree_are_400(live_server, params, form):  # noqa: F811
    if form is None:
        r = httpx.get(f"{live_server.url}/sparql", params=[("query", SELECT), *params])
    else:
        r = httpx.post(f"{live_server.url}/sparql", params=params, data={"query": SELECT, **form})
    assert r.status_code == 400
    detail = r.json()["error"]["detail"]
    assert "different formats" in detail and all(v in detail for _, v in params)
