"""Layout ``firstagenda-json``: a FirstAgenda publication portal's meeting JSON
(``GET <portal>/api/agenda/dagsorden/<meeting id>``), keyed on its real structure.

Meeting: ``Id`` (the meeting's GUID), ``Udvalg.Navn`` (the body), ``Moede.MeetingBeginUtc`` /
``Moede.Dato`` (ISO 8601 with offset: the local date and start time as written), ``Moede.Sted``
(place), ``Moede.Navn`` ("Dagsorden", "Ekstraordinær dagsorden": the document's own name, kept as
the meeting title), ``Moede.Moededeltagere`` (``Name``, ``Absent``, ``ParticipationCancelled``).
Items: ``Dagsordenpunkter[]`` in ``Sorting`` order, ``Punktnummer`` (the number as written),
``Navn`` (title; closed items start "Lukket: "), ``SagsNummer`` (``24-000609``, ``20-055104K``;
empty on standing items), ``Felter[].Html`` (the item text, see
:mod:`referatgraf.parse.firstagenda.item_text`), ``Bilag[].Navn`` (attachments) and
``ExternalAgendaItemAttendees[]`` (who was absent for the item, with ``Reason``).

A document is minutes (``referat``) when any item carries a decision, else an agenda: the
portal's ``Moede.Navn`` stays "Dagsorden" after the decisions are added.

>>> import json
>>> from referatgraf.parse.reader import read_bytes
>>> doc = {"Id": "6591cdcf-6111-401e-81f7-8df4ff19981f", "Udvalg": {"Navn": "Kulturudvalget"},
...        "Moede": {"MeetingBeginUtc": "2022-03-14T08:00:00+01:00", "Sted": "Mødelokale 1",
...                  "Navn": "Dagsorden", "Moededeltagere": [{"Name": "Bo Holm", "Absent": False}]},
...        "Dagsordenpunkter": [{"Punktnummer": "1", "Sorting": 1, "Navn": "Lukket: Salg af grund",
...                              "SagsNummer": "22-000123K", "Felter": [{"Html": "<div>Godkendt.</div>"}],
...                              "Bilag": [], "ExternalAgendaItemAttendees": []}]}
>>> src = read_bytes(json.dumps(doc, indent=1).encode(), "m.json")
>>> m = LAYOUT.parse(src)
>>> m.body, m.date.isoformat(), m.start_time, m.kind, m.items[0].title, m.items[0].closed, m.items[0].case_numbers
('Kulturudvalget', '2022-03-14', '08:00', 'referat', 'Salg af grund', True, ['22-000123K'])
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from referatgraf.parse.case_number import CaseNumber, parse_case_number
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.firstagenda.item_text import read_item_text
from referatgraf.parse.html_blocks import collapse
from referatgraf.parse.json_text import load_json
from referatgraf.parse.layouts import register
from referatgraf.parse.model import (AgendaItem, Attachment, Attendance, Meeting, ParseReport, ParseWarning,
                                     SourceDocument)
from referatgraf.parse.source import SourceText

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
CLOSED_PREFIX = re.compile(r"^\s*Lukket\s*(?::|-|–)\s*", re.IGNORECASE)
_ITEMS_KEY = re.compile(r'"Dagsordenpunkter"\s*:\s*\[')


def is_firstagenda_meeting(data: Any) -> bool:
    """The portal's meeting shape: items under ``Dagsordenpunkter`` and the meeting under ``Moede``."""
    return (isinstance(data, dict) and isinstance(data.get("Dagsordenpunkter"), list)
            and isinstance(data.get("Moede"), dict) and isinstance(data.get("Udvalg"), dict))


def _load(source: SourceText) -> Any:
    first = source.first_content_lines(1)
    if not first or first[0][1][:1] != "{":
        return None
    try:
        return load_json(source.text)
    except ParseError:
        return None


class FirstAgendaJsonLayout:
    name = "firstagenda-json"

    def sniff(self, source: SourceText) -> float:
        return 1.0 if is_firstagenda_meeting(_load(source)) else 0.0

    def explain(self, source: SourceText) -> str | None:
        data = _load(source)
        if isinstance(data, dict) and "Dagsordenpunkter" in data and not is_firstagenda_meeting(data):
            return "firstagenda-json: 'Dagsordenpunkter' found but not 'Moede' and 'Udvalg' objects beside it"
        return None

    def parse(self, source: SourceText) -> Meeting:
        data = _load(source)
        if not is_firstagenda_meeting(data):
            raise UnrecognisedLayout("unrecognised layout: expected a FirstAgenda meeting (an object with "
                                     "'Udvalg', 'Moede' and 'Dagsordenpunkter')", file=source.name)
        return _Reader(source, data).meeting()


