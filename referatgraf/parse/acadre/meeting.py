"""The Acadre meeting put together, and the plausibility rules both readers share.

A document read as Acadre must look like Acadre all through, or it is refused
(:class:`UnrecognisedLayout`, naming the file, the line and what was expected), never stored
half right: at least one item; item numbers going up (Acadre's running numbers need not start at
1); every item with a title; every decision heading with a date that is one
("Beslutning i <body> den DD-MM-YYYY"); and, in the PDF, the items its contents list names.

Acadre writes the decision of this meeting last, after those of earlier treatments; an item
whose last decision is not dated this meeting (an agenda showing only earlier treatments, or
another order) gets a warning, since ``AgendaItem.decision`` is the last one.

>>> import datetime as dt
>>> from referatgraf.parse.model import AgendaItem
>>> items = [AgendaItem(number="716", title="A", raw_title="A", lines=(3, 4)),
...          AgendaItem(number="715", title="B", raw_title="B", lines=(5, 6))]
>>> check_items(items, [], "acadre-pdf", "m.pdf")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
UnrecognisedLayout: m.pdf:5: unrecognised layout: acadre-pdf reader: expected item numbers going up, found 715 after 716
"""

from __future__ import annotations

from referatgraf.parse.acadre.front import AcadreHeader, AcadreTocEntry
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.model import (AgendaItem, Meeting, ParseReport, ParseWarning, SourceDocument,
                                     TocEntry)
from referatgraf.parse.source import SourceText
from referatgraf.parse.titles import norm_title


def check_items(items: list[AgendaItem], toc: list[AcadreTocEntry], layout: str, file: str) -> None:
    """Refuse items that cannot be Acadre's (see the module docstring)."""
    found = _problem(items, toc)
    if found is not None:
        message, line = found
        raise UnrecognisedLayout(f"unrecognised layout: {layout} reader: expected {message}", file=file, line=line)


def _problem(items: list[AgendaItem], toc: list[AcadreTocEntry]) -> tuple[str, int | None] | None:
    if not items:
        return "agenda items 'N. <title>' with the case stamp 'Sagsnr.:' below, found none", None
    for before, after in zip([None, *items], items):
        if not after.title.strip():
            return f"a title for item {after.number}, found none", after.lines[0]
        if not after.number.isdigit():
            return f"a running item number, found '{after.number}'", after.lines[0]
        if before is not None and int(after.number) <= int(before.number):
            return f"item numbers going up, found {after.number} after {before.number}", after.lines[0]
        for d in after.decisions:
            if d.date is None:
                return (f"decision headings 'Beslutning i <body> den DD-MM-YYYY' with a date, "
                        f"found no date in item {after.number}'s decision heading", d.lines[0])
    return _toc_problem(items, toc)


def _toc_problem(items: list[AgendaItem], toc: list[AcadreTocEntry]) -> tuple[str, int | None] | None:
    if not toc:
        return None
    listed = "; ".join(f"{e.number}. {e.title}" for e in toc[:4]) + (" …" if len(toc) > 4 else "")
    if len(items) != len(toc):
        return f"the {len(toc)} items of the contents list ({listed}), found {len(items)}", toc[0].line
    for entry, item in zip(toc, items):
        if entry.number != item.number or norm_title(entry.title) != norm_title(item.raw_title):
            return (f"item {entry.number}. '{entry.title}' as the contents list says, "
                    f"found {item.number}. '{item.title}'", item.lines[0])
    return None


def decision_warnings(meeting: Meeting) -> list[ParseWarning]:
    """A warning per item whose last decision is not dated this meeting."""
    out = []
    for item in meeting.items:
        last = item.decision
        if last is not None and last.date != meeting.date:
            ours = any(d.date == meeting.date for d in item.decisions)
            why = "a decision dated this meeting comes before it" if ours else "none is dated this meeting"
            out.append(ParseWarning(code="decision-not-this-meeting", line=last.lines[0],
                                    message=f"item {item.number}: its last decision is dated {last.date} ({why})"))
    return out


def build_meeting(source: SourceText, header: AcadreHeader, items: list[AgendaItem], toc: list[AcadreTocEntry],
                  layout: str, media_type: str, warnings: list[ParseWarning] | None = None) -> Meeting:
    """The meeting of an Acadre document; a missing body or date is an error naming the file."""
    if not header.body:
        raise ParseError("Acadre document without its body (expected the committee's name under "
                         "'Referat'/'Dagsorden', or the XML's committee record)", file=source.name, line=header.first)
    if header.date is None:
        raise ParseError("Acadre document without its meeting date (expected a line such as "
                         "'Torsdag den 20. juni 2013', or the XML's meeting 'date' field)",
                         file=source.name, line=header.first)
    check_items(items, toc, layout, source.name)
    kind = header.kind or ("referat" if any(d.date == header.date for i in items for d in i.decisions) else "dagsorden")
    meeting = Meeting(
        kind=kind, body=header.body, date=header.date, start_time=header.start_time, location=header.location,
        system_id=header.system_id, title=header.title,
        source=SourceDocument(file_name=source.name, sha256=source.sha256, media_type=media_type,
                              encoding=source.encoding, line_count=len(source.lines)),
        toc=[TocEntry(title=e.title, raw_title=f"{e.number}. {e.title}", page=e.page, line=e.line) for e in toc],
        items=items, attendance=header.attendance, report=ParseReport(layout=layout, warnings=list(warnings or [])),
        header_lines=(header.first, header.last or header.first) if header.first else None,
    )
    meeting.report.warnings += decision_warnings(meeting)
    return meeting
