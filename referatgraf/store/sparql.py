"""The rules for SPARQL text, once: which request a text is, how values are bound, what an IRI is.

* **Scanner.** Comments, strings and IRIs are masked first (same length, so positions keep),
  exactly as the engine reads them: a comment ends at ``\\n`` *or* ``\\r``, an IRI may hold
  ``\\uXXXX`` escapes. A keyword inside a literal, an IRI or a comment never counts; the store's
  own parser still has the final word on syntax. :func:`query_form` and :func:`is_update` let
  the public endpoint refuse updates, :func:`refuse_service` refuses federation in every
  :func:`readings` of the text (as written, and with ``\\uXXXX`` escapes applied first), and
  :func:`check_complexity` keeps out what would overflow the engine's stack.
* **Binding.** Callers never paste user input into query text: they pass rdflib terms and
  :func:`inject_values` adds a one-row ``VALUES`` block at the start of the outermost WHERE
  group. Each value is checked and written by pyoxigraph's serialiser, so it cannot end the
  block or add syntax.
* **IRIs.** :func:`check_iri` is the one test of "safe between ``<>``": an absolute IRI without
  the characters that could end it, which the engine's RFC 3987 parser also accepts.

>>> query_form("PREFIX ex: <http://e/> # SELECT\\nASK { ?s ?p 'INSERT' }")
'ASK'
>>> is_update("insert data { <http://a/> <http://b/> <http://c/> }")
True
>>> uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
True
>>> from rdflib import Literal
>>> inject_values("SELECT ?t WHERE { ?i <http://purl.org/dc/terms/title> ?t }", {"t": Literal('x" } DROP ALL #')})
'SELECT ?t WHERE { VALUES (?t) { ("x\\\\" } DROP ALL #") } ?i <http://purl.org/dc/terms/title> ?t }'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from referatgraf.store.base import StoreError
from referatgraf.store.terms import to_oxigraph

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_IRI_CHAR = r"""(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})"""
_TOKENS = re.compile(
    r'''(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<str>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')'''
    rf'''|(?P<iri><{_IRI_CHAR}*>)'''
    r'''|(?P<comment>\#[^\n\r]*)''',
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<\s*>|BASE\s+<\s*>)\s*)*", re.IGNORECASE)
_KEYWORD = re.compile(r"[A-Za-z]+")
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b", re.IGNORECASE)
_WORD = re.compile(r"[?$]?[\w.-]*:[\w.-]*|[?$][\w]+|[A-Za-z_][\w-]*|[{}]")
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


class BadIri(StoreError, ValueError):
    """A string that cannot be used as an IRI in a query."""


class BadBinding(StoreError, TypeError):
    """A value that cannot be bound (a blank node, a bad variable name, a bad literal)."""


# -- the scanner ------------------------------------------------------------------------------
def mask(text: str) -> str:
    """``text`` with every string, IRI and comment blanked to spaces, keeping its length and its
    delimiters (``"  "``, ``<  >``), so indices into the result are indices into ``text``.

    >>> mask('ASK { <http://x/#a> ?p "} #" } # SERVICE')
    'ASK { <           > ?p "   " }          '
    """

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if m.group("comment"):
            return " " * len(token)
        return token[0] + " " * (len(token) - 2) + token[-1]

    return _TOKENS.sub(repl, text)


# -- limits before any parser ------------------------------------------------------------------
# The engine's parser and evaluator recurse per nesting level and per element of a chain
# (a collection ``( 1 1 1 … )``, a path ``<p>/<p>/…``, ``MINUS {} MINUS {} …``), and a stack
# overflow kills the process (SIGSEGV), with --endpoint the backing server. Measured on
# pyoxigraph 0.5.13 in an 8 MB thread (docs/api.md): "ASK" + 3,000 "{" crashes, a collection of
# ~4,100 items, ~2,700 MINUS or BIND clauses, ~8,200 path steps. So the text is measured first:
# nesting and tokens (VALUES data, which is read flat, does not count) well under those figures.
MAX_NESTING = 100
MAX_TOKENS = 2_000
MAX_QUERY_CHARS = 1_000_000
_OPENERS, _CLOSERS = "{([", "})]"
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_VALUES_DATA = re.compile(r"\bVALUES\s*(?:[?$]\w+|\([^()]*\))\s*\{[^{}]*\}", re.IGNORECASE)
_TOKEN = re.compile(r"\w+|\S")


class QueryTooComplex(StoreError, ValueError):
    """A query nested deeper (or longer) than any parser here may be given."""


class FederationRefused(StoreError, ValueError):
    """A query that would make the server call another endpoint (``SERVICE``)."""


def unescape_codepoints(text: str) -> str:
    r"""``text`` with every ``\uXXXX`` and ``\UXXXXXXXX`` replaced by its character, as SPARQL 1.1
    §19.2 reads a query *before* tokenising (pyoxigraph 0.5 applies them only inside IRIs and
    strings, other servers everywhere); a code point that is no character stays as written.

    >>> unescape_codepoints(r"\u0053ERVICE <http://x/\U00000041>")
    'SERVICE <http://x/A>'
    """

    def repl(m: re.Match[str]) -> str:
        point = int(m.group(1) or m.group(2), 16)
        return chr(point) if point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else m.group(0)

    return _CODEPOINT.sub(repl, text)


def readings(text: str) -> tuple[str, ...]:
    """Every way a server may read ``text``, masked: as written, and with its escapes applied
    first. A check passes only when it passes on each.

    >>> readings(r"ASK {} # x") == readings("ASK {} # x")
    True
    """
    unescaped = unescape_codepoints(text)
    return (mask(text),) if unescaped == text else (mask(text), mask(unescaped))


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` outside strings, IRIs and comments.

    >>> nesting_depth('ASK { ?s ?p "{{{{" FILTER((1)) }')
    3
    """
    return max(_depth(masked) for masked in readings(text))


