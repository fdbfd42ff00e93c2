"""index.records names the same items and meetings the graph mapping writes."""

from __future__ import annotations

from conftest import SEED_FILES
from referatgraf.extract import extract
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import graph_iri, map_meeting
from referatgraf.index.records import records_of
from referatgraf.ontology.vocab import BESLUIT, RDF
from referatgraf.parse import parse_file
from referatgraf.settings import Settings


def test_item_and_meeting_iris_are_the_mappings() -> None:
    settings = Settings(municipality="Albertslund")
    minter = Minter(settings.base_iri, settings.municipality)
    for path in SEED_FILES:
        meeting = parse_file(path, municipality="Albertslund")
        extraction = extract(meeting, settings)
        graph = map_meeting(meeting, extraction, minter)
        records = records_of(meeting, extraction, minter, str(graph_iri(meeting, minter)))
        items = {str(s) for s in graph.subjects(RDF.type, BESLUIT.Agendapunt)}
        meetings = {str(m) for m, _ in graph.subject_objects(BESLUIT.behandelt)}
        assert {r.item for r in records} == items
        assert {r.meeting for r in records} == meetings
        assert len(records) == len(meeting.items)
