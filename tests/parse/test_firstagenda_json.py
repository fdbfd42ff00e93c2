"""The FirstAgenda publication JSON reader on the real Greve corpus and on edge cases written
here (invented, in the portal's shape): errors name file and line, meetings keep their identity,
and the case histories of the most-treated cases reach every meeting that treated them."""

from __future__ import annotations

import collections
import copy
import json
from pathlib import Path

import pytest

from referatgraf.store.embedded import EmbeddedStore
from referatgraf.ingest.pipeline import ingest_paths
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import meeting_iri
from referatgraf.parse import parse_bytes
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.settings import Settings

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "firstagenda-json"
FILES = sorted(CORPUS.glob("*.json"))
SETTINGS = Settings(municipality="Greve", base_iri="https://example.org/")


def meeting_json(**moede: object) -> dict:
    """A small meeting in the portal's shape (invented content)."""
    return {
        "Id": "11111111-2222-3333-4444-555555555555",
        "Udvalg": {"Id": "x", "Navn": "Kulturudvalget"},
        "Moede": {"MeetingBeginUtc": "2024-05-06T17:00:00+02:00", "Sted": "Mødelokale 3", "Navn": "Dagsorden",
                  "Moededeltagere": [{"Name": "Anna Berg", "Absent": False, "ParticipationCancelled": False},
                                     {"Name": "Bo Holm", "Absent": True, "ParticipationCancelled": False}],
                  **moede},
        "Dagsordenpunkter": [
            {"Punktnummer": "1", "Sorting": 1, "Navn": "Godkendelse af dagsorden", "SagsNummer": "",
             "Felter": [{"Html": "<div id='sagsfremstillingContainer'><h3>Fremstilling</h3>"
                                 "<span class='ukendt'><h4>Resume</h4><p>Dagsordenen.</p></span></div>"}],
             "Bilag": [], "ExternalAgendaItemAttendees": []},
            {"Punktnummer": "2", "Sorting": 2, "Navn": "Nyt bibliotek", "SagsNummer": "24-001234",
             "Felter": [{"Html": "<div id='sagsfremstillingContainer'><h3>Fremstilling</h3><span class='ukendt'>"
                                 "<h4>Indstilling</h4><p>Administrationen indstiller, at</p><ol><li>A</li><li>B</li>"
                                 "</ol></span><h3>Sagens forløb</h3><span class='sagsforloeb'><u>10-04-2024 "
                                 "Økonomiudvalget</u><br><p>Anbefalet.</p></span></div>"}],
             "Bilag": [{"Id": "b", "Navn": "Bilag 1 Tegninger", "Order": 0, "HarPdfVersion": "true"}],
             "ExternalAgendaItemAttendees": []},
        ],
    }


def parse(doc: dict, name: str = "m.json"):
    return parse_bytes(json.dumps(doc, ensure_ascii=False, indent=2).encode(), name)


def test_small_meeting_reads_every_field() -> None:
    m = parse(meeting_json())
    assert (m.body, m.date.isoformat(), m.start_time, m.location, m.kind, m.report.layout) == \
        ("Kulturudvalget", "2024-05-06", "17:00", "Mødelokale 3", "dagsorden", "firstagenda-json")
    assert [(a.name, a.status) for a in m.attendance] == [("Anna Berg", "present"), ("Bo Holm", "absent")]
    item = m.items[1]
    assert (item.number, item.order, item.case_numbers, [a.title for a in item.attachments]) == \
        ("2", 2, ["24-001234"], ["Bilag 1 Tegninger"])
    assert item.recommendation.proposer == "Administrationen" and len(item.recommendation.points) == 2
    assert [(h.date.isoformat(), h.body, h.decision) for h in item.history] == \
        [("2024-04-10", "Økonomiudvalget", "Anbefalet.")]
    assert m.items[0].lines[0] < m.items[0].lines[1] < item.lines[0]  # each item keeps its own lines


def test_items_follow_sorting_not_array_order() -> None:
    doc = meeting_json()
    doc["Dagsordenpunkter"].reverse()
    assert [i.number for i in parse(doc).items] == ["1", "2"]


def test_a_case_number_in_no_known_form_names_file_and_line() -> None:
    doc = meeting_json()
    doc["Dagsordenpunkter"][1]["SagsNummer"] = "not-a-case"
    with pytest.raises(ParseError) as err:
        parse(doc, "bad.json")
    assert "bad.json:" in str(err.value) and "'not-a-case'" in str(err.value) and err.value.line


