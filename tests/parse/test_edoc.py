"""eDoc publications: the PDF (text layer) and the agenda-publishing XML of one meeting.

The real Ballerup twins (../shared/corpus/edoc) must give the same items, case numbers and
decisions; eDoc's "Dok.nr." (a document number) never becomes a case number; characters XML 1.0
forbids are repaired with a warning, while broken XML is an error naming file and line; an eDoc
document that disagrees with its own contents list is refused. Small invented documents in
eDoc's shape (another body, date and place) stand in for other municipalities' publications.
"""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

from referatgraf.parse import layouts, parse_bytes, parse_file, parse_text
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.facts import meeting_facts
from referatgraf.parse.reader import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
EDOC = ROOT.parent / "shared" / "corpus" / "edoc"
STEM = "ballerup_sundheds-og-forebyggelsesudvalget_2012-12-04_referat"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
EDOC_LAYOUTS = ("edoc-pdf", "edoc-xml")


def _twin(suffix: str) -> Path:
    path = EDOC / f"{STEM}.{suffix}"
    if not path.exists():
        pytest.skip(f"corpus document missing: {path}")
    return path


@pytest.fixture(scope="module")
def twins():
    return parse_file(_twin("pdf")), parse_file(_twin("xml"))


# -- the real twins -----------------------------------------------------------------------------


def _decisions(meeting):
    return [[(d.body, d.date, " ".join(d.text.split())) for d in item.decisions] for item in meeting.items]


def test_twins_are_read_by_their_own_layouts(twins):
    pdf, xml = twins
    assert (pdf.report.layout, xml.report.layout) == EDOC_LAYOUTS
    assert len(pdf.items) == len(xml.items) == 8


def test_twins_give_the_same_items_case_numbers_and_decisions(twins):
    pdf, xml = twins
    assert [(i.number, i.order, i.title, i.closed) for i in pdf.items] == \
           [(i.number, i.order, i.title, i.closed) for i in xml.items]
    assert [i.case_numbers for i in pdf.items] == [i.case_numbers for i in xml.items]
    assert _decisions(pdf) == _decisions(xml)
    assert all(item.decisions for item in pdf.items)


def test_twins_give_the_same_facts(twins):
    pdf, xml = twins
    assert meeting_facts(pdf) == meeting_facts(xml)
    assert [(e.title, e.page, e.closed) for e in pdf.toc] == [(e.title, e.page, e.closed) for e in xml.toc]


def test_document_numbers_never_become_case_numbers(twins):
    for path, meeting in zip((_twin("pdf"), _twin("xml")), twins):
        text = read_path(path).text
        doc_numbers = set(re.findall(r"^Dok\.nr\.: (\S+)", text, re.MULTILINE))  # the items' stamps
        assert len(doc_numbers) == 8
        cases = {c for item in meeting.items for c in item.case_numbers}
        assert cases and not cases & doc_numbers


def test_eDoc_four_digit_year_case_number_with_short_serial(twins):
    """ "Sagsnr.: 2010-3082": eDoc's year-serial form, read even with a four-digit serial."""
    case = twins[0].items[7].case
    assert (case.raw, case.year, case.serial) == ("2010-3082", 2010, 3082)


def test_real_xml_form_feeds_are_repaired_with_a_warning_naming_the_line(twins):
    xml = twins[1]
    warnings = [w for w in xml.report.warnings if w.code == "control-character"]
    source = read_path(_twin("xml"))
    assert warnings and all("&#xC;" in source.line(w.line) and f"line {w.line}" in w.message for w in warnings)


def test_page_headers_are_gone_from_the_pdf_items(twins):
    text = "\n".join(s.text for item in twins[0].items for s in item.sections)
    assert not re.search(r"^(?:Side \d+|Dato: \d\d\.\d\d\.\d{4}|Åbent referat)$", text, re.MULTILINE)


