"""The eDoc meeting put together, and the plausibility rule both readers share.

The contents list is eDoc's own list of the items, so the items found must be exactly those it
lists — same count, same titles, numbers going up — or the document is refused: an eDoc document
read differently from its own contents list is a layout variant this reader does not know yet,
and wrong items must never be stored.

>>> from referatgraf.parse.edoc.text import numbered
>>> lines = numbered(["INDHOLDSFORTEGNELSE", "1. Meddelelser 3", "2. Budget 2013 3", "1. Meddelelser",
...                   "Sagsnr.: 2011-29298", "Tekst om 2. december", "2. Budget 2013", "Sagsnr.: 2012-1234"])
>>> from referatgraf.parse.edoc.front import read_toc
>>> toc, end = read_toc(lines, 0)
>>> [(lines[b[0]][1], entry.title) for b, entry in split_items(lines, end, toc)]
[('1. Meddelelser', 'Meddelelser'), ('2. Budget 2013', 'Budget 2013')]
"""

from __future__ import annotations

from collections.abc import Sequence

from referatgraf.parse.edoc.front import ITEM_HEADING, EdocHeader, EdocTocEntry
from referatgraf.parse.edoc.text import SAGSNR, Line, title_key
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.model import AgendaItem, Meeting, ParseReport, ParseWarning, SourceDocument, TocEntry
from referatgraf.parse.source import SourceText

Span = tuple[int, int]  # [start, end) indexes into the lines


def split_items(lines: Sequence[Line], start: int, toc: list[EdocTocEntry]) -> list[tuple[Span, EdocTocEntry | None]]:
    """Cut ``lines[start:]`` at the item headings: with a contents list, the heading of each
    entry in turn ("N. " with the entry's number and the start of its title); without one,
    "N. " counting up from the first, with the case stamp "Sagsnr.:" right below."""
    starts: list[tuple[int, EdocTocEntry | None]] = []
    pending, expected = list(toc), None  # without a contents list: the number the next heading has
    for i in range(start, len(lines)):
        m = ITEM_HEADING.match(lines[i][1])
        if m is None:
            continue
        if toc:
            k = _entry_for(pending, m["n"], m["title"])
            if k is not None:
                starts.append((i, pending[k]))
                del pending[:k + 1]
        elif (expected is None or int(m["n"]) == expected) and _stamp_follows(lines, i):
            starts.append((i, None))
            expected = int(m["n"]) + 1
    ends = [i for i, _ in starts[1:]] + [len(lines)]
    return [((i, end), entry) for (i, entry), end in zip(starts, ends)]


def _entry_for(pending: list[EdocTocEntry], number: str, title: str) -> int | None:
    """Which of the entries still to come a heading "N. <title>" is: the next one, or one after
    closed entries whose items the document leaves out."""
    for k, entry in enumerate(pending):
        if number == entry.number and title_key(entry.title).startswith(title_key(title)):
            return k
        if not entry.closed:
            return None
    return None


def finish_items(items: list[AgendaItem], toc: list[EdocTocEntry]) -> tuple[list[AgendaItem], list[ParseWarning]]:
    """Items in number order, with ``order`` set; a closed item that the contents list names but
    the document leaves out (an open publication) is kept from its entry, with a warning.

    >>> from referatgraf.parse.edoc.front import EdocTocEntry
    >>> toc = [EdocTocEntry("1", "A", 3, False, 5), EdocTocEntry("2", "Salg", 4, True, 7)]
    >>> items, warnings = finish_items([AgendaItem(number="1", title="A", raw_title="A", lines=(9, 9))], toc)
    >>> [(i.number, i.order, i.title, i.closed) for i in items], [w.code for w in warnings]
    ([('1', 1, 'A', False), ('2', 2, 'Salg', True)], ['closed-item-from-contents'])
    """
    found = {item.number for item in items}
    warnings = []
    for entry in toc:
        if entry.closed and entry.number not in found:
            items.append(AgendaItem(number=entry.number, title=entry.title, raw_title=entry.title, closed=True,
                                    lines=(entry.line, entry.line)))
            warnings.append(ParseWarning(code="closed-item-from-contents", line=entry.line, message=(
                f"closed item {entry.number} '{entry.title}' is only named in the contents list; kept from there")))
    if all(item.number.isdigit() for item in items):
        items = sorted(items, key=lambda item: int(item.number))
    for order, item in enumerate(items, start=1):
        item.order = order
        for entry in item.attendance:
            entry.item = order
    return items, warnings


