"""The first page of a "Punkt N:" minutes document: the meeting header and the contents.

Block stages 2 and 3 of :mod:`referatgraf.parse.layouts.referat`:

* the header — "REFERAT <body> d. DD-MM-YYYY" (or stacked: "Åben dagsorden", the body, a date
  line), *Mødedato* (date and "kl." time), *Mødested*, attendance lines;
* the table of contents — *Indholdsfortegnelse*, "title.....<tab>page" lines, wrapped entries
  joined, enumerators ("1. ") dropped, "Lukket" entries closed.

>>> from referatgraf.parse.normalise import normalise
>>> h = read_header(normalise(["REFERAT Teknisk Udvalg d. 03-02-2025", "Mødested: Rådhuset"]), "x.txt")
>>> h.body, h.date.isoformat(), h.location
('Teknisk Udvalg', '2025-02-03', 'Rådhuset')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from referatgraf.parse.attendance import parse_attendance
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Attendance, TocEntry
from referatgraf.parse.normalise import Line
from referatgraf.parse.titles import split_title

_KIND = (r"(?:(?:Åben|Åbent|ÅBEN|Lukket|LUKKET|Offentlig)\s+)?"
         r"(?P<kind>REFERAT|DAGSORDEN|Referat|referat|Dagsorden|dagsorden|Beslutningsprotokol)")
HEADER = re.compile(
    rf"^{_KIND}(?:\s+(?:fra|for|af|til|over)(?:\s+(?:mødet|møde)\s+i)?)?"
    r"[\s:]+(?P<body>[^\d\s].*?)(?:,?\s+(?:d\.|den|fra)?\s*(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}))?"
    r"(?:,?\s+(?P<time>kl\.?\s*\d{1,2}(?:[.:]\d{2})?))?\s*$"
)
KIND_LINE = re.compile(rf"^{_KIND}\s*:?$")  # "Åben dagsorden" alone, the body on the next line
_HEADER_KEY = re.compile(
    r"^(?P<key>Mødedato|Dato|Mødetidspunkt|Tidspunkt|Mødetid|Starttidspunkt|Mødestart|Mødested|Sted)"
    r"\b\s*:?\s*(?P<value>.*)$", re.IGNORECASE,
)
ITEM = re.compile(r"^(?:Punkt|PUNKT|Pkt\.)\s*(?P<n>\d{1,4})\s*(?P<sep>[:.\-–)])?\s*(?P<title>.*)$")
TOC_HEADINGS = frozenset({"indholdsfortegnelse", "indhold", "dagsordenens punkter", "oversigt over punkter"})
_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|…+)\s*(?P<page>\d{1,4})?\s*$")
ENUMERATOR = re.compile(r"^(\d{1,3})[.)]\s+")  # "1. " before a contents entry or an attachment title
_TOC_PAGE = re.compile(r"^(?P<title>.*?\S)\s*\t\s*(?P<page>\d{1,4})\s*$")


@dataclass
class Header:
    """What the header says; ``end`` is the index of the first line after the header block."""

    kind: str
    body: str
    date: dt.date | None
    line: int
    last: int
    end: int  # index of the first line after the header block
    start_time: str | None = None
    location: str | None = None
    attendance: list[Attendance] = field(default_factory=list)


def read_header(lines: list[Line], name: str) -> Header:
    """Find "REFERAT <body> d. <date>" (or the stacked form: "Åben dagsorden", the body, a date
    line) and read the key lines below it."""
    start, m, body_index = _find_header(lines)
    if m is None:
        first = next((ln.no for ln in lines if ln.text), None)
        raise ParseError("no meeting header (expected 'REFERAT <body> d. DD-MM-YYYY' or 'DAGSORDEN ...')",
                         file=name, line=first)
    end = next((i for i in range(start + 1, len(lines)) if _ends_header(lines[i])), len(lines))
    header = Header(kind="dagsorden" if m["kind"].lower() == "dagsorden" else "referat",
                    body=m["body"].strip(" ,-–:"), date=find_date(m["date"]) if m["date"] else None,
                    start_time=find_time(m["time"]) if m["time"] else None,
                    line=lines[start].no, last=lines[body_index].no, end=end)
    rest = [ln for ln in lines[body_index + 1:end] if ln.text]
    for i, ln in enumerate(rest):
        k = _HEADER_KEY.match(ln.text)
        if k is None:
            if header.date is None and len(ln.text) < 80 and (found := find_date(ln.text)):
                header.date, header.start_time = found, find_time(ln.text)  # "Tirsdag den 5. marts 2024 kl. 15"
                header.last = max(header.last, ln.no)
            continue
        value = k["value"] or (rest[i + 1].text if i + 1 < len(rest) else "")
        if k["key"].lower() in ("mødested", "sted"):
            header.location = header.location or value.strip() or None
        else:
            header.date = header.date or find_date(value)
            header.start_time = header.start_time or find_time(value)
        header.last = max(header.last, ln.no)
    if header.date is None:
        raise ParseError("meeting header has no date (expected 'd. DD-MM-YYYY' or a 'Mødedato' line)",
                         file=name, line=lines[start].no)
    header.attendance = parse_attendance([(ln.no, ln.text) for ln in rest])
    if header.attendance:
        header.last = max(header.last, max(a.line for a in header.attendance))
    return header


def _find_header(lines: list[Line]) -> tuple[int, re.Match | None, int]:
    """(index of the header line, its match, index of the line naming the body)."""
    for i, ln in enumerate(lines[:80]):
        if not ln.text:
            continue
        if (m := HEADER.match(ln.text)) is not None:
            return i, m, i
        if (k := KIND_LINE.match(ln.text)) is not None:
            following = next((j for j in range(i + 1, min(i + 6, len(lines))) if lines[j].text), None)
            if following is not None and not _HEADER_KEY.match(lines[following].text) \
                    and (m := HEADER.match(f"{k['kind']} {lines[following].text}")) is not None:
                return i, m, following
    return 0, None, 0


def _ends_header(line: Line) -> bool:
    text = line.text
    return bool(text) and (text.rstrip(":").casefold() in TOC_HEADINGS or ITEM.match(text) is not None)


TocLine = tuple[str, "int | None", int]  # raw title, page, line number


def read_toc(lines: list[Line], start: int) -> tuple[list[TocLine], int]:
    """Entries (raw title, page, line) of the table of contents at ``lines[start]`` (if it is one)
    and the index where the items begin."""
    if start >= len(lines) or lines[start].text.rstrip(":").casefold() not in TOC_HEADINGS:
        return [], start
    content: list[Line] = []
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        if ln.text and ITEM.match(ln.text) and not _TOC_ENTRY.match(ln.text):
            break
        if ln.text:
            content.append(ln)
        i += 1
    return toc_entries(content), i


def toc_entries(content: list[Line]) -> list[TocLine]:
    """The contents lines as entries. An entry ends with dot leaders, a tab and a page number, or
    — in a list without leaders — a page number after a space, provided the page numbers go up
    ("Lokalplan 112" before an entry on page 6 is a title going on, not page 112). A numbered
    list ("1. ", "2. " …) groups its lines by the numbers, so a title wrapped after its page
    number still belongs to its entry; otherwise the lines up to an entry's end are joined, and
    lines with no end at all are entries of a list without pages.

    >>> from referatgraf.parse.normalise import normalise
    >>> [(t, p) for t, p, _ in toc_entries(normalise(["Lokalplan 112 for boliger", "ved Åmosen 6", "Eventuelt 9"]))]
    [('Lokalplan 112 for boliger ved Åmosen', 6), ('Eventuelt', 9)]
    >>> [(t, p) for t, p, _ in toc_entries(normalise(["1. Budget..... 3", "   med ændringer", "2. Eventuelt..... 5"]))]
    [('1. Budget med ændringer', 3), ('2. Eventuelt', 5)]
    """
    parsed = [_toc_line(ln.text) for ln in content]
    _drop_implausible_pages(parsed)
    numbered = _numbered_starts(content)
    entries: list[TocLine] = []
    pending: list[tuple[str, int]] = []  # (title part, line number) of an entry not ended yet
    for k, (ln, (title, page, ends, _)) in enumerate(zip(content, parsed)):
        if title is None and page is not None and entries and entries[-1][1] is None and not pending:
            entries[-1] = (entries[-1][0], page, entries[-1][2])  # the page number wrapped onto its own line
            continue
        if numbered is not None:
            if k in numbered or not entries:
                entries.append((title or "", page, ln.no))
            else:  # a numbered entry's title goes on
                raw, old, first = entries[-1]
                entries[-1] = (f"{raw} {title}".strip() if title else raw, old if old is not None else page, first)
            continue
        pending.append((title or "", ln.no))
        if ends:
            entries.append((" ".join(t for t, _ in pending if t), page, pending[0][1]))
            pending = []
    entries += [(t, None, no) for t, no in pending]  # a contents list without leaders or pages
    return entries


_TOC_SPACE_PAGE = re.compile(r"^(?P<title>.*?\S)\s+(?P<page>\d{1,3})$")
_Parsed = tuple["str | None", "int | None", bool, bool]  # title part, page, ends an entry, page after a mere space


def _toc_line(text: str) -> _Parsed:
    """(title part, page, whether the line ends an entry, whether the page follows a mere space);
    a line of digits alone is a page."""
    if text.isdigit():
        return None, int(text), True, False
    m = _TOC_ENTRY.match(text) or _TOC_PAGE.match(text)
    if m is not None:
        return m["title"], int(m["page"]) if m["page"] else None, True, False
    m = _TOC_SPACE_PAGE.match(text)
    if m is not None:
        return m["title"], int(m["page"]), True, True
    return text, None, False, False


def _drop_implausible_pages(parsed: list[_Parsed]) -> None:
    """A page after a mere space must not be below an earlier page or above a later one, and
    such pages must end at least every other line (a list with pages); otherwise the number is
    part of the title and the line does not end an entry."""
    floor = 0
    for k, (title, page, _, loose) in enumerate(parsed):
        if page is None:
            continue
        later = [p for _, p, _, _ in parsed[k + 1:] if p is not None]
        if loose and (page < floor or (later and page > min(later))):
            parsed[k] = (f"{title} {page}", None, False, False)
            continue
        floor = max(floor, page)
    if sum(p is not None for _, p, _, _ in parsed) * 2 < len(parsed):
        for k, (title, page, _, loose) in enumerate(parsed):
            if loose:
                parsed[k] = (f"{title} {page}", None, False, False)


def _numbered_starts(content: list[Line]) -> set[int] | None:
    """Indices of the lines that start entries "1. ", "2. " … in order, when the list is numbered
    (its first line is "1. …" and at least two entries are); None otherwise."""
    starts, expected = set(), 1
    for k, ln in enumerate(content):
        m = ENUMERATOR.match(ln.text)
        if m is not None and int(m[1]) == expected:
            starts.add(k)
            expected += 1
    return starts if 0 in starts and len(starts) >= 2 else None


def without_enumerators(entries: list[TocLine]) -> list[TocLine]:
    """Contents entries numbered "1. ...", "2. ..." in order lose the numbers (they are no title)."""
    found = [ENUMERATOR.match(raw) for raw, _, _ in entries]
    if not entries or not all(found) or [int(m[1]) for m in found] != list(range(1, len(entries) + 1)):
        return entries
    return [(raw[m.end():], page, line) for (raw, page, line), m in zip(entries, found)]


def toc_entry(raw: str, page: int | None, line: int, prefix: str | None = None) -> TocEntry:
    raw = ITEM.sub(lambda m: m["title"], raw, count=1) if ITEM.match(raw) else raw
    parts = split_title(raw, prefix)
    return TocEntry(title=parts.title, raw_title=parts.raw_title, page=page,
                    closed=parts.closed, line=line)