class _Reader:
    def __init__(self, source: SourceText, data: dict[str, Any]) -> None:
        self.source, self.data = source, data
        self.warnings: list[ParseWarning] = []
        self.item_lines = _item_lines(source.text)

    def meeting(self) -> Meeting:
        moede, udvalg = self.data["Moede"], self.data["Udvalg"]
        body = collapse(str(udvalg.get("Navn") or ""))
        if not body:
            raise ParseError("FirstAgenda meeting without a body: 'Udvalg.Navn' is empty", file=self.source.name,
                             line=self._line_of_key("Udvalg"))
        start = _timestamp(moede.get("MeetingBeginUtc") or moede.get("Dato"))
        if start is None:
            raise ParseError("FirstAgenda meeting without a date: expected 'Moede.MeetingBeginUtc' or "
                             "'Moede.Dato' as an ISO 8601 timestamp", file=self.source.name,
                             line=self._line_of_key("Moede"))
        raw_items = sorted(enumerate(self.data["Dagsordenpunkter"]),
                           key=lambda p: (_sorting(p[1]), p[0]))
        items = [self.item(raw, order, index) for order, (index, raw) in enumerate(raw_items, start=1)]
        has_decision = any(i.decisions for i in items)
        src = self.source
        return Meeting(
            kind="referat" if has_decision else "dagsorden", body=body, date=start.date(),
            start_time=start.strftime("%H:%M"), location=collapse(str(moede.get("Sted") or "")) or None,
            system_id=_guid(self.data.get("Id")), title=collapse(str(moede.get("Navn") or "")) or None,
            source=SourceDocument(file_name=src.name, sha256=src.sha256, media_type="application/json",
                                  encoding=src.encoding, line_count=len(src.lines)),
            items=items, attendance=self.participants(moede),
            report=ParseReport(layout=FirstAgendaJsonLayout.name, warnings=self.warnings,
                               listed_items=len(self.data["Dagsordenpunkter"])),
            header_lines=(1, self.item_lines[0][0] - 1 if self.item_lines and self.item_lines[0][0] > 1 else 1),
        )

    def participants(self, moede: dict[str, Any]) -> list[Attendance]:
        line = self._line_of_key("Moededeltagere")
        out = []
        for person in moede.get("Moededeltagere") or []:
            name = collapse(str(person.get("Name") or "")) if isinstance(person, dict) else ""
            if not name:
                continue
            absent = bool(person.get("Absent")) or bool(person.get("ParticipationCancelled"))
            out.append(Attendance(name=name, status="absent" if absent else "present", line=line))
        return out

    def item(self, raw: Any, order: int, index: int) -> AgendaItem:
        first, last = self.item_lines[index] if index < len(self.item_lines) else (1, len(self.source.lines))
        if not isinstance(raw, dict):
            raise ParseError(f"FirstAgenda item {order} is not an object", file=self.source.name, line=first)
        raw_title = collapse(str(raw.get("Navn") or raw.get("Caption") or ""))
        number = collapse(str(raw.get("Punktnummer") or raw.get("Number") or ""))
        if not raw_title or not number:
            raise ParseError(f"FirstAgenda item {order} without 'Punktnummer' or 'Navn'", file=self.source.name,
                             line=first)
        closed = CLOSED_PREFIX.match(raw_title) is not None
        title = CLOSED_PREFIX.sub("", raw_title) if closed else raw_title
        html_line = self._line_within(first, last, '"Html"') or first
        html = fields_html(raw.get("Felter"))
        text = read_item_text(html, closed, lambda _n: html_line, order)
        item = AgendaItem(number=number, order=order, title=title or raw_title, raw_title=raw_title,
                          cases=self.cases(raw, first, last), closed=closed, sections=text.sections,
                          decisions=text.decisions, recommendation=text.recommendation, history=text.history,
                          attachments=self.attachments(raw, first, last), lines=(first, last))
        item.attendance = _merge_absent(self.attendees(raw, order, first, last), text.attendance)
        for heading in text.unplaced:
            self.warnings.append(ParseWarning(code="unplaced-heading", line=html_line,
                                              message=f"item {number}: heading '{heading[:60]}' read as body text"))
        return item

    def cases(self, raw: dict[str, Any], first: int, last: int) -> list[CaseNumber]:
        written = collapse(str(raw.get("SagsNummer") or raw.get("CaseNumber") or ""))
        if not written:
            return []
        try:
            return [parse_case_number(written)]
        except ValueError:
            line = self._line_within(first, last, '"SagsNummer"') or first
            raise ParseError(f"case number {written!r} is in none of the known forms "
                             "(YY-NNNNNN[K], KLE, journal, prefixed)", file=self.source.name, line=line) from None

    def attachments(self, raw: dict[str, Any], first: int, last: int) -> list[Attachment]:
        line = self._line_within(first, last, '"Bilag"') or first
        entries = [b for b in raw.get("Bilag") or [] if isinstance(b, dict)]
        return [Attachment(title=t, line=line) for b in entries if (t := collapse(str(b.get("Navn") or "")))]

    def attendees(self, raw: dict[str, Any], order: int, first: int, last: int) -> list[Attendance]:
        line = self._line_within(first, last, '"ExternalAgendaItemAttendees"') or first
        out = []
        for a in raw.get("ExternalAgendaItemAttendees") or []:
            name = collapse(str(a.get("Name") or "")) if isinstance(a, dict) else ""
            if name:
                reason = collapse(str(a.get("Reason") or "")) or None
                out.append(Attendance(name=name, status="absent", item=order, line=line, reason=reason))
        return out

    # -- where things are in the file --------------------------------------------------------
    def _line_of_key(self, key: str) -> int | None:
        needle = f'"{key}"'
        limit = self.item_lines[0][0] if self.item_lines else len(self.source.lines) + 1
        found = next((n for n, text in enumerate(self.source.lines, start=1) if needle in text and n < limit), None)
        if found is None:  # the meeting keys may come after the items
            found = next((n for n, text in enumerate(self.source.lines, start=1) if needle in text
                          and not any(a <= n <= b for a, b in self.item_lines)), None)
        if found is None:  # compact JSON: the meeting shares its one line with the items
            found = next((n for n, text in enumerate(self.source.lines, start=1) if needle in text), None)
        return found

    def _line_within(self, first: int, last: int, needle: str) -> int | None:
        return next((n for n in range(first, last + 1) if needle in self.source.lines[n - 1]), None)


