"""The two term kinds the mapper writes with: rdflib terms, or pyoxigraph terms for ingest.

The mapper (graph.mapping, graph.mentions) is written once; it asks a term factory for every
minted IRI and literal. :data:`RDFLIB` gives rdflib terms (the golden-graph tests, SHACL,
serialising); :data:`OXIGRAPH` gives pyoxigraph terms, which the embedded store takes without
any conversion and whose ``str()`` is their N-Triples form (the remote store and the bulk
loader's text). Building an rdflib ``Literal`` costs ~16 µs (it parses and normalises its
value); a pyoxigraph one well under 1 µs, and that was most of a big document's mapping time.

Vocabulary terms (``RDF.type``, ``BESLUIT.Agendapunt`` …) stay rdflib ``URIRef`` constants in
the mapper's code; the pyoxigraph sink (:class:`QuadSink`) swaps them for cached pyoxigraph
nodes as triples are added. Both factories give the same lexical forms, so both kinds write
the same quads (tests/graph/test_terms.py checks it over real and generated documents).

>>> RDFLIB.integer(3), OXIGRAPH.integer(3)
(rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>)
>>> sink = QuadSink()
>>> _ = sink.add((OXIGRAPH.iri("https://example.org/m"), RDF.type, OXIGRAPH.text("Byråd", "da")))
>>> [str(t) for t in sink[0]]
['<https://example.org/m>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', '"Byråd"@da']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Terms:
    """A term factory: ``iri(text)``, ``text(value, lang)``, ``integer``, ``boolean`` and
    ``typed(lexical, datatype)`` (a datatype IRI given as an rdflib vocabulary term)."""

    iri: Callable[[str], object]
    text: Callable[[str, str | None], object]
    integer: Callable[[int], object]
    boolean: Callable[[bool], object]
    typed: Callable[[str, URIRef], object]


def _rdflib_typed(lexical: str, datatype: URIRef) -> Literal:
    return Literal(lexical, datatype=datatype)


RDFLIB = Terms(iri=URIRef, text=lambda value, lang=None: Literal(value, lang=lang),
               integer=lambda n: Literal(n, datatype=XSD.integer), boolean=Literal, typed=_rdflib_typed)

_NODES: dict[str, ox.NamedNode] = {}


def ox_node(iri: str) -> ox.NamedNode:
    """A pyoxigraph IRI node, cached (vocabulary terms and datatypes repeat in every triple)."""
    node = _NODES.get(iri)
    if node is None:
        node = _NODES[iri] = ox.NamedNode(iri)
    return node


_INTEGER, _BOOLEAN = ox_node(str(XSD.integer)), ox_node(str(XSD.boolean))
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)
_EXACT = {str(XSD.date): _ISO_DATE}  # lexical forms rdflib keeps as written when they match


def _ox_text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _ox_typed(lexical: str, datatype: URIRef) -> ox.Literal:
    """A typed literal with the lexical form rdflib would give it (rdflib normalises valid
    values: "1500.50"^^xsd:decimal, a dateTime's offset), so both kinds write the same quad."""
    exact = _EXACT.get(str(datatype))
    if exact is not None and exact.fullmatch(lexical):
        return ox.Literal(lexical, datatype=ox_node(str(datatype)))
    return to_ox(Literal(lexical, datatype=datatype))


def to_ox(term: object) -> object:
    """An rdflib IRI or literal as a pyoxigraph term (pyoxigraph terms are returned as they are).

    >>> to_ox(Literal("x", lang="da")), to_ox(Literal("x"))
    (<Literal value=x language=da>, <Literal value=x datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>)
    """
    if type(term) is URIRef:
        return ox_node(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None or term.datatype == XSD.string:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox_node(str(term.datatype)))
    if isinstance(term, URIRef):  # a namespace term's subclass
        return ox_node(str(term))
    return term


OXIGRAPH = Terms(iri=ox.NamedNode, text=_ox_text, integer=lambda n: ox.Literal(str(n), datatype=_INTEGER),
                 boolean=lambda b: _TRUE if b else _FALSE, typed=_ox_typed)


class QuadSink(list):
    """What the mapper adds pyoxigraph triples to (a list: no indexing): vocabulary terms
    (rdflib constants in the mapper's code) become cached pyoxigraph nodes on the way in."""

    def add(self, triple: tuple) -> "QuadSink":
        s, p, o = triple
        self.append((s, ox_node(p) if type(p) is URIRef else to_ox(p),
                     ox_node(o) if type(o) is URIRef else o))
        return self

    def bind(self, *args: object, **kwargs: object) -> None:
        """Prefixes belong to serialisations, not to a document's triples."""


def iri_value(term: object) -> str:
    """The IRI (or literal value) of either kind of term, as plain text.

    >>> iri_value(URIRef("https://example.org/x")), iri_value(ox.NamedNode("https://example.org/x"))
    ('https://example.org/x', 'https://example.org/x')
    """
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)

