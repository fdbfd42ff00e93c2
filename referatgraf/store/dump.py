"""Export the store in a standard RDF format: quads with their graphs (nq, trig) or the union
graph flattened (ttl, nt, jsonld, rdf). The names are the formats' file suffixes in
:mod:`referatgraf.store.media`.

>>> FORMATS["ttl"], FORMATS["nq"]
('text/turtle', 'application/n-quads')
"""

from __future__ import annotations

from pathlib import Path

from referatgraf.store import media
from referatgraf.store.base import Store, StoreError

FORMATS = {m.suffixes[0].lstrip("."): m.name for m in media.family(media.GRAPH + media.QUADS)}


def export_store(store: Store, fmt: str) -> bytes:
    """The whole store serialised as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return store.dump(FORMATS[fmt])


def export_to(store: Store, fmt: str, output: Path | None) -> bytes:
    """Export, writing to ``output`` when given; returns the bytes either way."""
    data = export_store(store, fmt)
    if output is not None:
        output.write_bytes(data)
    return data
