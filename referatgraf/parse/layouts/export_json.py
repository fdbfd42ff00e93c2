"""Layout ``export-json``: a meeting system's JSON export (committee, meeting date-time,
location, participants, items with number, name, case number and body text), under Danish or
English keys, at any nesting (``{"meeting": {..., "agendaItems": [...]}}`` or flat).

>>> from referatgraf.parse.reader import read_bytes
>>> doc = '{"udvalg": "Kulturudvalget", "mødedato": "2025-02-03", "punkter": [{"nummer": 1, "titel": "Budget"}]}'
>>> src = read_bytes(doc.encode(), "m.json")
>>> LAYOUT.sniff(src), LAYOUT.parse(src).items[0].title
(0.95, 'Budget')
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from referatgraf.parse.errors import ParseError
from referatgraf.parse.export_record import build_meeting, find_meeting
from referatgraf.parse.layouts import register
from referatgraf.parse.model import Meeting
from referatgraf.parse.reader import SourceText


@lru_cache(maxsize=8)
def _load(text: str) -> tuple[Any, ParseError | None]:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno)
    except RecursionError:
        return None, ParseError("invalid JSON: nested too deeply")


def _looks_like_json(source: SourceText) -> bool:
    first = source.first_content_lines(1)
    return bool(first) and first[0][1][:1] in "{["


class ExportJsonLayout:
    name = "export-json"

    def sniff(self, source: SourceText) -> float:
        """0.95 for JSON holding a meeting; 0.3 for broken JSON (so its error is reported); else 0."""
        if not _looks_like_json(source):
            return 0.0
        data, error = _load(source.text)
        if error is not None:
            return 0.3
        return 0.95 if find_meeting(data) is not None else 0.0

    def parse(self, source: SourceText) -> Meeting:
        data, error = _load(source.text)
        if error is not None:
            raise ParseError(error.message, file=source.name, line=error.line)
        return build_meeting(data, source, self.name)


LAYOUT = register(ExportJsonLayout())
