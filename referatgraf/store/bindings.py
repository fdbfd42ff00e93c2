"""Bind query variables to values safely: a ``VALUES`` block built from typed rdflib terms.

Callers never paste user input into SPARQL text; they pass ``bindings`` ({"case": Literal(..)})
and the store binds them. pyoxigraph's ``substitutions`` only accept variables of the SELECT
projection, and the SPARQL 1.1 Protocol has no bindings at all, so the stores fall back to this:
a one-row ``VALUES`` block inserted at the start of the query's outermost WHERE group. Values
are serialised by rdflib (``Term.n3()``) after checking the term type, so a value can never end
the block or add syntax.

>>> from rdflib import Literal
>>> inject_values("SELECT ?t WHERE { ?i <http://purl.org/dc/terms/title> ?t }", {"t": Literal('x" } DROP ALL #')})
'SELECT ?t WHERE { VALUES (?t) { ("x\\\\" } DROP ALL #") } ?i <http://purl.org/dc/terms/title> ?t }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from referatgraf.store.base import StoreError

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BAD_IRI = re.compile(r'[<>"{}|^`\\\s]')


def term_n3(value: Identifier) -> str:
    """SPARQL text of one bound value (IRIs and literals only)."""
    if isinstance(value, URIRef):
        if _BAD_IRI.search(str(value)):
            raise StoreError(f"not a valid IRI: {str(value)!r}")
        return value.n3()
    if isinstance(value, Literal):
        return value.n3()
    raise StoreError(f"only IRIs and literals can be bound, not {type(value).__name__}")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    names = [name.lstrip("?$") for name in bindings]
    for name in names:
        if not _VAR.match(name):
            raise StoreError(f"not a variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(term_n3(v) for v in bindings.values())
    return f"VALUES ({head}) {{ ({row}) }}"


def inject_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """``query`` with ``bindings`` as a VALUES block at the start of its WHERE group."""
    if not bindings:
        return query
    at = where_brace(query)
    if at is None:
        raise StoreError("cannot bind values: the query has no WHERE group")
    return f"{query[:at + 1]} {values_block(bindings)}{query[at + 1:]}"


def where_brace(query: str) -> int | None:
    """Index of the ``{`` that opens the outermost WHERE group (strings, IRIs and comments
    skipped); for a query without the WHERE keyword, the first ``{`` (SELECT * { … })."""
    first_brace = None
    saw_where = False
    construct_template = False
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            i = query.find("\n", i)
            i = n if i < 0 else i
            continue
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "<" and (m := re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])):
            i += m.end()
            continue
        if c in "?$" or c.isalpha() or c == ":":
            # a variable, a prefixed name (rg:case) or a keyword: only bare keywords count
            word = re.match(r"[?$]?[\w:.-]*", query[i:]).group(0).rstrip(".") or c
            upper = word.upper() if c.isalpha() and ":" not in word else ""
            if upper == "WHERE":
                saw_where = True
            elif upper == "CONSTRUCT":
                construct_template = True
            i += len(word)
            continue
        if c == "{":
            if saw_where:
                return i
            if first_brace is None and not construct_template:
                first_brace = i
            if construct_template:  # skip the template, then look for WHERE
                i = _skip_group(query, i)
                construct_template = False
                continue
        i += 1
    return first_brace


def _skip_string(query: str, i: int) -> int:
    quote = query[i]
    if query.startswith(quote * 3, i):
        end = query.find(quote * 3, i + 3)
        return len(query) if end < 0 else end + 3
    i += 1
    while i < len(query) and query[i] != quote:
        i += 2 if query[i] == "\\" else 1
    return i + 1


def _skip_group(query: str, i: int) -> int:
    depth = 0
    while i < len(query):
        c = query[i]
        if c in "\"'":
            i = _skip_string(query, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside comments, strings
    and IRIs (so a prefix IRI or a comment mentioning "select" does not count).

    >>> query_form('PREFIX s: <http://x/select#> CONSTRUCT { ?s ?p "ask" } WHERE { ?s ?p ?o }')
    'CONSTRUCT'
    """
    cleaned, i, n = [], 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            i = _skip_string(query, i)
            cleaned.append(" ")
        elif c == "<" and (m := re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])):
            i += m.end()
            cleaned.append(" ")
        else:
            cleaned.append(c)
            i += 1
    m = _FORM.search("".join(cleaned))
    if m is None:
        raise StoreError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return m.group(1).upper()
