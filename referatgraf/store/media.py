"""The one registry of media types we speak, and serialising pyoxigraph results into them.

Three families: SPARQL *results* (SELECT/ASK: JSON first, XML, CSV, TSV), RDF *graphs*
(CONSTRUCT/DESCRIBE, Linked Data documents, flattened dumps: Turtle first, N-Triples, JSON-LD,
RDF/XML, and Turtle again as N3 for Notation3 clients) and *quads* (whole-store dumps that keep their graphs: N-Quads, TriG). Each entry names
its pyoxigraph format, its file suffixes and the other names clients use for it (``format=json``,
``Accept: application/json``). The store, the SPARQL endpoint and content negotiation all read
this table; the first entry of a family is its default.

>>> get("ttl", GRAPH).name
'text/turtle'
>>> get("json", RESULTS).name, get("json", GRAPH).name
('application/sparql-results+json', 'application/ld+json')
>>> best("text/csv;q=0.5, application/sparql-results+xml", RESULTS).name
'application/sparql-results+xml'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from referatgraf.ontology.vocab import PREFIXES
from referatgraf.store.base import StoreError
from referatgraf.store.statements import UNION_CONSTRUCT

RESULTS, GRAPH, QUADS = ("results",), ("graph",), ("quads",)
ANY = ("results", "graph", "quads")
WILDCARDS = frozenset({"*/*", "application/*", "text/*"})


@dataclass(frozen=True)
class MediaType:
    """One serialisation: its canonical media type, family, pyoxigraph format, suffixes, aliases."""

    name: str
    family: str
    format: ox.QueryResultsFormat | ox.RdfFormat
    suffixes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    prefixes: bool = False  # written with the project's prefixes (Turtle, RDF/XML, TriG)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this entry answers to: the media type first, then the aliases."""
        return (self.name, *self.aliases)


REGISTRY: tuple[MediaType, ...] = (
    MediaType("application/sparql-results+json", "results", ox.QueryResultsFormat.JSON,
              (".srj",), ("json", "srj", "application/json")),
    MediaType("application/sparql-results+xml", "results", ox.QueryResultsFormat.XML,
              (".srx",), ("xml", "srx", "application/xml", "text/xml")),
    MediaType("text/csv", "results", ox.QueryResultsFormat.CSV, (".csv",), ("csv",)),
    MediaType("text/tab-separated-values", "results", ox.QueryResultsFormat.TSV, (".tsv",), ("tsv",)),
    MediaType("text/turtle", "graph", ox.RdfFormat.TURTLE, (".ttl",),
              ("turtle", "ttl", "application/x-turtle"), prefixes=True),
    MediaType("application/n-triples", "graph", ox.RdfFormat.N_TRIPLES, (".nt",),
              ("nt", "ntriples", "n-triples", "text/plain")),
    MediaType("application/ld+json", "graph", ox.RdfFormat.JSON_LD, (".jsonld",),
              ("jsonld", "json-ld", "json", "application/json")),
    MediaType("application/rdf+xml", "graph", ox.RdfFormat.RDF_XML, (".rdf",),
              ("rdfxml", "rdf+xml", "rdf", "xml", "owl", "application/xml", "text/xml"), prefixes=True),
    # Notation3 clients (SPARQLWrapper's ``format=n3``) get Turtle, which is a subset of N3,
    # under the N3 media type they asked for; pyoxigraph writes no other N3.
    MediaType("text/n3", "graph", ox.RdfFormat.TURTLE, (".n3",), ("n3", "text/rdf+n3", "application/n3"),
              prefixes=True),
    MediaType("application/n-quads", "quads", ox.RdfFormat.N_QUADS, (".nq",), ("nq", "nquads", "n-quads")),
    MediaType("application/trig", "quads", ox.RdfFormat.TRIG, (".trig",), ("trig",), prefixes=True),
)


class UnknownMediaType(StoreError, ValueError):
    """A media type, ``format`` name or suffix that names nothing we offer (in that family)."""


def family(families: Iterable[str]) -> tuple[MediaType, ...]:
    """The entries of the given families, in the order the families are given.

    >>> [m.name for m in family(QUADS)]
    ['application/n-quads', 'application/trig']
    """
    return tuple(m for f in families for m in REGISTRY if m.family == f)


def lookup(token: str | None, families: Iterable[str] = ANY) -> MediaType | None:
    """The entry a media type (parameters ignored) or alias names, or None."""
    name = (token or "").split(";")[0].strip().lower()
    return next((m for m in family(families) if name in m.names), None)


def by_suffix(suffix: str, families: Iterable[str] = ANY) -> MediaType | None:
    """The entry of a file suffix (``.ttl``), or None.

    >>> by_suffix(".nq").name
    'application/n-quads'
    """
    return next((m for m in family(families) if suffix.lower() in m.suffixes), None)


def get(token: str, families: Iterable[str] = ANY) -> MediaType:
    """Like :func:`lookup`, but :class:`UnknownMediaType` when nothing matches."""
    found = lookup(token, families)
    if found is None:
        offered = ", ".join(m.name for m in family(families))
        raise UnknownMediaType(f"unknown format {token!r}; use one of {offered}")
    return found


def parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media type, q) pairs, best first; ties keep the client's order; q=0 dropped.

    >>> parse_accept("text/csv;q=0.5, application/json, image/png;q=0")
    [('application/json', 1.0), ('text/csv', 0.5)]
    """
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(t, q) for t, q, _ in ranges if q > 0]


def best(accept: str | None, families: Iterable[str]) -> MediaType | None:
    """The first entry ``accept`` asks for (in q order), a wildcard → the default, else None."""
    offered = family(families)
    for media_type, _q in parse_accept(accept):
        if media_type in WILDCARDS:
            return offered[0]
        found = lookup(media_type, families)
        if found is not None:
            return found
    return None


def for_accept(accept: str, families: Iterable[str]) -> MediaType:
    """What the store answers for ``accept``: an empty Accept → the default; nothing offered →
    :class:`UnknownMediaType`."""
    families = tuple(families)
    if not accept.strip():
        return family(families)[0]
    found = best(accept, families)
    if found is None:
        offered = ", ".join(m.name for m in family(families))
        raise UnknownMediaType(f"cannot produce {accept!r}; offered: {offered}")
    return found


# -- serialising ------------------------------------------------------------------------------
def serialise_result(result: object, accept: str) -> tuple[bytes, str]:
    """A pyoxigraph query result (solutions, boolean or triples) in the best media type for
    ``accept``; returns (body, media type as pyoxigraph writes it, with a charset for CSV/TSV).

    >>> store = ox.Store()
    >>> serialise_result(store.query("ASK { }"), "text/csv")
    (b'true', 'text/csv; charset=utf-8')
    """
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        chosen = for_accept(accept, RESULTS)
        return result.serialize(format=chosen.format), chosen.format.media_type
    chosen = for_accept(accept, GRAPH)
    return serialise_rdf(result, chosen), chosen.format.media_type


def serialise_rdf(triples_or_quads: Iterable, chosen: MediaType) -> bytes:
    """Triples (graph family) or quads (quads family) in ``chosen``; prefixes where they help.

    >>> t = ox.Triple(ox.NamedNode("http://s/"), ox.NamedNode("http://p/"), ox.Literal("o"))
    >>> serialise_rdf([t], get("nt"))
    b'<http://s/> <http://p/> "o" .\\n'
    """
    if chosen.prefixes:
        return ox.serialize(triples_or_quads, format=chosen.format, prefixes=PREFIXES)
    return ox.serialize(triples_or_quads, format=chosen.format)


def write_rdf(triples_or_quads: Iterable, chosen: MediaType, out: BinaryIO) -> None:
    """:func:`serialise_rdf` written to ``out`` as the items come (pyoxigraph's writers stream),
    so the output is never held whole.

    >>> import io; buffer = io.BytesIO()
    >>> t = ox.Triple(ox.NamedNode("http://s/"), ox.NamedNode("http://p/"), ox.Literal("o"))
    >>> write_rdf(iter([t]), get("nt"), buffer); buffer.getvalue()
    b'<http://s/> <http://p/> "o" .\\n'
    """
    prefixes = {"prefixes": PREFIXES} if chosen.prefixes else {}
    ox.serialize(triples_or_quads, out, format=chosen.format, **prefixes)


def convert_results(body: bytes, source: str, target: str) -> bytes:
    """SPARQL results re-serialised from one results media type to another.

    >>> convert_results(b'{"head": {}, "boolean": true}', "application/sparql-results+json", "tsv")
    b'true'
    """
    src, dst = get(source, RESULTS), get(target, RESULTS)
    if src == dst:
        return body
    return ox.parse_query_results(body, format=src.format).serialize(format=dst.format)


def dump_store(store: ox.Store, media_type: str) -> bytes:
    """The whole pyoxigraph store: quads for N-Quads/TriG; the union graph for the triple formats.

    >>> store = ox.Store()
    >>> s, p, g = (ox.NamedNode(f"http://{x}/") for x in "spg")
    >>> store.add(ox.Quad(s, p, ox.Literal("o"), g))
    >>> dump_store(store, "application/n-quads")
    b'<http://s/> <http://p/> "o" <http://g/> .\\n'
    """
    chosen = get(media_type, GRAPH + QUADS)
    if chosen.family == "quads":
        return serialise_rdf(store.quads_for_pattern(None, None, None, None), chosen)
    return serialise_rdf(store.query(UNION_CONSTRUCT), chosen)


def write_store(store: ox.Store, media_type: str, out: BinaryIO) -> None:
    """:func:`dump_store` written to ``out`` in constant memory: quads by the store's own
    writer; the union graph as every named graph's triples in turn, not made distinct (a
    triple in two graphs is written twice, which parses to the same graph).

    >>> import io; store, buffer = ox.Store(), io.BytesIO()
    >>> s, p, g = (ox.NamedNode(f"http://{x}/") for x in "spg")
    >>> for graph in (g, ox.NamedNode("http://h/")): store.add(ox.Quad(s, p, ox.Literal("o"), graph))
    >>> write_store(store, "application/n-triples", buffer); buffer.getvalue()
    b'<http://s/> <http://p/> "o" .\\n<http://s/> <http://p/> "o" .\\n'
    """
    chosen = get(media_type, GRAPH + QUADS)
    if chosen.family == "quads":
        store.dump(out, chosen.format)
        return
    quads = store.quads_for_pattern(None, None, None, None)
    write_rdf((q.triple for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)), chosen, out)
