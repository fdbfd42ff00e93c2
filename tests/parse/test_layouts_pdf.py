"""The seed-family fixtures published as PDFs (what municipalities actually put online): rendered
with fpdf2, then parsed from the text layer, they give the same facts as the text files."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_parse_variants import PDF_STYLES, _need_font, render_pdf

from layout_expectations import differences, fixture_documents, load_expected
from referatgraf.parse import parse_bytes

SEED_FAMILY = [p for p in fixture_documents() if load_expected(p).get("layout") == "referat"]


@pytest.mark.parametrize("style", sorted(PDF_STYLES))
@pytest.mark.parametrize("document", SEED_FAMILY, ids=lambda p: p.name)
def test_seed_family_fixture_as_pdf(document: Path, style: str) -> None:
    _need_font()
    pdf = render_pdf(document.read_text(encoding="utf-8"), *PDF_STYLES[style])
    meeting = parse_bytes(pdf, document.stem + ".pdf", municipality="Egeskov")
    assert meeting.source.media_type == "application/pdf"
    diffs = differences(meeting, load_expected(document))
    assert not diffs, f"{document.name} ({style} PDF):\n  " + "\n  ".join(diffs)
