"""eDoc's first pages: the meeting header and the contents list (*INDHOLDSFORTEGNELSE*).

The header, after the page header block, reads: the kind ("Referat"), the body, the date line
("tirsdag den 4. december 2012, kl. 13:00"), the place ("i Mødecenter C, Lokale 32 …"), the
part ("Åbent referat"), then headed name lists — "Tilstede" (members present), "Afbud/Fraværende"
(absent) and "Sekretær" (the secretary, not a member).

The contents list holds one entry per item, "N. <title> <page>" (a long title wraps onto the next
line, the page number then ends that line), under part labels: entries under "Lukket referat" /
"Lukket dagsorden" are closed items.

>>> from referatgraf.parse.edoc.text import numbered
>>> lines = numbered(["Referat", "Udvalget", "tirsdag den 4. december 2012, kl. 13:00", "i Rådhuset",
...                   "Åbent referat", "Tilstede", "Bo Holm (A) - formand", "Afbud/Fraværende", "Ida Lund (V)",
...                   "Sekretær", "Eva Dam", "INDHOLDSFORTEGNELSE", "Åbent referat", "1. Meddelelser 3",
...                   "2. Budget for ", "ældre 4", "Lukket referat", "3. Salg af grund 5", "1. Meddelelser"])
>>> h = read_header(lines)
>>> h.kind, h.body, h.date.isoformat(), h.start_time, h.location
('referat', 'Udvalget', '2012-12-04', '13:00', 'Rådhuset')
>>> [(a.name, a.status, a.reason) for a in h.attendance]
[('Bo Holm', 'present', None), ('Ida Lund', 'absent', 'Afbud/Fraværende')]
>>> toc, end = read_toc(lines, h.end)
>>> [(e.number, e.title, e.page, e.closed) for e in toc], lines[end][1]
([('1', 'Meddelelser', 3, False), ('2', 'Budget for ældre', 4, False), ('3', 'Salg af grund', 5, True)], '1. Meddelelser')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from referatgraf.parse.attendance import entries_from_list
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.edoc.text import KIND_WORD, PART, Line
from referatgraf.parse.model import Attendance

ITEM_HEADING = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<title>\S.*)$")
_TOC_HEADING = re.compile(r"^(?:INDHOLDSFORTEGNELSE|Indholdsfortegnelse|Indhold)$")
_TOC_LINE = re.compile(r"^(?P<title>.*?\S)\s+(?P<page>\d{1,3})$")
_LOCATION = re.compile(r"^(?:i|på)\s+(?P<place>\S.*)$")
# Headed name lists of the header: label → (status, reason); None: not a member list.
_LISTS: dict[str, tuple[str, str | None] | None] = {
    "tilstede": ("present", None), "til stede": ("present", None), "deltagere": ("present", None),
    "medlemmer": ("present", None), "afbud/fraværende": ("absent", "Afbud/Fraværende"),
    "afbud": ("absent", "Afbud"), "fraværende": ("absent", "Fraværende"), "sekretær": None,
    "mødeleder": None, "referent": None, "øvrige deltagere": None,
}


@dataclass
class EdocHeader:
    """The meeting header; ``end`` is the index of the first line after it."""

    kind: str | None = None  # "referat" / "dagsorden" as the document says
    body: str | None = None
    date: dt.date | None = None
    start_time: str | None = None
    location: str | None = None
    attendance: list[Attendance] = field(default_factory=list)
    first: int | None = None  # line numbers of the header's first and last line
    last: int | None = None
    end: int = 0


@dataclass
class EdocTocEntry:
    """One contents entry: the number and title as written, page, closed part, line."""

    number: str
    title: str
    page: int | None
    closed: bool
    line: int


def read_header(lines: Sequence[Line], start: int = 0) -> EdocHeader:
    """The meeting header from ``lines[start]`` up to the contents list or the first item."""
    header = EdocHeader()
    content = [(i, no, text) for i, (no, text) in enumerate(lines) if i >= start and text]
    k = 0
    if k < len(content) and (m := KIND_WORD.match(content[k][2])) is not None:
        header.kind, header.first, k = _kind(m["kind"]), content[k][1], k + 1
    if k + 1 < len(content) and find_date(content[k + 1][2]) is not None:
        header.body, header.first = content[k][2], header.first or content[k][1]
        k += 1
    if k < len(content) and (date := find_date(content[k][2])) is not None:
        header.date, header.start_time, k = date, find_time(content[k][2]), k + 1
    status: tuple[str, str | None] | None = None
    header.end = content[k][0] if k < len(content) else len(lines)
    for i, no, text in content[k:]:
        if _TOC_HEADING.match(text) or ITEM_HEADING.match(text):
            header.end = i
            break
        header.last, header.end = no, i + 1
        label = text.rstrip(" :").casefold()
        if label in _LISTS:
            status = _LISTS[label]
        elif PART.match(text):
            continue
        elif status is not None:
            header.attendance += [a.model_copy(update={"reason": status[1]})
                                  for a in entries_from_list(text, status[0], no)]
        elif header.location is None and (loc := _LOCATION.match(text)) is not None:
            header.location = loc["place"]
    return header


def _kind(word: str) -> str:
    return "dagsorden" if word.casefold() == "dagsorden" else "referat"


def read_toc(lines: Sequence[Line], start: int) -> tuple[list[EdocTocEntry], int]:
    """The contents list at or right after ``lines[start]`` (skipping blank lines): its
    entries and the index of the first line after it; ``([], start)`` when there is none."""
    i = start
    while i < len(lines) and not lines[i][1]:
        i += 1
    if i >= len(lines) or not _TOC_HEADING.match(lines[i][1]):
        return [], start
    entries: list[EdocTocEntry] = []
    closed, pending, end = False, None, i + 1  # pending: an entry whose page number is still to come
    for k in range(i + 1, len(lines)):
        no, text = lines[k]
        if not text:
            continue
        heading = ITEM_HEADING.match(text)
        if pending is not None and heading is not None and int(heading["n"]) == int(pending.number) + 1:
            entries.append(pending)  # an entry without a page number
            pending = None
        if pending is None:
            if (m := PART.match(text)) is not None:
                closed, end = m["access"].casefold() == "lukket", k + 1
                continue
            if heading is None or (entries and int(heading["n"]) <= int(entries[-1].number)):
                break  # the first item (its number comes again) or other text: the list is over
            pending = EdocTocEntry(heading["n"], heading["title"], None, closed, no)
        else:
            pending.title = f"{pending.title} {text}"
        if _take_page(pending, entries):
            entries.append(pending)
            pending, end = None, k + 1
    return entries, end


def _take_page(entry: EdocTocEntry, entries: list[EdocTocEntry]) -> bool:
    """Split a trailing page number off the entry's title when there is a plausible one (not
    before the previous entry's page: "Budget 2013" wrapped after the year is no page 2013)."""
    m = _TOC_LINE.match(entry.title)
    if m is None:
        return False
    page, previous = int(m["page"]), next((e.page for e in reversed(entries) if e.page), 0)
    if page < previous:
        return False
    entry.title, entry.page = m["title"], page
    return True