def test_truncated_real_xml_is_an_error_naming_file_and_line():
    data = _twin("xml").read_bytes()
    cut = data[: len(data) // 2]
    with pytest.raises(ParseError) as info:
        parse_bytes(cut, "afkortet.xml")
    assert not isinstance(info.value, UnrecognisedLayout)
    assert info.value.file == "afkortet.xml" and info.value.line is not None
    assert str(info.value).startswith(f"afkortet.xml:{info.value.line}: invalid eDoc XML")


# -- sniffing -------------------------------------------------------------------------------------


def test_each_twin_is_claimed_by_one_edoc_layout_only(twins):
    for path, mine in zip((_twin("pdf"), _twin("xml")), EDOC_LAYOUTS):
        source = read_path(path)
        scores = {name: layouts.get(name).sniff(source) for name in layouts.names()}
        best = max(scores.values())
        assert scores[mine] == best > 0
        assert [n for n, s in scores.items() if s == best] == [mine], scores


def _other_documents() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures" / "layouts"
    seeds = ROOT.parent / "shared" / "seeds"
    corpus = [p for p in (ROOT.parent / "shared" / "corpus").glob("*/*") if p.parent.name != "edoc"
              and p.suffix in (".json", ".xml", ".html", ".pdf")]
    return sorted([*fixtures.glob("*.txt"), *fixtures.glob("*.md"), *fixtures.glob("*.xml"),
                   *fixtures.glob("*.json"), *(fixtures / "unknown").iterdir(), *seeds.glob("*.txt"), *corpus])


@pytest.mark.parametrize("document", _other_documents(), ids=lambda p: p.name)
def test_edoc_layouts_claim_no_other_document(document: Path):
    source = read_path(document)
    assert {name: layouts.get(name).sniff(source) for name in EDOC_LAYOUTS} == {n: 0.0 for n in EDOC_LAYOUTS}


# -- invented eDoc XML ----------------------------------------------------------------------------

_HEADER = ("Teknik- og Miljøudvalget\n\nReferat\n\nÅbent referat\n\nDato: 07.01.2013\n\nSide \n\n"
           "Referat\n\nTeknik- og Miljøudvalget\nmandag den 7. januar 2013, kl. 16:30\ni Byrådssalen\n\n"
           "Åbent referat\n\nTilstede\nAnne Holm (A) - formand\nBo Dam (V)\n\nAfbud/Fraværende\nCarl Lund (C)\n\n"
           "Sekretær\nEva Berg\n\n{ff}\nINDHOLDSFORTEGNELSE\n\nÅbent referat\n{toc}\n\nLukket referat\n\n")


def _item_text(number: int, title: str, case: str | None, body: str = "Teknik- og Miljøudvalget") -> str:
    stamp = (f"Sagsnr.: {case}\n" if case else "") + f"Dok.nr.: 2013-00{number}77\n\n"
    return (f"{number}.\t{title}\n\n{stamp}Sagsfremstilling\nTekst.\n\nBilag\n2013-0{number}1 - Notat\n\n"
            f"Indstilling\nCenter for Miljø indstiller, at\n\nA) \nSagen godkendes.\n\n\n"
            f"{body}s beslutning den 07.01.2013 Punkt {number}\nGodkendt\n\n"
            f"Følgende deltog ikke i behandlingen af punktet:\n \n")


def edoc_xml(items: list[tuple[int, str, str | None]], ff: str = "&#xC;", closing: bool = True) -> str:
    toc = "\n".join(f"{n}.\t{title}\t{n + 2}" for n, title, _ in items)
    parts = "".join(
        f"<MeetingAgendaItem><AgendaItemNumber>{n}</AgendaItemNumber><Document documentid=\"{n}\">"
        f"<Title>{title}</Title></Document><FullText>{_item_text(n, title, case)}</FullText></MeetingAgendaItem>"
        for n, title, case in reversed(items))  # eDoc lists the items in no particular order
    doc = ('<?xml version="1.0"?>\r\n<Meeting>\r\n  <Committee>Teknik- og Miljøudvalget</Committee>\r\n'
           '  <MeetingDate>07-01-2013 16:30:00</MeetingDate>\r\n  <MeetingAgendaTypes><MeetingAgendaType>\r\n'
           '    <AgendaType>Åben dagsorden</AgendaType>\r\n'
           f'    <MeetingAgendaItems>{parts}</MeetingAgendaItems>\r\n'
           f'    <FullText>{_HEADER.format(ff=ff, toc=toc)}</FullText>\r\n')
    return doc + ("  </MeetingAgendaType></MeetingAgendaTypes>\r\n</Meeting>\r\n" if closing else "")


ITEMS = [(1, "Meddelelser", "2012-1234"), (2, "Vejplan 2013", "2012-28504"), (3, "Status på affald", None)]


def test_invented_xml_with_a_form_feed_reads_with_one_warning_naming_its_line():
    text = edoc_xml(ITEMS)
    meeting = parse_text(text, "tmu.xml")
    assert meeting.report.layout == "edoc-xml"
    warnings = [w for w in meeting.report.warnings if w.code == "control-character"]
    expected_line = next(n for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1) if "&#xC;" in line)
    assert [w.line for w in warnings] == [expected_line]
    assert "U+000C form feed" in warnings[0].message
    assert (meeting.body, meeting.date.isoformat(), meeting.start_time, meeting.location) == \
           ("Teknik- og Miljøudvalget", "2013-01-07", "16:30", "Byrådssalen")
    assert [(a.name, a.status) for a in meeting.attendance] == [("Anne Holm", "present"), ("Bo Dam", "present"),
                                                                 ("Carl Lund", "absent")]
    assert [i.number for i in meeting.items] == ["1", "2", "3"]  # ordered by number


