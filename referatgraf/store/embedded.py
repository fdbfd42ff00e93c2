"""The embedded store: Oxigraph on disk through pyoxigraph (the default back end).

* The directory is created on first use. RocksDB allows one writer per directory: a second
  writer (another process, or a second open in this one) gets :class:`StoreLockedError`.
* Queries see the union of the named graphs as their default graph
  (``use_default_graph_as_union``), or the protocol dataset given to :meth:`query_raw`;
  ``bindings`` become a ``VALUES`` block (:func:`~referatgraf.store.sparql.inject_values`),
  the same way on every back end.
* ``replace_graph`` is one transaction, all of it or nothing, without a SPARQL text where it
  can: a graph not in the store yet (every first ingest) is written with ONE ``Store.extend``
  of pyoxigraph quads (its own and the shared ones; ``extend`` is transactional); a graph
  already there is replaced by ONE SPARQL update (``DROP SILENT GRAPH <g>; INSERT DATA {...}``,
  the shared triples as a second GRAPH block), which Oxigraph applies in one transaction: the
  Python API has no transaction that removes and adds. Either way every triple is converted
  before anything is written. Above :data:`~referatgraf.store.chunked.CHUNK` quads one
  transaction would need gigabytes, so the graph is replaced in chunks with a journal that
  undoes a failed or killed replacement (:mod:`referatgraf.store.chunked`); a writable open
  first undoes what a killed process left.
* Time limits: pyoxigraph cannot interrupt a running query. A query with a ``timeout`` runs in
  a worker thread and :class:`QueryTimeout` is raised when the limit passes; the abandoned
  query still finishes in the background (it holds only a read snapshot, never a lock), so a
  flood of slow queries costs CPU until they end. The public endpoint therefore runs its queries
  in worker processes that are killed at the limit (:mod:`referatgraf.store.workers`), and reads
  results only up to its cap (:meth:`query_capped`).

>>> import tempfile
>>> from rdflib import Literal, URIRef
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(f"{tmp}/store") as store:
...     s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
...     store.replace_graph("https://example.org/g", [(s, p, Literal("o"))])
...     store.select("SELECT ?s WHERE { ?s ?p ?o }", bindings={"o": Literal("o")})
[{'s': rdflib.term.URIRef('https://example.org/s')}]
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, TypeVar

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier, Node

from referatgraf.store import chunked, media
from referatgraf.store.capped import serialise_capped
from referatgraf.store.base import (BlankValue, Dataset, IriValue, QueryTimeout, Row, Store, StoreError,
                                     StoreLockedError, Value, ValueRow)
from referatgraf.store.sparql import check_complexity, check_iri, inject_values, refuse_service
from referatgraf.store.statements import drop_update, replace_update
from referatgraf.store.terms import rows, to_oxigraph, to_rdflib
from referatgraf.store.written import stamp, written

T = TypeVar("T")
_CELL = {ox.NamedNode: IriValue, ox.Literal: Value, ox.BlankNode: BlankValue}
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="oxigraph-query")


def _graphs(iris: tuple[str, ...]) -> list[ox.NamedNode]:
    return [ox.NamedNode(check_iri(iri)) for iri in iris]


class EmbeddedStore(Store):
    """Oxigraph store in the directory ``path``."""

    chunk = chunked.CHUNK  #: above this many quads a graph is replaced in chunks (store.chunked)

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._store = self._open()
        self._writing = threading.Lock()  # "is the graph there?" and the write it decides, together
        if not read_only:
            chunked.recover(self._store, self.path)

    def _open(self) -> ox.Store:
        try:
            if self.read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path} (ingest some documents first)")
                return ox.Store.read_only(str(self.path))
            self.path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"store is locked by another process: {self.path} "
                    "(close the other referatgraf process, or use --endpoint for a shared server)"
                ) from None
            raise StoreError(f"cannot open store at {self.path}: {exc}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for benchmarks and bulk tools)."""
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    # -- reading ----------------------------------------------------------------------------
    def _query(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               dataset: Dataset | None = None):  # noqa: ANN202 - a pyoxigraph result
        text = check_complexity(inject_values(query, bindings))
        try:
            if dataset is None:
                return self.oxigraph.query(text, use_default_graph_as_union=True)
            return self.oxigraph.query(text, default_graph=_graphs(dataset.default),
                                       named_graphs=_graphs(dataset.named))
        except SyntaxError as exc:
            raise StoreError(f"invalid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from None

    def _timed(self, work: Callable[[], T], timeout: float | None) -> T:
        if timeout is None:
            return work()
        future = _POOL.submit(work)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise QueryTimeout(f"query ran longer than {timeout:g} s and was stopped") from None

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               timeout: float | None = None) -> list[Row]:
        def work() -> list[Row]:
            result = self._query(query, bindings)
            if not isinstance(result, ox.QuerySolutions):
                raise StoreError("select() needs a SELECT query")
            return rows(result)

        return self._timed(work, timeout)

    def select_values(self, query: str) -> list[ValueRow]:
        """Cells read from pyoxigraph's terms directly (no SPARQL JSON in between)."""
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select_values() needs a SELECT query")
        names = [v.value for v in result.variables]
        out = []
        for solution in result:
            row = {}
            for name, term in zip(names, solution):  # iterating a solution beats indexing it by name
                if term is not None:
                    cell = _CELL.get(type(term))
                    row[name] = cell(term.value) if cell else Value(str(term))  # a quoted triple
            out.append(row)
        return out

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None,
                  timeout: float | None = None) -> Graph:
        def work() -> Graph:
            result = self._query(query, bindings)
            if not isinstance(result, ox.QueryTriples):
                raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
            graph = Graph()
            for t in result:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return graph

        return self._timed(work, timeout)

    def query_raw(self, query: str, accept: str, timeout: float | None = None,
                  dataset: Dataset | None = None) -> tuple[bytes, str]:
        def work() -> tuple[bytes, str]:
            return media.serialise_result(self._query(refuse_service(query), dataset=dataset), accept)

        return self._timed(work, timeout)

    def query_capped(self, query: str, accept: str, cap: int, timeout: float | None = None,
                     dataset: Dataset | None = None) -> tuple[bytes, str]:
        def work() -> tuple[bytes, str]:  # pyoxigraph evaluates lazily: rows past the cap are never made
            return serialise_capped(self._query(refuse_service(query), dataset=dataset), accept, cap)

        return self._timed(work, timeout)

    # -- writing ----------------------------------------------------------------------------
    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self.oxigraph.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"update failed, store unchanged: {exc}") from None
        stamp(self.path)

    def written(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        return written(self.path)

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[tuple[Node, Node, Node]],
                      shared: tuple[str, Graph | Iterable[tuple[Node, Node, Node]]] | None = None) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        own = (ox.NamedNode(check_iri(graph_iri)), _ox_triples(triples))  # converted before anything is written
        added = None if shared is None else (ox.NamedNode(check_iri(shared[0])), _ox_triples(shared[1]))
        with self._writing:
            try:
                self._write(own, added)
            except OSError as exc:
                raise StoreError(f"update failed, store unchanged: {exc}") from None

    def _write(self, own: tuple[ox.NamedNode, list], shared: tuple[ox.NamedNode, list] | None) -> None:
        store, (graph, triples) = self.oxigraph, own
        count = len(triples) + (len(shared[1]) if shared else 0)
        if count > self.chunk:
            chunked.replace(store, self.path, own, shared, self.chunk)
        elif next(store.quads_for_pattern(None, None, None, graph), None) is None:
            store.extend([*chunked.quads(triples, graph), *(chunked.quads(shared[1], shared[0]) if shared else ())])
        else:
            return self._update(replace_update(graph.value, triples, (shared[0].value, shared[1]) if shared else None))
        stamp(self.path)

    def drop_graph(self, graph_iri: str) -> None:
        with self._writing:
            self._update(drop_update(graph_iri))

    # -- inspection -------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def triple_count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            return len(self.oxigraph)
        return sum(1 for _ in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(check_iri(graph_iri))))

    def dump(self, media_type: str) -> bytes:
        return media.dump_store(self.oxigraph, media_type)

    def dump_to(self, media_type: str, out: BinaryIO) -> None:
        media.write_store(self.oxigraph, media_type, out)

    def flush(self) -> None:
        """Write the log out to its tables: each query worker reopens the store after a write
        (store.workers), and a read-only open replays the whole log — 0.4 s with 11 MB of it
        after twenty uploads, in the path of the next query; after a flush, 4 ms."""
        if self.read_only:
            return
        try:
            self.oxigraph.flush()
        except OSError:  # the write is committed (in the log) already: only the next opens are slower
            pass

    def close(self) -> None:
        self._store = None  # RocksDB releases the directory lock when the store is dropped


_OX_OBJECTS = (ox.NamedNode, ox.Literal)


def _ox_triples(triples: Graph | Iterable[tuple[Node, Node, Node]]) -> list | tuple:
    """Triples of either kind of term (graph.terms) with pyoxigraph terms, all read now. Those
    that already are (what ingest maps) are taken as they are: a big document has a million."""
    held = triples if isinstance(triples, (list, tuple)) else list(triples)
    if all(type(s) is ox.NamedNode and type(p) is ox.NamedNode and type(o) in _OX_OBJECTS for s, p, o in held):
        return held
    return [(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in held]
