"""SBSYS eDagsorden publication XML (bare and in its zip) and Word-made minutes: the real
documents in ../shared/corpus beyond their expected-facts files, the zip SBSYS ships, invented
edge cases, and sniffing that never ties with the other layouts."""

from __future__ import annotations

import doctest
import importlib
import io
import zipfile
from pathlib import Path

import pytest

from referatgraf.parse import layouts, parse_bytes, parse_file, parse_text
from referatgraf.parse.checks import check_numbering
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.facts import meeting_facts
from referatgraf.parse.reader import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SBSYS = CORPUS / "sbsys" / "ballerup_kmb-it-udvalget_2013-05-15_dagsorden.xml"
WORD_PDF = CORPUS / "other" / "aarhus_it-moedesystemgruppen_2016-10-06_referat.pdf"
WORD_XML = CORPUS / "other" / "aarhus_it-moedesystemgruppen_2016-10-06_referat.xml"
REAL = [SBSYS, WORD_PDF, WORD_XML]

needs_corpus = pytest.mark.skipif(not SBSYS.exists(), reason="../shared/corpus not available")

MODULES = ["referatgraf.parse.sbsys.archive", "referatgraf.parse.sbsys.xml", "referatgraf.parse.sbsys.fields",
           "referatgraf.parse.sbsys.members", "referatgraf.parse.layouts.sbsys_xml",
           "referatgraf.parse.word.header", "referatgraf.parse.word.items", "referatgraf.parse.layouts.word_minutes"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


# -- the real documents -------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize(("path", "layout"), [(SBSYS, "sbsys-xml"), (WORD_XML, "sbsys-xml"),
                                              (WORD_PDF, "word-minutes")], ids=lambda v: getattr(v, "name", v))
def test_each_real_document_is_claimed_by_its_reader_alone(path: Path, layout: str) -> None:
    source = read_path(path)
    scores = {name: layouts.get(name).sniff(source) for name in layouts.names()}
    assert scores[layout] > 0.8
    assert all(score == 0 for name, score in scores.items() if name != layout), scores
    assert parse_file(path).report.layout == layout


@needs_corpus
def test_sbsys_agenda_beyond_its_facts() -> None:
    m = parse_file(SBSYS)
    assert (m.kind, m.system_id, m.title, m.source.media_type) == ("dagsorden", "26", "KMB IT-udvalget", "application/xml")
    assert m.report.listed_items == len(m.items) == 5 and not m.report.warnings
    assert all(i.cases == [] and not i.decisions and not i.closed for i in m.items)
    assert all(a.status == "present" and "(" not in a.name for a in m.attendance)
    second = m.items[1]
    assert [s.kind for s in second.sections] == ["tidligere_beslutninger", "resume", "baggrund", "sagsfremstilling",
                                                 "okonomi", "kompetence", "indstilling"]
    treatment = second.history[0]
    assert treatment.decision is None  # the field names the meeting and item, no decision text
    lines = SBSYS.read_text(encoding="utf-8-sig").splitlines()
    assert "december 2012" in lines[treatment.line - 1]
    assert [p.number for p in second.recommendation.points] == [1, 2]
    attachment = m.items[2].attachments[0]
    assert "Monopolbrud" in lines[attachment.line - 1]
    assert all(i.lines[0] < i.lines[1] for i in m.items)
    assert [i.lines[0] for i in m.items] == sorted(i.lines[0] for i in m.items)


@needs_corpus
def test_word_minutes_beyond_their_facts() -> None:
    m = parse_file(WORD_PDF)
    assert (m.kind, m.body, m.start_time, m.location) == ("referat", "Mødesystemgruppen", "13:00", "Rådhuset lokale 233")
    assert [i.number for i in m.items] == ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "2.2", "2.3", "3"]
    assert check_numbering(m) == []  # outline numbers count as in order
    # "Afbud: Tilde," names the one participant whose first name is Tilde
    absent = [(a.name, a.reason) for a in m.attendance if a.status == "absent"]
    assert absent == [("Tilde Ølholm", "Afbud")]
    assert len(m.attendance) == 10
    decided = [i.number for i in m.items if i.decisions]
    assert decided == ["1.1"]
    assert all(i.cases == [] for i in m.items)
    group = m.items[0]
    assert group.sections == [] and group.lines == (group.lines[0], group.lines[0])


