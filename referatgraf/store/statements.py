"""The few SPARQL texts the back ends write themselves, shared so neither imports the other.

Every IRI goes through :func:`~referatgraf.store.sparql.check_iri` and every triple through
pyoxigraph's N-Triples serialiser before it is put into text.

>>> drop_update("https://example.org/g/1")
'DROP SILENT GRAPH <https://example.org/g/1>'
>>> count_query("https://example.org/g/1")
'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/g/1> { ?s ?p ?o } }'
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import Node

from referatgraf.store.sparql import check_iri
from referatgraf.graph.quads import triple_lines

#: every quad of every named graph, flattened and without duplicates
UNION_CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def replace_update(graph_iri: str, triples: Iterable[tuple[Node, Node, Node]],
                   shared: tuple[str, Iterable[tuple[Node, Node, Node]]] | None = None) -> str:
    """ONE SPARQL update that replaces a graph (and adds to the shared graph): applied in one
    transaction by the store. Every triple is serialised before the text is returned.

    >>> from rdflib import Literal, URIRef
    >>> print(replace_update("http://g/", [(URIRef("http://s/"), URIRef("http://p/"), Literal("o"))]))
    DROP SILENT GRAPH <http://g/> ;
    INSERT DATA { GRAPH <http://g/> {
    <http://s/> <http://p/> "o" .
    } }
    """
    g = check_iri(graph_iri)
    parts = [f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n", *triple_lines(triples), "}"]
    if shared is not None:
        parts += [f"\nGRAPH <{check_iri(shared[0])}> {{\n", *triple_lines(shared[1]), "}"]
    return "".join(parts) + " }"


def delete_some_update(graph_iri: str, limit: int) -> str:
    """Delete at most ``limit`` triples of one graph (a big graph is emptied in steps, store.chunked).

    >>> delete_some_update("http://g/", 10)
    'DELETE { GRAPH <http://g/> { ?s ?p ?o } } WHERE { { SELECT ?s ?p ?o WHERE { GRAPH <http://g/> { ?s ?p ?o } } LIMIT 10 } }'
    """
    g = check_iri(graph_iri)
    return (f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} "
            f"LIMIT {int(limit)} }} }}")


def drop_update(graph_iri: str) -> str:
    """Remove one named graph; no error when it is absent."""
    return f"DROP SILENT GRAPH <{check_iri(graph_iri)}>"


def count_query(graph_iri: str | None = None) -> str:
    """Triples in one graph, or quads in all named graphs, as ``?n``."""
    if graph_iri is None:
        return "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{check_iri(graph_iri)}> {{ ?s ?p ?o }} }}"


def graph_query(graph_iri: str, subjects: Iterable[Node] | None = None) -> str:
    """Every triple of one named graph (or those about ``subjects``), as a CONSTRUCT: ingest
    reads what it will replace, to put it back when the full-text index cannot follow.

    >>> from rdflib import URIRef
    >>> graph_query("http://g/", [URIRef("http://s/")])
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { <http://s/> } GRAPH <http://g/> { ?s ?p ?o } }'
    """
    from referatgraf.store.sparql import values_column

    only = f"{values_column('s', subjects)} " if subjects is not None else ""
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {only}GRAPH <{check_iri(graph_iri)}> {{ ?s ?p ?o }} }}"
