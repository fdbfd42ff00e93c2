"""Units of the web layer without a server: search folding, query-form detection, content
negotiation, safe VALUES binding (property-tested against a real pyoxigraph store), id mapping."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from referatgraf.web import conneg
from referatgraf.read import queries as Q
from referatgraf.read.ids import iri_for, kind_of, local_id, valid_id
from referatgraf.read.errors import NotFound
from referatgraf.read.search import fold
from referatgraf.store.sparql import is_update, query_form, uses_service

# -- search ---------------------------------------------------------------------------------------
FOLDS = [("Økonomi", "oekonomi"), ("ÆBLE", "aeble"), ("Ålborg", "aalborg"), ("Café", "cafe"),
         ("Søren Bjørn", "soeren bjoern"), ("naïve", "naive"), ("Straße", "strasse")]


@pytest.mark.parametrize("text,folded", FOLDS)
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_lowercase(text):
    once = fold(text)
    assert fold(once) == once
    assert all(not c.isupper() for c in once if c.isascii())


# -- query form ---------------------------------------------------------------------------------
FORMS = [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("  prefix ex: <http://e/>\nBASE <http://b/>\nask {}", "ASK"),
    ("# INSERT DATA\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://x/>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", "INSERT"),
    ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("load <http://x/>", "LOAD"),
    ("PREFIX a: <http://e/#SELECT> CLEAR ALL", "CLEAR"),
]


@pytest.mark.parametrize("text,form", FORMS)
def test_query_form(text, form):
    assert query_form(text) == form


@given(st.text(alphabet=st.characters(blacklist_characters='"\\\n\r'), max_size=40))
def test_keywords_inside_strings_do_not_count(inner):
    assert query_form(f'SELECT * {{ ?s ?p "{inner} INSERT DATA" }}') == "SELECT"
    assert not is_update(f'ASK {{ ?s ?p "{inner}" }}')


def test_service_detection():
    assert uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert uses_service("select * { service silent <http://x/> {} }")
    assert not uses_service("SELECT ?service { ?service a <http://e/Service> }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE <http://x/>" }')


# -- content negotiation ---------------------------------------------------------------------------
NEGOTIATION = [
    (conneg.RESULT_TYPES, "application/sparql-results+json,application/json;q=0.9", None, "application/sparql-results+json"),
    (conneg.RESULT_TYPES, "text/csv;q=0.2, application/sparql-results+xml;q=0.9", None, "application/sparql-results+xml"),
    (conneg.RESULT_TYPES, "image/png", None, "application/sparql-results+json"),
    (conneg.RESULT_TYPES, None, "tsv", "text/tab-separated-values"),
    (conneg.GRAPH_TYPES, "application/rdf+xml, text/turtle;q=0.5", None, "application/rdf+xml"),
    (conneg.GRAPH_TYPES, "*/*", None, "text/turtle"),
    (conneg.GRAPH_TYPES, "application/json", None, "application/ld+json"),
    (conneg.GRAPH_TYPES, "text/turtle", "jsonld", "application/ld+json"),
]


@pytest.mark.parametrize("offered,accept,fmt,expected", NEGOTIATION)
def test_choose(offered, accept, fmt, expected):
    assert conneg.choose(offered, accept, fmt) == expected


def test_unknown_format_raises():
    with pytest.raises(conneg.NotAcceptable):
        conneg.choose(conneg.RESULT_TYPES, None, "png")


@pytest.mark.parametrize("accept,html", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
    ("text/turtle", False), ("*/*", False), (None, False),
    ("application/ld+json, text/html;q=0.5", False)])
def test_prefers_html(accept, html):
    assert conneg.prefers_html(accept) is html


# -- safe binding: whatever the value, the query means the same ---------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_literal_binds_as_data(value):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(value), ox.DefaultGraph()))
    query = Q.q("SELECT ?s WHERE { {values} ?s <urn:p> ?v }", v=Literal(value))
    assert [r["s"].value for r in store.query(query)] == ["urn:s"]
    assert len(store) == 1  # nothing but a read happened


@given(st.text(max_size=40))
def test_iris_are_validated(text):
    iri = "http://example.org/" + text
    try:
        Q.check_iri(iri)
    except Q.BadIri:
        return
    assert not any(c in iri for c in '<>"{}|^`\\') and not any(ord(c) <= 0x20 for c in iri)
    assert ox.NamedNode(iri).value == iri  # what we accept, the engine reads as the same IRI


def test_bad_iri_is_refused():
    with pytest.raises(Q.BadIri):
        Q.values(s=URIRef('http://x/> } ; DROP ALL ; <'))


# -- ids ----------------------------------------------------------------------------------------------
def test_ids_round_trip():
    base = "https://d.example/"
    iri = iri_for(base, "albertslund/case/13_13893")
    assert local_id(base, iri) == "albertslund/case/13_13893"
    assert kind_of("albertslund/case/13_13893") == "case"
    assert kind_of("albertslund/meeting/chefforum/2014-05-15") == "meeting"
    assert kind_of("albertslund/meeting/chefforum/2014-05-15/item/3/decision") == "decision"
    assert local_id(base, "http://elsewhere/x") is None


@pytest.mark.parametrize("bad", ["", "a//b", "a/../b", "a/./b", "x y", 'a"b', "a<b", "a\x00b"])
def test_invalid_ids(bad):
    assert not valid_id(bad)
    with pytest.raises(NotFound):
        iri_for("https://d.example/", bad)


# -- the one error shape, also for crashes ---------------------------------------------------------
class _FailingStore:
    """A store whose every read fails the way a bug would (not a StoreError)."""

    def __getattr__(self, name):  # noqa: ANN001, ANN204
        def fail(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
            raise RuntimeError("boom: internal detail that must not leak")
        return fail


def test_crash_is_500_in_the_one_shape(tmp_path):
    from fastapi.testclient import TestClient

    from referatgraf.web.app import create_app
    from referatgraf.settings import Settings

    client = TestClient(create_app(Settings(store=tmp_path / "s"), store=_FailingStore()),
                        raise_server_exceptions=False)
    r = client.get("/api/meetings")
    assert r.status_code == 500
    assert r.json() == {"error": {"status": 500, "title": "Internal Server Error",
                                  "detail": "internal error; the server log has the details"}}
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 500 and "boom" not in r.text
