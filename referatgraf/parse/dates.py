"""Dates and clock times as Danish minutes write them.

>>> find_date("Torsdag d. 15. maj 2014 kl. 09:00")
datetime.date(2014, 5, 15)
>>> find_date("REFERAT Chefforum d. 01-09-2016")
datetime.date(2016, 9, 1)
>>> find_time("Torsdag d. 15. maj 2014 kl. 9.00")
'09:00'
"""

from __future__ import annotations

import datetime as dt
import re

from referatgraf.parse.case_number import four_digit_year

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# Numeric day-month-year ("15-05-2014", "15.05.2014", "15/5 2014"), ISO ("2014-05-15") and
# written months ("15. maj 2014").
NUMERIC_DATE = r"\d{1,2}[-./]\d{1,2}[-./ ]\s?(?:\d{4}|\d{2})(?!\d)"
_NUMERIC = re.compile(r"(?<![\d.])(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./ ]\s?(?P<y>\d{4}|\d{2})(?![\d])")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_WORDS = re.compile(r"(?<!\d)(?P<d>\d{1,2})\.?\s*(?P<mon>[a-zA-ZæøåÆØÅ]{3,9})\.?\s+(?P<y>\d{4})(?!\d)")
_TIME = re.compile(r"(?:\bkl\.?\s*|(?<![\d.:]))(?P<h>[01]?\d|2[0-3])[:.](?P<min>[0-5]\d)(?![\d])")
_KL_TIME = re.compile(r"\bkl\.?\s*(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?(?!\d)", re.IGNORECASE)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers are not one (31-02-2020)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first date written in ``text`` (ISO, numeric day-month-year or "15. maj 2014")."""
    if (m := _ISO.search(text)) is not None:
        return make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if (m := _NUMERIC.search(text)) is not None:
        year = int(m["y"]) if len(m["y"]) == 4 else four_digit_year(int(m["y"]))
        return make_date(year, int(m["m"]), int(m["d"]))
    for m in _WORDS.finditer(text):
        month = MONTHS.get(m["mon"].lower())
        if month:
            return make_date(int(m["y"]), month, int(m["d"]))
    return None


def find_time(text: str) -> str | None:
    """The clock time after "kl." (or the first HH:MM) as "HH:MM"."""
    m = _KL_TIME.search(text) or _TIME.search(text)
    if m is None:
        return None
    return f"{int(m['h']):02d}:{m['min'] or '00'}"


def clock(text: str) -> str:
    """Normalise "9.15" / "09:15" to "09:15"."""
    h, _, minute = text.replace(".", ":").partition(":")
    return f"{int(h):02d}:{minute}"
