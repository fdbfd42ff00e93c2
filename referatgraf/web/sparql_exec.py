"""Run one public, read-only SPARQL query and serialise its result in the requested format.

The store reads the result only up to the cap (:meth:`~referatgraf.store.base.Store.query_capped`,
:mod:`referatgraf.store.capped`): past ``cap`` rows or triples the query is abandoned with
:class:`ResultTooLarge` instead of being built whole. This runs in a worker (see
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

from referatgraf.store import media
from referatgraf.store.base import Dataset, DatasetUnsupported, Store
from referatgraf.store.capped import ResultTooLarge

__all__ = ["DatasetUnsupported", "ResultTooLarge", "run_graph", "run_results", "serialize_triples"]


def run_results(store: Store, query: str, media_type: str, cap: int, timeout: float,
                dataset: Dataset | None = None) -> bytes:
    """SELECT/ASK → bytes in ``media_type`` (a results media type of the registry)."""
    return store.query_capped(query, media.get(media_type, media.RESULTS).name, cap, timeout, dataset)[0]


def run_graph(store: Store, query: str, media_type: str, cap: int, timeout: float,
              dataset: Dataset | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE → bytes in ``media_type`` (a graph media type of the registry)."""
    return store.query_capped(query, media.get(media_type, media.GRAPH).name, cap, timeout, dataset)[0]


def serialize_triples(triples: list, media_type: str) -> bytes:
    """pyoxigraph triples → bytes; Turtle and RDF/XML get the project's prefixes."""
    return media.serialise_rdf(triples, media.get(media_type, media.GRAPH))
