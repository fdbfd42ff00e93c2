"""The graph pages' reads (read.projection) on the five seeds in a real embedded store, checked
against what the seeds say (case 00.01.00-A00-108-15 is items 2, 7 and 8 of Chefforum on
2016-09-01, item 7 closed; Jette Runchel is recorded as Kommunaldirektør in 2020)."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph_fixtures import SEED_SETTINGS_BASE, seeded_store  # noqa: F401 - fixture
from referatgraf.graph.iris import Minter
from referatgraf.ontology.vocab import BESLUIT, FOAF
from referatgraf.read import projection as read
from referatgraf.read.projection import Selector
from referatgraf.read.projection_example import EXAMPLE, MemorySource
from referatgraf.read.queries import BadIri

MINT = Minter(SEED_SETTINGS_BASE, "Albertslund")
CASE = "00.01.00-A00-108-15"
MEETING = MINT.meeting("Chefforum", "2016-09-01", "09:00")


@pytest.fixture(scope="module")
def case_items(seeded_store) -> list[str]:  # noqa: F811
    return read.select_items(seeded_store, Selector.CASE_ITEMS, MINT.case(CASE))


def test_find_case_and_kle_give_the_minted_iris(seeded_store) -> None:  # noqa: F811
    assert read.find_case(seeded_store, f" {CASE} ") == MINT.case(CASE)
    assert read.find_kle(seeded_store, "00.01") == MINT.kle("00.01")
    assert read.find_case(seeded_store, "99.99.99-X00-1-99") is None
    assert read.find_kle(seeded_store, '00" } ; DROP ALL #') is None


def test_a_case_selects_its_three_items(case_items) -> None:
    assert sorted(case_items) == sorted(MINT.item(MEETING, n) for n in (2, 7, 8))


def test_item_facts_as_the_minutes_write_them(seeded_store, case_items) -> None:  # noqa: F811
    facts = read.item_facts(seeded_store, case_items)
    assert sorted((f.position, f.number, f.closed) for f in facts.values()) == [
        (2, "2", False), (7, "7", True), (8, "8", False)]
    assert all(f.cases == (MINT.case(CASE),) for f in facts.values())
    assert len(facts[MINT.item(MEETING, 8)].attachments) == 2
    assert facts[MINT.item(MEETING, 7)].roles == ()
    kinds = {r.kind for f in facts.values() for r in f.roles}
    assert "proposer" in kinds and kinds <= set(read.ROLE_KINDS.values())


def test_meetings_of_items_and_their_facts(seeded_store, case_items) -> None:  # noqa: F811
    treated_by = read.meetings_of_items(seeded_store, case_items)
    assert set(treated_by) == set(case_items) and all(m == (MEETING,) for m in treated_by.values())
    meeting = read.meeting_facts(seeded_store, [MEETING])[MEETING]
    assert (meeting.date, meeting.body, meeting.body_label, meeting.roles) == (
        "2016-09-01", MINT.body("Chefforum"), "Chefforum", ())


def test_attended_meetings_are_the_meetings_naming_an_actor_in_any_role(seeded_store) -> None:  # noqa: F811
    # The seeds list no attendees, so the body (besluit:isGehoudenDoor) stands in for the role.
    named = read.attended_meetings(seeded_store, MINT.body("Chefforum"))
    assert read.MeetingDate(MEETING, "2016-09-01") in named
    assert read.attended_meetings(seeded_store, MINT.person("Nobody Here")) == []
    example = MemorySource.example()
    assert read.attended_meetings(example, EXAMPLE.person) == [read.MeetingDate(EXAMPLE.meeting, "2021-03-04")]


def test_decisions_and_attachments_of_items(seeded_store, case_items) -> None:  # noqa: F811
    decisions = read.item_decisions(seeded_store, case_items)
    assert decisions[MINT.item(MEETING, 8)] == (
        read.DecisionFacts(MINT.decision(MEETING, 8), "Chefforum tog orienteringen til efterretning"),)
    assert MINT.item(MEETING, 7) not in decisions  # the closed item has none in the minutes
    titles = read.attachment_titles(seeded_store, [MINT.attachment(MEETING, 8, k) for k in (1, 2)])
    assert list(titles.values()) == ["Skab en platform ikke et netværk", "At lede i Albertslund - rettelse"]


def test_case_and_kle_facts(seeded_store) -> None:  # noqa: F811
    case = read.case_facts(seeded_store, [MINT.case(CASE)])[MINT.case(CASE)]
    assert (case.identifier, case.subjects) == (CASE, (MINT.kle("00.01.00"),))
    assert read.kle_facts(seeded_store, case.subjects)[MINT.kle("00.01.00")].notation == "00.01.00"
    assert read.kle_facts(seeded_store, [MINT.case(CASE)]) == {}  # a case is no KLE subject
    links = read.kle_hierarchy(seeded_store, MINT.kle("00.01"))
    assert read.KleLink(MINT.kle("00.01.00"), "00.01.00", MINT.kle("00.01")) in links
    assert all(link.notation is None or link.notation.startswith("00.01") for link in links)


def test_actors_posts_and_dated_memberships(seeded_store) -> None:  # noqa: F811
    jette, post = MINT.person("Jette Runchel"), MINT.post("Kommunaldirektør")
    facts = read.actor_facts(seeded_store, [jette, MINT.body("Chefforum")])
    assert facts[jette] == read.ActorFacts(jette, "person", ("Jette Runchel",))
    assert facts[MINT.body("Chefforum")].kind is None  # a body is drawn as a body, not an actor
    assert read.OrgLink(jette, "holds", post) in read.org_links(seeded_store, [jette])
    assert read.OrgLink(jette, "holds", post) in read.org_links(seeded_store, [post])
    assert {(m.post, m.date[:4]) for m in read.memberships(seeded_store, [jette])} == {(post, "2020")}
    assert read.memberships(seeded_store, []) == set()


def test_lookups_by_kind(seeded_store) -> None:  # noqa: F811
    assert read.exists(seeded_store, MINT.person("Jette Runchel"), FOAF.Person)
    assert not read.exists(seeded_store, MINT.person("Jette Runchel"), BESLUIT.Bestuursorgaan)
    assert read.municipalities(seeded_store) == ["albertslund"]
    assert read.name_of(seeded_store, MINT.body("Chefforum")) == "Chefforum"
    assert read.name_of(seeded_store, MINT.person("Nobody Here")) is None


def test_values_come_in_only_as_validated_terms(seeded_store) -> None:  # noqa: F811
    with pytest.raises(BadIri):
        read.item_facts(seeded_store, [URIRef("https://x/a> } ; DROP ALL ; <https://x/b")])
    assert read.item_facts(seeded_store, []) == {}


def test_the_example_source_reads_like_a_store() -> None:
    source, e = MemorySource.example(), EXAMPLE
    assert read.find_case(source, "00.01.00-A00-7-21") == e.case
    assert read.meeting_facts(source, [e.meeting], with_roles=True)[e.meeting].roles == (
        read.Role("attendee", e.person),)
    assert read.exists(source, e.person, FOAF.Person)
