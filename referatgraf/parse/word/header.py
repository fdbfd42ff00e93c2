"""The header of Word-made minutes: kind, body, date, time, place and attendance.

The template puts a few organisation lines first ("Tværgående møder", the department), then
the kind ("Referat" or "Dagsorden", alone on its line, or "Referat af <body>") and the body on
the next line, then labelled fields. Fields are written inline ("Sted: Rådhuset") or, when the
template lays them out as a table, the PDF's text layer gives the column of labels first and
the column of values after it::

    Dato:                       a run of labels without values …
    Tid:
    Sted:
    6. oktober 2016             … then as many values, in the same order
    13:00 - 15:00
    Rådhuset lokale 233
    Deltagere: Jeppe Kirkegaard a list field: its value goes on over the next lines,
    Tilde Ølholm                one name a line, up to the next label
    Afbud: Tilde,
    Fraværende:                 labels with nothing after them are empty fields

Participants come from "Deltagere:" (also "Mødedeltagere:", "Til stede:"); absences from
"Afbud:", "Fraværende:", "Forfald:" with the label as reason. Internal fora often write only
the first name in "Afbud: Tilde": when exactly one participant has that first name (or that
name) it is that participant who is absent; otherwise the name is kept as written.

>>> h = read_header(list(enumerate(["IT", "Referat", "Styregruppen", "Dato:", "Sted:", "1. marts 2024 kl. 9.00",
...                                 "Lokale 2", "Deltagere: Bo Holm, Eva Dam", "Afbud: Eva"], start=1)))
>>> h.kind, h.body, h.date.isoformat(), h.start_time, h.location
('referat', 'Styregruppen', '2024-03-01', '09:00', 'Lokale 2')
>>> [(a.name, a.status, a.reason) for a in h.attendance]
[('Bo Holm', 'present', None), ('Eva Dam', 'absent', 'Afbud')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from referatgraf.parse.attendance import name_part, split_names
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.model import Attendance

Line = tuple[int, str]

KIND_LINE = re.compile(r"^(?P<kind>referat|mødereferat|beslutningsreferat|dagsorden)"
                       r"(?:\s+(?:af|fra)\s+(?:mødet\s+i\s+)?(?P<body>\S.*?))?\s*$", re.IGNORECASE)
_FIELDS = {"dato": "date", "mødedato": "date", "tid": "time", "tidspunkt": "time", "mødetid": "time",
           "sted": "place", "mødested": "place", "lokale": "place",
           "deltagere": "present", "mødedeltagere": "present", "til stede": "present",
           "afbud": "absent", "fraværende": "absent", "forfald": "absent",
           "bemærk": "other", "bemærkninger": "other", "referent": "other", "mødeleder": "other",
           "ordstyrer": "other", "kopi til": "other", "kopi": "other"}
FIELD = re.compile(r"^(?P<label>" + "|".join(sorted(_FIELDS, key=len, reverse=True)) + r")\s*:\s*(?P<value>.*?)\s*$",
                   re.IGNORECASE)
_LIST_FIELDS = {"present", "absent"}
_NAME_WORD = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’.-]*|af|de|la|van|von|der|den|du)$")


@dataclass
class HeaderField:
    label: str  # as written, without the colon
    kind: str  # date | time | place | present | absent | other
    values: list[Line] = field(default_factory=list)


@dataclass
class WordHeader:
    kind: str | None = None  # "referat" | "dagsorden" when a kind line says so
    body: str | None = None
    date: dt.date | None = None
    start_time: str | None = None
    location: str | None = None
    attendance: list[Attendance] = field(default_factory=list)
    kind_line: int | None = None
    fields: list[HeaderField] = field(default_factory=list)


def is_header(lines: list[Line]) -> bool:
    """A minutes header: a kind line, or two of the template's fields."""
    return any(KIND_LINE.match(t) for _, t in lines) or sum(FIELD.match(t) is not None for _, t in lines) >= 2