@pytest.mark.parametrize("drop", ["Moede", "Udvalg"])
def test_items_without_meeting_or_body_are_refused(drop: str) -> None:
    doc = meeting_json()
    del doc[drop]
    with pytest.raises(UnrecognisedLayout) as err:
        parse(doc)
    assert "firstagenda-json" in str(err.value)


def test_missing_date_is_an_error_naming_what_was_expected() -> None:
    doc = meeting_json(MeetingBeginUtc=None)
    with pytest.raises(ParseError, match="MeetingBeginUtc"):
        parse(doc)


def test_two_meetings_of_one_body_on_one_day_stay_apart_and_minutes_replace_the_agenda() -> None:
    minter = Minter("https://example.org/", "Greve")
    morning, evening = parse(meeting_json(MeetingBeginUtc="2024-05-06T08:00:00+02:00")), parse(meeting_json())
    assert meeting_iri(morning, minter) != meeting_iri(evening, minter)
    minutes_doc = meeting_json()
    minutes_doc["Dagsordenpunkter"][0]["Felter"][0]["Html"] = "<div><h3>Beslutning</h3><span>Godkendt.</span></div>"
    minutes = parse(minutes_doc)
    assert minutes.kind == "referat" and meeting_iri(minutes, minter) == meeting_iri(evening, minter)


def test_participants_are_never_read_as_items() -> None:
    """The general JSON reader once took the participant list for the agenda."""
    for path in FILES:
        m = parse_bytes(path.read_bytes(), path.name)
        names = {a.name for a in m.attendance}
        assert m.report.layout == "firstagenda-json"
        assert not names & {i.title for i in m.items}, path.name


