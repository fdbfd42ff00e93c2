"""The FirstAgenda meeting-page reader (layout ``firstagenda-html``) on the real Aarhus page and on
small pages written here in the portal's markup (invented content): closed items, decisions on
minutes, items without a case number, pages that are not FirstAgenda's, scripts and menus around.
The Aarhus page's expected facts are checked in test_corpus_facts.py; this adds what they do not say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from referatgraf.store.embedded import EmbeddedStore
from referatgraf.parse import parse_bytes, parse_file
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.reader import read_bytes, read_path

AARHUS = (Path(__file__).resolve().parents[3] / "shared" / "corpus" / "firstagenda-html"
          / "aarhus_byraad_2025-10-08_dagsorden.html")
needs_aarhus = pytest.mark.skipif(not AARHUS.exists(), reason="corpus page not available")


@pytest.fixture(scope="module")
def aarhus():
    return parse_file(AARHUS)


# -- the real page ----------------------------------------------------------------------------


@needs_aarhus
def test_aarhus_page_is_read_as_html_by_its_own_reader(aarhus) -> None:
    assert read_path(AARHUS).media_type == "text/html"
    assert aarhus.report.layout == "firstagenda-html" and aarhus.source.media_type == "text/html"
    assert (aarhus.report.listed_items, len(aarhus.items)) == (33, 33)
    assert aarhus.title == "Dagsorden" and aarhus.kind == "dagsorden"
    assert aarhus.report.warnings == []  # every row's attachment badge agrees with its list


@needs_aarhus
def test_every_aarhus_item_points_at_its_row(aarhus) -> None:
    lines = read_path(AARHUS).lines
    for item in aarhus.items:
        first, last = item.lines
        row_id = re.search(r'<tr class="punktrow" id="punktrow_[^"]+">', lines[first - 1])
        assert row_id is not None, f"item {item.number}: line {first} holds no item row"
        assert f'<span class="label label-default">{item.number}</span>' in lines[first - 1][row_id.start():]
        for section in item.sections:
            assert first <= section.lines[0] <= section.lines[1] <= last, (item.number, section.heading)
        for attachment in item.attachments:
            assert attachment.title.split()[0] in lines[attachment.line - 1]


@needs_aarhus
def test_aarhus_case_history_keeps_each_decision(aarhus) -> None:
    item = aarhus.items[1]
    assert [h.body for h in item.history] == ["Magistraten", "Aarhus Byråd", "Magistraten", "Magistraten"]
    assert all(h.decision and not h.decision.startswith(("Udvalg:", "Dato:")) for h in item.history)
    recommendation = aarhus.items[10].recommendation
    assert recommendation is not None and recommendation.proposer is None
    assert [p.number for p in recommendation.points] == [1, 2, 3, 4]


@needs_aarhus
def test_referatgraf_ingest_stores_the_aarhus_page(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from referatgraf.cli import app

    store = tmp_path / "store"
    env = {"REFERATGRAF_ENDPOINT": None, "REFERATGRAF_STORE": None}
    result = CliRunner().invoke(app, ["ingest", str(AARHUS), "--store", str(store), "-m", "Aarhus"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 meeting(s), 33 item(s)" in result.stdout
    query = ("PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> "
             "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a besluit:Agendapunt }")
    with EmbeddedStore(store, read_only=True) as db:
        assert int(db.select(query)[0]["n"]) == 33


# -- invented pages in the portal's markup ------------------------------------------------------


def row(k: int, number: str, title: str, case: str = "", text: str = "", bilag: tuple[str, ...] = (),
        badge: int | None = None) -> str:
    case_span = f'<span class="sagsnummer">{case}</span>' if case else ""
    links = "".join(f'<li><span class="label label-default pdf-label">PDF</span>'
                    f'<a class="bilag-link" href="#">{b}</a></li>' for b in bilag)
    bilag_html = f'\n<h3>Bilag</h3><ul class="list-unstyled">{links}</ul>' if bilag else ""
    count = len(bilag) if badge is None else badge
    clip = f'<span class="badge fil-ikon"><span class="fil-ikon-nummer">{count}</span></span>' if count else ""
    return (f'<tr class="punktrow" id="punktrow_{k:08d}-0000-0000-0000-000000000000">'
            f'<td class="text-center punkt-tabel"><span class="label label-default">{number}</span></td>'
            f'<td class="punkt-tabel"><button class="overskrift-btn" aria-controls="details{k}">'
            f'<h2 class="overskrift text-left">{title}</h2></button><div class="details" id="details{k}">'
            f'{case_span}<div class="punkt"><h3></h3><div><div id="sagsfremstillingContainer">\n{text}\n'
            f'</div></div></div>{bilag_html}</div></td>'
            f'<td class="punkt-tabel"><span class="lydfiler-og-bilag">{clip}</span>'
            f'<ul class="dropdown-menu"><li><a class="dropdown-item" href="#">Hent som PDF</a></li></ul></td></tr>\n')


FIELDS = ('<div><span class="resume"><div>.</div></span>\n<h3>Resume</h3>\n<span class="resume"><div>Kort om sagen.'
          '</div></span>\n<h3>Beslutningspunkter</h3>\n<span class="resume"><div>Det indstilles:</div>'
          '<div>At 1) planen godkendes</div><div>At 2) pengene frigives</div></span>\n'
          '<h3>Påtegning fra økonomi</h3>\n<span class="resume"><div>Ingen bemærkninger.</div></span>\n'
          '<h3>Sagsforløb:</h3>\n<span class="resume"><div>Udvalg: Magistraten</div><div>Dato: 02-09-2025</div>'
          '<div>Punktnummer: 3</div><div>Fremsendes til byrådet.</div></span></div>')
DECISION = '<div><h3>Beslutning</h3><span class="resume"><div>Godkendt.</div><div>Fraværende: Bo Holm</div></span></div>'

ROWS = [
    row(0, "1", "Godkendelse af dagsorden", "EMN-2025-000001"),
    row(1, "2", "Ny skole i Vest", "EMN-2025-000002", DECISION + FIELDS, ("Indstilling", "Bilag 1: Tegninger")),
    row(2, "3", "Lukket: Køb af grund", "EMN-2025-000003", "<div>Godkendt.</div>"),
    row(3, "4", "Meddelelser"),
]


def page(rows: list[str] = ROWS, heading: str = "Referat 6. maj 2025 kl. 17.00", participants: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="da"><head><title>Kulturudvalget</title>
<script>window.localizationKeys = {{"Meeting_Closed_Item":"Lukket punkt"}};</script>
<script src="/dist/js/vis.js"></script></head>
<body><div class="container"><nav class="navbar"><a href="/">Forside</a><ul><li>Udvalg</li></ul></nav>
<div class="title"><h1 class="green dato">{heading}</h1>
<h2 class="black"><span class="udvalg">Kulturudvalget</span> - <span class="sted">Mødelokale 2</span></h2></div>
<table class="dagsordeninfo"><tbody>
<tr><td>Udvalg:</td><td><span class="udvalg">Kulturudvalget</span></td></tr>
<tr><td>Mødedato:</td><td><span class="dato">tirsdag den 6. maj 2025 kl. 17.00</span></td></tr>
<tr class="sted-container"><td>Mødested:</td><td><span class="sted">Mødelokale 2</span></td></tr>
<tr id="deltager-container"><td>Mødedeltagere:</td><td class="deltagere">{participants}</td></tr>
</tbody></table>
<table id="dagsordenDetaljer" class="table dagsorden"><thead><tr><th>Punkt</th><th>Titel</th></tr></thead><tbody>
{"".join(rows)}</tbody></table>
<div class="modal" id="send_dialog"><h4 class="modal-title">Tip en ven</h4><form><input type="text"></form></div>
<script>document.querySelectorAll('.punktrow').forEach(r => r.classList.add('x'));</script>
</div></body></html>
"""


