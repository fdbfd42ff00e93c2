"""A meeting-system export read into nested dicts/lists (from JSON, XML or key: value text) → Meeting.

The three export layouts only turn their syntax into plain Python data; this module finds the
meeting in it (the mapping that holds a list of items, with committee and date on it or on an
enclosing mapping), reads the fields under any of their spellings (see :mod:`export_fields`),
and builds the typed model. Line numbers are found by locating each value in the source text.

>>> from referatgraf.parse.reader import read_bytes
>>> data = {"committee": "Kulturudvalget", "meetingDate": "2025-02-03T17:00:00",
...         "items": [{"number": 1, "name": "Godkendelse af dagsorden", "caseNumber": "25-000123"}]}
>>> src = read_bytes(b"{}", "x.json")
>>> m = build_meeting(data, src, "export-json")
>>> m.body, m.date.isoformat(), m.start_time, m.items[0].case.year, m.kind
('Kulturudvalget', '2025-02-03', '17:00', 2025, 'dagsorden')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from referatgraf.parse.attendance import distribute, locate, merge
from referatgraf.parse.dates import find_time
from referatgraf.parse.errors import ParseError
from referatgraf.parse.export_fields import ITEM_CONTAINER_KEYS, item_field, meeting_field, norm_key
from referatgraf.parse.export_item import build_item, field_value
from referatgraf.parse.export_locate import LineLocator
from referatgraf.parse.export_values import date_and_time, people, text_of
from referatgraf.parse.model import AgendaItem, Attendance, Meeting, ParseReport, ParseWarning, SourceDocument
from referatgraf.parse.source import SourceText
from referatgraf.parse.titles import common_prefix


# -- finding the meeting in the data --------------------------------------------------------


def find_meeting(data: Any) -> tuple[dict[str, Any], list[Any]] | None:
    """(meeting fields from the mapping holding the items and its enclosing mappings, items)."""
    return next(iter(find_meetings(data)), None)


def find_meetings(data: Any) -> list[tuple[dict[str, Any], list[Any]]]:
    """Every meeting in ``data``, in document order (an export may hold several)."""
    return [(fields, items) for fields, items in _walk(data, {})
            if items and fields.get("body") is not None and fields.get("date") is not None]


def _walk(node: Any, inherited: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    if isinstance(node, list):
        for child in node:
            yield from _walk(child, inherited)
        return
    if not isinstance(node, dict):
        return
    fields = dict(inherited)  # a nearer mapping's value overrides an enclosing one's
    for key, value in node.items():
        name = meeting_field(key)
        if name == "date" and date_and_time(value)[0] is None and find_time(text_of(value)):
            name = "time"  # "startTime": "16:30" next to a date field
        if name and (not isinstance(value, list | dict) or name in ("body", "date", "participants", "absent")):
            fields[name] = value
    items = _items_of(node)
    if items is not None:
        yield fields, items
    for key, value in node.items():
        if isinstance(value, dict | list) and norm_key(key) not in ITEM_CONTAINER_KEYS:
            yield from _walk(value, fields)


def _items_of(node: dict[str, Any]) -> list[Any] | None:
    for key, value in node.items():
        if norm_key(key) in ITEM_CONTAINER_KEYS:
            # XML-shaped: {"Punkter": {"Punkt": [...]}} or a single item as a mapping
            while isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list | dict):
                inner = next(iter(value.values()))
                if isinstance(inner, dict) and any(item_field(k) == "title" for k in inner):
                    value = [inner]
                    break
                value = inner
            items = value if isinstance(value, list) else [value]
            items = [i for i in items if isinstance(i, dict)]
            if items:
                return items
    # an unknown container name: a list of mappings that (mostly) have a title
    for value in node.values():
        if isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
            titled = sum(any(item_field(k) == "title" for k in i) for i in value)
            if titled * 2 > len(value):
                return value
    return None


# -- building the model ---------------------------------------------------------------------


def build_meeting(data: Any, source: SourceText, layout: str) -> Meeting:
    """The Meeting in ``data``; ParseError when there is no committee, date or item."""
    meetings = find_meetings(data)
    if not meetings:
        raise ParseError("no meeting with a committee, a date and agenda items found", file=source.name)
    fields, raw_items = meetings[0]
    loc = LineLocator(source)
    date, start = date_and_time(fields["date"])
    start = start or (find_time(text_of(fields["time"])) if fields.get("time") is not None else None)
    if date is None:
        raise ParseError(f"meeting date not understood: {text_of(fields['date'])!r}",
                         file=source.name, line=loc.find(text_of(fields["date"]), advance=False))
    header_line = loc.find(text_of(fields["body"]))
    attendance = people(fields.get("participants") or [], "present", loc.find(text_of(fields.get("participants") or ""), False))
    attendance += people(fields.get("absent") or [], "absent", loc.find(text_of(fields.get("absent") or ""), False))
    prefix = common_prefix([text_of(field_value(raw, "title")) for raw in raw_items])
    items = [build_item(raw, position, loc, prefix) for position, raw in enumerate(raw_items, start=1)]
    items = [i for i in items if i is not None]
    if not items:
        raise ParseError("no agenda items", file=source.name)
    _close_ranges(items, len(source.lines))
    report = ParseReport(layout=layout)
    if len(meetings) > 1:
        report.warnings.append(ParseWarning(
            code="several-meetings", message=f"the export holds {len(meetings)} meetings; only the first was read"))
    return Meeting(
        kind=_kind(fields.get("kind"), items), body=text_of(fields["body"]), date=date, start_time=start,
        location=text_of(fields.get("location")) or None, source=_source(source, layout), items=items,
        attendance=distribute(_located(attendance, source), items), report=report,
        header_lines=(1, max(header_line, 1)),
    )


def _located(entries: list[Attendance], source: SourceText) -> list[Attendance]:
    numbered = {a.line: source.lines[a.line - 1] for a in entries if 1 <= a.line <= len(source.lines)}
    return locate(merge(entries), numbered)


def _kind(value: Any, items: list[AgendaItem]) -> str:
    text = text_of(value).lower()
    if re.search(r"referat|minutes|protokol", text):
        return "referat"
    if re.search(r"dagsorden|agenda", text):
        return "dagsorden"
    return "referat" if any(i.decisions for i in items) else "dagsorden"


def _source(source: SourceText, layout: str) -> SourceDocument:
    media = {"export-json": "application/json", "export-xml": "application/xml"}.get(layout, source.media_type)
    return SourceDocument(file_name=source.name, sha256=source.sha256, media_type=media,
                          encoding=source.encoding, line_count=len(source.lines))

def _close_ranges(items: list[AgendaItem], line_count: int) -> None:
    """Each item runs to the line before the next item's first line (the last to the end); its
    sections, decisions and recommendation stay inside it (a value found past the item's end by
    the line search — a title containing a heading word — is placed at the item's last line)."""
    for item, nxt in zip(items, items[1:] + [None]):
        last = (nxt.lines[0] - 1) if nxt is not None else line_count
        item.lines = (item.lines[0], max(item.lines[0], last))
        for part in [*item.sections, *item.decisions, *([item.recommendation] if item.recommendation else [])]:
            part.lines = _within(part.lines, item.lines)


def _within(lines: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    """``lines`` clamped into ``bounds``.

    >>> _within((31, 33), (22, 30)), _within((25, 26), (22, 30))
    ((30, 30), (25, 26))
    """
    first, last = (min(max(n, bounds[0]), bounds[1]) for n in lines)
    return first, max(first, last)



class DecodedExportLayout:
    """A layout whose documents decode to nested data (JSON, XML) holding a meeting.

    Subclasses give ``name``, ``looks_like(source)`` (a cheap first-line test) and
    ``load(text) -> (data, error)``; sniffing and parsing are the same for every such format.
    """

    name: str

    def looks_like(self, source: SourceText) -> bool:
        raise NotImplementedError

    def load(self, text: str) -> tuple[Any, ParseError | None]:
        raise NotImplementedError

    def sniff(self, source: SourceText) -> float:
        """0.95 for data holding a meeting; 0.3 for broken or refused data (so its error is
        reported rather than "unrecognised layout"); else 0."""
        if not self.looks_like(source):
            return 0.0
        data, error = self.load(source.text)
        if error is not None:
            return 0.3
        return 0.95 if find_meeting(data) is not None else 0.0

    def parse(self, source: SourceText) -> Meeting:
        data, error = self.load(source.text)
        if error is not None:
            raise ParseError(error.message, file=source.name, line=error.line)
        return build_meeting(data, source, self.name)
