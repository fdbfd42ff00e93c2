"""What kind of SPARQL request a text is, without evaluating it.

The public endpoint must refuse updates before they reach the store and must not let a query
reach the network (``SERVICE``). Comments, strings and IRIs are blanked first, so a keyword
inside a literal (``"DELETE"``) or an IRI never counts; the store's own parser still has the
final word on syntax.

>>> query_form("PREFIX ex: <http://e/> # SELECT\\nASK { ?s ?p 'INSERT' }")
'ASK'
>>> query_form("insert data { <a> <b> <c> }")
'INSERT'
>>> uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
True
"""

from __future__ import annotations

import re

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_TOKENS = re.compile(
    r'''(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n]*)''',
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s+<>)\s*)*", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)


def blank(text: str) -> str:
    """The text with strings as ``""``, IRIs as ``<>`` and comments removed."""

    def repl(m: re.Match[str]) -> str:
        if m.group("iri"):
            return "<>"
        if m.group("comment"):
            return " "
        return '""'

    return _TOKENS.sub(repl, text)


def query_form(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased (``SELECT``, ``INSERT`` …), or None."""
    cleaned = blank(text)
    m = _PROLOGUE.match(cleaned)
    rest = cleaned[m.end():] if m else cleaned
    word = _KEYWORD.match(rest)
    return word.group(0).upper() if word else None


def is_update(text: str) -> bool:
    """True when the text is (or starts like) a SPARQL Update request."""
    return query_form(text) in UPDATE_FORMS


def uses_service(text: str) -> bool:
    """True when the query would call out to another endpoint (federated ``SERVICE``)."""
    return bool(_SERVICE.search(blank(text)))
