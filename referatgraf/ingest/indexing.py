"""Write one document to the store and the full-text index together, or to neither.

The store is written first (its ``replace_graph`` is atomic), then the index
(``TextIndex.replace_document`` is atomic too). Before the store write, the document's graph is
read: ingest.keep refuses a replacement that would lose data the stored version has (unless
``force``), and when the index write fails the graph is put back and the shared triples the
write added (read before it too) are taken out again, so a failed or refused ingest leaves both
the store's quads and the index as they were.

>>> from referatgraf.ingest.unit import read_document
>>> from referatgraf.settings import Settings
>>> import tempfile
>>> from pathlib import Path
>>> from referatgraf.store.embedded import EmbeddedStore
>>> unit = read_document(Path("examples/minutes/chefforum_2019-09-05.txt"), Settings(municipality="Egebjerg"))
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "s") as store:
...     write_both(unit, store, None)
...     store.triple_count(unit.graph) == len(unit.own)
True
"""

from __future__ import annotations

from referatgraf.index.base import TextIndex
from referatgraf.ingest.keep import check_replacement
from referatgraf.ingest.unit import DocumentGraph
from referatgraf.store.base import Store
from referatgraf.store.statements import graph_query
from referatgraf.store.terms import rdflib_triples


def write_both(document: DocumentGraph, store: Store, index: TextIndex | None, force: bool = False) -> None:
    """Replace the document's graph and (with an index) its records; all or nothing. Raises
    ingest.keep.WouldLoseData, before writing anything, when the stored version has more
    (not with ``force``)."""
    previous = [] if force and index is None else list(store.construct(graph_query(document.graph)))
    if not force:
        check_replacement(document.name, document.graph, previous, rdflib_triples(document.own) if previous else ())
    if index is None:
        _write_store(document, store)
        return
    added = _new_shared(document, store)
    _write_store(document, store)
    try:
        index.replace_document(document.graph, document.records)
    except BaseException:
        restore(store, document, previous, added)
        raise


def _new_shared(document: DocumentGraph, store: Store) -> set:
    """The document's shared triples the shared graph does not hold yet."""
    if not document.shared:
        return set()
    shared = rdflib_triples(document.shared)
    held = set(store.construct(graph_query(document.shared_graph, {t[0] for t in shared})))
    return {t for t in shared if t not in held}


def restore(store: Store, document: DocumentGraph, previous: list, added: set) -> None:
    """Put the graph back as it was read (an absent one is dropped again) and take the added
    shared triples out (the shared graph is read whole: this runs only after a failure)."""
    if previous:
        store.replace_graph(document.graph, previous)
    else:
        store.drop_graph(document.graph)
    if added:
        shared = [t for t in store.construct(graph_query(document.shared_graph)) if t not in added]
        store.replace_graph(document.shared_graph, shared)


def _write_store(document: DocumentGraph, store: Store) -> None:
    store.replace_graph(document.graph, document.own, shared=(document.shared_graph, document.shared))