def test_invented_xml_with_a_raw_form_feed_is_repaired_too():
    meeting = parse_text(edoc_xml(ITEMS, ff="\f"), "tmu.xml")
    assert [w.code for w in meeting.report.warnings] == ["control-character"]


def test_invented_xml_keeps_document_numbers_out_of_the_cases():
    meeting = parse_text(edoc_xml(ITEMS), "tmu.xml")
    assert [i.case_numbers for i in meeting.items] == [["2012-1234"], ["2012-28504"], []]
    item = meeting.items[1]
    assert [a.title for a in item.attachments] == ["2013-021 - Notat"]
    assert (item.recommendation.proposer, len(item.recommendation.points)) == ("Center for Miljø", 1)
    assert (item.decision.body, item.decision.date.isoformat()) == ("Teknik- og Miljøudvalget", "2013-01-07")


def test_truncated_invented_xml_is_an_error_naming_file_and_line():
    text = edoc_xml(ITEMS, closing=False)
    with pytest.raises(ParseError) as info:
        parse_text(text, "tmu.xml")
    assert info.value.file == "tmu.xml"
    assert info.value.line == len(read_bytes(text.encode(), "tmu.xml").lines)  # the end of the file
    assert "invalid eDoc XML" in str(info.value)


def test_xml_whose_items_disagree_with_its_contents_list_is_refused():
    text = edoc_xml(ITEMS).replace("<Title>Vejplan 2013</Title>", "<Title>Vejplan 2014</Title>") \
        .replace("2.\tVejplan 2013\n\n", "2.\tVejplan 2014\n\n")
    with pytest.raises(UnrecognisedLayout) as info:
        parse_text(text, "tmu.xml")
    assert "unrecognised layout" in str(info.value) and "'Vejplan 2013' as the contents list says" in str(info.value)


def test_xml_with_item_numbers_repeated_is_refused():
    with pytest.raises(UnrecognisedLayout, match="item numbers going up"):
        parse_text(edoc_xml([(1, "A-sag", "2012-1234"), (1, "B-sag", "2012-1235")]), "tmu.xml")


# -- invented eDoc PDF ----------------------------------------------------------------------------

BODY = "Teknik- og Miljøudvalget"
LONG_TITLE = "Forslag til lokalplan for et nyt boligområde ved den gamle stationsbygning i den nordlige bydel"
PAGES = [
    ["Referat", BODY, "mandag den 7. januar 2013, kl. 16:30", "i Byrådssalen", "Åbent referat", "Tilstede",
     "Anne Holm (A) - formand", "Bo Dam (V)", "Afbud/Fraværende", "Carl Lund (C)", "Sekretær", "Eva Berg"],
    ["INDHOLDSFORTEGNELSE", "Åbent referat", "1. Meddelelser 3", f"2. {LONG_TITLE} 3", "Lukket referat",
     "3. Køb af ejendom 4"],
    ["1. Meddelelser", "Sagsnr.: 2012-1234", "Dok.nr.: 2012-5678", "a. Møder", "b. Konference om klima",
     "Bilag", "2012-208960 - Program for konferencen om klimatilpasning i kommunerne og regionerne i hele landet",
     f"{BODY}s beslutning den 07.01.2013 Punkt 1", "Taget til efterretning",
     "Følgende deltog ikke i behandlingen af punktet:", f"2. {LONG_TITLE}", "Sagsnr.: 2010-3082",
     "Dok.nr.: 2012-200701", "Sammendrag", "Kort om sagen.", "Bilag", "Ingen", "Indstilling",
     "Center for Plan indstiller, at", "A) Forslaget godkendes.", "B) Høringen indledes."],
    [f"{BODY}s beslutning den 07.01.2013 Punkt 2", "Indstillingen godkendt",
     "Følgende deltog ikke i behandlingen af punktet:", "Bo Dam (V)", "3. Køb af ejendom", "Sagsnr.: 2012-4444",
     "Dok.nr.: 2012-5555", f"{BODY}s beslutning den 07.01.2013 Punkt 3", "Godkendt",
     "Følgende deltog ikke i behandlingen af punktet:"],
]


