"""The "Punkt N:" layout family: REFERAT/DAGSORDEN <body> d. DD-MM-YYYY, then items.

Used by many municipal meeting systems for councils, committees and fora, as plain text (a PDF's
text layer) or markdown. Read in block stages, like markdown-it-py's block rules:

1. normalise — strip markdown/HTML decoration and page noise (:mod:`referatgraf.parse.normalise`);
2. header    — "REFERAT <body> d. <date>", *Mødedato* (date, "kl." time), *Mødested*, attendance
   (:mod:`referatgraf.parse.frontmatter`);
3. contents  — *Indholdsfortegnelse*: "title.....<tab>page" lines ("Lukket" = closed item) (same);
4. items     — blocks from one "Punkt N: <title>" heading to the next (:mod:`referatgraf.parse.items`);
5. sections  — inside an item: case number, known headings (:mod:`referatgraf.parse.sections`),
   recommendation, decisions, attachments (same);
6. completeness — a document cut off in the middle of an item is marked incomplete (here).

A PDF also brings its typesetting (``SourceText.styles``): running headers and footers it sets
at the page edges are blanked after the meeting header, and where the document sets its section
headings apart from its text (:mod:`referatgraf.parse.typography`), the styles decide what the
text cannot (see :mod:`referatgraf.parse.items`).

Nothing here knows a body, municipality or forum prefix: the body comes from the header and the
"XX - " title prefix is whatever short uppercase prefix most items share.

>>> from referatgraf.parse import parse_text
>>> m = parse_text("REFERAT Byrådet d. 02-03-2021\\n\\nPunkt 1: BY - Budget (10 min)\\n\\n21-000123\\n\\n"
...                "Indstilling\\n\\nDirektionen indstiller,\\n\\n1. at budgettet godkendes\\n\\n"
...                "Beslutning\\n\\nAd 1: Godkendt")
>>> m.body, m.items[0].title, m.items[0].case_number, m.items[0].recommendation.proposer
('Byrådet', 'Budget', '21-000123', 'Direktionen')
"""

from __future__ import annotations

from referatgraf.parse import layouts
from referatgraf.parse.errors import ParseError
from referatgraf.parse.frontmatter import (
    HEADER, ITEM, KIND_LINE, Header, read_header, read_toc, toc_entry, without_enumerators,
)
from referatgraf.parse.items import Block, ItemReader, split_items
from referatgraf.parse.model import Meeting, ParseReport, ParseWarning, SourceDocument
from referatgraf.parse.normalise import Line, blank_structured, normalise, wrap_width
from referatgraf.parse.source import SourceText
from referatgraf.parse.titles import common_prefix, norm_title
from referatgraf.parse.typography import Typography, furniture


class ReferatLayout:
    """The "Punkt N:" layout family (see the module docstring)."""

    name = "referat"

    def sniff(self, source: SourceText) -> float:
        """0.8 with a header and "Punkt N:" headings, 0.4 with the headings alone (the header is
        then reported missing); 0 without them: a header over items in some other form is a
        layout this module does not know."""
        lines = source.lines
        if not any((m := ITEM.match(_quick(t))) is not None and (m["sep"] or t.lstrip()[:1] in "#*")
                   for t in lines):
            return 0.0
        header = any(HEADER.match(q) or KIND_LINE.match(q) for q in map(_quick, lines[:60]))
        return 0.8 if header else 0.4

    def explain(self, source: SourceText) -> str | None:
        """A meeting header with no "Punkt N:" headings: say so, it is the likeliest mistake."""
        for number, text in enumerate(source.lines[:60], start=1):
            q = _quick(text)
            if HEADER.match(q) or KIND_LINE.match(q):
                return f"meeting header at line {number} but no agenda items ('Punkt N: <title>' headings)"
        return None

    def parse(self, source: SourceText) -> Meeting:
        lines = normalise(source.lines)
        header = read_header(lines, source.name)
        styles = getattr(source, "styles", None)
        for ln in furniture(lines, styles):
            if ln.no > header.line:  # a running header repeats the title line: keep the first
                ln.text = ""
        drop_repeated_header(lines, header)
        toc, body_start = read_toc(lines, header.end)
        blocks = split_items(lines, body_start, toc)
        if not blocks:
            raise ParseError("no agenda items (no 'Punkt N: <title>' heading found)",
                             file=source.name, line=header.line)
        prefix = common_prefix([b.heading_text for b in blocks])
        toc = [toc_entry(raw, page, line, prefix) for raw, page, line in without_enumerators(toc)]
        structured = blank_structured(lines)
        reader = ItemReader(structured, prefix, header.body, 0 if structured else wrap_width(lines),
                            Typography.of(lines[body_start:], styles))
        items = [reader.read(block, toc[i] if i < len(toc) else None, i + 1) for i, block in enumerate(blocks)]
        meeting = Meeting(
            kind=header.kind, body=header.body, date=header.date, start_time=header.start_time,
            location=header.location,
            source=SourceDocument(file_name=source.name, sha256=source.sha256, media_type=source.media_type,
                                  encoding=source.encoding, line_count=len(source.lines)),
            toc=toc, items=items, attendance=header.attendance,
            report=ParseReport(layout=self.name), header_lines=(header.line, header.last),
        )
        mark_incomplete(meeting, blocks)
        return meeting


def drop_repeated_header(lines: list[Line], header: Header) -> None:
    """Blank the header line where it comes again below the header: a PDF's running page header."""
    first = next(ln.text for ln in lines if ln.no == header.line)
    for ln in lines[header.end:]:
        if ln.text == first:
            ln.text = ""


def _quick(raw: str) -> str:
    """Cheap decoration strip for sniffing."""
    return raw.strip().lstrip("#").strip().replace("**", "")


# -- completeness ---------------------------------------------------------------------------------

def mark_incomplete(meeting: Meeting, blocks: list[Block]) -> None:
    """Flag a document that ends in the middle of an item (or before the items it lists)."""
    last = meeting.items[-1]
    reason = None
    if len(meeting.toc) > len(meeting.items) and all(
            norm_title(e.title) == norm_title(i.title) for e, i in zip(meeting.toc, meeting.items)):
        reason = (f"document ends in the middle of item {last.number}: the table of contents lists "
                  f"{len(meeting.toc)} items, only {len(meeting.items)} found")
    elif meeting.kind == "dagsorden":
        pass  # an agenda's last item may be a bare heading, and its decision headings are empty
    elif not any(ln.text for ln in blocks[-1].body) and not last.closed:
        reason = f"document ends in the middle of item {last.number}, right after its heading"
    elif last.sections and last.sections[-1].kind != "intro" and not last.sections[-1].text:
        reason = (f"document ends in the middle of item {last.number}, after the heading "
                  f"'{last.sections[-1].heading}'")
    if reason is not None:
        reason += f"; kept items up to {last.number}, the last one possibly cut short"
        meeting.report.complete = False
        meeting.report.warnings.append(ParseWarning(code="incomplete", message=reason, line=last.lines[1]))


layouts.register(ReferatLayout())
