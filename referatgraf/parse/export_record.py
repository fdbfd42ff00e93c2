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

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from referatgraf.parse.attendance import attendance_from_names, distribute, merge, parse_attendance
from referatgraf.parse.case_number import CaseNumber, find_case_number
from referatgraf.parse.errors import ParseError
from referatgraf.parse.dates import NUMERIC_DATE, find_date, find_time
from referatgraf.parse.export_body import ItemBody, add_section, heading_kind, html_to_text, split_body
from referatgraf.parse.export_fields import ITEM_CONTAINER_KEYS, item_field, meeting_field, norm_key
from referatgraf.parse.model import (AgendaItem, Attachment, Attendance, Decision, Meeting, ParseReport,
                                     Section, SourceDocument)
from referatgraf.parse.reader import SourceText
from referatgraf.parse.titles import common_prefix, split_title

_DATE_TEXT = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|{NUMERIC_DATE}")
_TRUE = {"true", "ja", "yes", "1", "lukket", "closed", "x"}
_NAME_KEYS = {norm_key(k) for k in ("name", "navn", "title", "titel", "fullname", "fuldtnavn", "displayname")}


class LineLocator:
    """Finds the source line of a value, searching forward from a cursor (1-based lines)."""

    def __init__(self, source: SourceText) -> None:
        self.lines = source.lines
        self.cursor = 1

    def find(self, value: object, advance: bool = True) -> int:
        needles = _needles(value)
        for number in range(self.cursor, len(self.lines) + 1):
            if any(n in self.lines[number - 1] for n in needles):
                if advance:
                    self.cursor = number
                return number
        return self.cursor


def _needles(value: object) -> list[str]:
    first = next((ln.strip() for ln in str(value).splitlines() if ln.strip()), str(value).strip())[:40]
    if not first:
        return ["\0"]
    escaped = json.dumps(first, ensure_ascii=True)[1:-1]
    xml = first.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return list(dict.fromkeys([first, escaped, json.dumps(first, ensure_ascii=False)[1:-1], xml]))


# -- finding the meeting in the data --------------------------------------------------------


def find_meeting(data: Any) -> tuple[dict[str, Any], list[Any]] | None:
    """(meeting fields from the mapping holding the items and its enclosing mappings, items)."""
    for fields, items in _walk(data, {}):
        if items and fields.get("body") is not None and fields.get("date") is not None:
            return fields, items
    return None


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
    return None


# -- values ---------------------------------------------------------------------------------


def unwrap(value: Any) -> Any:
    """XML-shaped wrappers → their content: {"Bilag": {"Fil": [a, b]}} → [a, b]."""
    while isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list | dict):
        value = next(iter(value.values()))
    return value


def text_of(value: Any) -> str:
    """A scalar as clean text; a mapping gives its name/title or its text."""
    if value is None:
        return ""
    if isinstance(value, dict):
        named = next((v for k, v in value.items() if norm_key(k) in _NAME_KEYS), None)
        if named is None:
            named = next((v for k, v in value.items() if item_field(k) == "text"), "")
        return text_of(named)
    if isinstance(value, list):
        return "\n".join(text_of(v) for v in value)
    return html_to_text(str(value)).strip()


def date_and_time(value: Any) -> tuple[dt.date | None, str | None]:
    """'2025-03-12T16:00:00' → (2025-03-12, '16:00'); '12-03-2025 kl. 16.30' → (…, '16:30')."""
    text = text_of(value)
    start = find_time(_DATE_TEXT.sub(" ", text).replace("T", " "))
    return find_date(text), (start if start != "00:00" else None)


def as_bool(value: Any) -> bool:
    return str(text_of(value) if not isinstance(value, bool) else value).strip().lower() in _TRUE


def _names(value: Any) -> list[tuple[str, bool | None]]:
    """People as (name, absent?) from a string list, a list of strings or of mappings."""
    value = unwrap(value)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return [(text_of(value), None)]
    out = []
    for entry in value:
        if isinstance(entry, dict):
            out.append((text_of(entry), _absent_flag(entry)))
        else:
            out.append((text_of(entry), None))
    return out


def _absent_flag(entry: dict[str, Any]) -> bool | None:
    for key, value in entry.items():
        k = norm_key(key)
        if k in ("absent", "fravaerende", "afbud"):
            return as_bool(value)
        if k in ("present", "tilstede", "attended", "deltog"):
            return not as_bool(value)
        if k in ("status", "fremmoede", "attendance"):
            return bool(re.search(r"frav|afbud|absent|ikke", text_of(value), re.IGNORECASE))
    return None


