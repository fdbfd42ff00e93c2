"""The parser on every seed: golden structure, invariants, and the facts counted by hand.

Golden files (tests/golden/parse/<seed>.json) hold structural facts only (see parse_facts).
Regenerate after a deliberate change with ``REFERATGRAF_UPDATE_GOLDEN=1 pytest tests/parse/test_parse_seeds.py``
and check every changed value by eye against the seed text before keeping it.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import GOLDEN_DIR, seed_id
from parse_facts import structural

PARSE_GOLDEN = GOLDEN_DIR / "parse"
MARKUP = re.compile(r"\*\*|</?b>|\\_|^#|^-{3,}$", re.MULTILINE)


@pytest.fixture(scope="module")
def meetings(seed_meetings):
    """Seed meetings keyed by seed id ("000" ...)."""
    return {name.split("_")[0]: m for name, m in seed_meetings.items()}


@pytest.fixture(scope="module")
def by_date(meetings):
    return {m.date.year: m for m in meetings.values()}


def test_golden(seed_file, seed_meetings):
    facts = structural(seed_meetings[seed_file.name])
    path = PARSE_GOLDEN / f"{seed_id(seed_file)}.json"
    if os.environ.get("REFERATGRAF_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert facts == json.loads(path.read_text(encoding="utf-8"))


def test_lines_nest_and_stay_in_file(seed_file, seed_meetings):
    meeting = seed_meetings[seed_file.name]
    n_lines = meeting.source.line_count
    previous_end = 0
    for item in meeting.items:
        first, last = item.lines
        assert previous_end < first <= last <= n_lines
        previous_end = last
        for section in item.sections:
            assert first < section.lines[0] <= section.lines[1] <= last
        for block in [*item.decisions, *([item.recommendation] if item.recommendation else [])]:
            assert first < block.lines[0] <= block.lines[1] <= last


def test_no_markup_or_prefix_leaks(seed_file, seed_meetings):
    meeting = seed_meetings[seed_file.name]
    for item in meeting.items:
        for text in [item.title, item.raw_title, *[a.title for a in item.attachments]]:
            assert not MARKUP.search(text), text
        assert not item.title.startswith("CF - "), item.title  # the seeds' forum prefix
        assert not re.search(r"\(\d{1,2}:\d{2}|\(\d+ min\)| v\. [A-ZÆØÅ]", item.title), item.title
        for section in item.sections:
            assert not MARKUP.search(section.text), (item.number, section.heading)
            assert not MARKUP.search(section.heading)
            # the 2014 layout repeats the item heading: it is a boundary, never text or a section
            assert item.raw_title not in section.heading
            assert not section.text.startswith(item.raw_title)


def test_seed_totals(meetings):
    items = [i for m in meetings.values() for i in m.items]
    assert len(items) == 42
    assert [len(m.items) for _, m in sorted(meetings.items(), key=lambda kv: kv[1].date)] == [6, 10, 6, 10, 10]
    assert len({i.case_number for i in items if i.case_number}) == 31
    assert sum(len(i.attachments) for i in items) == 43
    assert [(m.date.year, i.order) for m in meetings.values() for i in m.items if i.closed] == [(2016, 5), (2016, 7)]
    for m in meetings.values():
        assert m.body == "Chefforum" and m.report.complete and m.report.warnings == []
        assert [i.order for i in m.items] == list(range(1, len(m.items) + 1))
        assert len(m.toc) == len(m.items)


def test_attachments_per_seed(by_date):
    counts = {year: sum(len(i.attachments) for i in m.items) for year, m in by_date.items()}
    assert counts == {2014: 5, 2016: 10, 2017: 10, 2019: 11, 2020: 7}


def test_2014_bilag_before_body_and_decision_heading(by_date):
    m = by_date[2014]
    assert (m.location, m.start_time) == ("Mødelokale 915", "09:00")
    assert [i.case_number for i in m.items] == [None, "13/13893", "13/10763", "05/18197", "14/2271", None]
    two = m.items[1]
    assert two.case.year == 2013 and two.case.serial == 13893
    assert [s.kind for s in two.sections][:2] == ["bilag", "baggrund"]
    assert [a.title for a in two.attachments][1].endswith(".pdf")
    assert two.recommendation.proposer == "Økonomi & Stab"
    for item in m.items:
        assert [(d.body, d.date.isoformat()) for d in item.decisions] == [("Chefforum", "2014-05-15")]
        assert not any(s.kind == "other" for s in item.sections)  # the repeated heading is no section
    assert m.items[2].recommendation.proposer == "Chefen for Skoler & Uddannelse"
    assert len(m.items[2].recommendation.points) == 5  # bulleted points


def test_2016_closed_items_and_implicit_recommendation(by_date):
    m = by_date[2016]
    for n in (5, 7):
        item = m.items[n - 1]
        assert item.closed and item.case_number and item.title == "Lukket" and not item.sections
    nine = m.items[8]
    assert nine.section("indstilling").heading == ""  # no heading in the document
    assert nine.recommendation.proposer == "Kommunaldirektøren"
    assert [p.number for p in nine.recommendation.points] == [1]
    assert m.items[3].recommendation.proposer == "Afdelingschefen for Social & Familie"


def test_2017_mixed_headings(by_date):
    m = by_date[2017]
    three, four = m.items[2], m.items[3]
    assert "supplerende_bilag" in [s.kind for s in three.sections]
    assert len(three.attachments) == 7 and three.attachments[0].title == "2. udkast til budgetkatalog"
    # "Ad 2. …" to "Ad 4. …" address the themes listed in the Sagsfremstilling ("Ad1." is plain
    # text there): the author's sub-headings, so text of that field however the PDF marked them
    assert [s.heading for s in four.sections] == ["Anledning", "Sagsfremstilling", "Økonomi", "Indstilling",
                                                  "Beslutning", "Bilag"]
    assert "Ad 3. Den innovative offentlige organisation" in four.section("sagsfremstilling").text
    assert four.recommendation.proposer is None and len(four.recommendation.points) == 3
    assert four.section("okonomi") is not None


def test_2020_titles_and_answers(by_date):
    m = by_date[2020]
    assert m.start_time == "13:15"
    two = m.items[1]
    assert (two.title, two.presenters, two.planned_start, two.planned_end) == (
        "Temadrøftelse - Tæller tal i Albertslund", ["René", "Birgit", "Susanne"], "14:45", "15:45")
    five = m.items[4]
    assert five.participants == ["Bente Poulsen"] and five.presenters == ["Søren"]
    assert m.items[0].planned_start == "13:15" and m.items[0].planned_end is None
    six = m.items[5]
    assert [a.point for a in six.decision.answers] == [1, 2, 3, 4, 5]
    assert {p.number for p in six.recommendation.points} == {1, 2, 3, 4, 5}


def test_2019_durations(by_date):
    m = by_date[2019]
    assert [i.planned_minutes for i in m.items] == [None, 20, 10, 20, 15, 25, 35, 10, None, None]
    assert m.items[4].recommendation.proposer == "Chef for Økonomi og Stab"
    assert m.items[9].sections == [] and m.items[9].case_number == "00.01.00-A21-9-18"
