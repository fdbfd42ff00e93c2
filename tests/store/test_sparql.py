"""store.sparql: the scanner (query form, updates, SERVICE), binding values, the IRI check.

Bound values never change a query's syntax (property tests against a real pyoxigraph store)."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from referatgraf.store.sparql import (UPDATE_FORMS, BadIri, check_iri, inject_values, is_iri, is_update, mask,
                                      query_form, read_form, uses_service, values_block, where_brace)
from referatgraf.store.base import StoreError
from referatgraf.store.terms import to_rdflib

STORE = ox.Store()  # in memory: only parses and runs queries on three quads
for i, text in enumerate(["plain", 'quote " } DROP ALL', "line\nbreak"]):
    STORE.add(ox.Quad(ox.NamedNode(f"http://ex/{i}"), ox.NamedNode("http://ex/p"), ox.Literal(text), ox.NamedNode("http://ex/g")))

QUERY = "SELECT ?s WHERE { ?s <http://ex/p> ?o }"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_bound_string_matches_only_itself(text: str) -> None:
    query = inject_values(QUERY, {"o": Literal(text)})
    rows = list(STORE.query(query, use_default_graph_as_union=True))  # never a SyntaxError
    expected = {"plain": 1, 'quote " } DROP ALL': 1, "line\nbreak": 1}.get(text, 0)
    assert len(rows) == expected
    assert len(STORE) == 3


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["da", "en", "de-DK"]), st.integers(), st.floats(allow_nan=False, allow_infinity=False))
def test_typed_and_tagged_values_keep_their_type(text: str, lang: str, number: int, real: float) -> None:
    values = {"a": Literal(text, lang=lang), "b": Literal(number), "c": Literal(real)}
    query = inject_values("SELECT ?a ?b ?c WHERE { }", values)
    [row] = list(STORE.query(query))
    for name, value in values.items():
        got = to_rdflib(row[name])
        assert got.datatype == value.datatype and (got.language or "").lower() == (value.language or "").lower()
        assert got.toPython() == value.toPython()  # same value (a double's lexical form may differ)


@given(st.text(alphabet='<>"{}|^`\\ \n' + "abc:/", min_size=1))
def test_iris_with_forbidden_characters_are_refused(text: str) -> None:
    iri = "http://ex/" + text
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        with pytest.raises(StoreError):
            inject_values(QUERY, {"s": URIRef(iri)})


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("# select nothing\nASK { ?s ?p ?o }", "ASK"),
    ('PREFIX x: <http://ex/select#> CONSTRUCT { ?s x:p "ask" } WHERE { ?s ?p ?o }', "CONSTRUCT"),
    ("describe <http://ex/1>", "DESCRIBE"),
])
def test_query_form(query: str, form: str) -> None:
    assert read_form(query) == form


def test_not_a_query() -> None:
    with pytest.raises(StoreError):
        read_form("INSERT DATA { <http://a> <http://b> <http://c> }")


@pytest.mark.parametrize(("query", "marker"), [
    ("SELECT * WHERE { ?s ?p ?o }", "{ ?s"),
    ("CONSTRUCT { ?s ?p '{' } WHERE { ?s ?p ?o }", "{ ?s ?p ?o"),
    ("SELECT ?where { ?where ?p ?o }", "{ ?where"),
    ("PREFIX w: <http://w/WHERE#> SELECT * WHERE { ?s w:x ?o }", "{ ?s"),
    ("# WHERE {\nASK { ?s ?p ?o }", "{ ?s"),
    ("DESCRIBE <http://x>", None),
])
def test_where_brace(query: str, marker: str | None) -> None:
    assert where_brace(query) == (query.index(marker) if marker else None)


# -- the scanner: keywords hidden where the engine reads them as data --------------------------------
@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("  prefix ex: <http://e/>\nBASE <http://b/>\nask {}", "ASK"),
    ("# INSERT DATA\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("#INSERT\rDELETE WHERE { ?s ?p ?o }", "DELETE"),  # a comment ends at \r too
    ("PREFIX a: <http://e/#SELECT> CLEAR ALL", "CLEAR"),
    ("PREFIX a: <http://e/\\u0041#> INSERT DATA { }", "INSERT"),  # an escaped IRI is still one IRI
    ('PREFIX a: <http://e/> """SELECT""" DROP ALL', None),
    ("'''ASK''' ", None),
    ("", None),
])
def test_query_form_after_the_prologue(text: str, form: str | None) -> None:
    assert query_form(text) == form
    assert is_update(text) is (form in UPDATE_FORMS)


@pytest.mark.parametrize("hidden", [
    '"INSERT DATA"', "'DELETE'", '"""\nDROP ALL\n"""', "<http://e/INSERT>", "# INSERT\n",
])
def test_updates_inside_strings_iris_and_comments_do_not_count(hidden: str) -> None:
    text = f"SELECT * {{ ?s ?p {hidden} }}"
    assert query_form(text) == "SELECT" and not is_update(text)


@pytest.mark.parametrize(("text", "service"), [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * { service silent <http://x/> {} }", True),
    ("SELECT * { ?s ?p ?o } #\r SERVICE <http://x/> { }", True),  # after \r the comment is over
    ("SELECT * { ?s ?p <http://x/\\u0041#> . SERVICE <http://x/> { } }", True),  # '#' inside an escaped IRI
    ("SELECT * { ?s ?p <http://x/\\U00000041#> SERVICE <http://x/> {} }", True),
    ("SELECT ?service { ?service a <http://e/Service> }", False),
    ("SELECT * { ?s ex:service ?o }", False),
    ('SELECT * { ?s ?p "SERVICE <http://x/>" }', False),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}", False),
    ("SELECT * { \\u0053ERVICE <http://x/> {} }", True),  # escapes apply before tokens (SPARQL §19.2)
    ("SELECT * { \\u0073ervice <http://x/> {} }", True),
    ("SELECT * { ?s ?p '\\u0027 SERVICE <http://x/> {} #' }", True),  # a quote, in one reading
    ("SELECT * { ?s ?p <http://x/\\u003E . SERVICE <http://x/> {} }", True),
    ("SELECT * { { OPTIONAL { { SERVICE <http://x/> {} } } } }", True),
    ('SELECT * { ?s ?p "\\u0053ERVICE <http://x/>" }', False),
])
def test_service_detection(text: str, service: bool) -> None:
    assert uses_service(text) is service


@pytest.mark.parametrize("text", [
    "SELECT * { ?s ?p ?o #\r SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * { ?s ?p <http://x/\\u0041#> . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
])
def test_the_engine_reads_what_the_scanner_reads(text: str) -> None:
    """Where the scanner sees a SERVICE, the engine parses one: the query is syntactically valid,
    and the SERVICE is outside any comment (so the scanner must not skip it)."""
    ox.Store().query(text.replace("SERVICE", "OPTIONAL").replace("<http://127.0.0.1:9/> ", ""))
    assert uses_service(text)


# Pieces a smuggler combines: comment starts and ends, quotes, IRI edges, escapes of each.
_PIECES = ["SERVICE <{url}> { ?a ?b ?c }", "#", "\r", "\n", "'", '"', "<http://x/", ">", "\\u0041", "\\u0027",
           "\\u003E", "\\u0022", "\\u0053ERVICE", "{", "}", " ?s ?p ?o ", " . ", " "]


@pytest.fixture(scope="module")
def listener():
    from attacks import CountingListener

    with CountingListener() as running:
        yield running


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_engine_never_calls_out_where_the_scanner_sees_no_service(listener, pieces: list[str]) -> None:
    """The real engine is the oracle: run every generated query on pyoxigraph with a listener as
    the SERVICE endpoint; a query the scanner lets through never connects."""
    before = listener.connections
    query = "SELECT * { " + "".join(pieces).replace("{url}", f"http://127.0.0.1:{listener.port}/") + " }"
    if uses_service(query):
        return
    try:
        list(ox.Store().query(query))
    except (SyntaxError, OSError):
        pass
    time.sleep(0.005)  # the listener thread counts what the kernel accepted
    assert listener.connections == before, query


def test_the_oracle_sees_a_call(listener) -> None:
    before = listener.connections
    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"))
    time.sleep(0.2)
    assert listener.connections == before + 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_a_second_parser_finds_no_service_the_scanner_missed(pieces: list[str]) -> None:
    """rdflib applies escapes to the whole text first, as SPARQL 1.1 §19.2 says (other servers
    behind --endpoint may too): where its parse tree has a SERVICE, the scanner saw one."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    query = "SELECT * { " + "".join(pieces).replace("{url}", "http://127.0.0.1:9/") + " }"
    try:
        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - rdflib raises many kinds on invalid text
        return
    stack, names = [tree], set()
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            names.add(node.name)
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    if "ServiceGraphPattern" in names:
        assert uses_service(query), query


def test_unescaping_follows_the_spec() -> None:
    from referatgraf.store.sparql import unescape_codepoints

    assert unescape_codepoints("\\u0053\\U0001F600\\uD800\\U00110000") == "S\U0001F600\\uD800\\U00110000"


@given(st.text())
def test_mask_keeps_length(text: str) -> None:
    assert len(mask(text)) == len(text)


# -- binding: a value never adds syntax ------------------------------------------------------------
FORMS = ["SELECT ?s WHERE { ?s <http://ex/p> ?o }", "ASK { ?s <http://ex/p> ?o }",
         "CONSTRUCT { ?s <http://ex/p> ?o } WHERE { ?s <http://ex/p> ?o }"]


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(FORMS))
def test_a_bound_literal_round_trips_and_keeps_the_query_form(text: str, query: str) -> None:
    bound = inject_values(query, {"o": Literal(text)})
    assert query_form(bound) == query_form(query) and not uses_service(bound)
    [row] = list(STORE.query(inject_values("SELECT ?o WHERE { }", {"o": Literal(text)})))
    assert to_rdflib(row["o"]) == Literal(text)
    STORE.query(bound)  # never a SyntaxError
    assert len(STORE) == 3


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_odd_datatypes_and_language_tags_are_refused_not_pasted(text: str) -> None:
    for make in (lambda: Literal("x", datatype=URIRef("http://ex/" + text)), lambda: Literal("x", lang=text)):
        try:
            value = make()  # rdflib refuses some tags itself
            block = values_block({"o": value})
        except (StoreError, ValueError):
            continue
        assert query_form("SELECT * { " + block + " }") == "SELECT"
        [row] = list(STORE.query("SELECT * { " + block + " }"))
        assert to_rdflib(row["o"]) == value