def people(value: Any, status: str, line: int, item: int | None = None) -> list[Attendance]:
    out: list[Attendance] = []
    for name, absent in _names(value):
        own = status if absent is None else ("absent" if absent else "present")
        out += attendance_from_names([name], own, line, item)
    return out


# -- building the model ---------------------------------------------------------------------


def build_meeting(data: Any, source: SourceText, layout: str) -> Meeting:
    """The Meeting in ``data``; ParseError when there is no committee, date or item."""
    found = find_meeting(data)
    if found is None:
        raise ParseError("no meeting with a committee, a date and agenda items found", file=source.name)
    fields, raw_items = found
    loc = LineLocator(source)
    date, start = date_and_time(fields["date"])
    if date is None:
        raise ParseError(f"meeting date not understood: {text_of(fields['date'])!r}",
                         file=source.name, line=loc.find(text_of(fields["date"]), advance=False))
    header_line = loc.find(text_of(fields["body"]))
    attendance = people(fields.get("participants") or [], "present", loc.find(text_of(fields.get("participants") or ""), False))
    attendance += people(fields.get("absent") or [], "absent", loc.find(text_of(fields.get("absent") or ""), False))
    prefix = common_prefix([text_of(_field_value(raw, "title")) for raw in raw_items])
    items = [build_item(raw, position, loc, prefix) for position, raw in enumerate(raw_items, start=1)]
    items = [i for i in items if i is not None]
    if not items:
        raise ParseError("no agenda items", file=source.name)
    _close_ranges(items, len(source.lines))
    return Meeting(
        kind=_kind(fields.get("kind"), items), body=text_of(fields["body"]), date=date, start_time=start,
        location=text_of(fields.get("location")) or None, source=_source(source, layout), items=items,
        attendance=distribute(merge(attendance), items), report=ParseReport(layout=layout),
        header_lines=(1, max(header_line, 1)),
    )


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


def _field_value(raw: dict[str, Any], name: str) -> Any:
    return next((v for k, v in raw.items() if item_field(k) == name), None)


def build_item(raw: dict[str, Any], position: int, loc: LineLocator, prefix: str | None = None) -> AgendaItem | None:
    """One item; None for a mapping with neither title nor text. The title is taken apart like
    an item heading (prefix, time slot, presenters: see :mod:`referatgraf.parse.titles`)."""
    fields: dict[str, list[tuple[str, Any]]] = {}
    for key, value in raw.items():
        fields.setdefault(item_field(key) or "", []).append((key, value))
    title = text_of(_first(fields, "title"))
    text = text_of(_first(fields, "text"))
    if not title and not text:
        return None
    number = _number(_first(fields, "number"), position)
    first = loc.find(title or text)
    parts = split_title(title or f"Punkt {number}", prefix)
    item = AgendaItem(number=number, title=parts.title, raw_title=parts.raw_title, lines=(first, first),
                      closed=parts.closed, planned_start=parts.planned_start, planned_end=parts.planned_end,
                      planned_minutes=parts.planned_minutes, presenters=parts.presenters,
                      participants=parts.participants)
    item.case = _case(_key(fields, "case"), _first(fields, "case"))
    body = split_body(_numbered(text, loc, first), preamble_heading=_key(fields, "text") or "Tekst")
    _add_field_sections(body, fields, loc)
    item.sections, item.decisions = body.sections, body.decisions
    item.recommendation = body.recommendation
    item.attachments = body.attachments + _attachments(_first(fields, "attachments"), loc)
    item.closed = _closed(fields, item.closed)
    item.attendance = _item_attendance(fields, number, loc, body.sections)
    return item


def _first(fields: dict[str, list[tuple[str, Any]]], name: str) -> Any:
    return fields[name][0][1] if name in fields else None


def _key(fields: dict[str, list[tuple[str, Any]]], name: str) -> str | None:
    return fields[name][0][0] if name in fields else None


def _number(value: Any, position: int) -> int:
    m = re.search(r"\d+", text_of(value))
    return int(m[0]) if m else position


