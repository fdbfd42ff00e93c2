"""Which library reads a PDF's typography (font size and weight per line) fast enough?

Typesets the five seeds three times over as one PDF (fpdf2, DejaVu, bold headings; about 120
pages, 0.3 MB) and times, best of three:

* pypdf's text layer as ``referatgraf.parse.pdf.pdf_lines`` reads it (the baseline every PDF pays);
* pypdfium2 — the text alone, ``pdf_styled_lines`` (a sample of each line's characters), and
  every character's size and weight through the raw ``FPDFText_*`` functions;
* pdfplumber (pdfminer.six) — every character with its font name and size, and its lines,
  if it is installed (it is not a dependency).

    python benchmarks/pdf_typography.py > benchmarks/results/pdf_typography.md   # a Markdown table

The figures in docs/parsing.md come from this script.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

from referatgraf.parse.pdf import pdf_lines, pdf_styled_lines
from referatgraf.synth.pdf import to_pdf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pdfium_text(data: bytes) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    for page in document:
        page.get_textpage().get_text_range()


def pdfium_every_char(data: bytes) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    for page in document:
        textpage = page.get_textpage()
        handle = textpage.raw
        for index in range(textpage.count_chars()):
            raw.FPDFText_GetUnicode(handle, index)
            raw.FPDFText_GetFontSize(handle, index)
            raw.FPDFText_GetFontWeight(handle, index)


def plumber(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            [(c["fontname"], c["size"]) for c in page.chars]
            page.extract_text_lines()


def main() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    data = to_pdf(text * 3)
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    rows = [("pypdf text layer (`pdf_lines`)", lambda: pdf_lines(data, "x.pdf")),
            ("pypdfium2 text only", lambda: pdfium_text(data)),
            ("pypdfium2 `pdf_styled_lines` (8 chars a line)", lambda: pdf_styled_lines(data, "x.pdf")),
            ("pypdfium2 every char: unicode, size, weight", lambda: pdfium_every_char(data))]
    try:
        import pdfplumber  # noqa: F401

        rows.append(("pdfplumber chars (font name, size) and lines", lambda: plumber(data)))
    except ImportError:
        pass
    print(f"{pages} pages, {len(data) / 1e6:.2f} MB\n")
    print("| reader | seconds | pages/s |\n| --- | --- | --- |")
    for name, fn in rows:
        seconds = best(fn, 1 if "pdfplumber" in name else 3)
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.0f} |")


if __name__ == "__main__":
    main()