def _depth(masked: str) -> int:
    depth = deepest = 0
    for char in masked:
        if char in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
    return deepest


def token_count(text: str) -> int:
    """Words and punctuation outside strings, IRIs, comments and VALUES data (a rough measure of
    how long the engine's longest chain may get).

    >>> token_count("SELECT * { VALUES ?x { 1 2 3 4 5 } ?x ?p 'a b c' }")
    10
    """
    return max(len(_TOKEN.findall(_VALUES_DATA.sub(" ", masked))) for masked in readings(text))


def check_complexity(text: str) -> str:
    """``text`` when a parser may safely be given it; :class:`QueryTooComplex` otherwise.

    >>> check_complexity("ASK " + "{" * 3000 + "}" * 3000)
    Traceback (most recent call last):
    referatgraf.store.sparql.QueryTooComplex: the query nests 3000 levels deep (at most 100 allowed)
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"the query is {len(text):,} characters long (at most {MAX_QUERY_CHARS:,} allowed)")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryTooComplex(f"the query nests {depth} levels deep (at most {MAX_NESTING} allowed)")
    tokens = token_count(text)
    if tokens > MAX_TOKENS:
        raise QueryTooComplex(f"the query has {tokens:,} terms and operators outside VALUES data "
                              f"(at most {MAX_TOKENS:,} allowed); pass long lists as VALUES")
    return text


def query_form(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased (``SELECT``, ``INSERT`` …), or None."""
    cleaned = mask(text)
    m = _PROLOGUE.match(cleaned)
    word = _KEYWORD.match(cleaned[m.end():] if m else cleaned)
    return word.group(0).upper() if word else None


def read_form(text: str) -> str:
    """The query form of a read query; :class:`StoreError` for anything else.

    >>> read_form("describe <http://x/>")
    'DESCRIBE'
    """
    form = query_form(text)
    if form not in QUERY_FORMS:
        raise StoreError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue)")
    return form


def is_update(text: str) -> bool:
    """True when the text is (or starts like) a SPARQL Update request."""
    return query_form(text) in UPDATE_FORMS


def uses_service(text: str) -> bool:
    """True when the query would call out to another endpoint (federated ``SERVICE``), in any
    reading of it (see :func:`readings`): ``\u0053ERVICE`` counts, ``#\r SERVICE`` too."""
    return any(_SERVICE.search(masked) for masked in readings(text))


def refuse_service(text: str) -> str:
    """``text`` unless it uses ``SERVICE``; :class:`FederationRefused` (with the reason) otherwise.

    >>> refuse_service("ASK { \\\\u0053ERVICE <http://127.0.0.1:9/> {} }")
    Traceback (most recent call last):
    referatgraf.store.sparql.FederationRefused: federated queries (SERVICE) are not allowed on this endpoint
    """
    if uses_service(text):
        raise FederationRefused("federated queries (SERVICE) are not allowed on this endpoint")
    return text