@needs_corpus
def test_word_pdf_and_its_sbsys_skeleton_agree_where_both_say_it() -> None:
    pdf, xml = parse_file(WORD_PDF), parse_file(WORD_XML)
    for key in ("kind", "body", "date", "start_time", "location"):
        assert getattr(pdf, key) == getattr(xml, key), key
    assert [(i.number, i.order, i.title, i.closed) for i in pdf.items] == \
        [(i.number, i.order, i.title, i.closed) for i in xml.items]
    # the skeleton lists the members called (one more than the PDF's Deltagere) with no status
    assert {a.name for a in pdf.attendance} < {a.name for a in xml.attendance}
    assert all(a.status == "present" for a in xml.attendance)


@needs_corpus
def test_sbsys_skeleton_leaves_out_the_whole_document_appendices() -> None:
    m = parse_file(WORD_XML)
    assert m.kind == "referat"  # PublicationTypeAsValue 2: minutes, though the skeleton has no text
    assert "Åbent referat" not in [i.title for i in m.items] and m.items[-1].title == "Eventuelt"
    assert m.system_id == "MDR-2016-02836"


# -- the zip SBSYS ships ----------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


@needs_corpus
def test_a_zip_reads_the_same_as_its_bare_xml() -> None:
    xml = SBSYS.read_bytes()
    data = _zip({"Publication1.xml": xml, "Enclosures/1.pdf": b"%PDF-1.4\n"})
    zipped, bare = parse_bytes(data, "Publication1.zip"), parse_bytes(xml, SBSYS.name)
    assert meeting_facts(zipped) == meeting_facts(bare)
    assert [i.lines for i in zipped.items] == [i.lines for i in bare.items]
    assert zipped.source.media_type == "application/zip" and zipped.source.file_name == "Publication1.zip"
    assert not zipped.report.warnings


@needs_corpus
def test_a_zip_in_a_folder_and_a_missing_enclosure() -> None:
    data = _zip({"Publication32/Publication32.xml": SBSYS.read_bytes()})
    m = parse_bytes(data, "p.zip")
    assert [w.code for w in m.report.warnings] == ["attachment-missing"]
    assert m.items[2].attachments  # still listed: the XML lists it


def test_a_zip_without_a_publication_is_refused_naming_it() -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(_zip({"word/document.xml": b"<w:document/>"}), "referat.docx")
    assert info.value.file == "referat.docx" and "Publication<N>.xml" in info.value.message


def test_a_zip_with_two_publications_is_refused() -> None:
    with pytest.raises(ParseError, match="2 publication files"):
        read_bytes(_zip({"Publication1.xml": b"<Publication/>", "Publication2.xml": b"<Publication/>"}), "p.zip")


def test_a_broken_zip_is_refused() -> None:
    with pytest.raises(ParseError, match="broken zip"):
        read_bytes(b"PK\x03\x04" + b"\x00" * 40, "p.zip")


# -- invented SBSYS XML -----------------------------------------------------------------------

_PUBLICATION = """<?xml version="1.0" encoding="utf-8"?>
<Publication>
  <PublicationTypeAsValue><![CDATA[1]]></PublicationTypeAsValue>
  <Agendas>
    <Agenda ID="9">
      <Meeting ID="4">
        <Members>
          <MeetingMember><Name><![CDATA[Ida Lund (V)]]></Name>
            <ParticipationStatusAsValue>2</ParticipationStatusAsValue>
            <ParticipationStatusAsText>Afbud</ParticipationStatusAsText></MeetingMember>
          <MeetingMember><Name><![CDATA[Ole Berg]]></Name></MeetingMember>
        </Members>
        {when}
        <Where><![CDATA[Byrådssalen]]></Where>
      </Meeting>
      <Committee><Name><![CDATA[Teknik- og Miljøudvalget]]></Name></Committee>
      <Items>
        {items}
      </Items>
    </Agenda>
  </Agendas>
</Publication>
"""
_ITEM = """<Item ID="{n}"><Caption><![CDATA[{title}]]></Caption><Case><Number>{case}</Number></Case>
          <IsPublic>{public}</IsPublic><Number>{n}</Number><Fields>{fields}</Fields></Item>"""
_FIELD = """<ItemField><Caption>{caption}</Caption><HasContent>True</HasContent><IsFeedback>{feedback}</IsFeedback>
          <Content><![CDATA[{html}]]></Content></ItemField>"""


def _publication(items: str, when: str = "<When><![CDATA[03-02-2025 17:00:00]]></When>") -> bytes:
    return _PUBLICATION.format(when=when, items=items).encode()


def _item(n: str, title: str, fields: str = "", case: str = "", public: str = "True") -> str:
    return _ITEM.format(n=n, title=title, fields=fields, case=case, public=public)


