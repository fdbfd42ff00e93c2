"""Extraction → RDF: actors (people, posts, departments, bodies, organisations), their roles in
items, post holdings, and references to other meetings (stub meetings). Owned by the actors work."""

from __future__ import annotations

from rdflib import Graph

from referatgraf.extract.model import Extraction
from referatgraf.graph.iris import Minter
from referatgraf.parse.model import Meeting


def add_mention_triples(graph: Graph, meeting: Meeting, extraction: Extraction, minter: Minter,
                        document_iri: str) -> None:
    """Placeholder until the actors work lands: adds nothing."""
    return None
