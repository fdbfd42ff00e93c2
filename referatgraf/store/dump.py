"""Export the store in a standard RDF format: quads with their graphs (nq, trig) or the union
graph flattened (ttl, nt, jsonld, rdf). The names are the formats' file suffixes in
:mod:`referatgraf.store.media`.

Exports stream (:meth:`~referatgraf.store.base.Store.dump_to`): the embedded store writes as it
reads, a remote store a page at a time, so memory stays flat whatever the store's size. A file
whose name ends in ``.gz`` is gzipped on the fly; a file is written beside its name and renamed
into place only when complete, so a failed export (a remote server's short read) leaves none.

>>> FORMATS["ttl"], FORMATS["nq"]
('text/turtle', 'application/n-quads')
>>> import tempfile, pyoxigraph as ox
>>> from referatgraf.store.embedded import EmbeddedStore
>>> with tempfile.TemporaryDirectory() as folder, EmbeddedStore(Path(folder) / "s") as store:
...     s, p, g = (ox.NamedNode(f"http://{x}/") for x in "spg")
...     store.oxigraph.add(ox.Quad(s, p, ox.Literal("o"), g))
...     export_to(store, "nq", Path(folder) / "x.nq.gz")
...     gzip.decompress((Path(folder) / "x.nq.gz").read_bytes())
b'<http://s/> <http://p/> "o" <http://g/> .\\n'
"""

from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path
from typing import BinaryIO

from referatgraf.store import media
from referatgraf.store.base import Store, StoreError

FORMATS = {m.suffixes[0].lstrip("."): m.name for m in media.family(media.GRAPH + media.QUADS)}


def media_type_of(fmt: str) -> str:
    """The media type of an export format name; :class:`StoreError` naming the choices."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt]


def export_store(store: Store, fmt: str) -> bytes:
    """The whole store serialised as ``fmt`` (one of :data:`FORMATS`), in memory."""
    return store.dump(media_type_of(fmt))


def export_to(store: Store, fmt: str, output: Path | None) -> None:
    """Stream the export to ``output`` (gzipped when it ends in ``.gz``), or to stdout."""
    media_type = media_type_of(fmt)
    if output is None:
        store.dump_to(media_type, sys.stdout.buffer)
    else:
        write_file(store, media_type, output)


def write_file(store: Store, media_type: str, path: Path) -> None:
    """The whole store as ``media_type`` in the file ``path``, gzipped when its name ends in
    ``.gz``; written to a temporary name beside it and renamed, so ``path`` is whole or absent."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as raw:
            _write(store, media_type, raw, gz=path.name.endswith(".gz"))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write(store: Store, media_type: str, raw: BinaryIO, gz: bool) -> None:
    if not gz:
        store.dump_to(media_type, raw)
        return
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6) as zipped:
        store.dump_to(media_type, zipped)  # type: ignore[arg-type]
