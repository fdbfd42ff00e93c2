"""A document in a layout no parser knows is an "unrecognised layout" error quoting its first
lines: every layout's sniff() gives it 0, the CLI exits 1 without a traceback, and no layout
ever reports a meeting with zero items as a success."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from layout_expectations import FIXTURE_DIR, fixture_documents
from referatgraf.cli import app
from referatgraf.parse import layouts, parse_file, parse_text
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.reader import read_path

UNKNOWN = sorted((FIXTURE_DIR / "unknown").iterdir())


def _first_line(path: Path) -> str:
    return next(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.mark.parametrize("document", UNKNOWN, ids=lambda p: p.name)
def test_no_layout_claims_an_unknown_document(document: Path) -> None:
    source = read_path(document)
    scores = {name: layouts.get(name).sniff(source) for name in layouts.names()}
    assert all(score == 0 for score in scores.values()), scores


@pytest.mark.parametrize("document", UNKNOWN, ids=lambda p: p.name)
def test_unknown_layout_error_quotes_the_first_lines(document: Path) -> None:
    with pytest.raises(UnrecognisedLayout) as info:
        parse_file(document)
    assert "unrecognised layout" in str(info.value)
    assert _first_line(document)[:60] in str(info.value)
    assert info.value.file == document.name


@pytest.mark.parametrize("document", UNKNOWN[:3], ids=lambda p: p.name)
def test_cli_parse_of_unknown_layout_exits_1_with_message(document: Path) -> None:
    result = CliRunner().invoke(app, ["parse", str(document)])
    assert result.exit_code == 1
    assert "unrecognised layout" in result.output
    assert _first_line(document)[:60] in result.output
    assert "Traceback" not in result.output


def test_cli_parse_of_a_known_export_exits_0() -> None:
    document = FIXTURE_DIR / "export_kb_referat.xml"
    result = CliRunner().invoke(app, ["parse", "--json", str(document)])
    assert result.exit_code == 0, result.output
    assert '"body": "Kommunalbestyrelsen"' in result.output


def test_every_layout_is_registered() -> None:
    assert {"referat", "export-text", "export-json", "export-xml"} <= set(layouts.names())


@pytest.mark.parametrize("document", fixture_documents() + UNKNOWN, ids=lambda p: p.name)
def test_no_layout_returns_a_meeting_without_items(document: Path) -> None:
    """Whatever layout is forced on any document: a meeting with items or a ParseError."""
    source = read_path(document)
    for name in layouts.names():
        layout = layouts.get(name)
        if layout.sniff(source) <= 0:
            continue
        try:
            meeting = layout.parse(source)
        except ParseError:
            continue
        assert meeting.items, (name, document.name)


_FRAGMENTS = st.sampled_from([
    "REFERAT Byrådet d. 12-03-2024", "DAGSORDEN Teknisk Udvalg", "Punkt 1: Budget", "Punkt 2:",
    "Udvalg: Byrådet", "Mødedato: 2024-03-12T17:00:00", "Punktnummer: 1", "Punktnavn: Budget",
    "Sagsnr.: 23-013402", "Beslutning", "Bilag", "Fraværende: Anna Hansen", "12-03-2024",
    "66.000 kr.", "43 68 68 68", "13:45-13:55", "{", "}", "<Moede>", "</Moede>", "", "Indholdsfortegnelse",
    "Budget.....\t3", "Lukket", "Tekst:", "- a", "1. at det godkendes",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS | st.text(max_size=30), min_size=1, max_size=25))
def test_any_mix_of_layout_fragments_gives_items_or_a_clear_error(lines: list[str]) -> None:
    try:
        meeting = parse_text("\n".join(lines), name="mix.txt")
    except ParseError as err:
        assert err.file == "mix.txt"
    else:
        assert meeting.items
