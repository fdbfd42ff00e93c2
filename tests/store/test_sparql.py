"""Bound values never change a query's syntax (property tests), and the query form is found."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from referatgraf.store.sparql import inject_values, read_form, where_brace
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
