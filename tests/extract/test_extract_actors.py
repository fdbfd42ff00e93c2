"""Actors on the real seeds against the hand-checked list in tests/fixtures/actors_expected.yaml.

Precision and recall are computed per entity type over all five seeds and printed (run with
``-s`` to see them); each must be ≥ 0.95.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from referatgraf.extract import extract
from referatgraf.extract.resolve import person_key

EXPECTED = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "actors_expected.yaml").read_text("utf-8"))
KINDS = ("person", "post", "department", "body", "organisation")


@pytest.fixture(scope="module")
def extractions(seed_meetings):
    return {name: extract(meeting) for name, meeting in seed_meetings.items()}


def _expected_keys(doc: dict, kind: str) -> set[str]:
    names = [e["name"] for e in doc.get(kind) or []]
    return {person_key(tuple(n.split())) if kind == "person" else n for n in names}


def test_fixture_covers_every_seed(seed_files):
    assert sorted(EXPECTED) == sorted(p.name for p in seed_files)


def test_precision_and_recall_per_type(extractions):
    scores = {}
    for kind in KINDS:
        tp = fp = fn = 0
        for name, ext in extractions.items():
            found = {e.key for e in ext.entities if e.kind == kind}
            expected = _expected_keys(EXPECTED[name], kind)
            tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
        scores[kind] = (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)
    for kind, (p, r) in scores.items():
        print(f"{kind:13s} precision {p:.3f} recall {r:.3f}")
    assert all(p >= 0.95 and r >= 0.95 for p, r in scores.values()), scores


def test_aliases_are_recognised(extractions):
    """Every other form of an entity in the hand-checked list is known as one of its names."""
    missing = []
    for name, ext in extractions.items():
        for kind in KINDS:
            for exp in EXPECTED[name].get(kind) or []:
                key = person_key(tuple(exp["name"].split())) if kind == "person" else exp["name"]
                entity = ext.entity(key)
                forms = {f.casefold() for f in ([entity.name, *entity.aliases] if entity else [])}
                missing += [(name, a) for a in exp.get("aliases", []) if a.casefold() not in forms]
    assert not missing


def test_canonical_person_name_is_the_longest_form(extractions):
    for name, ext in extractions.items():
        for exp in EXPECTED[name]["person"]:
            entity = ext.entity(person_key(tuple(exp["name"].split())))
            assert entity is not None and entity.name == exp["name"]


def test_every_proposer_resolves_to_a_post_or_department(seed_meetings, extractions):
    for name, meeting in seed_meetings.items():
        proposers = {m.item: (m.kind, m.entity) for m in extractions[name].mentions if m.role == "proposer"}
        with_proposer = {i.order for i in meeting.items if i.recommendation and i.recommendation.proposer}
        assert set(proposers) == with_proposer
        assert all(kind in ("post", "department") and key for kind, key in proposers.values())
        assert {k: list(v) for k, v in proposers.items()} == EXPECTED[name]["proposers"]


def test_proposer_entities_exist(extractions):
    for ext in extractions.values():
        for m in (m for m in ext.mentions if m.role == "proposer"):
            assert ext.entity(m.entity) is not None and ext.entity(m.entity).kind == m.kind


def test_meeting_references(extractions):
    for name, ext in extractions.items():
        refs = {(m.entity, m.value) for m in ext.mentions if m.kind == "meeting_ref"}
        assert refs == {(b, str(d)) for b, d in EXPECTED[name]["meeting_refs"]}


def test_unresolved_first_names_stay_unresolved(extractions):
    for name, ext in extractions.items():
        unresolved = {m.text for m in ext.mentions if m.kind == "person" and m.entity is None}
        assert unresolved == set(EXPECTED[name]["unresolved"])


def test_first_names_made_certain_by_the_document(extractions):
    ext = extractions["002_4ce4edbbd2f56995.txt"]
    by_text = {}
    for m in ext.mentions:
        if m.kind == "person" and m.section == "title":
            by_text.setdefault((m.item, m.text), m)
    assert by_text[(7, "Jette")].entity == "Jette Runchel"
    assert by_text[(7, "Jette")].role == "presenter"
    assert by_text[(8, "Susanne")].entity == "Susanne Kremmer"
    assert by_text[(8, "Pernille")].entity == "Pernille Bech"
    assert by_text[(5, "Bente Poulsen")].role == "participant"
    assert by_text[(3, "Søren")].entity is None and by_text[(3, "Søren")].role == "presenter"


def test_two_pernilles_are_two_people(extractions):
    keys = {e.key for ext in extractions.values() for e in ext.entities if e.name.startswith("Pernille")}
    assert keys == {"Pernille Bech", "Pernille Vielsted"}


def test_post_holdings(extractions):
    for name, ext in extractions.items():
        assert {(h.person, h.post) for h in ext.holdings} == {tuple(h) for h in EXPECTED[name]["holdings"]}
    jette = extractions["002_4ce4edbbd2f56995.txt"].holdings[0]
    assert jette.date == dt.date(2020, 1, 29)


def test_mie_thorup_and_lars_lundmann_span_meetings(seed_meetings, extractions):
    def meetings_of(key: str) -> set[dt.date]:
        return {seed_meetings[n].date for n, ext in extractions.items()
                if any(m.entity == key and m.kind == "person" for m in ext.mentions)}

    assert meetings_of("Mie Thorup") == {dt.date(2016, 9, 1), dt.date(2017, 6, 1)}
    assert meetings_of("Lars Lundmann") == {dt.date(2017, 6, 1), dt.date(2020, 1, 29)}


def test_amounts_and_hours(extractions):
    values = {(m.kind, m.text, m.value) for ext in extractions.values() for m in ext.mentions}
    assert ("money", "66.000 kr.", "66000") in values
    assert ("money", "27 mio. kr.", "27000000") in values
    assert ("hours", "4.000 timer", "4000") in values
    dates = {m.text for ext in extractions.values() for m in ext.mentions if m.kind in ("date", "meeting_ref")}
    assert "8. Sept. 2016" in dates and not any(d.endswith("juni.") for d in dates)


def test_extraction_is_deterministic(seed_file):
    from referatgraf.parse import parse_file

    meeting = parse_file(seed_file)
    assert extract(meeting).model_dump() == extract(meeting).model_dump()


EXAMPLE_MINUTES = sorted(p for p in (Path(__file__).parents[2] / "examples" / "minutes").glob("*")
                         if p.suffix in (".txt", ".md") and p.name != "README.md")


@pytest.mark.parametrize("path", EXAMPLE_MINUTES, ids=lambda p: p.name)
def test_every_proposer_in_the_example_minutes_resolves(path):
    from referatgraf.parse import parse_file

    meeting = parse_file(path)
    resolved = {m.item: m for m in extract(meeting).mentions if m.role == "proposer"}
    for item in meeting.items:
        if item.recommendation and item.recommendation.proposer:
            assert item.order in resolved, item.recommendation.proposer
            assert resolved[item.order].kind in ("post", "department")
