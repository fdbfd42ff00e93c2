"""Run one public, read-only SPARQL query and serialise its result in the requested format.

The store is always asked for one format per family — SPARQL JSON for SELECT/ASK, N-Triples for
CONSTRUCT/DESCRIBE — because both can be counted cheaply (rows, lines) against the result cap;
pyoxigraph then re-serialises into what the client asked for (XML, CSV, TSV, Turtle, JSON-LD,
RDF/XML; see :mod:`referatgraf.store.media`). This runs in a worker thread (see
deps.AppState.run_query).

>>> import tempfile
>>> from rdflib import Literal, URIRef
>>> from referatgraf.store.embedded import EmbeddedStore
>>> from referatgraf.store.statements import GRAPH_NAMES
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(tmp) as store:
...     store.replace_graph("http://g/", [(URIRef("http://s/"), URIRef("http://p/"), Literal("o"))])
...     run_results(store, GRAPH_NAMES, "text/csv", cap=10, timeout=5)
b'g\\r\\nhttp://g/\\r\\n'
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from referatgraf.store import media
from referatgraf.store.base import Dataset, DatasetUnsupported, Store

__all__ = ["DatasetUnsupported", "ResultTooLarge", "count_rows", "fetch_triples", "run_graph", "run_results",
           "serialize_triples"]

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class ResultTooLarge(Exception):
    """The result has more rows or triples than the configured cap."""


def count_rows(results_json: bytes) -> int:
    """Rows in a SPARQL JSON result (0 for ASK).

    >>> count_rows(b'{"head": {"vars": ["s"]}, "results": {"bindings": [{}, {}]}}')
    2
    """
    data = json.loads(results_json)
    return len(data.get("results", {}).get("bindings", ())) if "boolean" not in data else 0


def _too_large(count: int, cap: int, unit: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result has {count} {unit}, more than the limit of {cap}; add LIMIT/OFFSET to page "
        "through it, or download a full dump from /dumps/")


def run_results(store: Store, query: str, media_type: str, cap: int, timeout: float,
                dataset: Dataset | None = None) -> bytes:
    """SELECT/ASK → bytes in ``media_type`` (a results media type of the registry)."""
    body, got = store.query_raw(query, RESULTS_JSON, timeout=timeout, dataset=dataset)
    answered = media.lookup(got, media.RESULTS) or media.get(RESULTS_JSON)
    body = media.convert_results(body, answered.name, RESULTS_JSON)  # a store that ignored our Accept
    rows = count_rows(body)
    if rows > cap:
        raise _too_large(rows, cap, "rows")
    return media.convert_results(body, RESULTS_JSON, media_type)


def run_graph(store: Store, query: str, media_type: str, cap: int, timeout: float,
              dataset: Dataset | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE → bytes in ``media_type`` (a graph media type of the registry)."""
    triples = fetch_triples(store, query, timeout, dataset)
    if len(triples) > cap:
        raise _too_large(len(triples), cap, "triples")
    return serialize_triples(triples, media_type)


def fetch_triples(store: Store, query: str, timeout: float | None = None,
                  dataset: Dataset | None = None) -> list:
    """The triples of a CONSTRUCT/DESCRIBE query as pyoxigraph triples (no rdflib on this path)."""
    body, got = store.query_raw(query, NTRIPLES, timeout=timeout, dataset=dataset)
    got_format = (media.lookup(got, media.GRAPH) or media.get(NTRIPLES)).format
    return [q.triple for q in ox.parse(body, format=got_format)]


def serialize_triples(triples: list, media_type: str) -> bytes:
    """pyoxigraph triples → bytes; Turtle and RDF/XML get the project's prefixes."""
    return media.serialise_rdf(triples, media.get(media_type, media.GRAPH))
