"""The one N-Quads writer: a document's graphs (rdflib triples plus their graph IRI) as N-Quads lines.

The bulk loader sends these lines to pyoxigraph's ``bulk_load``, and the remote store sends the
same lines without the graph (N-Triples: :func:`triple_lines`) in its Graph Store Protocol and
``INSERT DATA`` bodies; it lives here, below store/ and ingest/, so every path that writes a
document writes it the same way. It takes rdflib terms (plain string work, no rdflib
``Graph``) or pyoxigraph terms (what ingest maps to, graph.terms: their ``str()`` is already
their N-Triples form, written by Oxigraph). Escaping follows the N-Triples grammar;
``xsd:string`` literals are written plain, as Oxigraph stores them.

>>> from rdflib import Literal, URIRef
>>> quad_lines([(URIRef("https://example.org/m"), URIRef("https://schema.org/name"), Literal('Byråd "A"'))],
...            "https://example.org/graph/g")
['<https://example.org/m> <https://schema.org/name> "Byråd \\\\"A\\\\"" <https://example.org/graph/g> .\\n']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_ESCAPES = str.maketrans({c: f"\\u{ord(c):04X}" for c in '<>"{}|^`\\ \n\r\t'})
_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
_OXIGRAPH_TERMS = (ox.NamedNode, ox.Literal, ox.BlankNode)


def quad_lines(triples: Iterable[tuple], graph: str) -> list[str]:
    """One N-Quads line (with its newline) per triple, every one in the named graph ``graph``."""
    suffix = f" {iri_text(graph)} .\n"
    return [f"{term_text(s)} {term_text(p)} {term_text(o)}{suffix}" for s, p, o in triples]


def triple_lines(triples: Iterable[tuple]) -> list[str]:
    """One N-Triples line (with its newline) per triple.

    >>> triple_lines([(URIRef("https://example.org/m"), URIRef("https://schema.org/name"), Literal("x", lang="da"))])
    ['<https://example.org/m> <https://schema.org/name> "x"@da .\\n']
    """
    return [f"{term_text(s)} {term_text(p)} {term_text(o)} .\n" for s, p, o in triples]


@functools.lru_cache(maxsize=65536)
def iri_text(value: str) -> str:
    """An IRI between ``<>``, with the characters N-Quads forbids there escaped.

    >>> iri_text("https://example.org/a b")
    '<https://example.org/a\\\\u0020b>'
    """
    return f"<{str(value).translate(_IRI_ESCAPES)}>"


def term_text(term: object) -> str:
    """An rdflib IRI, literal or blank node as N-Quads text.

    >>> term_text(Literal("3", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> term_text(Literal("Byråd", lang="da")), term_text(ox.Literal("Byråd", language="da"))
    ('"Byråd"@da', '"Byråd"@da')
    """
    kind = type(term)
    if kind is URIRef:
        return iri_text(term)
    if kind in _OXIGRAPH_TERMS:
        return str(term)
    if kind is Literal:
        return _literal_text(term)
    if isinstance(term, BNode):
        return f"_:b{term}"
    if isinstance(term, URIRef):  # a subclass, e.g. a namespace term
        return iri_text(URIRef(term))
    if isinstance(term, Literal):
        return _literal_text(term)
    raise TypeError(f"cannot write {term!r} as N-Quads")


def _literal_text(term: Literal) -> str:
    text = f'"{str(term).translate(_LITERAL_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    datatype = term.datatype
    if datatype is not None and datatype != _XSD_STRING:
        return f"{text}^^{iri_text(datatype)}"
    return text
