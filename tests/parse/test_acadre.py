"""Acadre MM publications: the PDF (text layer) and the Acadre XML (database records) of one meeting.

The real Syddjurs twins (../shared/corpus/acadre) must give the same items, case numbers and
decisions; the one item carries three dated decisions — the case's treatments at three meetings —
each with its body and date, the last one this meeting's. Small invented documents in Acadre's
shape (another body, other numbers, date and place) stand in for other municipalities'
publications: a missing field or a record without a title is an error naming file and line, a
document whose numbers go down or whose decision dates are no dates is refused, and no other
document is claimed.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from referatgraf.parse import layouts, parse_bytes, parse_file, parse_text
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.facts import meeting_facts
from referatgraf.parse.reader import read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ACADRE = SHARED / "corpus" / "acadre"
STEM = "syddjurs_puk_2013-06-20_referat-ekstraordinaert"
ACADRE_LAYOUTS = ("acadre-pdf", "acadre-xml")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _twin(suffix: str) -> Path:
    path = ACADRE / f"{STEM}.{suffix}"
    if not path.exists():
        pytest.skip(f"corpus document missing: {path}")
    return path


@pytest.fixture(scope="module")
def twins():
    return parse_file(_twin("pdf")), parse_file(_twin("xml"))


def _decisions(meeting):
    return [[(d.body, d.date, " ".join(d.text.split())) for d in item.decisions] for item in meeting.items]


# -- the real twins -----------------------------------------------------------------------------


def test_twins_are_read_by_their_own_layouts(twins):
    pdf, xml = twins
    assert (pdf.report.layout, xml.report.layout) == ACADRE_LAYOUTS
    assert [i.number for i in pdf.items] == [i.number for i in xml.items] == ["715"]


def test_twins_give_the_same_items_case_numbers_and_decisions(twins):
    pdf, xml = twins
    assert [(i.number, i.order, i.title, i.closed) for i in pdf.items] == \
           [(i.number, i.order, i.title, i.closed) for i in xml.items]
    assert [i.case_numbers for i in pdf.items] == [i.case_numbers for i in xml.items] == [["12/27845"]]
    assert _decisions(pdf) == _decisions(xml)
    assert [[a.title for a in i.attachments] for i in pdf.items] == [[a.title for a in i.attachments] for i in xml.items]


def test_twins_give_the_same_facts_but_the_pdfs_bilag_heading(twins):
    """The XML keeps the attachments in their own records and its "Bilag" field empty; the PDF
    lists them under a "Bilag" heading. Everything else is the same."""
    pdf, xml = (meeting_facts(m) for m in twins)
    assert pdf["meeting"] == xml["meeting"]
    for a, b in zip(pdf["items"], xml["items"]):
        assert a.pop("sections") == [*b.pop("sections"), "Bilag"]
        assert a == b


def test_three_dated_decisions_in_document_order_the_last_this_meetings(twins):
    body = "Udvalget for plan, udvikling og kultur (PUK)"
    for meeting in twins:
        item = meeting.items[0]
        assert [(d.body, d.date.isoformat()) for d in item.decisions] == [
            (body, "2013-04-10"), (body, "2013-04-24"), (body, "2013-06-20")]
        assert item.decision.date == meeting.date
        assert [(h.body, h.date.isoformat()) for h in item.history] == [(body, "2013-04-10"), (body, "2013-04-24")]
        assert all(h.decision for h in item.history)  # the earlier decisions' texts are kept
        assert not [w for w in meeting.report.warnings if w.code == "decision-not-this-meeting"]


def test_meeting_header_from_both_twins(twins):
    for meeting in twins:
        assert (meeting.kind, meeting.body, meeting.date.isoformat(), meeting.start_time, meeting.location,
                meeting.title) == ("referat", "Udvalget for plan, udvikling og kultur (PUK)", "2013-06-20",
                                   "10:30", "Kaløvig Kursuscenter", "Ekstraordinært PUK")
        assert len(meeting.attendance) == 5 and all(a.status == "present" for a in meeting.attendance)


def test_page_furniture_and_signature_page_stay_out_of_the_item(twins):
    pdf, _ = twins
    item = pdf.items[0]
    text = "\n".join(s.text for s in item.sections)
    assert "Side " not in text and " of 5" not in text and "kl. 10:30" not in text
    assert "Underskriftsside" not in text and "Jesper Mathiesen" not in text


def test_each_twin_is_claimed_by_one_acadre_layout_only(twins):
    for path, mine in zip((_twin("pdf"), _twin("xml")), ACADRE_LAYOUTS):
        source = read_path(path)
        scores = {name: layouts.get(name).sniff(source) for name in layouts.names()}
        best = max(scores.values())
        assert scores[mine] == best > 0
        assert [n for n, s in scores.items() if s == best] == [mine], scores
    assert layouts.get("acadre-xml").sniff(read_path(_twin("xml"))) == 1.0


def _other_documents() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures" / "layouts"
    corpus = [p for p in (SHARED / "corpus").glob("*/*") if p.parent.name != "acadre"
              and p.suffix in (".json", ".xml", ".html", ".pdf")]
    return sorted([*fixtures.glob("*.txt"), *fixtures.glob("*.md"), *fixtures.glob("*.xml"),
                   *fixtures.glob("*.json"), *(fixtures / "unknown").iterdir(), *(SHARED / "seeds").glob("*.txt"),
                   *corpus])


@pytest.mark.parametrize("document", _other_documents(), ids=lambda p: p.name)
def test_acadre_layouts_claim_no_other_document(document: Path):
    source = read_path(document)
    assert {name: layouts.get(name).sniff(source) for name in ACADRE_LAYOUTS} == {n: 0.0 for n in ACADRE_LAYOUTS}


# -- invented Acadre XML --------------------------------------------------------------------------

BODY = "Teknik- og Miljøudvalget"


def _fields(**values: str | None) -> str:
    return "<fields>" + "".join(f'<field name="{k}">{v}</field>' for k, v in values.items() if v is not None) + "</fields>"


def _bullet(name: str | None, html: str, order: int) -> str:
    content = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<table name="bullet">{_fields(bulletname=name, bulletcontent=content, bulletsortorder=str(order))}</table>\r\n'


def _item(sort: str, title: str | None, case: str | None, bullets: str, access: str = "Åben") -> str:
    return (f'<table name="agendaitemparents">{_fields(sort=sort)}\r\n<table name="agendaitem">'
            f'{_fields(name=title, caseno=case, accessname=access)}\r\n{bullets}'
            f'<table name="enclosure">{_fields(name=f"Notat til punkt {sort}", sort="1")}</table></table></table>\r\n')


ITEM_101 = _item("101", "Meddelelser", "14/1234", _bullet("Sagsfremstilling", "<p>Orientering.</p>", 1)
                 + _bullet("Lovgrundlag", "", 2)
                 + _bullet(f"Beslutning i {BODY} den 03-03-2014", "<p>Taget til efterretning.</p>"
                           "<p>Fraværende: Carl Lund (C)</p>", 3))
ITEM_102 = _item("102", "Vejplan 2014", "13/998", _bullet("Indstilling", "<p>Forvaltningen indstiller,</p>"
                                                          "<ol><li>at planen godkendes</li><li>at den sendes i høring</li></ol>", 1)
                 + _bullet("Beslutning i Økonomiudvalget den 12-02-2014", "<p>Anbefales.</p>", 2)
                 + _bullet(f"Beslutning i {BODY} den 03-03-2014", "<p>Godkendt.</p>", 3))


def acadre_xml(items: str, date: str | None = "2014-03-03 16:00", name: str = "Referat") -> str:
    members = "".join(f'<table name="member">{_fields(name=n, absent=a)}</table>'
                      for n, a in (("Anne  Holm (A)", "0"), ("Bo Dam (V)", "0"), ("Carl Lund (C)", "1")))
    return ('<?xml version="1.0"?>\r\n<root><table name="agenda">' + _fields(sysid="77", name=name) + "\r\n"
            f'<table name="committee">{_fields(name=BODY)}</table>\r\n'
            f'<table name="meeting">{_fields(sysid="901", name="TMU", date=date, location="Byrådssalen")}'
            f'<table name="meetmember">{members}</table></table>\r\n{items}</table>'
            "<agendaData><startAgendaItemNo>101</startAgendaItemNo></agendaData></root>\r\n")


def test_invented_xml_reads_in_sort_order_with_decisions_and_attendance():
    meeting = parse_text(acadre_xml(ITEM_102 + ITEM_101), "tmu.xml")  # records in any order: sorted by 'sort'
    assert meeting.report.layout == "acadre-xml"
    assert (meeting.body, meeting.date.isoformat(), meeting.start_time, meeting.location) == (
        BODY, "2014-03-03", "16:00", "Byrådssalen")
    assert [(a.name, a.status) for a in meeting.attendance] == [("Anne Holm", "present"), ("Bo Dam", "present"),
                                                                ("Carl Lund", "absent")]
    first, second = meeting.items
    assert [(i.number, i.order, i.title, i.case_numbers) for i in meeting.items] == [
        ("101", 1, "Meddelelser", ["14/1234"]), ("102", 2, "Vejplan 2014", ["13/998"])]
    assert [s.heading for s in first.sections] == ["Sagsfremstilling", f"Beslutning i {BODY} den 03-03-2014"]
    assert [(a.name, a.status, a.item) for a in first.attendance] == [("Carl Lund", "absent", 1)]
    assert [(d.body, d.date.isoformat()) for d in second.decisions] == [("Økonomiudvalget", "2014-02-12"),
                                                                       (BODY, "2014-03-03")]
    assert [(h.body, h.date.isoformat()) for h in second.history] == [("Økonomiudvalget", "2014-02-12")]
    assert second.recommendation.proposer == "Forvaltningen" and len(second.recommendation.points) == 2
    assert [a.title for a in second.attachments] == ["Notat til punkt 102"]


def test_invented_xml_closed_item_and_agenda_kind():
    meeting = parse_text(acadre_xml(_item("7", "Køb af ejendom", None, "", access="Lukket"), name="Dagsorden"), "d.xml")
    assert meeting.kind == "dagsorden"
    assert [(i.number, i.closed, i.case_numbers, i.decisions) for i in meeting.items] == [("7", True, [], [])]


def test_invented_xml_without_the_meeting_date_field_is_an_error_naming_file_and_line():
    text = acadre_xml(ITEM_101, date=None)
    with pytest.raises(ParseError) as info:
        parse_text(text, "tmu.xml")
    assert info.value.file == "tmu.xml" and info.value.line == 4  # the meeting record's line
    assert "'meeting' record without its 'date' field" in str(info.value)
    assert str(info.value).startswith("tmu.xml:4: ")


def test_invented_xml_item_record_without_a_title_is_an_error_naming_file_and_line():
    text = acadre_xml(ITEM_101 + _item("102", None, "13/998", _bullet("Sagsfremstilling", "<p>Tekst.</p>", 1)))
    line = next(n for n, t in enumerate(text.split("\r\n"), start=1) if "<fields><field name=\"caseno\">13/998" in t)
    with pytest.raises(ParseError) as info:
        parse_text(text, "tmu.xml")
    assert (info.value.file, info.value.line) == ("tmu.xml", line)
    assert "'agendaitem' record (item 102) without its title" in str(info.value)


def test_invented_xml_bullet_with_text_but_no_heading_is_an_error():
    text = acadre_xml(_item("101", "Meddelelser", None, _bullet(None, "<p>Tekst uden overskrift.</p>", 1)))
    with pytest.raises(ParseError, match="'bullet' record with text but without its heading"):
        parse_text(text, "tmu.xml")


def test_invented_xml_with_item_numbers_repeated_is_refused():
    with pytest.raises(UnrecognisedLayout, match=r"unrecognised layout: acadre-xml reader: expected item numbers going up"):
        parse_text(acadre_xml(ITEM_101 + ITEM_101), "tmu.xml")


def test_invented_xml_decision_date_that_is_no_date_is_refused():
    bad = _item("101", "Meddelelser", None, _bullet(f"Beslutning i {BODY} den 31-02-2014", "<p>Godkendt.</p>", 1))
    with pytest.raises(UnrecognisedLayout) as info:
        parse_text(acadre_xml(bad), "tmu.xml")
    assert "expected decision headings 'Beslutning i <body> den DD-MM-YYYY' with a date" in str(info.value)
    assert info.value.line is not None


def test_truncated_invented_xml_is_an_error_naming_file_and_line():
    text = acadre_xml(ITEM_101 + ITEM_102)
    cut = text[: text.index("Vejplan")]
    with pytest.raises(ParseError) as info:
        parse_text(cut, "afkortet.xml")
    assert info.value.file == "afkortet.xml" and info.value.line is not None
    assert "invalid Acadre XML" in str(info.value)


def test_invented_xml_with_a_control_character_reads_with_a_warning():
    text = acadre_xml(ITEM_101).replace("Orientering.", "Orien&#xC;tering.")
    meeting = parse_text(text, "tmu.xml")
    assert [w.code for w in meeting.report.warnings if w.code == "control-character"] == ["control-character"]


def test_invented_xml_wins_over_the_generic_export_xml():
    source = read_bytes(acadre_xml(ITEM_101).encode("utf-8"), "tmu.xml")
    scores = {name: layouts.get(name).sniff(source) for name in layouts.names()}
    assert scores["acadre-xml"] == 1.0 and all(s < 1.0 for n, s in scores.items() if n != "acadre-xml"), scores


@pytest.mark.parametrize("document", [
    '<?xml version="1.0"?><root><table name="customers"><fields><field name="name">Bo</field></fields></table></root>',
    '<root><agenda><fields><field name="name">Referat</field></fields></agenda></root>',
    '<meeting committee="Kulturudvalget"><date>2025-02-03T17:00:00</date>'
    '<items><item number="1"><title>Budget</title></item></items></meeting>',
], ids=["other-tables", "no-table-records", "export-xml"])
def test_non_acadre_xml_is_not_claimed(document: str):
    source = read_bytes(document.encode("utf-8"), "x.xml")
    assert layouts.get("acadre-xml").sniff(source) == 0.0
    assert layouts.get("acadre-pdf").sniff(source) == 0.0


def test_table_records_without_the_agenda_record_are_explained():
    source = read_bytes(b'<root><table name="customers"><fields><field name="name">Bo</field></fields></table></root>',
                        "x.xml")
    with pytest.raises(UnrecognisedLayout, match="does not open with the 'agenda' record"):
        parse_bytes(b'<root><table name="customers"><fields><field name="name">Bo</field></fields></table></root>',
                    "x.xml")
    assert layouts.get("acadre-xml").explain(source)


# -- invented Acadre PDF (text) -------------------------------------------------------------------

LONG_TITLE = "Forslag til lokalplan for et nyt boligområde ved den gamle stationsbygning i den nordlige bydel"
RUNNING = [f"Referat for {BODY}", "3. marts 2014 - kl. 16:00"]
COVER = ["Referat", BODY, "Mandag den 3. marts 2014", "Kl. 16:00", "Byrådssalen", "Torvet 1", "Medlemmer",
         "Anne Holm (A)", "Bo Dam (V)", "Carl Lund (C)", "Fraværende", "Carl Lund (C)"]
TOC = ["Indholdsfortegnelse", "Punkt nr. Side", "101. Meddelelser ......2", f"102. {LONG_TITLE} ......2"]
ITEMS = ["101. Meddelelser", "Sagsnr.: 14/1234", f"Sagen afgøres i: {BODY}", "Sagsfremstilling", "Orientering.",
         "Tidsplan:", "Juni 2014: start.", f"Beslutning i {BODY} den 03-03-2014", "Taget til efterretning.",
         f"102. {LONG_TITLE}", "Sagsnr.: 13/998", "Indstilling", "Forvaltningen indstiller,", "1. at planen godkendes",
         "2. at den sendes i høring", "Beslutning i Økonomiudvalget den 12-02-2014", "Anbefales.",
         f"Beslutning i {BODY} den 03-03-2014", "Godkendt.", "Bilag", "1 Åben Notat om planen 12345/14",
         "2 Lukket Indsigelse fra en nabo med en meget lang titel der fortsætter på næste linje 23456/14"]
SIGNATURES = ["Underskriftsside", "Anne Holm (A)", "Bo Dam (V)"]


def _text_pages(pages: list[list[str]]) -> str:
    """Pages as the PDF reader's text: footers "N of M", the running header from page 2 on."""
    out = []
    for number, page in enumerate(pages, start=1):
        header = [*RUNNING, f"Side {number - 1}"] if number > 1 else []
        out += [*header, *page, f"{number} of {len(pages)}"]
    return "\n".join(out)


