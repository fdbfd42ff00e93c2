"""Model → RDF mapping: golden graphs (compared by isomorphism), determinism, shared nodes,
provenance, and SHACL conformance. Golden files are generated from the hand-written meetings in
graph_fixtures.py; regenerate with REFERATGRAF_REGEN_GOLDEN=1 after a deliberate change and
review the diff."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import XSD

from conftest import GOLDEN_DIR
from graph_fixtures import BASE, small_meeting
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import graph_iri, map_core, map_meeting, meeting_iri, planned_start
from referatgraf.read.validate import validate_graph
from referatgraf.ontology.vocab import BESLUIT, DCTERMS, PROV, RDF, RDFS, RG, SDO, SKOS

MINTER = Minter(BASE, "Eksempelby")
GOLDEN = GOLDEN_DIR / "graph"
CASES = {"small_referat": lambda: small_meeting("referat"), "small_dagsorden": lambda: small_meeting("dagsorden")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_core_mapping_matches_golden_graph(name: str) -> None:
    graph = map_core(CASES[name](), MINTER)
    path = GOLDEN / f"{name}.ttl"
    if os.environ.get("REFERATGRAF_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    golden = Graph().parse(path, format="turtle")
    if not isomorphic(graph, golden):
        _, only_new, only_golden = graph_diff(to_isomorphic(graph), to_isomorphic(golden))
        pytest.fail(f"mapping differs from {path.name}:\n+ {sorted(only_new)[:10]}\n- {sorted(only_golden)[:10]}")


def test_mapping_is_deterministic_and_has_no_blank_nodes() -> None:
    a = map_meeting(small_meeting(), None, MINTER)
    b = map_meeting(small_meeting(), None, MINTER)
    assert set(a) == set(b)
    assert not any(isinstance(term, BNode) for triple in a for term in triple)


def test_full_mapping_contains_the_core() -> None:
    core = map_core(small_meeting(), MINTER)
    full = map_meeting(small_meeting(), None, MINTER)
    assert set(core) <= set(full)


def test_small_meeting_conforms_to_the_shapes() -> None:
    report = validate_graph(map_meeting(small_meeting(), None, MINTER))
    assert report.conforms, [str(v) for v in report.violations]


def test_shapes_catch_a_broken_item() -> None:
    graph = map_core(small_meeting(), MINTER)
    item = URIRef(MINTER.item(str(meeting_iri(small_meeting(), MINTER)), 1))
    graph.remove((item, BESLUIT.geplandOpenbaar, None))
    graph.add((item, SDO.position, Literal("first")))
    report = validate_graph(graph)
    assert not report.conforms
    paths = {v.path for v in report.violations if v.focus == str(item)}
    assert {str(BESLUIT.geplandOpenbaar), str(SDO.position)} <= paths


def test_openness_is_planned_on_the_item_and_held_on_the_treatment() -> None:
    """LBLOD: an item is besluit:geplandOpenbaar (required), its treatment besluit:openbaar."""
    graph = map_core(small_meeting(), MINTER)
    m = str(meeting_iri(small_meeting(), MINTER))
    items = set(graph.subjects(RDF.type, BESLUIT.Agendapunt))
    assert items and all(graph.value(i, BESLUIT.geplandOpenbaar) is not None for i in items)
    assert not any(graph.value(i, BESLUIT.openbaar) is not None for i in items)
    assert graph.value(URIRef(MINTER.treatment(m, 1)), BESLUIT.openbaar) == Literal(True)
    item = URIRef(MINTER.item(m, 1))
    graph.add((item, BESLUIT.openbaar, Literal(True)))
    report = validate_graph(graph)
    assert not report.conforms
    assert {(v.focus, v.path) for v in report.violations} == {(str(item), str(BESLUIT.openbaar))}


def test_source_format_is_the_iana_media_type_iri() -> None:
    """dct:format ranges over dct:MediaTypeOrExtent: an IRI (IANA's), never the string."""
    meeting = small_meeting()
    graph = map_core(meeting, MINTER)
    doc = URIRef(MINTER.document(meeting.source.sha256))
    media = graph.value(doc, DCTERMS.format)
    assert media == URIRef("http://www.iana.org/assignments/media-types/" + meeting.source.media_type)
    assert (media, RDF.type, DCTERMS.MediaType) in graph
    graph.set((doc, DCTERMS.format, Literal(meeting.source.media_type)))
    report = validate_graph(graph)
    assert not report.conforms and {v.path for v in report.violations} == {str(DCTERMS.format)}


def test_meeting_place_is_a_prov_location_with_its_name() -> None:
    """prov:atLocation ranges over prov:Location: a node (shared by the municipality's meetings
    held there) with the name as written, never the string itself."""
    meeting = small_meeting()
    graph = map_core(meeting, MINTER)
    node = meeting_iri(meeting, MINTER)
    place = graph.value(node, PROV.atLocation)
    assert place == URIRef(MINTER.place("Mødelokale 7")) and (place, RDF.type, PROV.Location) in graph
    assert graph.value(place, RDFS.label) == Literal("Mødelokale 7") == graph.value(place, SDO.name)
    graph.set((node, PROV.atLocation, Literal("Mødelokale 7")))
    report = validate_graph(graph)
    assert not report.conforms and {v.path for v in report.violations} == {str(PROV.atLocation)}


DANISH_TEXT = (DCTERMS.title, RG.rawTitle, RG.heading, RG.text, PROV.value)


def test_danish_text_is_tagged_da_and_names_and_codes_are_not() -> None:
    graph = map_core(small_meeting(), MINTER)
    texts = [o for p in DANISH_TEXT for o in graph.objects(None, p)]
    assert len(texts) > 10 and all(isinstance(o, Literal) and o.language == "da" for o in texts)
    plain = [o for p in (SKOS.prefLabel, RG.itemNumber, RG.sectionKind, DCTERMS.identifier, RG.decisionBody)
             for o in graph.objects(None, p) if not str(o) == "KLE"]
    assert plain and all(o.language is None for o in plain)
    item = URIRef(MINTER.item(str(meeting_iri(small_meeting(), MINTER)), 1))
    graph.set((item, DCTERMS.title, Literal(str(graph.value(item, DCTERMS.title)))))
    report = validate_graph(graph)
    assert {(v.focus, v.path) for v in report.violations} == {(str(item), str(DCTERMS.title))}


def test_agenda_and_minutes_of_one_meeting_share_iris_and_graph() -> None:
    agenda, minutes = small_meeting("dagsorden", sha="cd" * 32), small_meeting("referat")
    assert graph_iri(agenda, MINTER) == graph_iri(minutes, MINTER)
    items_a = set(map_core(agenda, MINTER).subjects(RDF.type, BESLUIT.Agendapunt))
    items_m = set(map_core(minutes, MINTER).subjects(RDF.type, BESLUIT.Agendapunt))
    assert items_a == items_m and len(items_a) == 3


def test_same_case_and_kle_subject_in_two_meetings_is_one_node() -> None:
    g1 = map_core(small_meeting(day=3), MINTER)
    g2 = map_core(small_meeting(day=10, sha="ef" * 32), MINTER)
    cases1, cases2 = set(g1.subjects(RDF.type, RG.Case)), set(g2.subjects(RDF.type, RG.Case))
    assert cases1 == cases2 and len(cases1) == 2
    union = g1 + g2
    case = URIRef(MINTER.case("00.01.00-A00-7-21"))
    assert len(set(union.subjects(RG.case, case))) == 2  # its history: one item per meeting


def test_kle_hierarchy_goes_up_to_the_main_group() -> None:
    g = map_core(small_meeting(), MINTER)
    chain, node = [], URIRef(MINTER.kle("00.01.00"))
    while node is not None:
        chain.append(str(g.value(node, SKOS.notation)))
        node = g.value(node, SKOS.broader)
    assert chain == ["00.01.00", "00.01", "00"]
    assert (URIRef(MINTER.kle("00")), SKOS.topConceptOf, URIRef(MINTER.kle_scheme())) in g


def test_every_node_read_from_text_cites_document_and_lines() -> None:
    meeting = small_meeting()
    g = map_core(meeting, MINTER)
    doc = URIRef(MINTER.document(meeting.source.sha256))
    derived = [s for cls in (BESLUIT.Agendapunt, BESLUIT.Besluit, BESLUIT.BehandelingVanAgendapunt, RG.Section,
                             RG.Recommendation, RG.RecommendationPoint, RG.PointAnswer)
               for s in g.subjects(RDF.type, cls)] + list(g.objects(None, RG.attachment))
    assert len(derived) == 3 + 3 + 2 + 1 + 1 + 2 + 1 + 2
    for node in derived:
        assert g.value(node, PROV.wasDerivedFrom) == doc, node
        first, last = g.value(node, RG.firstLine).toPython(), g.value(node, RG.lastLine).toPython()
        assert 1 <= first <= last <= meeting.source.line_count, node
    assert str(g.value(doc, RG.sha256)) == meeting.source.sha256


def test_closed_item_is_not_public_and_decisions_keep_body_and_date() -> None:
    meeting = small_meeting()
    g = map_core(meeting, MINTER)
    m = str(meeting_iri(meeting, MINTER))
    assert g.value(URIRef(MINTER.item(m, 2)), BESLUIT.geplandOpenbaar) == Literal(False)
    assert g.value(URIRef(MINTER.item(m, 1)), BESLUIT.geplandOpenbaar) == Literal(True)
    second = URIRef(MINTER.decision(m, 3, 2))
    assert str(g.value(second, RG.decisionBody)) == "Testudvalget"
    assert g.value(second, RG.decisionDate) == Literal("2021-03-03", datatype=XSD.date)
    assert str(g.value(URIRef(MINTER.attachment(m, 1, 2)), DCTERMS.title)) == "Bilag B - økonomi"


@pytest.mark.parametrize(("date", "clock", "expected"), [
    (dt.date(2014, 5, 15), "09:00", Literal("2014-05-15T09:00:00+02:00", datatype=XSD.dateTime)),
    (dt.date(2020, 1, 29), "13.15", Literal("2020-01-29T13:15:00+01:00", datatype=XSD.dateTime)),
    (dt.date(2020, 1, 29), "9:5", Literal("2020-01-29T09:05:00+01:00", datatype=XSD.dateTime)),
    # the last Sunday of March and of October: the offset is the day's own
    (dt.date(2021, 3, 28), "14:00", Literal("2021-03-28T14:00:00+02:00", datatype=XSD.dateTime)),
    (dt.date(2021, 10, 31), "14:00", Literal("2021-10-31T14:00:00+01:00", datatype=XSD.dateTime)),
    (dt.date(2016, 9, 1), None, None),
    (dt.date(2016, 9, 1), "24:00", None),
])
def test_planned_start(date: dt.date, clock: str | None, expected: Literal | None) -> None:
    assert planned_start(date, clock) == expected
    if expected is not None:
        assert str(planned_start(date, clock)) == str(expected)  # the lexical form, offset included


def test_meeting_without_a_start_time_has_a_date_and_no_planned_start() -> None:
    """besluit:geplandeStart ranges over xsd:dateTime: only written when a time is known."""
    meeting = small_meeting().model_copy(update={"start_time": None})
    graph = map_core(meeting, MINTER)
    node = meeting_iri(meeting, MINTER)
    assert graph.value(node, BESLUIT.geplandeStart) is None
    assert graph.value(node, DCTERMS.date) == Literal("2021-03-03", datatype=XSD.date)
    assert validate_graph(graph).conforms
    graph.add((node, BESLUIT.geplandeStart, Literal("2021-03-03", datatype=XSD.date)))
    graph.add((URIRef(MINTER.item(str(node), 1)), RG.plannedStart, Literal("2021-03-03T10:15:00", datatype=XSD.dateTime)))
    report = validate_graph(graph)
    assert {v.path for v in report.violations} == {str(BESLUIT.geplandeStart), str(RG.plannedStart)}


def test_a_region_is_an_authority_of_its_own_kind() -> None:
    """Regions publish minutes too (Regionsrådet, Forretningsudvalget): the authority setting
    decides the class; the IRI is the authority's slug either way."""
    from rdflib import Graph

    from referatgraf.graph.iris import Minter
    from referatgraf.graph.mapping import map_core
    from referatgraf.ontology.vocab import RDF, RG

    meeting = small_meeting().model_copy(update={"municipality": "Region Hovedstaden"})
    minter = Minter("https://example.org/", "Region Hovedstaden")
    g: Graph = map_core(meeting, minter)
    authority = next(g.subjects(RDF.type, RG.Authority))
    assert str(authority) == "https://example.org/id/region-hovedstaden"
    assert (authority, RDF.type, RG.Region) in g and (authority, RDF.type, RG.Municipality) not in g
