"""Stub meetings: a meeting known only from a reference in another document, by body and day.

Both writers of references, graph.mapping (earlier treatments, decisions of other meetings) and
graph.mentions ("mødet den 30. april 2014"), describe the referenced meeting here, so a stub
has one shape: an ``rg:ReferencedMeeting`` held by a body on a day, never a ``besluit:Zitting``
of its own accord (docs/ontology.md; read.queries.STUB says when it is still a stub).
"""

from __future__ import annotations

from rdflib import Graph, URIRef  # noqa: F401 - URIRef for the example
from rdflib.term import Node

from referatgraf.graph.terms import RDFLIB, Terms  # noqa: F401 - RDFLIB for the example
from referatgraf.ontology.vocab import BESLUIT, DCTERMS, RDF, RG, SKOS, XSD


def add_referenced_meeting(graph: Graph, terms: Terms, meeting: Node, body: Node, body_name: str, day: str) -> None:
    """A meeting known from a reference only (by body and day): an ``rg:ReferencedMeeting``, not a
    ``besluit:Zitting``. It becomes a Zitting when its own document is ingested (the meeting
    node graph.mapping writes); until then it is a stub. The triples go to the shared
    graph (graph.mapping.split_shared), so every ingest order leaves the same store.

    >>> g = Graph()
    >>> m, b = URIRef("https://example.org/id/m"), URIRef("https://example.org/id/b")
    >>> add_referenced_meeting(g, RDFLIB, m, b, "Økonomiudvalget", "2021-03-01")
    >>> (m, RDF.type, RG.ReferencedMeeting) in g, (m, RDF.type, BESLUIT.Zitting) in g
    (True, False)
    """
    graph.add((meeting, RDF.type, RG.ReferencedMeeting))
    graph.add((meeting, BESLUIT.isGehoudenDoor, body))
    graph.add((meeting, DCTERMS.date, terms.typed(day, XSD.date)))
    graph.add((body, RDF.type, BESLUIT.Bestuursorgaan))
    graph.add((body, SKOS.prefLabel, terms.text(body_name)))