def test_invented_sbsys_minutes_with_decision_history_and_a_closed_item() -> None:
    fields = (_FIELD.format(caption="Tidligere behandling", feedback="False",
                            html="<p>Økonomiudvalget den 20. januar 2025 Punkt 4</p><p>Anbefalet.</p>")
              + _FIELD.format(caption="Indstilling", feedback="False",
                              html="<p>Forvaltningen indstiller, at</p><ol><li>planen godkendes"
                                   "<ol style='list-style-type: lower-alpha'><li>a</li></ol></li><li>b</li></ol>")
              + _FIELD.format(caption="Beslutning", feedback="True", html="<p>Godkendt.</p><p>Fraværende: Ole Berg</p>"))
    items = _item("1", "Vejplan 2025", fields, case="05.01.00-P20-1-24") + _item("2", "Grundsalg", public="False")
    m = parse_bytes(_publication(items), "p.xml")
    first, closed = m.items
    assert m.kind == "referat" and m.start_time == "17:00" and m.location == "Byrådssalen"
    assert [(a.name, a.status, a.reason) for a in m.attendance] == [("Ida Lund", "absent", "Afbud"),
                                                                     ("Ole Berg", "present", None)]
    assert first.case_numbers == ["05.01.00-P20-1-24"]
    assert [(h.body, h.date.isoformat(), h.decision) for h in first.history] == [
        ("Økonomiudvalget", "2025-01-20", "Anbefalet.")]
    assert first.recommendation.proposer == "Forvaltningen" and len(first.recommendation.points) == 2
    assert first.decision.text.startswith("Godkendt.")
    assert [(a.name, a.reason, a.item) for a in first.attendance] == [("Ole Berg", "Fraværende", 1)]
    assert closed.closed and closed.sections == []


def test_missing_when_is_a_clear_error_naming_file_and_line() -> None:
    data = _publication(_item("1", "Budget"), when="")
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "udvalg.xml")
    assert not isinstance(info.value, UnrecognisedLayout)
    assert info.value.file == "udvalg.xml"
    assert info.value.line == data.decode().splitlines().index("      <Meeting ID=\"4\">") + 1
    assert "Meeting/When" in info.value.message


def test_a_when_that_is_no_date_is_named() -> None:
    with pytest.raises(ParseError, match="'snart' in 'Meeting/When' is no date"):
        parse_bytes(_publication(_item("1", "Budget"), when="<When>snart</When>"), "udvalg.xml")


def test_missing_when_inside_a_zip_names_the_entry() -> None:
    data = _zip({"Publication5.xml": _publication(_item("1", "Budget"), when="")})
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "møde.zip")
    assert info.value.file == "møde.zip/Publication5.xml"


def test_broken_sbsys_xml_names_the_line() -> None:
    data = _publication(_item("1", "Budget")).replace(b"</Items>", b"</Itemz>")
    with pytest.raises(ParseError) as info:
        parse_bytes(data, "udvalg.xml")
    assert info.value.line == data.decode().splitlines().index("      </Itemz>") + 1
    assert "invalid SBSYS publication XML" in info.value.message


def test_a_form_feed_is_repaired_with_a_warning() -> None:
    fields = _FIELD.format(caption="Sagsfremstilling", feedback="False", html="<p>Side 1\x0cSide 2</p>")
    data = _publication(_item("1", "Budget", fields))
    m = parse_bytes(data, "udvalg.xml")
    assert [w.code for w in m.report.warnings] == ["control-character"]
    assert m.items[0].sections[0].text == "Side 1 Side 2"


def test_numbers_going_down_are_refused() -> None:
    with pytest.raises(UnrecognisedLayout, match="item numbers in order"):
        parse_bytes(_publication(_item("2", "Budget") + _item("1", "Regnskab")), "udvalg.xml")


def test_titles_that_are_names_are_refused() -> None:
    items = _item("1", "Ida Lund") + _item("2", "Ole Berg") + _item("3", "Eva Dam")
    with pytest.raises(UnrecognisedLayout, match="person names"):
        parse_bytes(_publication(items), "udvalg.xml")


def test_a_publication_without_agendas_is_not_claimed() -> None:
    source = read_bytes(b"<Publication><Published>x</Published></Publication>", "p.xml")
    assert layouts.get("sbsys-xml").sniff(source) == 0
    with pytest.raises(UnrecognisedLayout, match="sbsys-xml"):
        parse_bytes(b"<Publication><Published>x</Published></Publication>", "p.xml")


# -- invented Word-made minutes ----------------------------------------------------------------

