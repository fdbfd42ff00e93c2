"""A big graph replaced in bounded memory and linear time: written in chunks, undone from a journal.

Oxigraph keeps a whole transaction in memory (~1.4 KB a quad here, and slower than linear:
400,000 quads took 10.7 s and 590 MB in one ``Store.extend``). A document of a few MB maps to
over a million quads, so one transaction for it would need gigabytes. Above :data:`CHUNK`
quads the embedded store therefore replaces a graph in steps of at most :data:`CHUNK` quads
each — deletions as small SPARQL updates, additions with ``Store.bulk_extend`` (sorted files
written beside the database, about twice as fast as ``extend`` and with less memory, but not
transactional) — and keeps the "all or nothing" promise with a journal written first:

1. ``<store>/replace-journal/``: the graph's IRI, its previous triples (``old.nt``, streamed out
   by Oxigraph) and the shared quads this write adds (``added.nq``, those not yet stored);
   the file ``ready`` is renamed into place last, so a journal without it was never started;
2. the old triples are deleted and the new quads added, chunk by chunk;
3. the journal is removed: the replacement is done.

Any failure in step 2 undoes it from the journal (:func:`undo`): the graph is emptied, its old
triples loaded back, the added shared quads removed — the store is as before. A process killed
in step 2 leaves the journal, and the next writable open undoes it the same way
(:func:`recover`). What a single transaction gives and this does not: readers in the same
process may see the graph half-replaced while step 2 runs.

>>> import tempfile
>>> tmp = Path(tempfile.mkdtemp())
>>> store, g = ox.Store(str(tmp)), ox.NamedNode("http://g/")
>>> triples = [(ox.NamedNode(f"http://s/{i}"), g, ox.Literal("o")) for i in range(5)]
>>> replace(store, tmp, (g, triples), (ox.NamedNode("http://shared/"), triples[:1]), chunk=2)
>>> len(store), recover(store, tmp), (tmp / JOURNAL).exists()
(6, False, False)
>>> del store; shutil.rmtree(tmp)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from referatgraf.store.statements import delete_some_update

#: quads per transaction (~70 MB of Oxigraph's transaction memory)
CHUNK = 50_000
JOURNAL = "replace-journal"


Triples = Sequence[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]


def replace(store: ox.Store, path: Path, own: tuple[ox.NamedNode, Triples],
            shared: tuple[ox.NamedNode, Triples] | None, chunk: int = CHUNK) -> None:
    """Make graph ``own[0]`` hold exactly the triples ``own[1]`` and add ``shared[1]`` to graph
    ``shared[0]``, in chunks, with the journal. Quads are made a chunk at a time (a million of
    them would cost ~500 MB)."""
    graph, triples = own
    added = [] if shared is None else [q for q in quads(shared[1], shared[0]) if q not in store]
    journal = _start(store, path, graph, added)
    try:
        _delete_graph(store, graph, chunk)
        _add(store, quads(triples, graph), chunk)
        _add(store, added, chunk)
    except BaseException:
        undo(store, journal, chunk)
        raise
    shutil.rmtree(journal)


def quads(triples: Iterable[tuple], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """pyoxigraph triples as quads in ``graph``, one at a time."""
    return (ox.Quad(s, p, o, graph) for s, p, o in triples)


def recover(store: ox.Store, path: Path) -> bool:
    """Undo a replacement a killed process left half-done (True when there was one)."""
    journal = path / JOURNAL
    if not (journal / "ready").exists():
        shutil.rmtree(journal, ignore_errors=True)  # never started: nothing was written
        return False
    undo(store, journal)
    return True


def undo(store: ox.Store, journal: Path, chunk: int = CHUNK) -> None:
    """Put the journal's graph back as it was and take the shared quads it added out."""
    graph = ox.NamedNode((journal / "graph").read_text(encoding="utf-8"))
    _delete_graph(store, graph, chunk)
    old = (ox.Quad(t.subject, t.predicate, t.object, graph)
           for t in ox.parse(path=str(journal / "old.nt"), format=ox.RdfFormat.N_TRIPLES))
    for part in _chunks(old, chunk):  # transactions here: what a failed bulk write left must not hinder it
        store.extend(part)
    for quad in ox.parse(path=str(journal / "added.nq"), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    store.flush()
    shutil.rmtree(journal)


def _start(store: ox.Store, path: Path, graph: ox.NamedNode, added: Sequence[ox.Quad]) -> Path:
    journal = path / JOURNAL
    shutil.rmtree(journal, ignore_errors=True)
    journal.mkdir()
    (journal / "graph").write_text(graph.value, encoding="utf-8")
    store.dump(str(journal / "old.nt"), ox.RdfFormat.N_TRIPLES, from_graph=graph)
    (journal / "added.nq").write_text("".join(f"{q} .\n" for q in added), encoding="utf-8")
    ready = journal / "ready.tmp"
    ready.write_text("ready\n")
    for name in ("old.nt", "added.nq", "graph", "ready.tmp"):
        _fsync(journal / name)
    os.replace(ready, journal / "ready")
    _fsync(journal)
    return journal


def _delete_graph(store: ox.Store, graph: ox.NamedNode, chunk: int) -> None:
    """Every triple of ``graph`` deleted, at most ``chunk`` quads per transaction."""
    while True:
        if next(store.quads_for_pattern(None, None, None, graph), None) is None:
            return
        store.update(delete_some_update(graph.value, chunk))


def _add(store: ox.Store, quads: Iterable[ox.Quad], size: int) -> None:
    for part in _chunks(quads, size):
        store.bulk_extend(part)


def _chunks(quads: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    it = iter(quads)
    while part := list(islice(it, size)):
        yield part


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