def where_brace(query: str) -> int | None:
    """Index of the ``{`` that opens the outermost WHERE group; for a query without the WHERE
    keyword, the first ``{`` outside a CONSTRUCT template (``SELECT * { … }``).

    >>> where_brace("CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?o }")
    30
    """
    cleaned = mask(query)
    first_brace, template = None, False
    tokens = _WORD.finditer(cleaned)
    for m in tokens:
        word = m.group(0).upper()
        if word == "WHERE":
            return next((t.start() for t in tokens if t.group(0) == "{"), None)
        if word == "CONSTRUCT":
            template = True
        elif word == "{" and template:
            _skip_group(tokens)
            template = False
        elif word == "{" and first_brace is None:
            first_brace = m.start()
    return first_brace


def _skip_group(tokens) -> None:  # noqa: ANN001 - an iterator of matches, just past a "{"
    depth = 1
    for t in tokens:
        depth += {"{": 1, "}": -1}.get(t.group(0), 0)
        if depth == 0:
            return


# -- IRIs -------------------------------------------------------------------------------------
def check_iri(iri: str) -> str:
    """``iri`` unchanged if it is a safe absolute IRI, else :class:`BadIri`.

    The pattern keeps out everything that could end ``<…>`` in query text; the engine's own IRI
    parser (RFC 3987) then refuses the rest (bad escapes, bad ports).

    >>> check_iri("https://example.org/id/x")
    'https://example.org/id/x'
    >>> check_iri("http://x/> } DROP ALL ; <")
    Traceback (most recent call last):
    ...
    referatgraf.store.sparql.BadIri: not a valid IRI: 'http://x/> } DROP ALL ; <'
    """
    if not isinstance(iri, str) or not _IRI.fullmatch(iri):
        raise BadIri(f"not a valid IRI: {iri!r}")
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise BadIri(f"not a valid IRI: {iri!r} ({exc})") from None
    return iri


def is_iri(text: str) -> bool:
    """True when :func:`check_iri` accepts ``text``.

    >>> is_iri("https://example.org/a b")
    False
    """
    try:
        check_iri(text)
    except BadIri:
        return False
    return True


# -- binding ----------------------------------------------------------------------------------
def term_n3(value: Identifier) -> str:
    """SPARQL text of one bound value: an IRI or a literal, written by pyoxigraph.

    >>> from rdflib import Literal
    >>> term_n3(Literal("Mødelokale 2", lang="da")), term_n3(Literal(7))
    ('"Mødelokale 2"@da', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(value, URIRef):
        return f"<{check_iri(str(value))}>"
    if isinstance(value, Literal):
        if value.datatype is not None:
            check_iri(str(value.datatype))
        if value.language and not _LANG.fullmatch(value.language):
            raise BadBinding(f"not a language tag: {value.language!r}")
        try:
            return str(to_oxigraph(value))
        except (ValueError, TypeError) as exc:
            raise BadBinding(f"cannot bind {value!r}: {exc}") from None
    raise BadBinding(f"only IRIs and literals can be bound, not {type(value).__name__}")


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """A one-row ``VALUES`` block binding each variable (``"x"`` or ``"?x"``) to its value.

    >>> from rdflib import URIRef
    >>> values_block({"m": URIRef("https://example.org/id/x")})
    'VALUES (?m) { (<https://example.org/id/x>) }'
    """
    names = [name.lstrip("?$") for name in bindings]
    for name in names:
        if not _VAR.fullmatch(name):
            raise BadBinding(f"not a variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(term_n3(v) for v in bindings.values())
    return f"VALUES ({head}) {{ ({row}) }}"


def values_column(name: str, values: Iterable[Identifier]) -> str:
    """A ``VALUES`` block of one variable over many values (one row each), for reads that go
    hop by hop over the IRIs an earlier answer gave.

    >>> from rdflib import URIRef
    >>> values_column("s", [URIRef("https://example.org/b"), URIRef("https://example.org/a")])
    'VALUES ?s { <https://example.org/b> <https://example.org/a> }'
    """
    if not _VAR.fullmatch(name.lstrip("?$")):
        raise BadBinding(f"not a variable name: {name!r}")
    return f"VALUES ?{name.lstrip('?$')} {{ {' '.join(term_n3(v) for v in values)} }}"


def inject_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """``query`` with ``bindings`` as a VALUES block at the start of its WHERE group."""
    if not bindings:
        return query
    at = where_brace(query)
    if at is None:
        raise BadBinding("cannot bind values: the query has no WHERE group")
    return f"{query[:at + 1]} {values_block(bindings)}{query[at + 1:]}"
