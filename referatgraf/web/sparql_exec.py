"""Run one public, read-only SPARQL query and serialise its result in the requested format.

The store is always asked for one format per family — SPARQL JSON for SELECT/ASK, N-Triples for
CONSTRUCT/DESCRIBE — because both can be counted cheaply (rows, lines) against the result cap;
pyoxigraph then re-serialises into what the client asked for (XML, CSV, TSV, Turtle, JSON-LD,
RDF/XML). This runs in a worker thread (see deps.AppState.run_query).

>>> count_rows(b'{"head": {"vars": ["s"]}, "results": {"bindings": [{}, {}]}}')
2
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from referatgraf.store.base import Store
from referatgraf.ontology.vocab import PREFIXES

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class ResultTooLarge(Exception):
    """The result has more rows or triples than the configured cap."""


def count_rows(results_json: bytes) -> int:
    """Rows in a SPARQL JSON result (0 for ASK)."""
    data = json.loads(results_json)
    return len(data.get("results", {}).get("bindings", ())) if "boolean" not in data else 0


def _too_large(count: int, cap: int, unit: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result has {count} {unit}, more than the limit of {cap}; add LIMIT/OFFSET to page "
        "through it, or download a full dump from /dumps/")


class DatasetUnsupported(Exception):
    """A protocol-specified dataset was asked of a store that cannot take one."""


def run_results(store: Store, query: str, media_type: str, cap: int, timeout: float,
                dataset: tuple[list[str], list[str]] | None = None) -> bytes:
    """SELECT/ASK → bytes in ``media_type`` (a key of ``_RESULT_FORMATS``)."""
    if dataset:
        body, got = _query_dataset(store, query, dataset).serialize(format=ox.QueryResultsFormat.JSON), RESULTS_JSON
    else:
        body, got = store.query_raw(query, RESULTS_JSON, timeout=timeout)
    fmt = ox.QueryResultsFormat.from_media_type(got.split(";")[0].strip()) or ox.QueryResultsFormat.JSON
    if fmt != ox.QueryResultsFormat.JSON:  # a remote store that ignored our Accept
        body = ox.parse_query_results(body, format=fmt).serialize(format=ox.QueryResultsFormat.JSON)
    rows = count_rows(body)
    if rows > cap:
        raise _too_large(rows, cap, "rows")
    if media_type == RESULTS_JSON:
        return body
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[media_type])


def run_graph(store: Store, query: str, media_type: str, cap: int, timeout: float,
              dataset: tuple[list[str], list[str]] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE → bytes in ``media_type`` (a key of ``_GRAPH_FORMATS``)."""
    triples = list(_query_dataset(store, query, dataset)) if dataset else fetch_triples(store, query, timeout)
    if len(triples) > cap:
        raise _too_large(len(triples), cap, "triples")
    return serialize_triples(triples, media_type)


def fetch_triples(store: Store, query: str, timeout: float | None = None) -> list:
    """The triples of a CONSTRUCT/DESCRIBE query as pyoxigraph triples (no rdflib on this path)."""
    body, got = store.query_raw(query, NTRIPLES, timeout=timeout)
    got_format = ox.RdfFormat.from_media_type(got.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
    return [q.triple for q in ox.parse(body, format=got_format)]


def _query_dataset(store: Store, query: str, dataset: tuple[list[str], list[str]]):  # noqa: ANN202
    """Run ``query`` over the protocol's dataset (default-graph-uri / named-graph-uri); only the
    embedded store can. Per the protocol, the kind of graph not named is empty."""
    engine = getattr(store, "oxigraph", None)
    if engine is None:
        raise DatasetUnsupported("protocol-specified datasets (default-graph-uri / named-graph-uri) "
                                 "need the embedded store; use FROM / GRAPH in the query")
    default, named = ([ox.NamedNode(iri) for iri in iris] for iris in dataset)
    return engine.query(query, default_graph=default, named_graphs=named)


def serialize_triples(triples: list, media_type: str) -> bytes:
    """pyoxigraph triples → bytes; Turtle and JSON-LD get the project's prefixes."""
    fmt = _GRAPH_FORMATS[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    if prefixes:
        return ox.serialize(triples, format=fmt, prefixes=prefixes)
    return ox.serialize(triples, format=fmt)
