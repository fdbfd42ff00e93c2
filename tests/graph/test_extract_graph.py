"""graph.mentions on the seeds: actors, roles, holdings and references as valid, linked RDF."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from referatgraf.extract import extract
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import map_meeting
from referatgraf.read.validate import validate_graph
from referatgraf.ontology.vocab import RG, sparql_prologue

BASE = "https://example.org/"


@pytest.fixture(scope="module")
def union(seed_meetings) -> Graph:
    minter, graph = Minter(BASE, "Albertslund"), Graph()
    for meeting in seed_meetings.values():
        graph += map_meeting(meeting, extract(meeting), minter)
    return graph


def _select(graph: Graph, query: str, **bindings) -> list[tuple]:
    return [tuple(row) for row in graph.query(sparql_prologue() + query, initBindings=bindings)]


def test_union_of_seed_graphs_passes_the_shapes(union):
    report = validate_graph(union)
    assert report.conforms, [str(v) for v in report.violations[:10]]


def test_mie_thorup_links_2016_and_2017(union):
    person = URIRef(Minter(BASE, "Albertslund").person("Mie Thorup"))
    rows = _select(union, """
        SELECT DISTINCT ?date WHERE {
          ?mention rg:mentionOf ?person ; dct:isPartOf ?item .
          ?meeting besluit:behandelt ?item ; dct:date ?date .
        } ORDER BY ?date""", person=person)
    assert [str(r[0]) for r in rows] == ["2016-09-01", "2017-06-01"]


def test_lars_lundmann_links_2017_and_2020(union):
    person = URIRef(Minter(BASE, "Albertslund").person("Lars Lundmann"))
    rows = _select(union, """
        SELECT DISTINCT ?date WHERE {
          ?meeting besluit:behandelt ?item ; dct:date ?date . ?item rg:mentions ?person .
        } ORDER BY ?date""", person=person)
    assert [str(r[0]) for r in rows] == ["2017-06-01", "2020-01-29"]


def test_every_item_proposer_is_a_post_or_department(union, seed_meetings):
    rows = _select(union, """
        SELECT ?item ?label WHERE {
          ?item rg:proposer ?p . ?p skos:prefLabel ?label .
          FILTER EXISTS { { ?p a org:Post } UNION { ?p a org:OrganizationalUnit } }
        }""")
    expected = sum(1 for m in seed_meetings.values() for i in m.items
                   if i.recommendation and i.recommendation.proposer)
    assert len({r[0] for r in rows}) == expected
    assert ("Chef for Økonomi & Stab",) in {(str(r[1]),) for r in rows}


def test_post_holding_is_a_dated_membership(union):
    rows = _select(union, """
        SELECT ?name ?post ?date WHERE {
          ?m a org:Membership ; org:member ?p ; org:role ?r ; dct:date ?date .
          ?p foaf:name ?name . ?r skos:prefLabel ?post .
        } ORDER BY ?date""")
    assert [(str(a), str(b), str(c)) for a, b, c in rows] == [
        ("Lene Paulli", "Sikkerhedskoordinator", "2019-01-17"),
        ("Jette Runchel", "Kommunaldirektør", "2020-01-29")]


def test_memberships_and_posts_name_an_org_role_never_a_post(union):
    """ORG: org:role ranges over org:Role; a post is org:role its role, which memberships name."""
    roles = _select(union, "SELECT DISTINCT ?x ?r WHERE { ?x org:role ?r }")
    assert roles
    typed = {str(r[0]) for r in _select(union, "SELECT DISTINCT ?r WHERE { ?r a org:Role }")}
    posts = {str(r[0]) for r in _select(union, "SELECT DISTINCT ?p WHERE { ?p a org:Post }")}
    assert {str(r[1]) for r in roles} <= typed and not typed & posts
    holders = _select(union, """
        SELECT ?name ?post WHERE { ?m a org:Membership ; org:member ?p ; org:role ?r .
          ?post a org:Post ; org:role ?r ; skos:prefLabel ?postName . ?p org:holds ?post ; foaf:name ?name }""")
    assert ("Jette Runchel",) in {(str(r[0]),) for r in holders}


def test_reference_to_an_ingested_meeting_meets_its_node(union):
    """2017 refers to "chefforums møde d. 1. september 2016": the day's IRI, which the 2016
    meeting (its own IRI carries its start time) is ``rg:referencedAs``."""
    rows = _select(union, """
        SELECT ?from ?date WHERE {
          ?from rg:refersToMeeting ?day . ?to rg:referencedAs ?day ; rg:documentKind ?kind ; dct:date ?date .
          ?m besluit:behandelt ?from ; dct:date ?fromDate .
        }""")
    item_2017 = {str(r[0]) for r in rows if "/2017-06-01/" in str(r[0]) and str(r[0]).endswith("/item/2")}
    assert item_2017 and {str(r[1]) for r in rows if str(r[0]) in item_2017} == {"2016-09-01"}


def test_stub_meetings_have_body_and_date(union):
    rows = _select(union, """
        SELECT ?m ?body ?date WHERE { ?m a rg:ReferencedMeeting ; besluit:isGehoudenDoor ?body ; dct:date ?date
                                      FILTER NOT EXISTS { ?m a besluit:Zitting } }""")
    assert len(rows) >= 20
    assert all(isinstance(r[2], Literal) for r in rows)
    assert _select(union, "SELECT ?m WHERE { ?m rg:stub ?flag }") == []  # no longer written


def test_mentions_carry_provenance(union):
    rows = _select(union, """
        SELECT (COUNT(?m) AS ?n) WHERE {
          ?m a rg:Mention . FILTER NOT EXISTS { ?m rg:line ?l ; rg:startOffset ?s ; rg:endOffset ?e ;
                                                    prov:wasDerivedFrom ?doc ; dct:isPartOf ?where }
        }""")
    assert int(rows[0][0]) == 0
    assert len(set(union.subjects(predicate=RG.mentionText))) > 400


def test_same_document_gives_the_same_triples(seed_meetings):
    meeting = next(iter(seed_meetings.values()))
    minter = Minter(BASE, "Albertslund")
    first = map_meeting(meeting, extract(meeting), minter)
    second = map_meeting(meeting, extract(meeting), minter)
    assert set(first) == set(second)