def parse_page(html: str, name: str = "moede.html"):
    return parse_bytes(html.encode("utf-8"), name)


def test_invented_page_reads_meeting_and_items() -> None:
    m = parse_page(page())
    assert m.report.layout == "firstagenda-html"
    assert (m.body, m.date.isoformat(), m.start_time, m.location) == ("Kulturudvalget", "2025-05-06", "17:00",
                                                                      "Mødelokale 2")
    assert m.kind == "referat" and m.title == "Referat"
    assert [(i.number, i.order, i.title) for i in m.items] == [
        ("1", 1, "Godkendelse af dagsorden"), ("2", 2, "Ny skole i Vest"), ("3", 3, "Køb af grund"),
        ("4", 4, "Meddelelser")]
    assert not any(i.title in ("Tip en ven", "Forside", "Udvalg") for i in m.items)  # menus and dialogs are no items


def test_item_fields_decision_history_and_attachments() -> None:
    item = parse_page(page()).items[1]
    assert [s.heading for s in item.sections if s.heading] == [
        "Beslutning", "Resume", "Beslutningspunkter", "Påtegning fra økonomi", "Sagsforløb", "Bilag"]
    assert item.decision is not None and item.decision.text.startswith("Godkendt.")
    assert [(a.name, a.reason, a.item) for a in item.attendance] == [("Bo Holm", "Fraværende", 2)]
    assert item.recommendation.proposer is None and len(item.recommendation.points) == 2
    assert [(h.body, h.date.isoformat(), h.decision) for h in item.history] == [
        ("Magistraten", "2025-09-02", "Fremsendes til byrådet.")]
    assert [a.title for a in item.attachments] == ["Indstilling", "Bilag 1: Tegninger"]
    assert item.case_numbers == ["EMN-2025-000002"]


