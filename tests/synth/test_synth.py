"""The minutes generator: deterministic, every layout, streaming, and parses back to its truth."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import itertools
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from referatgraf.cli import app
from referatgraf.parse import parse_file
from referatgraf.parse.case_number import parse_case_number
from referatgraf.synth.check import differences
from referatgraf.synth.corpus import TRUTH_FILE, iter_documents, plan_series, read_truth, write_corpus
from referatgraf.synth.layouts import LAYOUTS
from referatgraf.synth.world import KLE_FROM_YEAR, Municipality


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- determinism ----------------------------------------------------------------------------------

def test_same_seed_gives_byte_identical_output(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 40, seed=3)
    write_corpus(tmp_path / "b", 40, seed=3)
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert len(a) == 41 and a == b


def test_other_seed_gives_other_minutes(tmp_path: Path) -> None:
    first = [d.content for d in iter_documents(5, seed=1)]
    second = [d.content for d in iter_documents(5, seed=2)]
    assert first != second


# -- layouts --------------------------------------------------------------------------------------

MARKERS = {
    "2014": ("# REFERAT ", "BESLUTNING I ", "## Indholdsfortegnelse", "---"),
    "markdown": ("# REFERAT ", "## **Indholdsfortegnelse**"),
    "plain": ("REFERAT ", "\nIndholdsfortegnelse\n", "\nBeslutning"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_generated(layout: str) -> None:
    docs = list(iter_documents(8, seed=11, layout=layout))
    assert {d.truth["layout"] for d in docs} == {layout}
    for doc in docs:
        text = doc.content.decode("utf-8")
        assert all(marker in text for marker in MARKERS[layout]), doc.name
        assert ("**" in text) == (layout != "plain")


def test_mixed_corpus_has_all_layouts_and_features() -> None:
    truths = [d.truth for d in iter_documents(30, seed=1)]
    assert {t["layout"] for t in truths} == set(LAYOUTS)
    items = [i for t in truths for i in t["items"]]
    assert any(i["closed"] for i in items)
    assert any(i["answers"] for i in items)
    assert any(i["presenters"] for i in items)
    assert any(i["planned_minutes"] for i in items)
    assert any(i["planned_end"] for i in items)
    assert any(i["references"] for i in items)
    assert any(i["attachments"] for i in items)
    assert any(i["case"] and "/" in i["case"] for i in items)  # old journal numbers
    assert any(i["case"] and i["case"].count(".") == 2 for i in items)  # KLE numbers


def test_cases_recur_across_meetings() -> None:
    seen: dict[str, set[str]] = {}
    for doc in iter_documents(60, seed=2):
        for item in doc.truth["items"]:
            if item["case"] and item["title"] not in ("Godkendelse af dagsorden og referat", "Evt."):
                seen.setdefault(item["case"], set()).add(doc.truth["date"])
    assert max(len(dates) for dates in seen.values()) >= 3


def test_post_holders_change_and_departments_have_aliases() -> None:
    world = Municipality.build(seed=0, index=0)
    holders = {world.holder("Kommunaldirektør", dt.date(year, 6, 1)) for year in range(2010, 2026)}
    assert len(holders) >= 2
    written = {d for doc in iter_documents(40, seed=0) for i in doc.truth["items"]
               if (d := i["proposer"]) and "Stab" in d or (d and d.endswith("ØS"))}
    assert len(written) >= 2  # e.g. "Chefen for Økonomi & Stab" and "Chefen for Økonomi og Stab"


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_every_case_number_is_well_formed(seed: int) -> None:
    for doc in iter_documents(4, seed=seed):
        year = int(doc.truth["date"][:4])
        for item in doc.truth["items"]:
            number = parse_case_number(item["case"])
            assert number.raw == item["case"]
            assert number.scheme == ("kle" if number.year >= KLE_FROM_YEAR else "journal")
            assert number.year <= year


# -- streaming ------------------------------------------------------------------------------------

def test_generation_streams_without_building_the_corpus() -> None:
    docs = iter_documents(1_000_000, seed=5)
    assert inspect.isgenerator(docs)
    tracemalloc.start()
    try:
        for doc in itertools.islice(docs, 150):
            assert doc.content
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024  # a million meetings would be gigabytes


def test_large_corpora_span_municipalities() -> None:
    series = plan_series(100_000)
    assert sum(s.length for s in series) == 100_000
    assert len({s.municipality for s in series}) > 50
    assert max(s.length for s in series) <= 130


# -- parsing back ---------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_minutes_parse_back_to_their_truth(tmp_path: Path, layout: str) -> None:
    write_corpus(tmp_path, 24, seed=21, layout=layout)
    truth = read_truth(tmp_path)
    problems = {name: differences(parse_file(tmp_path / name), t) for name, t in truth.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_generated_pdfs_are_deterministic_and_parse_back_to_their_truth(tmp_path: Path) -> None:
    write_corpus(tmp_path, 3, seed=8, pdf=True)
    truth = read_truth(tmp_path)
    assert all(name.endswith(".pdf") for name in truth)
    first = next(iter_documents(3, seed=8, pdf=True))
    assert (tmp_path / first.name).read_bytes() == first.content and first.content.startswith(b"%PDF-")
    problems = {name: differences(parse_file(tmp_path / name), t) for name, t in truth.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_truth_check_notices_a_wrong_parse(tmp_path: Path) -> None:
    write_corpus(tmp_path, 1, seed=1)
    (name, truth), = read_truth(tmp_path).items()
    meeting = parse_file(tmp_path / name)
    meeting.items[-1].closed = not meeting.items[-1].closed
    meeting.items.pop(0)
    found = differences(meeting, truth)
    assert any("items expected" in d for d in found) and any("closed" in d for d in found)


# -- command line ---------------------------------------------------------------------------------

def test_generate_command_writes_minutes_and_truth(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path), "--meetings", "12", "--layout", "plain", "--seed", "4"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.txt"))) == 12
    assert len((tmp_path / TRUTH_FILE).read_text(encoding="utf-8").splitlines()) == 12


def test_generate_command_rejects_an_unknown_layout(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path), "--layout", "word"])
    assert result.exit_code == 1
    assert "unknown layout" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("module", ["__init__", "names", "kle", "world", "plan", "prose", "layouts", "corpus", "truth", "check", "pdf"])
def test_docstring_examples_hold(module: str) -> None:
    import doctest
    import importlib

    name = "referatgraf.synth" if module == "__init__" else f"referatgraf.synth.{module}"
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