def _case(key: str | None, value: Any) -> CaseNumber | None:
    """The case number in a field; a label-like key ("Sags nr.") is kept as its label."""
    if key is None or value is None:
        return None
    text = text_of(value)
    return find_case_number(f"{key.rstrip(' :')}: {text}") or find_case_number(text)


def _numbered(text: str, loc: LineLocator, near: int) -> list[tuple[int, str]]:
    """Lines of a text value, each with its source line (found forward from ``near``)."""
    out = []
    for line in text.splitlines():
        out.append((loc.find(line) if line.strip() else loc.cursor, line))
    return out


def _add_field_sections(body: ItemBody, fields: dict[str, list[tuple[str, Any]]], loc: LineLocator) -> None:
    """Sections given as their own fields ("Sagsfremstilling": …, "Beslutning": …, "sections": [...])."""
    named = [(k, v, None) for k, v in fields.get("section", [])]
    named += [(k, v, "beslutning") for k, v in fields.get("decision", [])]
    for entry in (e for _, v in fields.get("sections", []) for e in _as_list(unwrap(v))):
        if isinstance(entry, dict):
            head = next((v for k, v in entry.items() if norm_key(k) in _NAME_KEYS | {"heading", "overskrift"}), None)
            txt = next((v for k, v in entry.items() if item_field(k) == "text"), "")
            named.append((text_of(head) or "Afsnit", txt, None))
    for heading, value, kind in named:
        _add_named_section(body, heading, value, loc, kind)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _add_named_section(body: ItemBody, heading: str, value: Any, loc: LineLocator, kind: str | None) -> None:
    """A section given as a field; ``kind`` when the field name says it (a "decision" field)."""
    for v in _as_list(value):
        structured = _decision_fields(v) if isinstance(v, dict) else None
        text = structured.text if structured else text_of(v)
        line = loc.find(text) if text else loc.cursor
        numbered = [(line + k, t.strip()) for k, t in enumerate(text.splitlines())]
        own = "beslutning" if structured else kind or heading_kind(heading) or "other"
        add_section(body, own, heading, line, numbered)
        if structured:
            body.decisions[-1] = body.decisions[-1].model_copy(update={"body": structured.body, "date": structured.date})


def _decision_fields(value: dict[str, Any]) -> Decision | None:
    """A decision given as {"body"/"udvalg": …, "date"/"dato": …, "text"/"tekst": …}."""
    body = next((text_of(v) for k, v in value.items() if meeting_field(k) == "body"), None)
    date = next((date_and_time(v)[0] for k, v in value.items() if meeting_field(k) == "date"), None)
    text = next((text_of(v) for k, v in value.items()
                 if item_field(k) in ("text", "decision") and meeting_field(k) != "body"), None)
    if text is None:
        return None
    return Decision(body=body or None, date=date, text=text, lines=(1, 1))


def _attachments(value: Any, loc: LineLocator) -> list[Attachment]:
    if value is None:
        return []
    value = unwrap(value)
    if isinstance(value, dict):
        value = [value]
    entries = value if isinstance(value, list) else text_of(value).splitlines()
    titles = [re.sub(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+", "", text_of(e)).strip() for e in entries]
    return [Attachment(title=t, line=loc.find(t, advance=False)) for t in titles if t]


def _closed(fields: dict[str, list[tuple[str, Any]]], title_says: bool) -> bool:
    if "closed" in fields:
        return as_bool(_first(fields, "closed"))
    if "open" in fields:
        return not as_bool(_first(fields, "open"))
    return title_says


def _item_attendance(fields: dict[str, list[tuple[str, Any]]], number: int, loc: LineLocator,
                     sections: list[Section]) -> list[Attendance]:
    out: list[Attendance] = []
    for name, status in (("participants", "present"), ("absent", "absent")):
        if name in fields:
            value = _first(fields, name)
            out += people(value, status, loc.find(text_of(value), advance=False), number)
    for section in sections:
        numbered = list(zip(range(section.lines[0], section.lines[0] + 10_000), section.text.splitlines()))
        out += parse_attendance(numbered, number)
    return merge(out)


def _close_ranges(items: list[AgendaItem], line_count: int) -> None:
    """Each item runs to the line before the next item's first line (the last to the end)."""
    for item, nxt in zip(items, items[1:] + [None]):
        last = (nxt.lines[0] - 1) if nxt is not None else line_count
        item.lines = (item.lines[0], max(item.lines[0], last))
