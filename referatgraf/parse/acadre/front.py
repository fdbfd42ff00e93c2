"""Acadre's first pages: the meeting header and the contents list (*Indholdsfortegnelse*).

The cover page reads: the kind ("Referat" / "Dagsorden"), the body, the meeting's own name when
it has one ("Ekstraordinært PUK"), the date ("Torsdag den 20. juni 2013"), the time ("Kl. 10:30",
or on the date line), the place (its name, then address lines), then headed name lists:
"Medlemmer" (present), "Fraværende" / "Afbud" (absent). The contents list follows: a column
header "Punkt nr. Side", then "715. <title> ......2" per item (a long title wraps; the leader
and page then end the entry's last line).

>>> from referatgraf.parse.acadre.text import numbered
>>> lines = numbered(["Referat", "Udvalget", "Ekstraordinært møde", "Torsdag den 20. juni 2013", "Kl. 10:30",
...     "Rådhuset", "Vestergade 1", "Medlemmer", "Bo Holm (A)", "Ida Lund (V)", "Fraværende", "Ida Lund (V)",
...     "Indholdsfortegnelse", "Punkt nr. Side", "715. Budget ......2", "716. Plan for ", "skoler ......3",
...     "715. Budget"])
>>> h = read_header(lines)
>>> h.kind, h.body, h.title, h.date.isoformat(), h.start_time, h.location
('referat', 'Udvalget', 'Ekstraordinært møde', '2013-06-20', '10:30', 'Rådhuset')
>>> [(a.name, a.status, a.reason) for a in h.attendance]
[('Bo Holm', 'present', None), ('Ida Lund', 'absent', 'Fraværende')]
>>> toc, end = read_toc(lines, h.end)
>>> [(e.number, e.title, e.page) for e in toc], lines[end][1]
([('715', 'Budget', 2), ('716', 'Plan for skoler', 3)], '715. Budget')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from referatgraf.parse.acadre.text import ITEM_HEADING, Line, stamp_below
from referatgraf.parse.attendance import entries_from_list
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.model import Attendance

KIND_WORD = re.compile(r"^(?P<kind>Referat|Dagsorden|Tillægsdagsorden|Beslutningsprotokol)$", re.IGNORECASE)
TOC_HEADING = re.compile(r"^(?:Indholdsfortegnelse|Indhold)$", re.IGNORECASE)
_TOC_COLUMNS = re.compile(r"^Punkt\s*(?:nr\.?)?(?:\s+Side)?$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"^(?P<n>\d{1,4})\.\s+(?P<title>\S.*?)\s*(?:\.{2,}|…+|\t)\s*(?P<page>\d{1,4})$")
_TIME_LINE = re.compile(r"^kl\.?\s*\d{1,2}(?:[:.]\d{2})?$", re.IGNORECASE)
_HEADER_REACH = 8  # the date comes within the first lines of the cover page
# Headed name lists of the cover page: label → (status, reason); None: not a member list.
LISTS: dict[str, tuple[str, str | None] | None] = {
    "medlemmer": ("present", None), "deltagere": ("present", None), "til stede": ("present", None),
    "tilstede": ("present", None), "fraværende": ("absent", "Fraværende"), "afbud": ("absent", "Afbud"),
    "afbud/fraværende": ("absent", "Afbud/Fraværende"), "fraværende/afbud": ("absent", "Fraværende/Afbud"),
    "mødeleder": None, "sekretær": None, "referent": None, "øvrige deltagere": None, "bemærkninger": None,
}


@dataclass
class AcadreHeader:
    """The meeting header; ``end`` is the index of the first line after it (PDF only)."""

    kind: str | None = None  # "referat" / "dagsorden" as the document says
    body: str | None = None
    title: str | None = None  # the meeting's own name ("Ekstraordinært PUK")
    date: dt.date | None = None
    start_time: str | None = None
    location: str | None = None
    system_id: str | None = None
    attendance: list[Attendance] = field(default_factory=list)
    first: int | None = None  # line numbers of the header's first and last line
    last: int | None = None
    end: int = 0


@dataclass
class AcadreTocEntry:
    """One contents entry: the number and title as written, its page and line."""

    number: str
    title: str
    page: int | None
    line: int


def kind_of(word: str | None) -> str | None:
    """ "Referat" → "referat", "Dagsorden"/"Tillægsdagsorden" → "dagsorden", else None."""
    if not word:
        return None
    word = word.strip().casefold()
    if word in ("referat", "beslutningsprotokol"):
        return "referat"
    return "dagsorden" if word.endswith("dagsorden") else None


def read_header(lines: Sequence[Line]) -> AcadreHeader:
    """The cover page's header, up to the contents list or the first item."""
    header = AcadreHeader()
    content = [(i, no, text) for i, (no, text) in enumerate(lines) if text]
    stop = next((k for k, (i, _, text) in enumerate(content)
                 if TOC_HEADING.match(text) or (ITEM_HEADING.match(text) and stamp_below(lines, i) is not None)),
                len(content))
    content = content[:stop]
    header.end = content[-1][0] + 1 if content else 0
    if not content:
        return header
    header.first, header.last = content[0][1], content[-1][1]
    k = 0
    if (m := KIND_WORD.match(content[0][2])) is not None:
        header.kind, k = kind_of(m["kind"]), 1
    d = next((j for j in range(k, min(len(content), k + _HEADER_REACH)) if find_date(content[j][2])), None)
    if d is None:
        return header
    if d > k:
        header.body = content[k][2]
        header.title = " ".join(t for _, _, t in content[k + 1:d]) or None
    header.date, header.start_time = find_date(content[d][2]), find_time(content[d][2])
    d += 1
    if header.start_time is None and d < len(content) and _TIME_LINE.match(content[d][2]):
        header.start_time, d = find_time(content[d][2]), d + 1
    _places_and_lists(header, [(no, text) for _, no, text in content[d:]])
    return header


