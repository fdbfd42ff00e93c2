"""Every real document in ../shared/corpus and ../shared/seeds, read as published, matches the
facts a person wrote down by reading it (tests/expected/corpus/<folder>/<name>.json).

The expected files were written from the documents, never from the readers' output; see
tests/expected/corpus/README.md. A document whose expected file is missing is skipped with a
reason, so a new document never passes silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from referatgraf.parse import parse_file
from referatgraf.parse.facts import differences

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXPECTED = ROOT / "tests" / "expected" / "corpus"


def _documents() -> list[tuple[str, Path]]:
    out = []
    for path in sorted((SHARED / "corpus").glob("*/*")):
        if path.suffix in (".json", ".html", ".xml", ".pdf"):
            out.append((path.parent.name, path))
    out += [("seeds", p) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    return out


def expected_path(folder: str, path: Path) -> Path:
    twin = path.with_suffix(".pdf").exists() and path.with_suffix(".xml").exists()
    name = f"{path.stem}{path.suffix}.json" if twin else f"{path.stem}.json"
    return EXPECTED / folder / name


DOCUMENTS = _documents()
# Documents whose facts the readers do not get fully right yet, one "<folder>/<file>" a line.
# They run as strict xfails: one that starts to pass fails the run until it is taken off the list.
KNOWN_GAPS = {line.strip() for line in (EXPECTED / "known_gaps.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}


def _case(folder: str, path: Path):  # noqa: ANN202
    gap = f"{folder}/{path.name}" in KNOWN_GAPS
    marks = [pytest.mark.xfail(strict=True, reason="known gap: see tests/expected/corpus/known_gaps.txt")] if gap else []
    return pytest.param(folder, path, marks=marks, id=f"{folder}/{path.name}")


@pytest.mark.parametrize(("folder", "path"), [_case(f, p) for f, p in DOCUMENTS])
def test_document_matches_its_expected_facts(folder: str, path: Path) -> None:
    facts_file = expected_path(folder, path)
    if not facts_file.exists():
        pytest.skip(f"no expected facts written yet: {facts_file.relative_to(ROOT)}")
    expected = json.loads(facts_file.read_text(encoding="utf-8"))
    meeting = parse_file(path)
    top, per_item = differences(meeting, expected)
    wrong = [f"item {expected['items'][k]['number']}: " + "; ".join(d) for k, d in enumerate(per_item) if d]
    assert not top and not wrong, "\n".join([*top, *wrong])
