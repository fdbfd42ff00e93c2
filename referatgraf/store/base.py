"""One store interface, two real back ends: embedded Oxigraph (default) and any SPARQL 1.1 server.

Callers (ingest, the API, the CLI, the visualiser) see only :class:`Store`;
:func:`referatgraf.store.open.open_store` picks the back end from
:class:`~referatgraf.settings.Settings`. Query results come back as rdflib terms so the rest of
the code never depends on pyoxigraph or HTTP details; this module imports no back end.

Semantics every back end keeps:

* the default graph of a query is the union of all named graphs;
* ``replace_graph`` is atomic: afterwards the graph holds exactly the given triples (and the
  shared graph also holds the given shared triples), or, on any failure, the store is exactly
  as before;
* values are passed as ``bindings`` (never pasted into query text by callers).
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from rdflib import Graph
from rdflib.term import Identifier, Node

from referatgraf.errors import ReferatgrafError

Row = dict[str, Node]


class Value(str):
    """One cell of a result as plain text; ``kind`` is ``literal`` here, ``uri`` or ``bnode`` in the
    subclasses. For hot read paths (the API's pages), where building an rdflib term for every
    cell costs more than the query itself. The kind is a class attribute, so a cell costs no more
    than a ``str``.

    >>> cell = VALUE_KINDS["uri"]("https://example.org/x")
    >>> cell, cell.kind, cell.is_literal
    ('https://example.org/x', 'uri', False)
    """

    __slots__ = ()
    kind = "literal"
    is_literal = True


class IriValue(Value):
    __slots__ = ()
    kind = "uri"
    is_literal = False


class BlankValue(Value):
    __slots__ = ()
    kind = "bnode"
    is_literal = False


VALUE_KINDS = {"uri": IriValue, "literal": Value, "typed-literal": Value, "bnode": BlankValue}
ValueRow = dict[str, Value]


class StoreError(ReferatgrafError):
    """A store could not do what was asked; the message says why in plain words."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store for writing."""


class StoreUnavailable(StoreError):
    """The store stopped answering (a remote server gone). ``maybe_written``: it went while a
    write was on its way, so it may have applied it before it went."""

    def __init__(self, message: str, maybe_written: bool = False) -> None:
        super().__init__(message)
        self.maybe_written = maybe_written


class QueryTimeout(StoreError):
    """A query ran past its time limit."""


class DatasetUnsupported(StoreError):
    """A protocol-specified dataset was asked of a back end that cannot take one."""


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over instead of the union default graph (the SPARQL
    Protocol's ``default-graph-uri`` / ``named-graph-uri``). Per the protocol, the kind of
    graph not named is empty.

    >>> Dataset(default=("http://g/1",))
    Dataset(default=('http://g/1',), named=())
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


class Store(abc.ABC):
    """What every back end offers."""

    graph_base: str | None = None
    """Where our named graphs start: counts, lists and dumps leave out a server's other graphs
    (a remote store sets it from the settings); None → every graph is ours (the embedded store)."""

    # -- reading ----------------------------------------------------------------------------
    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               timeout: float | None = None) -> list[Row]:
        """Rows of a SELECT query; unbound variables are absent from a row."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Answer of an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None,
                  timeout: float | None = None) -> Graph:
        """Triples of a CONSTRUCT or DESCRIBE query."""

    def select_values(self, query: str) -> list[ValueRow]:
        """Rows of a SELECT query as plain :class:`Value` cells (unbound variables left out).
        This default reads SPARQL JSON; a back end may read its results more directly."""
        import json

        body, _ = self.query_raw(query, "application/sparql-results+json")
        bindings = json.loads(body)["results"]["bindings"]
        return [{k: VALUE_KINDS[v["type"]](v["value"]) for k, v in b.items()} for b in bindings]

    @abc.abstractmethod
    def query_raw(self, query: str, accept: str, timeout: float | None = None,
                  dataset: Dataset | None = None) -> tuple[bytes, str]:
        """Run any read query and serialise the result in the best media type for ``accept``
        (SPARQL JSON/XML/CSV/TSV for SELECT/ASK; Turtle, N-Triples, RDF/XML, JSON-LD for graphs,
        see :mod:`referatgraf.store.media`). Returns (body, media type). Used by the public
        SPARQL endpoint and the console.

        ``dataset`` runs the query over the given graphs instead of the union default graph; a
        back end that cannot raises :class:`DatasetUnsupported`."""

    @abc.abstractmethod
    def query_capped(self, query: str, accept: str, cap: int, timeout: float | None = None,
                     dataset: Dataset | None = None) -> tuple[bytes, str]:
        """:meth:`query_raw` for the public endpoint: the result is read only up to row (or
        triple) ``cap + 1``, and past ``cap`` the query is abandoned with
        :class:`~referatgraf.store.capped.ResultTooLarge` (see :mod:`referatgraf.store.capped`)."""

    # -- writing ----------------------------------------------------------------------------
    @abc.abstractmethod
    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[tuple[Node, Node, Node]],
                      shared: tuple[str, Graph | Iterable[tuple[Node, Node, Node]]] | None = None) -> None:
        """Atomically make ``graph_iri`` hold exactly ``triples`` (all or nothing).

        ``shared`` = (graph IRI, triples): triples ADDED (set semantics, nothing removed) to a
        shared graph in the same transaction — descriptions of nodes that several documents
        mention, kept once instead of once per document graph (see graph.mapping.split_shared).
        """

    @abc.abstractmethod
    def drop_graph(self, graph_iri: str) -> None:
        """Remove a named graph (no error when absent)."""

    # -- inspection -------------------------------------------------------------------------
    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    @abc.abstractmethod
    def triple_count(self, graph_iri: str | None = None) -> int:
        """Quads in the store (all named graphs), or triples in one graph."""

    @abc.abstractmethod
    def dump(self, media_type: str) -> bytes:
        """The whole store: 'application/n-quads', 'application/trig' (quads) or, flattened to
        the union graph, 'text/turtle', 'application/n-triples', 'application/ld+json'."""

    def dump_to(self, media_type: str, out: BinaryIO) -> None:
        """:meth:`dump` written to ``out``; back ends that can stream it do, in constant memory."""
        out.write(self.dump(media_type))

    def written(self) -> tuple["dt.datetime | None", "dt.datetime | None"]:
        """(first, last) time the store was written, where the back end knows (the embedded
        store, :mod:`referatgraf.store.written`); (None, None) elsewhere."""
        return None, None

    def flush(self) -> None:
        """Make what was written cheap for other readers to open (a no-op where it is already)."""

    def close(self) -> None:
        """Release files or connections."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
