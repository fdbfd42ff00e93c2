"""FirstAgenda PDFs beyond the seeds' template, where the typesetting decides what the text cannot.

The documents here are invented and typeset with fpdf2 the way FirstAgenda sets its PDFs:
item headings large and bold, section headings bold and a little larger than the text, a
running header of two lines and a footer on every page. Each test reads the PDF as published
and, where it matters, also its bare text layer (``styles`` taken away) to show what the
typography adds. The fixture documents (tests/fixtures/layouts/firstagenda_*.txt) are also
typeset this way and must give their expected facts; their ``facts`` (sections, proposer, the
case's earlier treatments, the contents list) are checked here, as the shared fixture test
does not compare them.
"""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import re
from pathlib import Path

import pytest
from test_parse_variants import FONT, FONT_BOLD, _need_font

from layout_expectations import differences, fixture_documents, load_expected
from referatgraf.parse import parse_bytes, parse_file, parse_source
from referatgraf.parse.facts import item_facts
from referatgraf.parse.pdf import pdf_lines, pdf_styled_lines
from referatgraf.parse.reader import read_bytes

FIRSTAGENDA = [p for p in fixture_documents() if p.name.startswith("firstagenda_")]
TITLE, HEADING, TEXT, BOLD = (15.0, True), (12.0, True), (10.0, False), (10.0, True)
RUNNING = ("Egeskov Kommune", "Økonomiudvalget - referat 05.03.2025")


