"""Typeset a generated document as a PDF with a real text layer (fpdf2, DejaVu Sans).

The PDF carries the plain-layout text: the meeting title and item headings in bold, section
headings in bold, body text wrapped to the page. Only imported when PDFs are asked for.

>>> data = to_pdf("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n")
>>> data[:5]
b'%PDF-'
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_BOLD = re.compile(r"^(REFERAT |Punkt \d+: |Indholdsfortegnelse$|Anledning$|Indstilling$|Sagsfremstilling$|"
                   r"Økonomi$|Beslutning( i .*)?$|Bilag$)")
_FIXED_DATE = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)  # same bytes every run


def to_pdf(text: str) -> bytes:
    """PDF bytes of ``text`` (blank lines separate paragraphs)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    for line in text.strip("\n").split("\n"):
        if not line.strip():
            pdf.ln(3)
            continue
        pdf.set_font("DejaVu", "B" if _BOLD.match(line) else "", 10)
        pdf.multi_cell(0, 5, line.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