def _places_and_lists(header: AcadreHeader, lines: list[Line]) -> None:
    """The place (its first line; address lines below it are not the place) and the name lists."""
    status: tuple[str, str | None] | None = None
    in_lists = False
    for no, text in lines:
        label = text.rstrip(" :").casefold()
        if label in LISTS:
            status, in_lists = LISTS[label], True
        elif in_lists:
            if status is not None:
                header.attendance += [a.model_copy(update={"reason": status[1]})
                                      for a in entries_from_list(text, status[0], no)]
        elif header.location is None:
            header.location = text
    header.attendance = absent_wins(header.attendance)


def absent_wins(entries: list[Attendance]) -> list[Attendance]:
    """One entry per name in first-seen order; a name listed as absent too is absent, with
    the absent list's reason (a member listed under "Medlemmer" and under "Fraværende")."""
    out: dict[str, Attendance] = {}
    for entry in entries:
        key = entry.name.casefold()
        if key not in out or (entry.status == "absent" and out[key].status == "present"):
            out[key] = entry
    return list(out.values())


def read_toc(lines: Sequence[Line], start: int) -> tuple[list[AcadreTocEntry], int]:
    """The contents list at or right after ``lines[start]``: its entries and the index of the
    first line after it; ``([], start)`` when there is none."""
    i = next((k for k in range(start, len(lines)) if lines[k][1]), len(lines))
    if i >= len(lines) or not TOC_HEADING.match(lines[i][1]):
        return [], start
    entries: list[AcadreTocEntry] = []
    k, end = i + 1, i + 1
    while k < len(lines):
        no, text = lines[k]
        if not text or (not entries and _TOC_COLUMNS.match(text)):
            k += 1
            continue
        found = _entry_at(lines, k)
        if found is None:
            break
        entry, k = found
        entries.append(entry)
        end = k
    return entries, end


def _entry_at(lines: Sequence[Line], k: int) -> tuple[AcadreTocEntry, int] | None:
    """The entry starting at ``lines[k]`` (joined over up to three lines) and the index after it."""
    no, text = lines[k]
    if not ITEM_HEADING.match(text):
        return None
    for j in range(k, min(len(lines), k + 3)):
        if j > k:
            if ITEM_HEADING.match(lines[j][1]):
                return None  # the next entry (or the first item): this one has no page
            text = f"{text} {lines[j][1]}".strip()
        if (m := _TOC_ENTRY.match(text)) is not None:
            return AcadreTocEntry(m["n"], " ".join(m["title"].split()), int(m["page"]), no), j + 1
    return None
