"""Conversions between rdflib terms (the project's API) and pyoxigraph terms (the engine).

Plain and ``xsd:string`` literals both come back as plain rdflib literals, so graphs read from
a store compare equal (and isomorphic) to the graphs that were written.

>>> to_rdflib(to_oxigraph(Literal("Mødelokale 2")))
rdflib.term.Literal('Mødelokale 2')
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from referatgraf.graph.quads import triple_lines

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


_OXIGRAPH_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term → pyoxigraph term (a pyoxigraph term, as ingest maps them, is returned as it is)."""
    if type(term) in _OXIGRAPH_TERMS:
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in a store")


def to_rdflib(term: object) -> Node:
    """pyoxigraph term → rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term from store: {term!r}")


def rdflib_triples(triples: Iterable[tuple]) -> list[tuple[Node, Node, Node]]:
    """Triples of either kind of term as rdflib triples (for code that compares them with what
    the store returns, e.g. ingest.keep's check).

    >>> rdflib_triples([(ox.NamedNode("http://s/"), ox.NamedNode("http://p/"), ox.Literal("o"))])
    [(rdflib.term.URIRef('http://s/'), rdflib.term.URIRef('http://p/'), rdflib.term.Literal('o'))]
    """
    return [tuple(to_rdflib(t) if type(t) in _OXIGRAPH_TERMS else t for t in triple) for triple in triples]


def rows(solutions: ox.QuerySolutions) -> list[dict[str, Node]]:
    """SELECT solutions as dicts of rdflib terms; unbound variables are left out."""
    variables = [v.value for v in solutions.variables]
    out = []
    for solution in solutions:
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = to_rdflib(value)
        out.append(row)
    return out


def ntriples_body(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as N-Triples (the project's one writer, :mod:`referatgraf.graph.quads`), valid both
    as a Graph Store Protocol body and inside SPARQL ``INSERT DATA``. The whole iterable is
    consumed here, before anything is written."""
    return "".join(triple_lines(triples))