def test_invented_pdf_text_reads_header_contents_and_items():
    meeting = parse_text(_text_pages([COVER, TOC, ITEMS, SIGNATURES]), "tmu.txt")
    assert meeting.report.layout == "acadre-pdf"
    assert (meeting.body, meeting.date.isoformat(), meeting.start_time, meeting.location) == (
        BODY, "2014-03-03", "16:00", "Byrådssalen")
    assert [(a.name, a.status, a.reason) for a in meeting.attendance] == [
        ("Anne Holm", "present", None), ("Bo Dam", "present", None), ("Carl Lund", "absent", "Fraværende")]
    assert [(e.title, e.page) for e in meeting.toc] == [("Meddelelser", 2), (LONG_TITLE, 2)]
    first, second = meeting.items
    assert [(i.number, i.title, i.case_numbers) for i in meeting.items] == [
        ("101", "Meddelelser", ["14/1234"]), ("102", LONG_TITLE, ["13/998"])]
    assert [s.heading for s in first.sections] == ["Sagsfremstilling", f"Beslutning i {BODY} den 03-03-2014"]
    assert "Tidsplan:" in first.sections[0].text  # an author's sub-heading is body text
    assert [(d.body, d.date.isoformat()) for d in second.decisions] == [("Økonomiudvalget", "2014-02-12"),
                                                                       (BODY, "2014-03-03")]
    assert len(second.recommendation.points) == 2
    assert [a.title for a in second.attachments] == [
        "Notat om planen", "Indsigelse fra en nabo med en meget lang titel der fortsætter på næste linje"]
    assert all("Side" not in s.text and " of 4" not in s.text for i in meeting.items for s in i.sections)


