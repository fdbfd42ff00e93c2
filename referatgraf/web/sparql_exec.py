"""Serialise triples for the web layer (Linked Data documents, JSON-LD in pages).

The public endpoint's own results are serialised by the store, read only to the cap
(:meth:`~referatgraf.store.base.Store.query_capped`, run by deps.AppState.run_query); this is
the one place pages and Linked Data turn pyoxigraph triples into bytes.

>>> import pyoxigraph as ox
>>> serialize_triples([ox.Triple(ox.NamedNode("http://s/"), ox.NamedNode("http://p/"), ox.Literal("o"))],
...                   "application/n-triples")
b'<http://s/> <http://p/> "o" .\\n'
"""

from __future__ import annotations

from referatgraf.store import media

__all__ = ["serialize_triples"]


def serialize_triples(triples: list, media_type: str) -> bytes:
    """pyoxigraph triples → bytes; Turtle and RDF/XML get the project's prefixes."""
    return media.serialise_rdf(triples, media.get(media_type, media.GRAPH))
