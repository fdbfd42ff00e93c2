"""Meeting-system exports: the same meeting written as key: value text, JSON and XML parses to the
same facts (property-based), and broken or hostile exports fail with a clear error."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referatgraf.parse import parse_text
from referatgraf.parse.errors import ParseError, UnrecognisedLayout

FIRST = ["Anna", "Bo", "Carl", "Dorte", "Erik", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars", "Mette"]
LAST = ["Hansen", "Jensen", "Berg", "Ravn", "Lund", "Mørk", "Kjær", "Bak", "Vinter", "Holm", "Friis"]
BODIES = ["Byrådet", "Kommunalbestyrelsen", "Teknisk Udvalg", "Børne- og Skoleudvalget",
          "Økonomiudvalget", "Social- og Sundhedsudvalget", "Klima- og Miljøudvalget"]
WORDS = ["budget", "skole", "vej", "lokalplan", "affald", "cykelsti", "bibliotek", "tilskud",
         "renovering", "høring", "evaluering", "plejehjem", "trafik", "klima", "idræt"]
DECISIONS = ["Godkendt.", "Anbefales.", "Taget til efterretning.", "Udsat.", "Godkendt med 5 stemmer for."]


@st.composite
def case_numbers(draw: st.DrawFn) -> tuple[str, int, int]:
    """(case number as written, year, serial) in one of the four forms."""
    year = draw(st.integers(2000, 2030))
    serial = draw(st.integers(1, 99999))
    form = draw(st.sampled_from(["kle", "journal", "dash", "prefixed"]))
    yy = f"{year % 100:02d}"
    if form == "kle":
        return f"{draw(st.integers(0, 99)):02d}.{draw(st.integers(0, 99)):02d}.00-A00-{serial}-{yy}", year, serial
    if form == "journal":
        return f"{yy}/{serial:05d}", year, serial
    if form == "dash":
        return f"{yy}-{serial:06d}", year, serial
    return f"EMN-{year}-{serial:06d}", year, serial


@st.composite
def meetings(draw: st.DrawFn) -> dict:
    names = draw(st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=1, max_size=6,
                          unique=True))
    items = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
        items.append({
            "number": number,
            "title": " ".join(words).capitalize() + f" {number}",
            "case": draw(st.none() | case_numbers()),
            "decision": draw(st.none() | st.sampled_from(DECISIONS)),
            "attachments": [f"Bilag om {w} {k}" for k, w in
                            enumerate(draw(st.lists(st.sampled_from(WORDS), max_size=3)), start=1)],
        })
    return {
        "body": draw(st.sampled_from(BODIES)),
        "date": f"{draw(st.integers(2010, 2030))}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
        "time": f"{draw(st.integers(7, 20)):02d}:{draw(st.sampled_from(['00', '15', '30']))}",
        "people": [(f"{f} {last}", draw(st.booleans())) for f, last in names],
        "items": items,
    }


def as_text(m: dict) -> str:
    lines = [f"Udvalg: {m['body']}", f"Mødedato: {m['date']}T{m['time']}:00", "Mødested: Rådhuset",
             "Deltagere: " + ", ".join(n + (" (Fraværende)" if absent else "") for n, absent in m["people"]), ""]
    for item in m["items"]:
        lines += [f"Punktnummer: {item['number']}", f"Punktnavn: {item['title']}",
                  f"Sagsnummer: {item['case'][0] if item['case'] else ''}", "Tekst:", "Sagsfremstilling",
                  "Sagen forelægges udvalget."]
        if item["decision"]:
            lines += ["", "Beslutning", item["decision"]]
        if item["attachments"]:
            lines += ["Bilag:"] + [f"- {a}" for a in item["attachments"]]
        lines.append("")
    return "\n".join(lines)


def as_json(m: dict) -> str:
    return json.dumps({"meeting": {
        "committee": {"name": m["body"]}, "meetingDate": f"{m['date']}T{m['time']}:00", "location": "Rådhuset",
        "participants": [{"name": n, "absent": absent} for n, absent in m["people"]],
        "agendaItems": [{
            "number": i["number"], "name": i["title"], "caseNumber": i["case"][0] if i["case"] else None,
            "bodyText": "<p><b>Sagsfremstilling</b></p><p>Sagen forelægges udvalget.</p>",
            **({"decision": i["decision"]} if i["decision"] else {}),
            "attachments": [{"title": a} for a in i["attachments"]],
        } for i in m["items"]],
    }}, indent=1, ensure_ascii=False)


def as_xml(m: dict) -> str:
    people = "".join(f"<Deltager fravaerende={quoteattr(str(a).lower())}>{escape(n)}</Deltager>"
                     for n, a in m["people"])
    items = []
    for i in m["items"]:
        case = f"<Sagsnummer>{escape(i['case'][0])}</Sagsnummer>" if i["case"] else ""
        decision = f"<Felt overskrift=\"Beslutning\">{escape(i['decision'])}</Felt>" if i["decision"] else ""
        files = "".join(f"<Fil titel={quoteattr(a)}/>" for a in i["attachments"])
        items.append(f"<Punkt nummer=\"{i['number']}\">\n<Titel>{escape(i['title'])}</Titel>\n{case}\n"
                     f"<Felter><Felt overskrift=\"Sagsfremstilling\">Sagen forelægges udvalget.</Felt>{decision}"
                     f"</Felter>\n<Bilag>{files}</Bilag>\n</Punkt>")
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Moede>\n<Udvalg>{escape(m['body'])}</Udvalg>\n"
            f"<Moededato>{m['date']}T{m['time']}:00</Moededato>\n<Moedested>Rådhuset</Moedested>\n"
            f"<Deltagere>{people}</Deltagere>\n<Punkter>\n" + "\n".join(items) + "\n</Punkter>\n</Moede>\n")


def facts(meeting) -> dict:
    return {
        "layout_media": meeting.source.media_type,
        "body": meeting.body, "date": meeting.date.isoformat(), "time": meeting.start_time,
        "people": sorted((a.name, a.status) for a in meeting.attendance),
        "items": [(i.number, i.title, i.case.raw if i.case else None, i.case.year if i.case else None,
                   i.case.serial if i.case else None, [d.text for d in i.decisions],
                   [a.title for a in i.attachments]) for i in meeting.items],
        "kind": meeting.kind,
    }


def expected_facts(m: dict) -> dict:
    return {
        "body": m["body"], "date": m["date"], "time": m["time"],
        "people": sorted((n, "absent" if a else "present") for n, a in m["people"]),
        "items": [(str(i["number"]), i["title"], *(i["case"] if i["case"] else (None, None, None)),
                   [i["decision"]] if i["decision"] else [], i["attachments"]) for i in m["items"]],
        "kind": "referat" if any(i["decision"] for i in m["items"]) else "dagsorden",
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_text_json_and_xml_exports_of_one_meeting_give_the_same_facts(m: dict) -> None:
    want = expected_facts(m)
    for render, name, layout in ((as_text, "m.txt", "export-text"), (as_json, "m.json", "export-json"),
                                 (as_xml, "m.xml", "export-xml")):
        meeting = parse_text(render(m), name=name)
        assert meeting.report.layout == layout
        got = facts(meeting)
        got.pop("layout_media")
        assert got == want, layout


def test_json_and_xml_exports_say_their_media_type() -> None:
    sample = {"body": "Byrådet", "date": "2024-01-02", "time": "17:00", "people": [("Anna Hansen", False)],
              "items": [{"number": 1, "title": "Budget 1", "case": None, "decision": None, "attachments": []}]}
    assert parse_text(as_json(sample), name="m.json").source.media_type == "application/json"
    assert parse_text(as_xml(sample), name="m.xml").source.media_type == "application/xml"


def test_html_body_text_is_reduced_to_plain_text() -> None:
    doc = {"committee": "Byrådet", "date": "2024-01-02", "items": [{"number": 1, "title": "Budget",
           "text": "<p><b>Beslutning</b></p><p>Godkendt &amp; <script>alert(1)</script>sendt videre.</p>"}]}
    item = parse_text(json.dumps(doc), name="m.json").items[0]
    assert item.decisions[0].text == "Godkendt & alert(1)sendt videre."
    assert "<" not in item.decisions[0].text


@pytest.mark.parametrize(("text", "name", "line"), [
    ('{"committee": "Byrådet",\n "date": "2024-01-02",\n "items": [ {"number": 1, }\n]}', "bad.json", 3),
    ("<Moede>\n<Udvalg>Byrådet</Udvalg>\n<Punkter><Punkt></Moede>", "bad.xml", 3),
])
def test_broken_export_names_file_and_line(text: str, name: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        parse_text(text, name=name)
    assert info.value.file == name and info.value.line == line
    assert "invalid" in info.value.message


@pytest.mark.parametrize("doc", [
    # external entity (XXE): must never be resolved
    '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    "<Moede><Udvalg>&x;</Udvalg><Moededato>2024-01-02</Moededato><Punkter><Punkt><Titel>A</Titel></Punkt></Punkter></Moede>",
    # entity expansion ("billion laughs")
    '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    "<Moede><Udvalg>&b;</Udvalg><Moededato>2024-01-02</Moededato><Punkter><Punkt><Titel>A</Titel></Punkt></Punkter></Moede>",
])
def test_hostile_xml_is_refused_not_resolved(doc: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_text(doc, name="evil.xml")
    assert "refused XML" in info.value.message
    assert "root:" not in str(info.value)


@pytest.mark.parametrize(("text", "name"), [
    ('{"committee": "Byrådet", "date": "2024-01-02", "items": []}', "empty.json"),
    ('{"committee": "Byrådet", "items": [{"number": 1, "title": "A"}]}', "nodate.json"),
    ("<Moede><Udvalg>Byrådet</Udvalg><Moededato>2024-01-02</Moededato><Punkter/></Moede>", "empty.xml"),
    ("Udvalg: Byrådet\nMødedato: 2024-01-02T17:00:00\nMødested: Rådhuset\n", "empty.txt"),
])
def test_an_export_without_items_is_never_a_meeting(text: str, name: str) -> None:
    with pytest.raises(UnrecognisedLayout, match="unrecognised layout"):
        parse_text(text, name=name)


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                        st.sampled_from(["udvalg", "committee", "mødedato", "date", "items", "punkter", "titel",
                                         "number", "sagsnr", "tekst", "bilag", "deltagere", "x"]), kids, max_size=5),
                    max_leaves=25))
def test_random_json_is_a_meeting_with_items_or_a_clear_error(data: object) -> None:
    try:
        meeting = parse_text(json.dumps(data), name="random.json")
    except ParseError as err:
        assert err.file == "random.json"
    else:
        assert meeting.items


def test_export_layouts_never_claim_the_seed_minutes(seed_file) -> None:
    from referatgraf.parse import layouts
    from referatgraf.parse.reader import read_path

    source = read_path(seed_file)
    for name in ("export-text", "export-json", "export-xml"):
        assert layouts.get(name).sniff(source) == 0, name


def test_an_export_of_several_meetings_reads_the_first_and_warns() -> None:
    meetings = [{"committee": body, "date": "2024-01-02", "items": [{"number": 1, "title": f"Punkt for {body}"}]}
                for body in ("Byrådet", "Økonomiudvalget")]
    meeting = parse_text(json.dumps(meetings), name="two.json")
    assert meeting.body == "Byrådet" and [i.title for i in meeting.items] == ["Punkt for Byrådet"]
    assert [w.code for w in meeting.report.warnings] == ["several-meetings"]


def test_oparl_like_json_with_unknown_item_container() -> None:
    doc = {"type": "Meeting", "committee": "Kulturudvalget", "start": "2024-05-02T16:00:00+02:00",
           "agendaItem": [{"number": "1", "name": "Kulturpris", "public": False, "resolutionText": "Tildelt."}]}
    item = parse_text(json.dumps(doc), name="oparl.json").items[0]
    assert (item.title, item.closed, item.decisions[0].text) == ("Kulturpris", True, "Tildelt.")


def test_xml_text_written_as_inline_html_elements_is_kept() -> None:
    doc = ('<Moede xmlns="urn:x"><Udvalg>Byrådet</Udvalg><Moededato>2024-01-02T17:00:00</Moededato>'
           "<Punkter><Punkt><Titel>Budget</Titel><Tekst><p><b>Sagsfremstilling</b></p><p>Udgift på 66.000 kr.</p>"
           "<p><strong>Beslutning</strong></p><p>Godkendt &amp; sendt.</p></Tekst></Punkt></Punkter></Moede>")
    item = parse_text(doc, name="inline.xml").items[0]
    assert [(s.kind, s.text) for s in item.sections] == [
        ("sagsfremstilling", "Udgift på 66.000 kr."), ("beslutning", "Godkendt & sendt.")]
    assert item.decisions[0].text == "Godkendt & sendt."


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8"])
def test_xml_declared_encoding_does_not_garble_decoded_text(encoding: str) -> None:
    from referatgraf.parse import parse_bytes

    doc = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<Moede><Udvalg>Økonomiudvalget</Udvalg>'
           "<Moededato>2024-01-02</Moededato><Punkter><Punkt><Titel>Blå bog</Titel></Punkt></Punkter></Moede>\n")
    meeting = parse_bytes(doc.encode(encoding), "latin.xml")
    assert (meeting.body, meeting.items[0].title) == ("Økonomiudvalget", "Blå bog")


@pytest.mark.parametrize(("fields", "date", "time"), [
    ({"dato": "12-03-2024", "tid": "kl. 17.00"}, "2024-03-12", "17:00"),
    ({"date": "2024-03-12", "startTime": "16:30"}, "2024-03-12", "16:30"),
    ({"mødedato": "12. marts 2024 kl. 9.15"}, "2024-03-12", "09:15"),
    ({"meetingDate": "2024-03-12T00:00:00Z"}, "2024-03-12", None),
    ({"Date": "/Date(1710259200000)/"}, "2024-03-12", "16:00"),
])
def test_meeting_date_and_time_forms(fields: dict, date: str, time: str | None) -> None:
    doc = {"udvalg": "Byrådet", **fields, "punkter": [{"nummer": 1, "titel": "Budget"}]}
    meeting = parse_text(json.dumps(doc, ensure_ascii=False), name="dates.json")
    assert (meeting.date.isoformat(), meeting.start_time) == (date, time)