WORD = """Økonomi og Personale
Referat
Styregruppen for digitalisering
Dato:
Tid:
Sted:
12. marts 2024
9:00 - 11:00
Mødelokale 4
Deltagere: Anna Holm
Bo Jensen
Carl Berg
Afbud: Bo,
Fraværende:
1 Drift
1.1 Status siden sidst
Oplæg:
Kort status.
2 timer om ugen går til support.
Referat: Taget til efterretning.
Fraværende: Carl Berg
1.2 Budget
Oplæg: Budgettet for 2024.
Referat:
2 Udvikling
2.1 Nye ønsker
Oplæg:
Referat: Ønskerne prioriteres.
3 Eventuelt
Oplæg:
Referat:
"""


def test_invented_word_minutes_with_outline_items() -> None:
    m = parse_text(WORD, "styregruppe.txt")
    assert m.report.layout == "word-minutes"
    assert (m.kind, m.body, m.date.isoformat(), m.start_time, m.location) == (
        "referat", "Styregruppen for digitalisering", "2024-03-12", "09:00", "Mødelokale 4")
    assert [(i.number, i.order, i.title) for i in m.items] == [
        ("1", 1, "Drift"), ("1.1", 2, "Status siden sidst"), ("1.2", 3, "Budget"), ("2", 4, "Udvikling"),
        ("2.1", 5, "Nye ønsker"), ("3", 6, "Eventuelt")]
    status = m.items[1]
    assert "2 timer om ugen" in status.sections[0].text  # body text starting with a number is no item
    assert status.decision.text.startswith("Taget til efterretning.")
    assert [(a.name, a.reason, a.item) for a in status.attendance] == [("Carl Berg", "Fraværende", 2)]
    assert [i.number for i in m.items if i.decisions] == ["1.1", "2.1"]
    assert [(a.name, a.status, a.reason) for a in m.attendance] == [
        ("Anna Holm", "present", None), ("Bo Jensen", "absent", "Afbud"), ("Carl Berg", "present", None)]
    assert not [w for w in m.report.warnings if w.code.startswith("numbering")]


def test_word_minutes_need_their_header() -> None:
    headless = WORD.split("1 Drift", 1)[1]
    source = read_bytes(("1 Drift" + headless).encode(), "x.txt")
    assert layouts.get("word-minutes").sniff(source) == 0
    with pytest.raises(UnrecognisedLayout) as info:
        parse_bytes(("1 Drift" + headless).encode(), "x.txt")
    assert "word-minutes" in str(info.value)


def test_word_minutes_without_labels_are_not_claimed_and_refused_with_what_was_expected() -> None:
    text = "Referat\nStyregruppen\nDato: 12. marts 2024\n1 Drift\nNoget tekst.\n2 Eventuelt\nIntet.\n"
    source = read_bytes(text.encode(), "x.txt")
    assert layouts.get("word-minutes").sniff(source) == 0
    with pytest.raises(UnrecognisedLayout, match="unrecognised layout: word-minutes reader: expected outline"):
        layouts.get("word-minutes").parse(source)


def test_word_minutes_without_a_date_are_an_error_naming_the_line() -> None:
    text = WORD.replace("12. marts 2024\n", "snart\n")
    with pytest.raises(ParseError) as info:
        parse_text(text, "x.txt")
    assert info.value.line == 2 and "meeting date" in info.value.message


def test_punkt_documents_and_word_minutes_never_tie() -> None:
    punkt = read_bytes(b"REFERAT Byr\xc3\xa5det d. 12-03-2024\n\nPunkt 1: Budget\n\nReferat:\nOK\n\nPunkt 2: B\n", "r.txt")
    word = read_bytes(WORD.encode(), "w.txt")
    assert layouts.get("word-minutes").sniff(punkt) == 0
    assert layouts.get("referat").sniff(word) == 0
    scores = sorted((layouts.get(n).sniff(word) for n in layouts.names()), reverse=True)
    assert scores[0] > 0 and scores[1] == 0


def test_item_numbers_as_written_reach_the_json_api(tmp_path) -> None:
    """Outline numbers ("1.1") are shown as written; ``number`` stays the item's order."""
    from referatgraf.read.reader import Reader
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.settings import Settings

    pdf = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "other" / "aarhus_it-moedesystemgruppen_2016-10-06_referat.pdf"
    store = EmbeddedStore(tmp_path / "store")
    try:
        summary = ingest_paths([pdf], store, Settings(municipality="Aarhus", base_iri="https://example.org/"))
        assert summary.failures == []
        meeting = Reader(store, "https://example.org/").meeting(summary.documents[0].meeting)
        written = [(i.number, i.number_as_written) for i in meeting.items]
        assert written[:3] == [(1, "1"), (2, "1.1"), (3, "1.2")]
    finally:
        store.close()
