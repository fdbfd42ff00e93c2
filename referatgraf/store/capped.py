"""Query results read only as far as the cap: stop at row ``cap + 1`` instead of building it all.

The public endpoint answers at most ``Settings.result_cap`` rows or triples. Counting them after
the whole result is serialised let one query build hundreds of MB (353,021 rows took the server
from 420 MB to 2.3 GB, issue 19). Here a result is an *iterator* (pyoxigraph evaluates lazily; a
remote store's answer is parsed from the HTTP stream as it arrives) and :func:`take` pulls one
item past the cap at most: then :class:`ResultTooLarge`, and the rest is never computed or read.

The rows that are kept are written as SPARQL JSON by :func:`solutions_json` (pyoxigraph cannot
serialise a list of solutions) and converted to the client's format by pyoxigraph.

>>> store = ox.Store()
>>> serialise_capped(store.query("SELECT ?x { VALUES ?x { 1 2 } }"), "text/csv", cap=5)
(b'x\\r\\n1\\r\\n2\\r\\n', 'text/csv; charset=utf-8')
>>> serialise_capped(store.query("SELECT ?x { VALUES ?x { 1 2 3 } }"), "text/csv", cap=2)
Traceback (most recent call last):
...
referatgraf.store.capped.ResultTooLarge: the result has more than the limit of 2 rows; add LIMIT/OFFSET to page through it, or download a full dump from /dumps/
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TypeVar

import pyoxigraph as ox

from referatgraf.store import media
from referatgraf.store.base import StoreError

T = TypeVar("T")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class ResultTooLarge(StoreError, ValueError):
    """The result has more rows or triples than the configured cap."""


def take(items: Iterable[T], cap: int, unit: str) -> list[T]:
    """At most ``cap`` items; :class:`ResultTooLarge` as soon as item ``cap + 1`` exists.

    >>> take(iter(range(10**12)), 3, "rows")
    Traceback (most recent call last):
    ...
    referatgraf.store.capped.ResultTooLarge: the result has more than the limit of 3 rows; add LIMIT/OFFSET to page through it, or download a full dump from /dumps/
    """
    kept = list(itertools.islice(items, cap + 1))
    if len(kept) > cap:
        raise ResultTooLarge(f"the result has more than the limit of {cap} {unit}; add LIMIT/OFFSET to "
                             "page through it, or download a full dump from /dumps/")
    return kept


def _term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term(term.subject), "predicate": _term(term.predicate),
                                            "object": _term(term.object)}}
    raise StoreError(f"cannot write a {type(term).__name__} as a SPARQL JSON term")


def solutions_json(variables: list[str], solutions: Iterable[ox.QuerySolution]) -> bytes:
    """SPARQL JSON of some solutions (unbound variables left out of a row).

    >>> solutions_json(["s"], ox.Store().query("SELECT ?s { VALUES ?s { <http://x/> } }"))
    b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/"}}]}}'
    """
    bindings = [{name: _term(term) for name, term in zip(variables, solution) if term is not None}
                for solution in solutions]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")


def serialise_capped(result: object, accept: str, cap: int) -> tuple[bytes, str]:
    """A pyoxigraph result (solutions, boolean, or an iterator of triples) in the best media type
    for ``accept``, reading at most ``cap + 1`` rows or triples of it.

    A failure is raised afresh, without the traceback that holds ``result``: pyoxigraph's result
    objects must be dropped by the thread that made them, not later by whoever reads the error."""
    try:
        return _serialise(result, accept, cap)
    except ResultTooLarge as exc:
        error: StoreError = ResultTooLarge(str(exc))
    except (OSError, ValueError) as exc:  # evaluation errors surface while iterating
        error = StoreError(f"query failed: {exc}")
    del result
    raise error


def _serialise(result: object, accept: str, cap: int) -> tuple[bytes, str]:
    if isinstance(result, ox.QueryBoolean):
        return media.serialise_result(result, accept)
    if isinstance(result, ox.QuerySolutions):
        chosen = media.for_accept(accept, media.RESULTS)
        variables = [v.value for v in result.variables]
        body = solutions_json(variables, take(result, cap, "rows"))
        return media.convert_results(body, "application/sparql-results+json", chosen.name), chosen.format.media_type
    chosen = media.for_accept(accept, media.GRAPH)
    return media.serialise_rdf(take(_triples(result), cap, "triples"), chosen), chosen.format.media_type


def _triples(result: Iterable) -> Iterator[ox.Triple]:  # a remote answer parses to quads
    for item in result:
        yield ox.Triple(item.subject, item.predicate, item.object) if isinstance(item, ox.Quad) else item