def test_closed_item_and_item_without_case_number() -> None:
    m = parse_page(page())
    closed, bare = m.items[2], m.items[3]
    assert closed.closed and closed.raw_title == "Lukket: Køb af grund" and closed.decision.text == "Godkendt."
    assert not bare.closed and bare.case_numbers == [] and bare.sections == [] and bare.attachments == []


def test_the_portals_closed_label_marks_a_closed_item() -> None:
    labelled = row(0, "1", "Personalesag", "EMN-2025-000009").replace(
        '<span class="lydfiler-og-bilag">', '<span class="lydfiler-og-bilag"><span class="label">Lukket punkt</span>')
    item = parse_page(page([labelled])).items[0]
    assert item.closed and item.title == "Personalesag"


def test_an_agenda_has_no_decisions() -> None:
    m = parse_page(page([row(0, "1", "Budget", "EMN-2025-000001", FIELDS)], heading="Dagsorden 6. maj 2025 kl. 17.00"))
    assert m.kind == "dagsorden" and m.title == "Dagsorden" and m.items[0].decisions == []


def test_filled_participant_cell_is_read() -> None:
    m = parse_page(page(participants="<div>Anna Berg</div><div>Carl Dam</div>"))
    assert [(a.name, a.status) for a in m.attendance] == [("Anna Berg", "present"), ("Carl Dam", "present")]


def test_html_page_without_the_agenda_table_is_refused_naming_it() -> None:
    other = "<!DOCTYPE html><html><body><h1>Nyheder</h1><p>Byrådet mødes i dag.</p></body></html>"
    with pytest.raises(UnrecognisedLayout) as err:
        parse_page(other, "nyheder.html")
    assert "HTML page without FirstAgenda's agenda table (table#dagsordenDetaljer with tr.punktrow rows)" in str(err.value)
    assert "invalid XML" not in str(err.value)


def test_agenda_table_without_rows_is_refused_by_this_reader() -> None:
    with pytest.raises(UnrecognisedLayout, match=r"^moede.html:\d+: unrecognised layout: HTML page without "
                                                 r"FirstAgenda's agenda table \(table#dagsordenDetaljer"):
        parse_page(page([]))


def test_missing_rows_by_the_portals_numbering_are_refused() -> None:
    with pytest.raises(UnrecognisedLayout, match=r"details0…details1 in order, row 2 is details2"):
        parse_page(page([ROWS[0], ROWS[2]]))


def test_numbers_going_down_are_refused() -> None:
    rows = [row(0, "2", "Budget"), row(1, "1", "Regnskab")]
    with pytest.raises(UnrecognisedLayout, match="numbers in order"):
        parse_page(page(rows))


def test_a_row_without_title_names_its_line() -> None:
    broken = row(1, "2", "Budget").replace('<h2 class="overskrift text-left">Budget</h2>', "")
    html = page([ROWS[0], broken])
    with pytest.raises(ParseError, match=r"item row 2 without its number") as err:
        parse_page(html)
    assert err.value.line == next(n for n, text in enumerate(html.splitlines(), start=1) if "punktrow_00000001" in text)


def test_a_case_number_in_no_known_form_is_an_error() -> None:
    with pytest.raises(ParseError, match="case number 'ukendt nummer'"):
        parse_page(page([row(0, "1", "Budget", "ukendt nummer")]))


def test_attachment_badge_disagreeing_with_the_list_is_a_warning() -> None:
    m = parse_page(page([row(0, "1", "Budget", "EMN-2025-000001", "", ("Bilag 1",), badge=2)]))
    assert [w.code for w in m.report.warnings] == ["attachment-count"]


def test_page_saved_with_a_comment_and_no_doctype_is_still_html() -> None:
    html = "<!-- saved from url=(0040)https://dagsordener.example.dk/vis -->\n" + page().split("\n", 1)[1]
    src = read_bytes(html.encode(), "moede.htm")
    assert src.media_type == "text/html"
    from referatgraf.parse.layouts import detect
    assert detect(src).name == "firstagenda-html"


def test_export_xml_does_not_claim_html_pages() -> None:
    from referatgraf.parse.layouts import get

    xml = get("export-xml")
    assert xml.sniff(read_bytes(page().encode(), "moede.html")) == 0.0
    assert xml.sniff(read_bytes(b"<html><body><p>x</p></body></html>", "x.xml")) == 0.0
    export = ('<meeting committee="Kulturudvalget"><date>2025-02-03T17:00:00</date>'
              '<items><item number="1"><title>Budget</title></item></items></meeting>')
    assert xml.sniff(read_bytes(export.encode(), "m.xml")) > 0  # XML exports stay its own
