"""Media types of query results and dumps, and serialising them with pyoxigraph.

SELECT/ASK results: SPARQL JSON (default), XML, CSV, TSV. Graph results and flattened dumps:
Turtle (default), N-Triples, RDF/XML, JSON-LD. Whole-store dumps keep graphs in N-Quads or TriG.

>>> pick_media_type("text/csv, */*;q=0.1", RESULT_TYPES)
'text/csv'
>>> pick_media_type("*/*", GRAPH_TYPES)
'text/turtle'
"""

from __future__ import annotations

import pyoxigraph as ox

from referatgraf.store.base import StoreError
from referatgraf.ontology.vocab import PREFIXES

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
DATASET_TYPES: dict[str, ox.RdfFormat] = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}

#: every quad of every named graph, flattened and without duplicates
UNION_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def pick_media_type(accept: str, offered: dict) -> str:
    """The first media type in ``accept`` (in q order) we offer; ``*/*`` → our default.

    Raises :class:`StoreError` when nothing acceptable is offered.
    """
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (x.strip() for x in part.split(";"))
        q = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        ranked.append((-q, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "", "application/*", "text/*"):
            return next(iter(offered))
    raise StoreError(f"cannot produce {accept!r}; offered: {', '.join(offered)}")


def serialise_result(result: object, accept: str) -> tuple[bytes, str]:
    """A pyoxigraph query result in the best media type for ``accept``."""
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        media = pick_media_type(accept, RESULT_TYPES)
        fmt = RESULT_TYPES[media]
        return result.serialize(format=fmt), fmt.media_type
    media = pick_media_type(accept, GRAPH_TYPES)
    fmt = GRAPH_TYPES[media]
    return ox.serialize(result, format=fmt, prefixes=prefixes_for(fmt)), fmt.media_type


def dump_store(store: ox.Store, media_type: str) -> bytes:
    """The whole store: quads for N-Quads/TriG; the union graph for the triple formats."""
    media = media_type.split(";")[0].strip().lower()
    if media in DATASET_TYPES:
        fmt = DATASET_TYPES[media]
        return ox.serialize(store.quads_for_pattern(None, None, None, None), format=fmt, prefixes=prefixes_for(fmt))
    if media in GRAPH_TYPES:
        fmt = GRAPH_TYPES[media]
        return ox.serialize(store.query(UNION_CONSTRUCT), format=fmt, prefixes=prefixes_for(fmt))
    raise StoreError(f"cannot dump as {media_type!r}")


def prefixes_for(fmt: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.TRIG) else None