def render_edoc_pdf(pages: list[list[str]], width: float = 120) -> bytes:
    """An eDoc-shaped PDF: every page opens with eDoc's header block; lines wrap at ``width`` mm."""
    from fpdf import FPDF

    class Minutes(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "", 8)
            for line in (BODY, "Referat", "Åbent referat", "Dato: 07.01.2013", f"Side {self.page_no()}"):
                self.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    for page in pages:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        for line in page:
            pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def invented_pdf():
    if not FONT.exists():
        pytest.skip("DejaVu fonts missing (Debian package fonts-dejavu-core)")
    return parse_bytes(render_edoc_pdf(PAGES), "tmu_2013-01-07_referat.pdf")


def test_invented_pdf_reads_header_and_contents(invented_pdf):
    m = invented_pdf
    assert m.report.layout == "edoc-pdf" and m.source.media_type == "application/pdf"
    assert (m.body, m.date.isoformat(), m.start_time, m.location) == (BODY, "2013-01-07", "16:30", "Byrådssalen")
    assert [(a.name, a.status) for a in m.attendance] == [("Anne Holm", "present"), ("Bo Dam", "present"),
                                                          ("Carl Lund", "absent")]
    assert [(e.title, e.page, e.closed) for e in m.toc] == [("Meddelelser", 3, False), (LONG_TITLE, 3, False),
                                                            ("Køb af ejendom", 4, True)]


def test_invented_pdf_reads_items(invented_pdf):
    items = invented_pdf.items
    assert [(i.number, i.title, i.closed, i.case_numbers) for i in items] == [
        ("1", "Meddelelser", False, ["2012-1234"]), ("2", LONG_TITLE, False, ["2010-3082"]),
        ("3", "Køb af ejendom", True, ["2012-4444"])]
    assert [s.heading for s in items[0].sections if s.heading] == [f"{BODY}s beslutning den 07.01.2013 Punkt 1"]
    assert [a.title for a in items[0].attachments] == [PAGES[2][6]]  # wrapped in the PDF, joined again
    assert [a.title for a in items[1].attachments] == []  # "Ingen"
    assert len(items[1].recommendation.points) == 2
    assert [(d.body, d.date.isoformat()) for i in items for d in i.decisions] == [(BODY, "2013-01-07")] * 3
    assert [(a.name, a.status, a.item) for a in items[1].attendance] == [("Bo Dam", "absent", 2)]


def _pdf_text(pages: list[list[str]]) -> str:
    """The text layer of an eDoc PDF (as a .txt: the same lines, each page under its header)."""
    return "\n".join(line for n, page in enumerate(pages, 1)
                     for line in (BODY, "Referat", "Åbent referat", "Dato: 07.01.2013", f"Side {n}", *page))


def test_pdf_text_whose_open_item_differs_from_its_contents_list_is_refused():
    pages = [PAGES[0], PAGES[1], [line.replace(f"2. {LONG_TITLE}", "2. Forslag til noget helt andet")
                                  for line in PAGES[2]], PAGES[3]]
    with pytest.raises(UnrecognisedLayout) as info:
        parse_text(_pdf_text(pages), "tmu.txt")
    assert "unrecognised layout" in str(info.value)
    assert "expected the 3 items of the contents list (1. Meddelelser; 2. Forslag til lokalplan" in str(info.value)


def test_closed_item_named_only_in_the_contents_list_is_kept_with_a_warning():
    m = parse_text(_pdf_text(PAGES[:3]), "tmu.txt")  # the last page, with closed item 3, is left out
    assert m.report.layout == "edoc-pdf"
    assert [(i.number, i.closed, i.case_numbers, bool(i.decisions)) for i in m.items] == [
        ("1", False, ["2012-1234"], True), ("2", False, ["2010-3082"], False), ("3", True, [], False)]
    assert [w.code for w in m.report.warnings] == ["closed-item-from-contents"]


# -- docstring examples of the eDoc modules (tests/parse/test_parse_doctests.py lists others) -------------


@pytest.mark.parametrize("name", ["referatgraf.parse.edoc.text", "referatgraf.parse.edoc.front",
                                  "referatgraf.parse.edoc.item", "referatgraf.parse.edoc.meeting",
                                  "referatgraf.parse.edoc.xml", "referatgraf.parse.layouts.edoc_pdf",
                                  "referatgraf.parse.layouts.edoc_xml"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_read_bytes_keeps_the_xml_a_text_source():
    """The reader hands eDoc XML on as text (a form feed is no binary junk to it)."""
    source = read_bytes(edoc_xml(ITEMS, ff="\f").encode("utf-8"), "tmu.xml")
    assert source.media_type == "text/plain"