@pytest.fixture(scope="module")
def greve_store(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(tmp_path_factory.mktemp("greve") / "store")
    summary = ingest_paths(FILES, store, SETTINGS)
    yield store, summary
    store.close()


def test_every_greve_meeting_ingests(greve_store) -> None:
    _store, summary = greve_store
    assert summary.failures == [] and summary.meetings == len(FILES) == 80


def test_the_ten_most_treated_cases_reach_every_meeting_that_treated_them(greve_store) -> None:
    """Counted from the JSON itself (not from the reader): for each case number, the meetings
    whose items carry it; the store's items of that case must come from exactly those meetings."""
    store, _ = greve_store
    treated: dict[str, set[str]] = collections.defaultdict(set)
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["Dagsordenpunkter"]:
            if item["SagsNummer"].strip():
                treated[item["SagsNummer"].strip()].add(data["Moede"]["MeetingBeginUtc"][:10])
    top = sorted(treated, key=lambda c: (-len(treated[c]), c))[:10]
    minter = Minter(SETTINGS.base_iri, "Greve")
    for case in top:
        rows = store.select(
            "PREFIX rg: <https://w3id.org/referatgraf/ns#> PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> "
            "PREFIX dct: <http://purl.org/dc/terms/> SELECT DISTINCT ?date WHERE { "
            f"?item rg:case <{minter.case(case)}> . ?m besluit:behandelt ?item ; dct:date ?date }}")
        assert {str(r["date"]) for r in rows} == treated[case], case


def test_sagens_forloeb_links_earlier_treatments_to_ingested_meetings(greve_store) -> None:
    """An earlier treatment names a body and a day; where that meeting is ingested, the day's IRI
    is the one the real meeting is rg:referencedAs (or the meeting itself)."""
    store, _ = greve_store
    rows = store.select(
        "PREFIX rg: <https://w3id.org/referatgraf/ns#> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT DISTINCT ?t ?real WHERE { ?t a rg:EarlierTreatment ; rg:refersToMeeting ?day . "
        "?real rg:referencedAs ?day ; rg:documentKind ?k }")
    assert len({str(r["t"]) for r in rows}) >= 50


def test_edge_case_documents_are_not_changed_by_parsing() -> None:
    doc = meeting_json()
    before = copy.deepcopy(doc)
    parse(doc)
    assert doc == before


@pytest.mark.parametrize("doc", [
    {"Moede": {"Moededeltagere": [{"Name": "Anna Berg"}, {"Name": "Bo Holm"}]}, "Udvalg": {"Navn": "X"}},
    {"foo": [{"bar": 1}]},
    [1, 2, 3],
], ids=["participants-without-items", "other-shape", "a-list"])
def test_json_of_other_shapes_is_refused_and_nothing_is_stored(tmp_path: Path, doc: object) -> None:
    """The participants of a meeting must never come out as its agenda (as they once did)."""
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    try:
        summary = ingest_paths([path], store, SETTINGS)
        assert summary.documents == [] and len(summary.failures) == 1
        assert "other.json" in summary.failures[0].message and "unrecognised layout" in summary.failures[0].message
        assert store.graphs() == []
    finally:
        store.close()


def test_case_history_lists_earlier_treatments_linked_to_ingested_meetings(greve_store) -> None:
    """For the ten most-treated cases: each earlier treatment an item lists whose body and day
    name a meeting in the corpus (read from the JSON, not the reader) links to that meeting."""
    from referatgraf.read.reader import Reader

    store, _ = greve_store
    held: set[tuple[str, str]] = set()
    counts: collections.Counter[str] = collections.Counter()
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        held.add((data["Udvalg"]["Navn"], data["Moede"]["MeetingBeginUtc"][:10]))
        counts.update({i["SagsNummer"].strip() for i in data["Dagsordenpunkter"] if i["SagsNummer"].strip()})
    reader = Reader(store, SETTINGS.base_iri)
    linked = 0
    for case, _n in counts.most_common(10):
        history = reader.case_history(case)
        assert history is not None and history.events, case
        for earlier in history.earlier:
            if (earlier.body, earlier.date.isoformat()) in held:
                assert earlier.meeting is not None, (case, earlier)
                assert f"/{earlier.date.isoformat()}/" in earlier.meeting.iri
                linked += 1
    assert linked >= 10


def test_one_stray_control_byte_is_a_warning_not_a_refusal() -> None:
    doc = meeting_json()
    doc["Dagsordenpunkter"][1]["Navn"] = "Nyt\x01bibliotek"
    raw = json.dumps(doc, ensure_ascii=False, indent=2).replace("\\u0001", "\x01").encode()  # the raw byte
    assert b"\x01" in raw
    m = parse_bytes(raw, "stray.json")
    assert m.items[1].title == "Nyt bibliotek"
    assert [w.code for w in m.report.warnings if w.code == "control-character"] == ["control-character"]


def test_a_portal_that_names_each_field_and_gives_utc_times() -> None:
    """Other portals split an item into named fields (``Felter[].Navn``), give plain ``Tekst``
    and UTC timestamps; the reader takes the field names as headings and shows Danish time."""
    doc = meeting_json(MeetingBeginUtc="2024-01-15T16:30:00Z")
    doc["Dagsordenpunkter"][1]["Felter"] = [
        {"Navn": "Resume", "Html": "<p>Et nyt bibliotek.</p>"},
        {"Navn": "Indstilling", "Tekst": "Administrationen indstiller, at\n\n1. A godkendes\n\n2. B godkendes"},
        {"Navn": "Beslutning", "Html": "<p>Godkendt.</p><p>Afbud: Bo Holm</p>"},
    ]
    m = parse(doc)
    item = m.items[1]
    assert m.start_time == "17:30" and m.date.isoformat() == "2024-01-15"  # CET in January
    assert [s.heading for s in item.sections] == ["Resume", "Indstilling", "Beslutning"]
    assert item.recommendation.proposer == "Administrationen" and len(item.recommendation.points) == 2
    assert item.decision.text.startswith("Godkendt.") and [(a.name, a.reason) for a in item.attendance] == [("Bo Holm", "Afbud")]
    assert m.kind == "referat"


@pytest.mark.parametrize("path", FILES[:3], ids=lambda p: p.name)
def test_compact_json_reads_as_the_pretty_printed_file(path: Path) -> None:
    """The portal may serve its JSON on one line: the same meeting, every fact on line 1."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pretty = parse_bytes(path.read_bytes(), path.name)
    compact = parse_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), path.name)
    assert [(i.number, i.title, i.cases) for i in compact.items] == [(i.number, i.title, i.cases) for i in pretty.items]
    assert [(a.name, a.status) for a in compact.attendance] == [(a.name, a.status) for a in pretty.attendance]
    assert compact.attendance and {a.line for a in compact.attendance} == {1}