def read_header(lines: list[Line]) -> WordHeader:
    """Read the header's non-blank ``lines`` ((line number, stripped text) pairs)."""
    header = WordHeader()
    start = 0
    for k, (n, text) in enumerate(lines):
        if (m := KIND_LINE.match(text)) is not None:
            header.kind = "dagsorden" if m["kind"].casefold() == "dagsorden" else "referat"
            header.kind_line, header.body, start = n, m["body"], k + 1
            break
    if header.body is None and header.kind_line is not None:
        header.body = next((t for _, t in lines[start:start + 1] if _plain(t)), None)
        start += header.body is not None
    header.fields, loose = read_fields(lines[start:])
    _meeting_fields(header, loose)
    header.attendance = _attendance(header.fields)
    return header


def _plain(text: str) -> bool:
    """A line that is neither a field, a date nor a time: the body's name."""
    return FIELD.match(text) is None and find_date(text) is None and find_time(text) is None


def read_fields(lines: list[Line]) -> tuple[list[HeaderField], list[Line]]:
    """The fields (inline or in label/value columns) and the lines no field took."""
    fields: list[HeaderField] = []
    waiting: list[HeaderField] = []  # labels without a value yet, waiting for the value column
    current: HeaderField | None = None  # a list field taking the lines below it
    loose: list[Line] = []
    for n, text in lines:
        if (m := FIELD.match(text)) is not None:
            f = HeaderField(m["label"], _FIELDS[m["label"].casefold()])
            fields.append(f)
            if m["value"]:
                f.values.append((n, m["value"]))
                current, waiting = (f if f.kind in _LIST_FIELDS else None), []
            else:
                waiting.append(f)
                current = None
        elif waiting:
            f = waiting.pop(0)
            f.values.append((n, text))
            current = f if f.kind in _LIST_FIELDS and not waiting else None
        elif current is not None:
            current.values.append((n, text))
        else:
            loose.append((n, text))
    return fields, loose


def _meeting_fields(header: WordHeader, loose: list[Line]) -> None:
    """Date, time and place from their fields; the date (and time) else from a loose line."""
    def value(kind: str) -> str:
        return " ".join(t for f in header.fields if f.kind == kind for _, t in f.values)

    date_text, time_text = value("date"), value("time")
    header.date = find_date(date_text) if date_text else None
    header.start_time = find_time(time_text) or find_time(date_text) if (time_text or date_text) else None
    dated = next((t for _, t in loose if find_date(t) is not None), None)
    if header.date is None and dated is not None:
        header.date = find_date(dated)
    if header.start_time is None and dated is not None:
        header.start_time = find_time(dated)
    header.location = value("place") or None


def _attendance(fields: list[HeaderField]) -> list[Attendance]:
    present = [a for f in fields if f.kind == "present" for a in _names(f, "present")]
    out = list(present)
    for f in fields:
        if f.kind != "absent":
            continue
        for absent in _names(f, "absent"):
            match = _participant(absent.name, present)
            if match is None:
                out.append(absent)
            else:
                out[out.index(match)] = match.model_copy(update={"status": "absent", "reason": absent.reason})
    return out


def _names(f: HeaderField, status: str) -> list[Attendance]:
    """The names of a list field, one entry each; the reason of an absence is its label."""
    reason = f.label[:1].upper() + f.label[1:].lower() if status == "absent" else None
    out = []
    for n, text in f.values:
        for chunk in split_names(text):
            name = name_part(chunk)
            if _looks_like_name(name):
                out.append(Attendance(name=name, status=status, reason=reason, line=n))
    return out


def _looks_like_name(text: str) -> bool:
    """One to six capitalised name words: a full name, or a first name in an internal forum;
    not an acronym ("IT", "HR": a department in the list).

    >>> _looks_like_name("Tilde"), _looks_like_name("Anne Arndt Nielsen"), _looks_like_name("IT")
    (True, True, False)
    """
    words = text.split()
    return (1 <= len(words) <= 6 and words[0][:1].isupper() and all(_NAME_WORD.match(w) for w in words)
            and not any(len(w) > 1 and w.isupper() for w in words))


def _participant(name: str, present: list[Attendance]) -> Attendance | None:
    """The one participant ``name`` stands for: the same name, or a first name only one has."""
    folded = name.casefold()
    same = [a for a in present if a.name.casefold() == folded]
    if len(same) == 1:
        return same[0]
    if " " in name:
        return None
    first = [a for a in present if a.name.split()[0].casefold() == folded]
    return first[0] if len(first) == 1 else None
