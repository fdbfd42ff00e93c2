"""The same minutes saved differently give the same model.

The tests make the variants themselves from each seed: cp1252 + CRLF, UTF-8 with BOM, latin-1
(where the text fits), and PDFs rendered with fpdf2 in a DejaVu TTF font — once with room to
spare and once narrow and large, so that titles, contents entries and attachment titles wrap
and justified lines come out with widened word gaps, as in real PDFs. Markdown decoration is
rendered the way a reader sees it (headings bold, no ``#``/``**``/``<b>``), with a running
"Side N af M" footer on every page and the meeting's title line as running header from page 2.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest
from parse_facts import key_facts

from referatgraf.parse import parse_bytes, parse_file
from referatgraf.parse.errors import ParseError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"


def _need_font() -> None:
    if not FONT.exists() and not os.environ.get("CI"):
        pytest.skip("DejaVu fonts missing (Debian package fonts-dejavu-core)")


def _seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding,newline,bom", [
    ("cp1252", "\r\n", b""), ("utf-8", "\n", b"\xef\xbb\xbf"), ("utf-8", "\r\n", b"\xef\xbb\xbf"),
    ("utf-16-le", "\r\n", b"\xff\xfe"),
], ids=["cp1252-crlf", "utf8-bom", "utf8-bom-crlf", "utf16-bom-crlf"])
def test_text_encodings_give_the_same_model(seed_file, seed_meetings, encoding, newline, bom):
    data = bom + _seed_text(seed_file).replace("\n", newline).encode(encoding)
    meeting = parse_bytes(data, seed_file.name, municipality="Albertslund")
    original = seed_meetings[seed_file.name]
    assert meeting.source.encoding == {"utf-8": "utf-8-sig"}.get(encoding, encoding)
    # every line number stays the same too, so the whole model (bar provenance) is identical
    assert meeting.model_dump(exclude={"source"}) == original.model_dump(exclude={"source"})


def test_latin1_where_the_text_fits(seed_files, seed_meetings):
    fitting = 0
    for path in seed_files:
        try:
            data = _seed_text(path).encode("latin-1")
        except UnicodeEncodeError:
            continue  # en dashes are not in latin-1
        fitting += 1
        meeting = parse_bytes(data, path.name, municipality="Albertslund")
        assert meeting.source.encoding == "cp1252"  # identical to latin-1 for every printable byte
        assert key_facts(meeting) == key_facts(seed_meetings[path.name])
    assert fitting >= 1


def reader_view(line: str) -> tuple[str | None, bool]:
    """A markdown line as a reader of the PDF sees it: (text or None for a rule, bold)."""
    text, bold = line.rstrip(), False
    if (m := re.match(r"^#{1,6}\s+(.*)$", text)) is not None:
        text, bold = m[1], True
    if re.fullmatch(r"\s*-{3,}\s*", text):
        return None, False
    bold = bold or (text.startswith("**") and text.endswith("**") and text.count("**") == 2)
    text = text.replace("**", "").replace("<b>", "").replace("</b>", "").replace("\\_", "_")
    text = re.sub(r"(?<![\w*])\*(\S[^*]*?)\*", r"\1", text)
    return text.replace("\t", "    ").strip(), bold


def render_pdf(text: str, size: float, margin: float) -> bytes:
    from fpdf import FPDF

    running_header = next(line for line in map(lambda t: reader_view(t)[0], text.split("\n")) if line)

    class Minutes(FPDF):
        def header(self) -> None:  # from page 2 on, the meeting's title line heads every page
            if self.page_no() > 1:
                self.set_font("DejaVu", "", 8)
                self.cell(0, 8, running_header, align="R", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 10, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(margin, 20, margin)
    pdf.alias_nb_pages()
    pdf.add_page()
    for raw in text.split("\n"):
        line, bold = reader_view(raw)
        if line is None:
            continue
        if not line:
            pdf.ln(3)
            continue
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, size / 2, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


PDF_STYLES = {"roomy": (10, 20), "narrow-wrapping": (13, 30)}


@functools.lru_cache(maxsize=None)
def rendered(path: Path, style: str) -> bytes:
    """Each seed is rendered once per style, however the tests are ordered."""
    return render_pdf(_seed_text(path), *PDF_STYLES[style])


@pytest.mark.parametrize("style", sorted(PDF_STYLES))
def test_pdf_gives_the_same_facts(seed_file, seed_meetings, style):
    _need_font()
    meeting = parse_bytes(rendered(seed_file, style), seed_file.stem + ".pdf", municipality="Albertslund")
    assert meeting.source.media_type == "application/pdf"
    assert key_facts(meeting) == key_facts(seed_meetings[seed_file.name])
    assert meeting.report.complete and meeting.report.warnings == []
    text = "\n".join(s.text for i in meeting.items for s in i.sections)
    assert not re.search(r"^Side \d+ af \d+$", text, re.MULTILINE)  # page furniture is gone


def test_pdf_file_on_disk(tmp_path, seed_files, seed_meetings):
    _need_font()
    path = tmp_path / "minutes.pdf"
    path.write_bytes(rendered(seed_files[0], "roomy"))
    assert key_facts(parse_file(path)) == key_facts(seed_meetings[seed_files[0].name])


def test_pdf_without_text_layer_is_an_error():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": ink, but no text
    with pytest.raises(ParseError, match="no text layer; OCR it first") as err:
        parse_bytes(bytes(pdf.output()), "scan.pdf")
    assert str(err.value).startswith("scan.pdf: ")