def _item_lines(text: str) -> list[tuple[int, int]]:
    """(first line, last line) of each element of the ``Dagsordenpunkter`` array, found by
    decoding the array element by element from its position in the text."""
    m = _ITEMS_KEY.search(text)
    if m is None:
        return []
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    line_at = lambda pos: bisect.bisect_right(newlines, pos - 1) + 1  # noqa: E731
    decoder, pos, out = json.JSONDecoder(), m.end(), []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return out
        try:
            _, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return out
        out.append((line_at(pos), line_at(end - 1)))
        pos = end


def fields_html(fields: Any) -> str:
    """The item's text from its ``Felter``. Greve's portal puts everything in one field with an
    empty ``Navn``; a portal that gives each field its own entry names it in ``Navn`` (then it is
    the heading of its text), and a field may carry plain ``Tekst`` instead of ``Html``.

    >>> fields_html([{"Navn": "Beslutning", "Html": "<p>Godkendt.</p>"}, {"Navn": "", "Tekst": "A & B"}])
    '<h3>Beslutning</h3><p>Godkendt.</p><p>A &amp; B</p>'
    """
    out = []
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict):
            continue
        name = collapse(str(field.get("Navn") or ""))
        body = str(field.get("Html") or "") or "".join(
            f"<p>{html.escape(p)}</p>" for p in str(field.get("Tekst") or "").split("\n\n") if p.strip())
        if name and body:
            out.append(f"<h3>{html.escape(name)}</h3>")
        out.append(body)
    return "".join(out)


def _timestamp(value: Any) -> dt.datetime | None:
    """An ISO 8601 timestamp in local time: its own offset gives the local time as written; a
    timestamp in UTC ("Z", "+00:00") is turned into Danish time, where the meetings are held."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.utcoffset() == dt.timedelta(0):
        stamp = stamp.astimezone(DANISH_TIME)
    return stamp


def _sorting(raw: Any) -> float:
    value = raw.get("Sorting") if isinstance(raw, dict) else None
    return float(value) if isinstance(value, int | float) else float("inf")


def _guid(value: Any) -> str | None:
    text = str(value or "").strip()
    return None if not text or set(text) <= set("0-") else text


def _merge_absent(structured: list[Attendance], from_text: list[Attendance]) -> list[Attendance]:
    """One entry per name, in the order the file gives them (the item text comes before the
    structured list); the structured list's reason wins over a decision line's label."""
    by_name = {a.name.casefold(): a for a in from_text}
    for a in structured:
        first = by_name.get(a.name.casefold())
        by_name[a.name.casefold()] = a.model_copy(update={"line": first.line}) if first else a
    return sorted(by_name.values(), key=lambda a: a.line)


LAYOUT = register(FirstAgendaJsonLayout())