def test_invented_pdf_text_without_contents_list_or_footers():
    """Sniffed on the stamped items and the dated decisions alone (0.6)."""
    text = "\n".join([*COVER, *ITEMS])
    assert layouts.get("acadre-pdf").sniff(read_bytes(text.encode(), "tmu.txt")) == 0.6
    meeting = parse_text(text, "tmu.txt")
    assert [(i.number, i.title) for i in meeting.items] == [("101", "Meddelelser"), ("102", LONG_TITLE)]


def test_invented_pdf_text_whose_items_disagree_with_the_contents_list_is_refused():
    toc = [*TOC, "103. Køb af ejendom ......3"]
    with pytest.raises(UnrecognisedLayout, match=r"acadre-pdf reader: expected the 3 items of the contents list"):
        parse_text(_text_pages([COVER, toc, ITEMS]), "tmu.txt")


def test_invented_pdf_text_with_numbers_going_down_is_refused():
    items = [line.replace("102.", "100.") for line in ITEMS]
    with pytest.raises(UnrecognisedLayout, match=r"expected item numbers going up, found 100 after 101"):
        parse_text("\n".join([*COVER, *items]), "tmu.txt")


def test_invented_pdf_text_with_a_decision_date_that_is_no_date_is_refused():
    items = [line.replace("den 12-02-2014", "den 31-02-2014") for line in ITEMS]
    with pytest.raises(UnrecognisedLayout, match=r"with a date, found no date in item 102"):
        parse_text(_text_pages([COVER, TOC, items]), "tmu.txt")


