"""Attendance lines in the forms Danish minutes write them: a table of cases and property tests
(lists of generated names written as a labelled list, a heading block or a wrapped PDF line)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referatgraf.parse.attendance import parse_attendance, split_names

CASES = [
    # (lines, item, expected (name, status, item))
    (["Fraværende: Anna Hansen (A) og Bo Jensen"], None,
     [("Anna Hansen", "absent", None), ("Bo Jensen", "absent", None)]),
    (["Afbud: Karen Vinter (B)"], None, [("Karen Vinter", "absent", None)]),
    (["Afbud fra Bo Jensen (V). I stedet deltog Ib Olsen (V)."], 4, [("Bo Jensen", "absent", 4)]),
    (["Deltagere: Eva Holm, Ole Dam (Fraværende), Lis Krog"], None,
     [("Eva Holm", "present", None), ("Ole Dam", "absent", None), ("Lis Krog", "present", None)]),
    (["**Fraværende** Vibeke Storm (C)"], None, [("Vibeke Storm", "absent", None)]),
    (["Fraværende Søren Kvist (V)"], None, [("Søren Kvist", "absent", None)]),
    (["Deltagere", "", "Rikke Bach (A), formand", "Ulrik Dam (B) (Fraværende)", "", "Punkt 1: Budget"], None,
     [("Rikke Bach", "present", None), ("Ulrik Dam", "absent", None)]),
    (["Medlemmer: Anna Hansen, Bo Jensen", "Fraværende: Bo Jensen"], None,
     [("Anna Hansen", "present", None), ("Bo Jensen", "absent", None)]),
    (["Ida Lund (Fraværende under punkt 2-3)"], None,
     [("Ida Lund", "present", None), ("Ida Lund", "absent", 2), ("Ida Lund", "absent", 3)]),
    (["Tove Nygaard (Ø) (Fraværende)"], 3, [("Tove Nygaard", "absent", 3)]),
    (["Bo Jensen (V) deltog ikke i behandlingen af punktet."], 6, [("Bo Jensen", "absent", 6)]),
    (["Dorte Ravn (Ø) var fraværende under behandlingen af punkterne 3-4."], None,
     [("Dorte Ravn", "absent", 3), ("Dorte Ravn", "absent", 4)]),
    (["Deltagere: Anna Hansen (A), Bo Jensen (V), Tove", "Nygaard (Ø)"], None,
     [("Anna Hansen", "present", None), ("Bo Jensen", "present", None), ("Tove Nygaard", "present", None)]),
    (["Deltagere: Anna Hansen (A),", "Bo Jensen (V)"], None,
     [("Anna Hansen", "present", None), ("Bo Jensen", "present", None)]),
    (["Deltagere: Anna Hansen (A), Bo Jensen (V)", "(Fraværende)"], None,
     [("Anna Hansen", "present", None), ("Bo Jensen", "absent", None)]),
    (["Fraværende med afbud: Lone Dahl (B)"], None, [("Lone Dahl", "absent", None)]),
    (["Inhabil: Per Holt (V)"], 5, [("Per Holt", "absent", 5)]),
    (["Medlemmer Steen Lind (A), Jens Krog (A), Mona", "Berg (V)"], None,
     [("Steen Lind", "present", None), ("Jens Krog", "present", None), ("Mona Berg", "present", None)]),
    # not attendance
    (["Fraværende: Ingen"], None, []),
    (["Deltagere i workshoppen var Ib Sko og Bo Lund."], None, []),
    (["Udvalget deltog ikke i mødet."], None, []),
    (["Deltagere: Anna Hansen, Bo Jensen", "Indholdsfortegnelse"], None,
     [("Anna Hansen", "present", None), ("Bo Jensen", "present", None)]),
    (["Deltagere: Anna Hansen", "Mødested: Rådhuset"], None, [("Anna Hansen", "present", None)]),
    (["Sagsfremstilling", "Medlemmerne af udvalget blev orienteret om budgettet."], None, []),
]


@pytest.mark.parametrize(("lines", "item", "expected"), CASES, ids=[c[0][0][:40] for c in CASES])
def test_attendance_forms(lines: list[str], item: int | None, expected: list[tuple]) -> None:
    found = parse_attendance(list(enumerate(lines, start=1)), item)
    assert sorted((a.name, a.status, a.item) for a in found) == sorted(expected)
    for a in found:
        assert lines[a.line - 1][a.start:a.start + len(a.name)] == a.name if a.start is not None else True


FIRST = ["Anna", "Bo", "Carl", "Dorte", "Erik", "Gitte", "Hans", "Ida", "Jens", "Karen", "Ole", "Åse", "Ømer"]
LAST = ["Hansen", "Jensen", "Berg", "Ravn", "Lund", "Mørk", "Kjær", "Bak", "Vinter", "Holm", "Friis", "Ærø"]
PARTIES = ["", " (A)", " (V)", " (Ø)", " (SF)", " (C)"]


@st.composite
def people(draw: st.DrawFn) -> list[tuple[str, str, bool]]:
    """(name, party suffix, absent?) with distinct names."""
    names = draw(st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=1, max_size=8,
                          unique=True))
    return [(f"{f} {last}", draw(st.sampled_from(PARTIES)), draw(st.booleans())) for f, last in names]


def _written(person: tuple[str, str, bool]) -> str:
    name, party, absent = person
    return name + party + (" (Fraværende)" if absent else "")


@settings(max_examples=150, deadline=None)
@given(people(), st.sampled_from(["Deltagere: ", "Til stede: ", "Medlemmer: "]), st.integers(20, 80))
def test_a_labelled_list_in_any_wrapping_gives_every_person(group, label, width) -> None:
    text = label + ", ".join(_written(p) for p in group)
    wrapped, line = [], ""
    for word in text.split(" "):  # wrap at spaces, like a PDF line
        if line and len(line) + 1 + len(word) > width:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    wrapped.append(line)
    found = parse_attendance(list(enumerate(wrapped, start=1)))
    assert sorted((a.name, a.status) for a in found) == sorted(
        (name, "absent" if absent else "present") for name, _, absent in group)


@settings(max_examples=100, deadline=None)
@given(people(), st.integers(1, 30))
def test_a_heading_block_belongs_to_its_item(group, item) -> None:
    lines = ["Fraværende", ""] + [name + party for name, party, _ in group] + ["", "Beslutning", "Godkendt."]
    found = parse_attendance(list(enumerate(lines, start=1)), item)
    assert sorted(a.name for a in found) == sorted(name for name, _, _ in group)
    assert {(a.status, a.item) for a in found} == {("absent", item)}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=12), st.none() | st.integers(1, 50))
def test_any_text_gives_entries_or_nothing_never_an_error(lines, item) -> None:
    for entry in parse_attendance(list(enumerate(lines, start=1)), item):
        assert entry.name.strip() == entry.name and len(entry.name.split()) >= 2


@given(st.lists(st.sampled_from(["Anna Hansen", "Bo Jensen (V)", "Ida Lund (A, formand)"]), min_size=1, max_size=5))
def test_split_names_round_trip(names) -> None:
    assert split_names(", ".join(names)) == names
