"""One exported agenda item (a mapping of fields under any spelling) → :class:`AgendaItem`.

Title (taken apart like an item heading), number, case number, body text split at its headings,
sections and decisions given as their own fields, attachments, the closed flag and attendance.

>>> from referatgraf.parse.reader import read_bytes
>>> src = read_bytes("Budget\\nBeslutning\\nGodkendt.".encode(), "x.txt")
>>> item = build_item({"titel": "Budget", "sagsnr": "24-000317", "tekst": "Beslutning\\nGodkendt."}, 1, LineLocator(src))
>>> item.title, item.case.serial, item.decisions[0].text
('Budget', 317, 'Godkendt.')
"""

from __future__ import annotations

import re
from typing import Any

from referatgraf.parse.attendance import locate, merge, parse_attendance
from referatgraf.parse.case_number import CaseNumber, find_case_number
from referatgraf.parse.export_body import ItemBody, add_section, heading_kind, split_body
from referatgraf.parse.export_fields import item_field, meeting_field, norm_key
from referatgraf.parse.export_locate import LineLocator
from referatgraf.parse.export_values import NAME_KEYS, as_bool, date_and_time, people, text_of, unwrap
from referatgraf.parse.model import AgendaItem, Attachment, Attendance, Decision, Section
from referatgraf.parse.titles import split_title

_ATTENDANCE_HINTS = ("fravær", "afbud", "deltag", "stede", "mødt", "medlem", "forfald")


def field_value(raw: dict[str, Any], name: str) -> Any:
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
    item = AgendaItem(number=number, order=position, title=parts.title, raw_title=parts.raw_title, lines=(first, first),
                      closed=parts.closed, planned_start=parts.planned_start, planned_end=parts.planned_end,
                      planned_minutes=parts.planned_minutes, presenters=parts.presenters,
                      participants=parts.participants)
    item.case = _case(_key(fields, "case"), _first(fields, "case"))
    body = split_body(_numbered(text, loc), preamble_heading=_key(fields, "text") or "Tekst")
    _add_field_sections(body, fields, loc)
    item.sections, item.decisions = body.sections, body.decisions
    item.recommendation = body.recommendation
    item.attachments = body.attachments + _attachments(_first(fields, "attachments"), loc, first)
    item.closed = _closed(fields, item.closed)
    item.attendance = _item_attendance(fields, number, loc, body.sections, first)
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
    first_token = text.split()[0].rstrip(",;") if text.split() else ""
    return (find_case_number(f"{key.rstrip(' :')}: {text}") or find_case_number(text)
            or find_case_number(first_token))


def _numbered(text: str, loc: LineLocator) -> list[tuple[int, str]]:
    """Lines of a text value, each with its source line. Only the first is searched for; the
    others are looked for just below the previous one (a JSON string keeps them all on one line)."""
    out = []
    found_first = False
    for line in text.splitlines():
        if line.strip():
            out.append((loc.find(line, window=None if not found_first else 2), line))
            found_first = True
        else:
            out.append((loc.cursor, line))
    return out


def _add_field_sections(body: ItemBody, fields: dict[str, list[tuple[str, Any]]], loc: LineLocator) -> None:
    """Sections given as their own fields ("Sagsfremstilling": …, "Beslutning": …, "sections": [...])."""
    named = [(k, v, None) for k, v in fields.get("section", [])]
    named += [(k, v, "beslutning") for k, v in fields.get("decision", [])]
    for entry in (e for _, v in fields.get("sections", []) for e in _as_list(unwrap(v))):
        if isinstance(entry, dict) and not any(norm_key(k) in NAME_KEYS | {"heading", "overskrift"} for k in entry):
            named += [(str(k), v, None) for k, v in entry.items()]  # {"Resume": "...", "Beslutning": "..."}
        elif isinstance(entry, dict):
            head = next((v for k, v in entry.items() if norm_key(k) in NAME_KEYS | {"heading", "overskrift"}), None)
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


def _attachments(value: Any, loc: LineLocator, first: int) -> list[Attachment]:
    if value is None:
        return []
    value = unwrap(value)
    if isinstance(value, dict):
        value = [value]
    entries = value if isinstance(value, list) else text_of(value).splitlines()
    titles = [re.sub(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+", "", text_of(e)).strip() for e in entries]
    return [Attachment(title=t, line=loc.find(t, advance=False, start=first)) for t in titles if t]


def _closed(fields: dict[str, list[tuple[str, Any]]], title_says: bool) -> bool:
    if "closed" in fields:
        return as_bool(_first(fields, "closed"))
    if "open" in fields:
        return not as_bool(_first(fields, "open"))
    return title_says


def _item_attendance(fields: dict[str, list[tuple[str, Any]]], number: int, loc: LineLocator,
                     sections: list[Section], first: int) -> list[Attendance]:
    out: list[Attendance] = []
    for name, status in (("participants", "present"), ("absent", "absent")):
        if name in fields:
            value = _first(fields, name)
            out += people(value, status, loc.find(text_of(value), advance=False, start=first), number)
    for section in sections:
        lowered = section.text.lower()
        if any(hint in lowered for hint in _ATTENDANCE_HINTS):
            numbered = list(zip(range(section.lines[0], section.lines[0] + 10_000), section.text.splitlines()))
            out += parse_attendance(numbered, number)
    numbered = {a.line: loc.lines[a.line - 1] for a in out if 1 <= a.line <= len(loc.lines)}
    return locate(merge(out), numbered)

