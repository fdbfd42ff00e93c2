"""Extraction rules on small hand-built meetings (names and units the gazetteers do not list),
the user's gazetteer folders and aliases file, and hypothesis property tests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referatgraf.extract import extract
from referatgraf.extract.aliases import parse_aliases
from referatgraf.extract.gazetteer import load_gazetteer
from referatgraf.extract.organisations import matcher_for
from referatgraf.extract.people import find_people, people_in_runs
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import (AgendaItem, Attendance, Meeting, ParseReport, Recommendation,
                                     Section, SourceDocument)
from referatgraf.settings import Settings


def make_meeting(*items: AgendaItem, date=dt.date(2021, 3, 4), attendance=()) -> Meeting:
    return Meeting(body="Chefforum", date=date, municipality="Testby",
                   source=SourceDocument(file_name="t.txt", sha256="0" * 64, media_type="text/plain"),
                   items=list(items), attendance=list(attendance), report=ParseReport(layout="test"))


def make_item(number: int, raw_title: str, *texts: str, proposer: str | None = None,
              first_line: int = 10) -> AgendaItem:
    sections, line = [], first_line + 2
    for text in texts:
        n = text.count("\n")
        sections.append(Section(kind="sagsfremstilling", heading="Sagsfremstilling", text=text,
                                lines=(line, line + 2 + n)))
        line += 4 + n
    rec = None
    if proposer:
        text = f"{proposer} indstiller,\n\n1. at sagen godkendes"
        rec = Recommendation(proposer=proposer, text=text, lines=(line, line + 4))
        sections.append(Section(kind="indstilling", heading="Indstilling", text=text, lines=(line, line + 4)))
        line += 5
    return AgendaItem(number=number, title=raw_title, raw_title=raw_title, sections=sections,
                      recommendation=rec, lines=(first_line, line))


def people(ext, role=None):
    return [(m.text, m.entity) for m in ext.mentions
            if m.kind == "person" and (role is None or m.role == role)]


def test_names_not_in_any_list_are_found_after_a_title():
    ext = extract(make_meeting(make_item(1, "Oplæg", "Oplæg ved konsulent Xavo Qwerty om noget.")))
    assert people(ext) == [("Xavo Qwerty", "Xavo Qwerty")]
    assert ext.mentions[0].context == "konsulent"


def test_diacritics_hyphens_and_particles():
    ext = extract(make_meeting(make_item(
        1, "Punkt", "Anne-Mette Brøndum-Sørensen, Jody Hoffer Gittell og Peter van der Berg deltog.")))
    assert {e.name for e in ext.entities if e.kind == "person"} == {
        "Anne-Mette Brøndum-Sørensen", "Jody Hoffer Gittell", "Peter van der Berg"}
    assert ext.entity("Peter Berg").name == "Peter van der Berg"


def test_a_lone_first_name_is_linked_only_when_certain():
    item = make_item(1, "Status v. Jens og Karen", "Jens Nørby og Karen Ibsen og Karen Holm fremlagde.")
    ext = extract(make_meeting(item))
    title = {m.text: m.entity for m in ext.mentions if m.section == "title" and m.kind == "person"}
    assert title == {"Jens": "Jens Nørby", "Karen": None}  # two Karens: never a guess


def test_a_lone_first_name_elsewhere_is_not_a_mention_unless_certain():
    ext = extract(make_meeting(make_item(1, "Punkt", "Per talte med Helle Juhl. Helle svarede.")))
    assert people(ext) == [("Helle Juhl", "Helle Juhl"), ("Helle", "Helle Juhl")]


def test_unknown_department_after_a_post_title_makes_a_post():
    ext = extract(make_meeting(make_item(1, "Punkt", proposer="Afdelingschefen for Kultur & Fritid")))
    proposer = next(m for m in ext.mentions if m.role == "proposer")
    assert (proposer.kind, proposer.entity) == ("post", "Chef for Kultur & Fritid")
    assert ext.entity("Chef for Kultur & Fritid").unit == "Kultur & Fritid"
    assert ext.entity("Kultur & Fritid").kind == "department"


@pytest.mark.parametrize("proposer, expected", [
    ("Kommunaldirektøren", ("post", "Kommunaldirektør")),
    ("Chefen for Økonomi & Stab", ("post", "Chef for Økonomi & Stab")),
    ("Chef for Økonomi og Stab", ("post", "Chef for Økonomi & Stab")),
    ("Økonomi & Stab", ("department", "Økonomi & Stab")),
    ("Netværksdirektøren", ("post", "Netværksdirektør")),
    ("Afdelingschefen for Social & Familie", ("post", "Chef for Social & Familie")),
    ("Direktøren for By, Kultur, Miljø & Beskæftigelse", ("post", "Direktør for By, Kultur, Miljø & Beskæftigelse")),
    ("Leder af IT & Indkøb", ("post", "Leder af IT & Indkøb")),
])
def test_proposer_forms(proposer, expected):
    assert matcher_for().resolve_proposer(proposer)[:2] == expected


def test_attendance_becomes_absent_and_participant_mentions():
    meeting = make_meeting(make_item(1, "Punkt", "Intet."), attendance=[
        Attendance(name="Jette Runchel", status="absent", line=4),
        Attendance(name="Søren", status="present", line=5)])
    roles = {(m.text, m.role, m.entity) for m in extract(meeting).mentions if m.kind == "person"}
    assert roles == {("Jette Runchel", "absent", "Jette Runchel"), ("Søren", "participant", None)}


def test_user_gazetteer_folder_extends_the_defaults(tmp_path):
    (tmp_path / "organisations.tsv").write_text("Zeta Rådgivning\tZR\tany\n", encoding="utf-8")
    (tmp_path / "first_names.txt").write_text("Xavo\n", encoding="utf-8")
    meeting = make_meeting(make_item(1, "Punkt", "ZR og Xavo Qwerty og KOMBIT var med."))
    ext = extract(meeting, Settings(gazetteer_dirs=[tmp_path]))
    assert ext.entity("Zeta Rådgivning").aliases == ["ZR"]
    assert ext.entity("Xavo Qwerty") is not None and ext.entity("KOMBIT") is not None
    assert extract(meeting).entity("Zeta Rådgivning") is None


def test_aliases_file_merges_and_splits(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# user rules\n"
                    "merge\tperson\tSøren Hansen\tSøren\t2021-01-01..2021-12-31\n"
                    "split\tperson\tLars Peter Hansen\n", encoding="utf-8")
    item = make_item(1, "Status v. Søren", "Lars Peter Hansen og Lars Hansen talte.")
    ext = extract(make_meeting(item), Settings(aliases_file=path))
    keys = {(m.text, m.entity) for m in ext.mentions if m.kind == "person"}
    assert keys == {("Søren", "Søren Hansen"), ("Lars Peter Hansen", "Lars Peter Hansen"),
                    ("Lars Hansen", "Lars Hansen")}
    later = extract(make_meeting(item, date=dt.date(2022, 1, 1)), Settings(aliases_file=path))
    assert ("Søren", None) in {(m.text, m.entity) for m in later.mentions if m.kind == "person"}


def test_bad_aliases_file_names_file_and_line():
    with pytest.raises(ParseError, match="aliases.tsv:2"):
        parse_aliases("merge\tperson\tA B\tA\nmarge\tperson\tX\n", "aliases.tsv")


# -- properties -------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzæøåöéü"
_name_part = st.builds(lambda first, rest: first + rest, st.sampled_from("ABDEFGHKLMNPRSTÆØÅÖÉ"),
                       st.text(alphabet=_LETTERS, min_size=1, max_size=10))
_full_name = st.builds(
    lambda first, particle, parts, hyphen: " ".join(
        [first + (f"-{hyphen}" if hyphen else ""), *([particle] if particle else []), *parts]),
    _name_part, st.sampled_from(["", "van", "de", "von", "van der"]),
    st.lists(_name_part, min_size=1, max_size=3), st.one_of(st.just(""), _name_part))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_crashes_or_yields_empty_names(text):
    gaz = load_gazetteer()
    for hit in find_people(text, gaz):
        assert hit.text.strip() and all(t.strip() for t in hit.tokens)
    for hit in matcher_for(gaz).find(text):
        assert hit.name.strip()
    ext = extract(make_meeting(make_item(1, text.replace("\n", " ") or "x", text or "x")))
    assert all(e.name.strip() and e.key.strip() for e in ext.entities)
    assert all(m.text.strip() for m in ext.mentions)


@settings(max_examples=150, deadline=None)
@given(_full_name, st.sampled_from(["konsulent", "kommunaldirektør", "ph.d.", "sikkerhedskoordinator"]))
def test_titled_names_with_diacritics_hyphens_and_particles(name, title):
    ext = extract(make_meeting(make_item(1, "Punkt", f"Oplæg af {title} {name} om sagen.")))
    persons = [e for e in ext.entities if e.kind == "person"]
    assert len(persons) == 1
    assert persons[0].name == name
    assert persons[0].name.strip() and persons[0].key == f"{name.split()[0]} {name.split()[-1]}"


_SCAN_PIECES = ["1. August Hansen", "3 Jan Olsen", "Jan ", "August ", "Mie ", "Hansen", "Punkt ", "Anne-Mette ", "P.H. ", "van ", "Kr.", "kr", "\u212ar", "mio.",
                " timer", "1. ", "September ", "maj ", "Maj ", "2016", "21.6", "d. ", "7.200", "-", ",", ".",
                " ", "  ", "\n", "\t", "(", "5", "0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=25).map("".join))
def test_shared_scan_pass_finds_what_two_separate_passes_find(text):
    """extract.scanner runs quantities (on the text as written) and names in one regex pass and
    drops most runs inside the regex engine; that must change nothing ("1. September Mie", "5 Kr.")."""
    from referatgraf.extract.references import QUANTITY_PATTERN
    from referatgraf.extract.scanner import scanner_for

    gaz = load_gazetteer()
    runs, quantities = scanner_for(gaz).people_and_quantities(text)
    assert people_in_runs(text, runs, gaz) == find_people(text, gaz)
    expected = [m.span() for m in re.finditer(QUANTITY_PATTERN, text)
                if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".,-"))]
    assert [m.span() for m in quantities] == expected


_NORMALISE_CHARS = st.one_of(
    st.characters(max_codepoint=0xFF),  # the Latin-1 fast path (æøå, "À" → "à", "ß", "µ")
    st.sampled_from(list("“”„‘’–—\u212aİőЖ€")),  # wide punctuation, and what forces the fallback
)


@settings(max_examples=300, deadline=None)
@given(st.text(_NORMALISE_CHARS, max_size=60))
def test_latin1_normalising_equals_lower_and_replace(text):
    """extract.organisations normalises Latin-1 text with one bytes.translate; it must give what
    lower-casing and replacing each punctuation mark gives (the path taken for other text)."""
    from referatgraf.extract.organisations import lower_same_length, normalise_for_matching

    fast = normalise_for_matching(text)
    assert fast == normalise_for_matching(text, lower_same_length(text))
    assert len(fast) == len(text)
