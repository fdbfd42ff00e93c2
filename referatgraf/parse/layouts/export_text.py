"""Layout ``export-text``: a meeting system's structured text export of ``key: value`` lines.

Meeting fields come first (committee, ISO meeting date-time, location, participants), then per
item its number, name, case number and body text; a value may go on over the following lines
until the next known key. Keys are matched in Danish or English (see :mod:`export_fields`)::

    Udvalg: Teknik- og Miljøudvalget
    Mødedato: 2025-03-12T16:00:00
    Mødested: Rådhuset, lokale 2
    Deltagere: Anna Hansen, Bo Jensen

    Punktnummer: 1
    Punktnavn: Godkendelse af dagsorden
    Sagsnummer: EMN-2025-003383
    Tekst:
    Dagsordenen godkendes.

>>> from referatgraf.parse.reader import read_bytes
>>> src = read_bytes("Udvalg: Kulturudvalget\\nMødedato: 2025-02-03T17:00:00\\n\\nPunktnummer: 1\\n"
...                  "Punktnavn: Budget\\nSagsnummer: 25-000123\\n".encode(), "x.txt")
>>> LAYOUT.sniff(src) > 0.5, LAYOUT.parse(src).items[0].case.raw
(True, '25-000123')
"""

from __future__ import annotations

import re
from typing import Any

from referatgraf.parse.errors import ParseError
from referatgraf.parse.export_fields import item_field, meeting_field
from referatgraf.parse.export_record import build_meeting, date_and_time
from referatgraf.parse.layouts import register
from referatgraf.parse.model import Meeting
from referatgraf.parse.source import SourceText

_KEY_LINE = re.compile(r"^\s*(?P<key>[^\W\d_][\w .\-/]{0,40}?)\s*:\s*(?P<value>.*?)\s*$")
# Fields whose value may go on over the following lines.
_MULTILINE = {"text", "section", "decision", "attachments", "participants", "absent"}
_REPEATABLE = {"section"}


_CACHE: dict[str, dict[str, Any]] = {}  # sha256 → records: sniff and parse read a document once


def read_records(source: SourceText) -> dict[str, Any]:
    """The export as {meeting keys…, "items": [{item keys…}, …]} (keys as written)."""
    if source.sha256 not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.clear()
        _CACHE[source.sha256] = _read_records(source)
    return _CACHE[source.sha256]


def _read_records(source: SourceText) -> dict[str, Any]:
    meeting: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    current: dict[str, Any] = meeting
    open_key: str | None = None
    numbered = any(_is_item_start(line, "number") for line in source.lines)
    starter = "number" if numbered else "title"  # the key that opens an item
    for line in source.lines:
        key = _key_of(line, in_items=bool(items), current=current, starter=starter)
        if key is not None:
            name, value = key
            if item_field(name) == starter and (not items or _has(current, starter, name)):
                current = {}
                items.append(current)
            current[name] = value
            open_key = name if _field(name, bool(items), starter) in _MULTILINE else None
        elif open_key is not None:
            current[open_key] = f"{current[open_key]}\n{line}" if current[open_key] else line.strip()
    meeting["items"] = items
    return meeting


def _is_item_start(line: str, field: str) -> bool:
    m = _KEY_LINE.match(line)
    return m is not None and item_field(m["key"]) == field


def _has_meeting_key_near_top(lines: list[str], window: int = 80) -> bool:
    """Whether a meeting key (committee, date …) opens one of the first ``window`` lines: an
    export states its meeting before its items."""
    for line in lines[:window]:
        m = _KEY_LINE.match(line)
        if m is not None and meeting_field(m["key"]) is not None:
            return True
    return False


def _key_of(line: str, in_items: bool, current: dict[str, Any], starter: str) -> tuple[str, str] | None:
    m = _KEY_LINE.match(line)
    if m is None:
        return None
    name = m["key"]
    field = _field(name, in_items, starter)
    if field is None:
        return None
    if in_items and field != starter and field not in _REPEATABLE and name in current:
        return None  # a repeated key inside an item's text is text
    return name, m["value"]


def _field(name: str, in_items: bool, starter: str = "number") -> str | None:
    if in_items:
        return item_field(name)
    return meeting_field(name) or (starter if item_field(name) == starter else None)


def _has(item: dict[str, Any], starter: str, key: str) -> bool:
    """Whether ``item`` is under way, so that another ``starter`` key opens the next one."""
    if starter == "number":
        return any(item_field(k) != "number" for k in item)
    return any(item_field(k) == "title" for k in item)


class ExportTextLayout:
    name = "export-text"

    def sniff(self, source: SourceText) -> float:
        """0.85 when there is a committee, a parseable meeting date and an item with number and name."""
        if not _has_meeting_key_near_top(source.lines):
            return 0.0  # cheap exit: most documents are not exports, and a full read costs ~20 % of a parse
        data = read_records(source)
        has_meeting = any(meeting_field(k) == "body" for k in data) and any(
            meeting_field(k) == "date" and date_and_time(v)[0] for k, v in data.items())
        has_item = any(any(item_field(k) == "title" for k in i) for i in data["items"])
        return 0.85 if has_meeting and has_item else 0.0

    def parse(self, source: SourceText) -> Meeting:
        if not self.sniff(source):
            raise ParseError("not a structured text export (no committee, meeting date or items)", file=source.name)
        return build_meeting(read_records(source), source, self.name)


LAYOUT = register(ExportTextLayout())