def typeset(lines: list[tuple[str, tuple[float, bool]]], running: tuple[str, ...] = RUNNING) -> bytes:
    """A PDF of (text, (size, bold)) lines; "" is a paragraph gap. ``running`` heads every page
    (8 pt), "Side N af M" foots it."""
    from fpdf import FPDF

    class Minutes(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "", 8)
            for text in running:
                self.cell(0, 4, text, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 10, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Minutes(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_margins(22, 15, 22)
    pdf.alias_nb_pages()
    pdf.add_page()
    for text, (size, bold) in lines:
        if not text:
            pdf.ln(3)
            continue
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def styled(source: str) -> list[tuple[str, tuple[float, bool]]]:
    """Mini markup: "# " item heading, "## " section heading, "** " bold text, else text."""
    out = []
    for line in source.strip("\n").split("\n"):
        for mark, style in (("# ", TITLE), ("## ", HEADING), ("** ", BOLD)):
            if line.startswith(mark):
                out.append((line[len(mark):], style))
                break
        else:
            out.append((line.strip(), TEXT))
    return out


def parse_pdf(data: bytes, name: str = "referat.pdf", *, typography: bool = True):  # noqa: ANN201
    source = read_bytes(data, name)
    assert source.styles is not None and len(source.styles) == len(source.lines)
    return parse_source(source if typography else dataclasses.replace(source, styles=None))


PREAMBLE = """
# REFERAT Økonomiudvalget d. 05-03-2025
Mødedato Onsdag d. 5. marts 2025 kl. 15:00
Mødested Udvalgsværelse 1
"""


def test_a_bold_heading_the_text_cannot_tell_from_a_line_of_text():
    _need_font()
    data = typeset(styled(PREAMBLE + """
# Punkt 1: Anlægsbevilling til cykelsti
Sagsnr.: EMN-2025-003383
## Resume
Cykelstien langs Skovvej forlænges med 1,2 km.
## Borgmesterens afdelings påtegning
Afdelingen kan anbefale sagen.
## Beslutning i Teknisk Udvalg
Anbefales.
## Beslutning
Godkendt.
"""))
    item = parse_pdf(data).items[0]
    assert item.case_numbers == ["EMN-2025-003383"]
    assert [s.heading for s in item.sections] == [
        "Resume", "Borgmesterens afdelings påtegning", "Beslutning i Teknisk Udvalg", "Beslutning"]
    assert [(d.body, d.text) for d in item.decisions] == [("Teknisk Udvalg", "Anbefales."), (None, "Godkendt.")]
    plain = parse_pdf(data, typography=False).items[0]  # as text, an undated "Beslutning i …" is a sentence
    assert [d.body for d in plain.decisions] == [None]


def test_section_words_set_as_text_inside_a_bilag_list_are_attachments():
    _need_font()
    data = typeset(styled(PREAMBLE + """
# Punkt 1: Ny affaldsordning
Sagsnr.: 25-001122
## Bilag
Indstilling
Beslutning
Kort over indsamlingsområder
## Sagsfremstilling
Ordningen indføres i etaper fra 2026.
## Indstilling
Direktionen indstiller,
1. at ordningen godkendes
## Beslutning
Godkendt.
"""))
    item = parse_pdf(data).items[0]
    assert [a.title for a in item.attachments] == ["Indstilling", "Beslutning", "Kort over indsamlingsområder"]
    assert [s.kind for s in item.sections] == ["bilag", "sagsfremstilling", "indstilling", "beslutning"]
    assert item.recommendation.proposer == "Direktionen" and [d.text for d in item.decisions] == ["Godkendt."]
    plain = parse_pdf(data, typography=False).items[0]  # the bare text cannot tell: a list at the top
    assert [a.title for a in plain.attachments] != [a.title for a in item.attachments]


def test_running_header_of_two_lines_and_footer_are_dropped():
    _need_font()
    body = "\n".join(f"Afsnit {k}: Tilskuddet fordeles efter antal medlemmer under 25 år i foreningerne, "
                     "som det er sket siden 2019, og med et grundtilskud til hver forening." for k in range(60))
    data = typeset(styled(PREAMBLE + f"""
# Punkt 1: Tilskud til foreninger
Sagsnr.: 25-004455
## Sagsfremstilling
{body}
## Beslutning
Godkendt.
# Punkt 2: Eventuelt
## Beslutning
Intet.
"""))
    lines = pdf_styled_lines(data, "x")
    assert max(line.style.page for line in lines) >= 2  # three pages or more
    furniture = {line.text for line in lines if line.style.furniture}
    assert furniture >= {*RUNNING, "Side 1 af 3", "Side 3 af 3"} and not any("Afsnit" in t for t in furniture)
    meeting = parse_pdf(data)
    text = "\n".join(s.text for i in meeting.items for s in i.sections)
    assert RUNNING[1] not in text and RUNNING[0] not in text and not re.search(r"Side \d+ af \d+", text)
    assert [i.title for i in meeting.items] == ["Tilskud til foreninger", "Eventuelt"]
    assert meeting.items[0].section("sagsfremstilling").text.count("Afsnit") == 60
    plain = parse_pdf(data, typography=False)  # pypdf's lines alone keep the header's second line
    assert RUNNING[1] in "\n".join(s.text for i in plain.items for s in i.sections)


def test_a_title_wrapped_in_the_heading_style_is_joined_without_a_contents_list():
    _need_font()
    body = " ".join(["Lokalplanen giver mulighed for et idrætscenter med to haller, parkering og baner."] * 8)
    data = typeset(styled(PREAMBLE + f"""
# Punkt 1: Forslag til lokalplan 1246 for et idrætscenter med to haller og udendørs baner ved Skovbrynet
Sagsnr.: EMN-2024-011870
## Sagsfremstilling
{body}
## Beslutning
Godkendt.
# Punkt 2: Eventuelt
Ingen sager.
"""))
    meeting = parse_pdf(data)
    assert [i.title for i in meeting.items] == [
        "Forslag til lokalplan 1246 for et idrætscenter med to haller og udendørs baner ved Skovbrynet", "Eventuelt"]
    assert meeting.items[0].case_numbers == ["EMN-2024-011870"]
    assert meeting.items[1].sections[0].text == "Ingen sager."  # text set as text is not the title going on
    plain = parse_pdf(data, typography=False)
    assert plain.items[0].title != meeting.items[0].title  # the bare text cut it after the first line


def test_styled_lines_report_size_weight_and_furniture():
    _need_font()
    data = typeset(styled(PREAMBLE + "# Punkt 1: Eventuelt\n## Beslutning\nIntet.\n"))
    lines = {line.text: line.style for line in pdf_styled_lines(data, "x")}
    assert (lines["Punkt 1: Eventuelt"].size, lines["Punkt 1: Eventuelt"].bold) == TITLE
    assert (lines["Beslutning"].size, lines["Beslutning"].bold) == HEADING
    assert (lines["Intet."].size, lines["Intet."].bold) == TEXT
    assert not any(style.furniture for style in lines.values())  # one page: nothing repeats
    source = read_bytes(data, "x.pdf")
    assert source.lines == pdf_lines(data, "x.pdf")  # the text other readers see is pypdf's, as before
    assert read_bytes(b"REFERAT X d. 01-02-2020\n", "x.txt").styles is None


def _fixture_lines(text: str) -> list[tuple[str, tuple[float, bool]]]:
    """A fixture's text set like FirstAgenda: item headings (wrapped too) large and bold,
    section headings bold, a Bilag list as text."""
    from referatgraf.parse.sections import classify

    out, state = [], "text"
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            state = "text" if state == "title" else state
            out.append(("", TEXT))
        elif line.startswith("Punkt "):
            state = "title"
            out.append((line, TITLE))
        elif state == "title":
            out.append((line, TITLE))
        elif state == "bilag":
            out.append((line, TEXT))
        elif (head := classify(line)) is not None and head.kind not in ("fravaerende", "deltagere"):
            state = "bilag" if head.kind == "bilag" else "text"
            out.append((line, HEADING))
        else:
            out.append((line, TEXT))
    return out


@pytest.mark.parametrize("document", FIRSTAGENDA, ids=lambda p: p.name)
def test_firstagenda_fixture_typeset_as_pdf(document: Path):
    _need_font()
    data = typeset(_fixture_lines(document.read_text(encoding="utf-8")))
    meeting = parse_bytes(data, document.stem + ".pdf", municipality="Egeskov")
    diffs = differences(meeting, load_expected(document))
    assert not diffs, f"{document.name} (typeset PDF):\n  " + "\n  ".join(diffs)
    assert _fact_differences(meeting, load_expected(document)["facts"]) == []


@pytest.mark.parametrize("document", FIRSTAGENDA, ids=lambda p: p.name)
def test_firstagenda_fixture_facts(document: Path):
    assert _fact_differences(parse_file(document), load_expected(document)["facts"]) == []


def _fact_differences(meeting, want: dict) -> list[str]:  # noqa: ANN001
    out = []
    toc = [[e.title, e.page, e.closed] for e in meeting.toc]
    if toc != want["toc"]:
        out.append(f"toc: {toc} != {want['toc']}")
    by_number = {i.number: i for i in meeting.items}
    for exp in want["items"]:
        item = by_number[exp["number"]]
        got = item_facts(item)
        for key in ("sections", "proposer"):
            if got[key] != exp[key]:
                out.append(f"item {item.number} {key}: {got[key]!r} != {exp[key]!r}")
        history = [{k: (h.date.isoformat() if k == "date" else getattr(h, k)) for k in e}
                   for h, e in zip(item.history, exp["history"])]
        if len(item.history) != len(exp["history"]) or history != exp["history"]:
            out.append(f"item {item.number} history: {item.history} != {exp['history']}")
    return out


@pytest.mark.parametrize("name", ["referatgraf.parse.treatments", "referatgraf.parse.typography"])
def test_docstring_examples_of_the_new_modules(name: str):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
