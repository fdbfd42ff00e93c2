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

from functools import lru_cache
from typing import Any

from referatgraf.parse.errors import ParseError
from referatgraf.parse.export_record import DecodedExportLayout
from referatgraf.parse.json_text import load_json
from referatgraf.parse.layouts import register
from referatgraf.parse.layouts.firstagenda_json import is_firstagenda_meeting
from referatgraf.parse.source import SourceText


@lru_cache(maxsize=8)
def _load(text: str) -> tuple[Any, ParseError | None]:
    try:
        return load_json(text), None
    except ParseError as exc:
        return None, exc


def _looks_like_json(source: SourceText) -> bool:
    first = source.first_content_lines(1)
    return bool(first) and first[0][1][:1] in "{["


class ExportJsonLayout(DecodedExportLayout):
    name = "export-json"

    def looks_like(self, source: SourceText) -> bool:
        return _looks_like_json(source)

    def sniff(self, source: SourceText) -> float:
        """Never a FirstAgenda meeting: that shape has its own reader (``firstagenda-json``),
        and read "at any nesting" its participants look like agenda items."""
        if _looks_like_json(source) and is_firstagenda_meeting(_load(source.text)[0]):
            return 0.0
        return super().sniff(source)

    def load(self, text: str) -> tuple[Any, ParseError | None]:
        return _load(text)


LAYOUT = register(ExportJsonLayout())