def render_acadre_pdf(pages: list[list[str]], width: float = 120) -> bytes:
    """An Acadre-shaped PDF: footers "N of M", the running header from the second page on."""
    from fpdf import FPDF

    class Minutes(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("DejaVu", "", 8)
                for line in (*RUNNING, f"Side {self.page_no() - 1}"):
                    self.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 4, f"{self.page_no()} of {{nb}}")

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    for page in pages:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        for line in page:
            pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_invented_pdf_reads_like_its_text():
    if not FONT.exists():
        pytest.skip("DejaVu fonts missing (Debian package fonts-dejavu-core)")
    meeting = parse_bytes(render_acadre_pdf([COVER, TOC, ITEMS, SIGNATURES]), "tmu_2014-03-03_referat.pdf")
    assert meeting.report.layout == "acadre-pdf" and meeting.source.media_type == "application/pdf"
    text = parse_text(_text_pages([COVER, TOC, ITEMS, SIGNATURES]), "tmu.txt")
    assert meeting_facts(meeting) == meeting_facts(text)


# -- docstring examples of the Acadre modules (tests/parse/test_parse_doctests.py lists others) ----------


@pytest.mark.parametrize("name", ["referatgraf.parse.acadre.text", "referatgraf.parse.acadre.front",
                                  "referatgraf.parse.acadre.item", "referatgraf.parse.acadre.pdf_items",
                                  "referatgraf.parse.acadre.meeting", "referatgraf.parse.acadre.records",
                                  "referatgraf.parse.layouts.acadre_pdf", "referatgraf.parse.layouts.acadre_xml"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
