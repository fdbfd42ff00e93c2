"""The committed example minutes (examples/minutes) parse cleanly and match their ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from referatgraf.parse import parse_file
from referatgraf.synth.check import differences
from referatgraf.synth.corpus import TRUTH_FILE, iter_documents, read_truth

MINUTES = Path(__file__).resolve().parent.parent / "examples" / "minutes"
TRUTH = read_truth(MINUTES)
DOCUMENTS = sorted(p for p in MINUTES.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


def test_every_example_has_a_truth_and_vice_versa() -> None:
    assert len(DOCUMENTS) == 30
    assert {p.name for p in DOCUMENTS} == set(TRUTH)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_example_parses_without_numbering_or_toc_warnings(path: Path) -> None:
    meeting = parse_file(path, municipality="Egebjerg")
    bad = [w for w in meeting.report.warnings if w.code.startswith(("toc", "numbering"))]
    assert bad == []
    assert meeting.report.complete


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_example_matches_its_truth(path: Path) -> None:
    assert differences(parse_file(path), TRUTH[path.name]) == []


def test_examples_are_what_the_documented_command_writes() -> None:
    """examples/minutes/README.md says: referatgraf generate examples/minutes --meetings 30 --seed 1."""
    assert "--meetings 30 --seed 1" in (MINUTES / "README.md").read_text(encoding="utf-8")
    for doc in iter_documents(30, seed=1):
        assert (MINUTES / doc.name).read_bytes() == doc.content, f"{doc.name} differs: regenerate the examples"
    truth_lines = (MINUTES / TRUTH_FILE).read_text(encoding="utf-8").splitlines()
    assert len(truth_lines) == 30
