"""Whole-store reads from a server that cuts its answers short: page, count, refuse a short read.

A SPARQL server may answer fewer rows than a query has: Debian's Virtuoso stops at
``ResultSetMaxRows`` (10,000) and says so only in an ``X-SPARQL-MaxRows`` header; other servers
cut silently. Reads of the whole store (the graph list, the dumps) therefore go page by page,
and the rows received are checked against a ``COUNT`` of the same pattern: an answer that stays
short is an :class:`IncompleteResult`, never a smaller dump.

* Only our graphs: every pattern here is limited to graphs under the graph base (``{base}graph/``),
  so a server's own graphs (Virtuoso's ``http://www.openlinksw.com/schemas/virtrdf#``,
  ``http://www.w3.org/ns/ldp#``, ``http://localhost:8890/sparql`` …) are never counted or dumped.
* One query when it can be: the whole pattern is asked for first, and only an answer that is cut
  (marked, or fewer rows than the count) is read again in pages, so a server without a cap
  (``oxigraph serve``) never sorts the store once per page.
* A stable order: each page is ``ORDER BY`` inside a subquery with ``LIMIT``/``OFFSET`` outside,
  the form Virtuoso pages past its sort limit with.
* The page size adapts: a page that comes back shorter than asked, before the count is reached,
  shows the server's cap, and the next pages ask for that many.

>>> print(page_query(QUADS, ALL_QUADS_ORDER, "https://d.dk/graph/", 100, 200))
SELECT * WHERE { { SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://d.dk/graph/")) } ORDER BY ?g ?s ?p ?o } } LIMIT 100 OFFSET 200

A server that cuts every answer at 3 rows, read in pages of 5:

>>> data = list(range(7))
>>> def server(q): return data[q[1]:q[1] + min(q[0] or len(data), 3)], False
>>> read_all(server, lambda: len(data), lambda n, k: (n, k), page=5)
[0, 1, 2, 3, 4, 5, 6]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from referatgraf.store.base import StoreError
from referatgraf.store.sparql import check_iri

T, Q = TypeVar("T"), TypeVar("Q")
PAGE = 10_000
"""Rows asked for per page (Virtuoso's default cap; a lower cap is found on the first page)."""

#: (select clause, pattern) pairs; ``$graphs`` becomes the filter to our graphs
_PATTERN = "GRAPH ?g { ?s ?p ?o } $graphs"
QUADS = ("SELECT ?s ?p ?o ?g", _PATTERN)
TRIPLES = ("SELECT DISTINCT ?s ?p ?o", _PATTERN)
GRAPHS = ("SELECT DISTINCT ?g", _PATTERN)
ALL_QUADS_ORDER, TRIPLES_ORDER, GRAPHS_ORDER = "?g ?s ?p ?o", "?s ?p ?o", "?g"


class IncompleteResult(StoreError):
    """The server answered fewer rows than the store holds (a result cap): nothing is returned."""


def graphs_filter(graph_base: str | None) -> str:
    """The filter that keeps ``?g`` to our graphs; none without a graph base.

    >>> graphs_filter("https://d.dk/graph/")
    'FILTER(STRSTARTS(STR(?g), "https://d.dk/graph/"))'
    """
    return f'FILTER(STRSTARTS(STR(?g), "{check_iri(graph_base)}"))' if graph_base else ""


def _where(shape: tuple[str, str], graph_base: str | None) -> str:
    return shape[1].replace("$graphs", graphs_filter(graph_base)).rstrip()


def page_query(shape: tuple[str, str], order: str, graph_base: str | None, limit: int | None, offset: int) -> str:
    """One page of ``shape`` over our graphs, in a stable order; ``limit=None``: the whole
    pattern, unordered."""
    if limit is None:
        return f"{shape[0]} WHERE {{ {_where(shape, graph_base)} }}"
    inner = f"{shape[0]} WHERE {{ {_where(shape, graph_base)} }} ORDER BY {order}"
    return f"SELECT * WHERE {{ {{ {inner} }} }} LIMIT {limit} OFFSET {offset}"


def count_query(shape: tuple[str, str], graph_base: str | None) -> str:
    """How many rows ``shape`` has over our graphs (one row, ``?n``: never cut by a cap).

    >>> count_query(GRAPHS, None)
    'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } }'
    """
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {shape[0]} WHERE {{ {_where(shape, graph_base)} }} }}"


def read_all(run: Callable[[Q], tuple[list[T], bool]], count: Callable[[], int],
             query: Callable[[int | None, int], Q], page: int = PAGE) -> list[T]:
    """Every row: ``query(limit, offset)`` is a page's query (``limit=None``: all of it), ``run(query)``
    gives (its rows, whether the server said it cut them), ``count()`` how many rows there are.
    All at once when the server gives them, else page by page; a short read raises
    :class:`IncompleteResult` naming what came back."""
    expected = count()
    rows, cut = run(query(None, 0))
    if not cut and len(rows) == expected:
        return rows
    page = min(page, len(rows)) if rows else page  # a short whole answer shows the server's cap
    rows = []
    while len(rows) < expected:
        got, cut = run(query(page, len(rows)))
        if not got:
            break
        rows.extend(got)
        if len(got) < page or cut:  # the server's cap is lower than the page asked for
            page = len(got)
    _check(len(rows), expected)
    return rows


def iter_pages(run: Callable[[Q], tuple[list[T], bool]], count: Callable[[], int],
               query: Callable[[int | None, int], Q], page: int = PAGE) -> Iterator[list[T]]:
    """Every row as :func:`read_all` reads them, but always page by page and handed on a page at
    a time, so a whole-store dump holds one page; a short read raises :class:`IncompleteResult`
    after the last page (a caller writing a file removes it then).

    >>> data = list(range(7))
    >>> def server(q): return data[q[1]:q[1] + min(q[0], 3)], False
    >>> list(iter_pages(server, lambda: len(data), lambda n, k: (n, k), page=5))
    [[0, 1, 2], [3, 4, 5], [6]]
    """
    expected, seen = count(), 0
    while seen < expected:
        got, cut = run(query(page, seen))
        if not got:
            break
        seen += len(got)
        yield got
        if len(got) < page or cut:  # the server's cap is lower than the page asked for
            page = len(got)
    _check(seen, expected)


def _check(seen: int, expected: int) -> None:
    if seen != expected:
        raise IncompleteResult(
            f"the SPARQL server answered {seen} of {expected} rows; refusing a partial result "
            "(the store changed while it was read, or the server's result limit, e.g. Virtuoso's "
            "ResultSetMaxRows, cannot be paged past)")
