"""Every fixture document in tests/fixtures/layouts parses to exactly its ``.expected.json``:
each item's number, title, closed flag, case number (form, year, serial), decisions (body, date,
text, per-point answers), attachments and attendance, and the meeting's body, date and kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout_expectations import differences, fixture_documents, load_expected
from referatgraf.parse import parse_file

DOCUMENTS = fixture_documents()


def test_there_are_fixtures_in_every_shape() -> None:
    layouts = {load_expected(p).get("layout") for p in DOCUMENTS}
    kinds = {load_expected(p)["kind"] for p in DOCUMENTS}
    assert {"export-text", "export-json", "export-xml"} <= layouts
    assert kinds == {"referat", "dagsorden"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_fixture_parses_as_expected(document: Path) -> None:
    meeting = parse_file(document, municipality="Egeskov")
    diffs = differences(meeting, load_expected(document))
    assert not diffs, f"{document.name}:\n  " + "\n  ".join(diffs)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_fact_points_into_the_document(document: Path) -> None:
    meeting = parse_file(document)
    last = meeting.source.line_count
    lines = document.read_text(encoding="utf-8").splitlines()
    for item in meeting.items:
        assert 1 <= item.lines[0] <= item.lines[1] <= last, item.number
        for section in item.sections:
            assert 1 <= section.lines[0] <= section.lines[1] <= last, (item.number, section.heading)
        for attachment in item.attachments:
            assert 1 <= attachment.line <= last
            assert _written_on(attachment.title, lines[attachment.line - 1]), (item.number, attachment)
    for entry in meeting.attendance:
        assert 1 <= entry.line <= last


def _written_on(value: str, line: str) -> bool:
    """``value`` appears on ``line`` as written, JSON-escaped or XML-escaped."""
    forms = {value, json.dumps(value)[1:-1], value.replace("&", "&amp;")}
    return any(form in line for form in forms)