def test_blank_nodes_and_bad_variable_names_are_refused() -> None:
    with pytest.raises(StoreError):
        values_block({"o": BNode()})
    with pytest.raises(StoreError):
        values_block({"o) { } DROP ALL #": Literal("x")})
    with pytest.raises(StoreError):
        inject_values("DESCRIBE <http://ex/1>", {"o": Literal("x")})


# -- one IRI check -----------------------------------------------------------------------------------
@given(st.text(max_size=40))
def test_iris_are_checked_once_and_the_engine_agrees(text: str) -> None:
    iri = "http://example.org/" + text
    if not is_iri(iri):
        with pytest.raises(BadIri):
            check_iri(iri)
        return
    assert not any(c in iri for c in '<>"{}|^`\\') and not any(ord(c) <= 0x20 for c in iri)
    assert ox.NamedNode(iri).value == iri


@pytest.mark.parametrize("iri", ["", "relative/path", "http://x/ y", "http://x/>", "urn:x\n", "http://[::1"])
def test_not_iris(iri: str) -> None:
    assert not is_iri(iri)
    with pytest.raises(StoreError):
        check_iri(iri)


# -- nesting: "ASK" and 3,000 "{" overflow the engine's recursive parser (SIGSEGV, issue 19) --------

DEEP = {"braces": "ASK " + "{" * 3000 + "}" * 3000,
        "parentheses": "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        "brackets": "ASK { ?s ?p " + "[ <http://x/p> " * 3000 + "]" * 3000 + " }"}


@pytest.mark.parametrize("query", DEEP.values(), ids=DEEP.keys())
def test_a_deeply_nested_query_is_refused_before_any_parser(query: str, tmp_path) -> None:
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.store.sparql import QueryTooComplex

    with EmbeddedStore(tmp_path / "s") as store:
        with pytest.raises(QueryTooComplex, match="levels deep"):
            store.ask(query) if query.startswith("ASK") else store.select(query)
        assert store.ask("ASK {}")  # the process is alive and answers


def test_nesting_inside_strings_iris_and_comments_does_not_count() -> None:
    from referatgraf.store.sparql import check_complexity, nesting_depth

    text = 'ASK { ?s ?p "' + "{" * 500 + '" } # ' + "(" * 500 + "\n"
    assert nesting_depth(text) == 1 and check_complexity(text) == text


@given(st.integers(min_value=1, max_value=100))
def test_real_depths_pass(depth: int) -> None:
    from referatgraf.store.sparql import check_complexity

    query = "ASK " + "{" * depth + "}" * depth
    assert check_complexity(query) == query


def test_long_chains_are_refused_before_any_parser(tmp_path) -> None:
    """A collection, a path, a MINUS or BIND chain of a few thousand elements overflows the
    engine's stack as deep nesting does (measured: from ~2,700 elements)."""
    from attacks import OVERFLOWS
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.store.sparql import QueryTooComplex

    with EmbeddedStore(tmp_path / "s") as store:
        for name, query in OVERFLOWS.items():
            with pytest.raises(QueryTooComplex, match="levels deep|terms and operators"):
                store.query_raw(query, "application/sparql-results+json")
        assert store.ask("ASK {}")


def test_values_data_does_not_count_as_terms() -> None:
    from referatgraf.store.sparql import MAX_TOKENS, check_complexity, token_count

    rows = " ".join(f"(<http://x/{i}> {i})" for i in range(5_000))
    query = f"SELECT * WHERE {{ VALUES (?s ?n) {{ {rows} }} ?s ?p ?o }}"
    assert token_count(query) < 30 and check_complexity(query) == query
    assert token_count("ASK { ?s ?p (" + " 1" * MAX_TOKENS + ") }") > MAX_TOKENS
    [row] = list(ox.Store().query("SELECT (COUNT(*) AS ?n) { VALUES ?x { " + " ".join(["1"] * 20_000) + " } }"))
    assert row["n"].value == "20000"  # the engine reads VALUES data flat: no limit needed
