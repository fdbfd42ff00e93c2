"""The mark of a bulk load that has not finished, kept in the store itself.

``bulk_load`` is not transactional: a bulk ingest that stops half way (killed, interrupted, a
full disk) leaves some meetings in the store and not others, and a document whose quads cross a
batch boundary may be in it in part. So before its first batch, bulk ingest writes into the
graph ``Minter.bulk_load_graph()`` (``G``)::

    G a prov:Activity ; prov:startedAtTime "…"^^xsd:dateTime .

and after each batch is in the store, for each document of the batch (one transactional write,
after ``bulk_load`` returned)::

    G prov:generated <meeting graph> ; rg:sourceFile "<the file's absolute path>" .

The graph is removed when the load has finished. A store holding it is incomplete
(read.stats.interrupted_load tells ``stats``, ``validate`` and ``serve``); ``--resume`` skips the
files listed as loaded and drops the graph of any other before loading it again.

The mark lives in the store rather than in a file beside it so that it goes wherever the data
goes: ``oxigraph serve`` on the same directory, and ``--endpoint`` clients of it, see it too.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     store = ox.Store(tmp)
...     begin(store); mark_loaded(store, [("/c/a.txt", "https://example.org/graph/a")])
...     files = loaded_files(store)
...     finish(store); marked = is_marked(store)
...     del store  # closed before its folder goes
>>> marked, files
(False, {'/c/a.txt'})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import namespace as ns

from referatgraf.graph.iris import Minter
from referatgraf.ontology.vocab import RG

_GRAPH = ox.NamedNode(Minter.bulk_load_graph())
_GENERATED, _SOURCE = ox.NamedNode(str(ns.PROV.generated)), ox.NamedNode(str(RG.sourceFile))
_TYPE, _ACTIVITY = ox.NamedNode(str(ns.RDF.type)), ox.NamedNode(str(ns.PROV.Activity))
_STARTED, _DATETIME = ox.NamedNode(str(ns.PROV.startedAtTime)), ox.NamedNode(str(ns.XSD.dateTime))


def is_marked(store: ox.Store) -> bool:
    """Whether the store holds a bulk load that has not finished."""
    return store.contains_named_graph(_GRAPH)


def begin(store: ox.Store) -> None:
    """Mark the store incomplete (kept as it is when a load is resumed), durably."""
    if is_marked(store):
        return
    now = ox.Literal(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), datatype=_DATETIME)
    store.extend([ox.Quad(_GRAPH, _TYPE, _ACTIVITY, _GRAPH), ox.Quad(_GRAPH, _STARTED, now, _GRAPH)])
    store.flush()


def mark_loaded(store: ox.Store, documents: Iterable[tuple[str, str]]) -> None:
    """Record (path, graph) documents as fully in the store: call only after their batch is."""
    quads = []
    for path, graph in documents:
        quads += [ox.Quad(_GRAPH, _GENERATED, ox.NamedNode(graph), _GRAPH),
                  ox.Quad(_GRAPH, _SOURCE, ox.Literal(path), _GRAPH)]
    if quads:
        store.extend(quads)


def loaded_files(store: ox.Store) -> set[str]:
    """The files an interrupted load has fully loaded."""
    return {q.object.value for q in store.quads_for_pattern(_GRAPH, _SOURCE, None, _GRAPH)}


def finish(store: ox.Store) -> None:
    """The load is complete: remove the mark."""
    if is_marked(store):
        store.remove_graph(_GRAPH)
