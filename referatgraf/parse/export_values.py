"""Values of exported fields as the model wants them: text, dates and times, flags and people.

Exports write the same value in many ways: a committee as "Byrådet" or {"id": 3, "name":
"Byrådet"}, a date as ISO date-time, "12-03-2024 kl. 17.00" or .NET's "/Date(1710259200000)/",
a flag as true/"Ja"/"1", people as one string, a list of strings or a list of mappings.

>>> text_of({"id": 3, "name": "Byrådet"}), date_and_time("/Date(1710259200000+0100)/")
('Byrådet', (datetime.date(2024, 3, 12), '17:00'))
>>> [(a.name, a.status) for a in people([{"navn": "Ida Lund", "fravaerende": "ja"}], "present", 4)]
[('Ida Lund', 'absent')]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from referatgraf.parse.attendance import attendance_from_names
from referatgraf.parse.dates import NUMERIC_DATE, find_date, find_time
from referatgraf.parse.export_body import html_to_text
from referatgraf.parse.export_fields import item_field, norm_key
from referatgraf.parse.model import Attendance

_EPOCH = re.compile(r"/?Date\((?P<ms>-?\d{1,15})(?:(?P<sign>[+-])(?P<oh>\d{2})(?P<om>\d{2}))?\)/?")
_DATE_TEXT = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|{NUMERIC_DATE}")
_TRUE = {"true", "ja", "yes", "1", "lukket", "closed", "x"}
NAME_KEYS = {norm_key(k) for k in ("name", "navn", "title", "titel", "fullname", "fuldtnavn", "displayname")}


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
        named = next((v for k, v in value.items() if norm_key(k) in NAME_KEYS), None)
        if named is None:
            named = next((v for k, v in value.items() if item_field(k) == "text"), "")
        return text_of(named)
    if isinstance(value, list):
        return "\n".join(text_of(v) for v in value)
    return html_to_text(str(value)).strip()


def date_and_time(value: Any) -> tuple[dt.date | None, str | None]:
    """'2025-03-12T16:00:00' → (2025-03-12, '16:00'); '12-03-2025 kl. 16.30' → (…, '16:30')."""
    text = _from_epoch(text_of(value))
    start = find_time(_DATE_TEXT.sub(" ", text).replace("T", " "))
    return find_date(text), (start if start != "00:00" else None)


def _from_epoch(text: str) -> str:
    """'/Date(1710259200000+0100)/' (a .NET JSON date: ms since 1970 UTC, offset) → ISO text."""
    m = _EPOCH.fullmatch(text.strip())
    if m is None:
        return text
    offset = dt.timedelta(hours=int(m["oh"] or 0), minutes=int(m["om"] or 0)) * (-1 if m["sign"] == "-" else 1)
    moment = dt.datetime.fromtimestamp(int(m["ms"]) / 1000, dt.timezone(offset)) if abs(int(m["ms"])) < 1e14 else None
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else text


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

