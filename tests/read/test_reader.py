"""The read core on the five seeds: one call per resource gives its kind (from rdf:type) and typed
data; bodies, KLE concepts, search, descriptions and the one actor listing read the same store
the API and the pages serve; read errors carry no HTTP and web.errors maps them in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from graph_fixtures import SEED_SETTINGS_BASE as BASE
from graph_fixtures import seeded_store  # noqa: F401 - fixture
from referatgraf.read.actors import KINDS, actor_index, actors_page, list_actors
from referatgraf.read.search import search_result
from referatgraf.read.errors import BadId, NotFound, ReadError
from referatgraf.read.ids import iri_for
from referatgraf.read.reader import Reader
from referatgraf.read.resource import kind_from_types, read_resource
from referatgraf.read.schemas import (ActorDetail, BodyDetail, CaseHistory, ItemDetail, KleConcept,
                                      MeetingDetail)


@pytest.fixture(scope="module")
def reader(seeded_store) -> Reader:  # noqa: F811
    return Reader(seeded_store, BASE)


@pytest.fixture(scope="module")
def meeting(reader) -> MeetingDetail:
    first = reader.meetings(None, None, None, None, 1, 0).meetings[0]
    return reader.meeting(first.iri)


@pytest.fixture(scope="module")
def case_history(reader) -> CaseHistory:
    """A case filed under a KLE subject."""
    for summary in reader.meetings(None, None, None, None, 100, 0).meetings:
        for item in reader.meeting(summary.iri).items:
            if item.case and (history := reader.case_history(item.case.label)).kle:
                return history
    pytest.fail("no case of the seeds has a KLE subject")


def test_a_meeting_reads_as_a_meeting(reader, meeting):
    resource = read_resource(reader, meeting.iri)
    assert resource.kind == "meeting"
    assert isinstance(resource.data, MeetingDetail)
    assert resource.data == meeting
    assert resource.links and resource.id == meeting.id


def test_an_item_reads_as_an_item(reader, meeting):
    resource = read_resource(reader, meeting.items[0].iri)
    assert resource.kind == "item" and isinstance(resource.data, ItemDetail)
    assert resource.data.meeting.iri == meeting.iri


def test_a_case_reads_its_history_in_one_call(reader, meeting):
    item = next(i for i in meeting.items if i.case)
    resource = read_resource(reader, item.case.iri)
    assert resource.kind == "case" and isinstance(resource.data, CaseHistory)
    assert resource.data.case_number == item.case.label
    assert item.iri in {e.item.iri for e in resource.data.events}
    dates = [e.date for e in resource.data.events]
    assert dates == sorted(dates)


def test_a_body_lists_its_meetings_in_date_order(reader, meeting):
    resource = read_resource(reader, meeting.body.iri)
    assert resource.kind == "body" and isinstance(resource.data, BodyDetail)
    body = resource.data
    assert body.label == meeting.body.label
    listed = {m.iri: m for m in body.meetings}
    assert listed[meeting.iri].item_count == len(meeting.items)
    assert [m.date for m in body.meetings] == sorted(m.date for m in body.meetings)
    assert body.meetings == reader.body(meeting.body.iri, body.label).meetings


def test_a_kle_concept_has_its_cases(reader, case_history):
    resource = read_resource(reader, case_history.kle.iri)
    assert resource.kind == "kle" and isinstance(resource.data, KleConcept)
    concept = resource.data
    assert concept.notation == case_history.kle.label
    assert case_history.cases[0].iri in {c.case.iri for c in concept.cases}
    if concept.broader:
        broader = reader.kle(concept.broader.iri)
        assert concept.iri in {n.iri for n in broader.narrower}


@pytest.mark.parametrize("kind", ["person", "department"])
def test_an_actor_reads_as_its_kind(reader, kind):
    first = actors_page(reader, kind, 1, 0).items[0]
    resource = read_resource(reader, first.iri)
    assert resource.kind == kind and isinstance(resource.data, ActorDetail)
    assert resource.data.meeting_count == first.meeting_count
    assert resource.data.kind == kind


def test_unknown_resources_read_as_none(reader):
    assert read_resource(reader, f"{BASE}id/albertslund/meeting/chefforum/1900-01-01") is None
    assert reader.kle(f"{BASE}id/kle/99.99") is None
    assert reader.describe(f"{BASE}id/albertslund/case/nothing") == []


def test_kind_comes_from_the_type_not_the_iri():
    assert kind_from_types(["http://data.vlaanderen.be/ns/besluit#Agendapunt"]) == "item"
    assert kind_from_types(["http://www.w3.org/ns/org#OrganizationalUnit",
                            "http://www.w3.org/ns/org#Organization"]) == "department"
    assert kind_from_types(["https://example.org/Other"]) == "resource"


def test_describe_gives_the_triples_about_a_resource(reader, case_history):
    case = case_history.cases[0].iri
    triples = reader.describe(case)
    assert any(t.subject.value == case for t in triples)
    assert any(t.object.value == case for t in triples)  # the items that treat it


def test_search_reads_typed_hits(reader, seeded_store, tmp_path):  # noqa: F811
    from index_fixtures import built_index
    from referatgraf.read.search import make_request
    from referatgraf.settings import Settings

    index = built_index(seeded_store, Settings(store=tmp_path / "s", index=tmp_path / "i"))
    result = search_result(index, reader.base, make_request("OEKONOMI", limit=5))
    assert result.total >= 1 and len(result.hits) <= 5
    assert all(h.item.id and h.meeting.id for h in result.hits)
    assert result.hits == search_result(index, reader.base, make_request("økonomi", limit=5)).hits
    assert search_result(index, reader.base, make_request("zzzqqqxxx", limit=5)).total == 0
    index.close()


def test_one_actor_listing_serves_api_and_cli(reader, seeded_store):  # noqa: F811
    people = actor_index(reader, "person")
    assert people == actors_page(reader, "person", 10_000, 0).items
    rows = list_actors(seeded_store, "person")
    mentioned = {a.iri: a for a in people if a.mentions}
    assert {r.iri for r in rows} == set(mentioned)
    for r in rows:
        assert r.name == mentioned[r.iri].label
        assert r.meetings == [d.isoformat() for d in mentioned[r.iri].mentioned_on]
    assert [r.mentions for r in rows] == sorted((r.mentions for r in rows), reverse=True)
    assert all(isinstance(d, dt.date) for a in people for d in a.mentioned_on)


def test_every_listed_kind_reads(reader):
    for kind in KINDS:
        assert all(a.kind == kind for a in actor_index(reader, kind))


def test_read_errors_say_what_without_http(reader):
    with pytest.raises(NotFound):
        iri_for(BASE, "a/../b")
    with pytest.raises(BadId):
        actor_index(reader, "people")
    assert issubclass(NotFound, ReadError) and issubclass(BadId, ReadError)


def test_web_maps_read_errors_to_statuses():
    from referatgraf.web.errors import read_status

    assert read_status(NotFound("x")) == 404
    assert read_status(BadId("x")) == 400


def test_size_counts_the_store(reader, seeded_store):  # noqa: F811
    assert reader.size() == (seeded_store.triple_count(), len(seeded_store.graphs()))