def _stamp_follows(lines: Sequence[Line], i: int) -> bool:
    """A "Sagsnr.:" line within the next four lines with text."""
    texts = [text for _, text in lines[i + 1:i + 12] if text][:4]
    return any(SAGSNR.match(text) for text in texts)


def check_items(items: list[AgendaItem], toc: list[EdocTocEntry], layout: str, file: str) -> None:
    """Refuse items that disagree with the contents list (count, titles) or whose numbers do
    not go up. The message names what was expected."""
    problem = _numbers_problem(items) or _toc_problem(items, toc)
    if problem:
        line = items[0].lines[0] if items else (toc[0].line if toc else None)
        raise UnrecognisedLayout(f"unrecognised layout: {layout} reader: {problem}", file=file, line=line)


def _numbers_problem(items: list[AgendaItem]) -> str | None:
    for before, after in zip(items, items[1:]):
        if not (before.number.isdigit() and after.number.isdigit() and int(after.number) > int(before.number)):
            return f"item numbers going up, but item {after.number} follows item {before.number}"
    return None


def _toc_problem(items: list[AgendaItem], toc: list[EdocTocEntry]) -> str | None:
    if not toc:
        return None if items else "agenda items 'N. <title>' with the case stamp 'Sagsnr.:' below, found none"
    listed = "; ".join(f"{e.number}. {e.title}" for e in toc[:4]) + (" …" if len(toc) > 4 else "")
    if len(items) != len(toc):
        return f"expected the {len(toc)} items of the contents list ({listed}), found {len(items)}"
    for entry, item in zip(toc, items):
        if entry.number != item.number or title_key(entry.title) != title_key(item.title):
            return (f"expected item {entry.number}. '{entry.title}' as the contents list says, "
                    f"found {item.number}. '{item.title}' (line {item.lines[0]})")
    return None


def toc_entries(toc: list[EdocTocEntry]) -> list[TocEntry]:
    return [TocEntry(title=e.title, raw_title=f"{e.number}. {e.title}", page=e.page, closed=e.closed, line=e.line)
            for e in toc]


def build_meeting(source: SourceText, header: EdocHeader, items: list[AgendaItem], toc: list[EdocTocEntry],
                  layout: str, media_type: str, warnings: list[ParseWarning] | None = None) -> Meeting:
    """The meeting of an eDoc document; a missing body or date is an error naming the file."""
    if not header.body:
        raise ParseError("eDoc document without its body (the line after 'Referat'/'Dagsorden' "
                         "in the meeting header)", file=source.name, line=header.first)
    if header.date is None:
        raise ParseError("eDoc document without its meeting date (expected a line such as "
                         "'tirsdag den 4. december 2012, kl. 13:00')", file=source.name, line=header.first)
    check_items(items, toc, layout, source.name)
    kind = "referat" if header.kind == "referat" or any(i.decisions for i in items) else "dagsorden"
    header_lines = (header.first, header.last or header.first) if header.first else None
    return Meeting(
        kind=kind, body=header.body, date=header.date, start_time=header.start_time, location=header.location,
        source=SourceDocument(file_name=source.name, sha256=source.sha256, media_type=media_type,
                              encoding=source.encoding, line_count=len(source.lines)),
        toc=toc_entries(toc), items=items, attendance=header.attendance,
        report=ParseReport(layout=layout, warnings=list(warnings or [])), header_lines=header_lines,
    )
