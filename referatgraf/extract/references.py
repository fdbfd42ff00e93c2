"""Dates, references to other meetings, amounts of money and hours in a line of text.

A date is a reference to a meeting when a meeting word ("mødet", "referatet", "dagsorden",
"temamøde") or a body ("Chefforum", "Lederforum") stands just before it: "referatet fra mødet
den 30. april 2014", "Chefforums møde d. 1. september 2016", "Referat CF 30.04.2014". The body is
the one named there, or — when only a meeting word is written — the body of the document itself.
A date without a year gets the year that puts it closest to the meeting's own date.

>>> import datetime as dt
>>> [(h.kind, h.value, h.body) for h in find_quantities(
...     "godkender referatet for møde af 10. august 2016", dt.date(2016, 9, 1), [], "Chefforum")]
[('meeting_ref', '2016-08-10', 'Chefforum')]
>>> [(h.kind, h.value) for h in find_quantities("besparelser for 27 mio. kr. og 4.000 timer",
...                                             dt.date(2017, 6, 1), [], "Chefforum")]
[('money', '27000000'), ('hours', '4000')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from referatgraf.extract.organisations import OrgHit

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"
_PATTERN = re.compile(
    rf"(?<![\w.])(?P<day>\d{{1,2}})\.?\s*(?P<month>(?i:{_MONTH}))\b\.?(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|(?<![\w.])(?P<nday>\d{{1,2}})\.(?P<nmonth>\d{{1,2}})\.(?P<nyear>(?:19|20)?\d\d)(?![\d.]\d)"
    rf"|(?<=d\. )(?P<sday>\d{{1,2}})\.(?P<smonth>\d{{1,2}})(?![\d.]?\d)"
    rf"|(?<![\w.,-])(?P<amount>{_NUMBER})(?:,(?P<dec>\d+))?(?:\s*-\s*(?P<amount2>{_NUMBER}))?"
    rf"\s*(?P<scale>(?i:mio|mia|millioner|million|mill))?\.?\s*(?P<kr>(?i:kr))\.?(?!\w)"
    rf"|(?<![\w.,-])(?P<hours>{_NUMBER})(?:\s*-\s*(?P<hours2>{_NUMBER}))?(?:\s+|-)(?P<timer>timer|timers|time)\b"
)
_CUE = re.compile(r"(?i)\w*møde\w*|referat\w*|dagsorden\w*")
_BEFORE_WORDS = re.compile(r"[\w.&'’-]+")
_NOT_A_MEETING = frozenset({"pr.", "siden", "inden", "indtil", "efter", "før", "senest", "ultimo"})
_SKIP = frozenset({"d.", "den", "af", "fra", "for", "igen", "-", "i", "på", "dd."})
_SCALES = {"mio": 10**6, "millioner": 10**6, "million": 10**6, "mill": 10**6, "mia": 10**9}


@dataclass(frozen=True)
class QuantityHit:
    kind: str  # date | meeting_ref | money | hours
    start: int
    end: int
    text: str
    value: str
    body: str | None = None  # for meeting_ref: the body whose meeting is meant


def find_quantities(text: str, meeting_date: dt.date, body_hits: list[OrgHit],
                    own_body: str) -> list[QuantityHit]:
    """Dates, meeting references, money and hours in ``text``; ``body_hits`` are the bodies
    found in the same line (from :class:`OrgMatcher`)."""
    out = []
    for m in _PATTERN.finditer(text):
        hit = _quantity(m, meeting_date, body_hits, own_body)
        if hit is not None:
            out.append(hit)
    return out


def _quantity(m: re.Match[str], meeting_date: dt.date, body_hits: list[OrgHit],
              own_body: str) -> QuantityHit | None:
    text = m.group().rstrip()
    if m.group("amount") is not None:
        return QuantityHit("money", m.start(), m.start() + len(text), text, _money(m))
    if m.group("hours") is not None:
        value = _number(m.group("hours"))
        if m.group("hours2"):
            value = f"{value}-{_number(m.group('hours2'))}"
        return QuantityHit("hours", m.start(), m.start() + len(text), text, value)
    date = _date(m, meeting_date)
    if date is None:
        return None
    if m.group("month") and len(m.group("month")) > 4 and text.endswith("."):
        text = text[:-1]  # the full stop after a full month name ends the sentence
    body = meeting_body(m.string, m.start(), body_hits, own_body)
    if body is not None and not (body == own_body and date == meeting_date):
        return QuantityHit("meeting_ref", m.start(), m.start() + len(text), text, date.isoformat(), body)
    return QuantityHit("date", m.start(), m.start() + len(text), text, date.isoformat())


def _number(text: str) -> str:
    return text.replace(".", "")


def _money(m: re.Match[str]) -> str:
    """Amount in whole DKK; a range "7.200-7.500 kr." gives "7200-7500"."""
    scale = _SCALES.get((m.group("scale") or "").lower(), 1)

    def amount(raw: str, dec: str | None) -> str:
        value = int(_number(raw)) * scale
        if dec:
            value += round(int(dec) * scale / 10 ** len(dec))
        return str(value)

    value = amount(m.group("amount"), m.group("dec"))
    if m.group("amount2"):
        value = f"{value}-{amount(m.group('amount2'), None)}"
    return value


def _date(m: re.Match[str], meeting_date: dt.date) -> dt.date | None:
    if m.group("day"):
        day, month, year = int(m.group("day")), MONTHS[m.group("month").lower()], m.group("year")
    elif m.group("nday"):
        day, month, year = int(m.group("nday")), int(m.group("nmonth")), m.group("nyear")
    else:
        day, month, year = int(m.group("sday")), int(m.group("smonth")), None
    if year is not None and len(year) == 2:
        year = f"20{year}"
    candidates = [int(year)] if year else [meeting_date.year + d for d in (-1, 0, 1)]
    dates = []
    for y in candidates:
        try:
            dates.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not dates:
        return None
    return min(dates, key=lambda d: abs((d - meeting_date).days))


def meeting_body(text: str, start: int, body_hits: list[OrgHit], own_body: str) -> str | None:
    """The body whose meeting a date at ``start`` refers to, or None when it is a plain date."""
    sentence_start = max(text.rfind(". ", 0, start - 3) + 1, text.rfind("\t", 0, start) + 1, 0)
    window = text[sentence_start:start]
    words = _BEFORE_WORDS.findall(window)
    meaningful = [w for w in words if w.lower() not in _SKIP]
    if words and words[-1].lower() in _NOT_A_MEETING:
        return None
    near_bodies = [h for h in body_hits if sentence_start <= h.start and h.end <= start]
    if near_bodies:
        last = near_bodies[-1]
        words_between = [w for w in _BEFORE_WORDS.findall(text[last.end:start])
                         if w.lower() not in _SKIP]
        if len(words_between) <= 6 and not _other_owner(text[last.end:start]):
            return last.name
    cue_words = meaningful[-3:]
    if any(_CUE.fullmatch(w) for w in cue_words):
        return None if _other_owner(window) else own_body
    return None


def _other_owner(window: str) -> bool:
    """"styregruppens møde": a meeting of something that is not a known body."""
    return re.search(r"(?i)\b\w+s\s+\w*møde\w*\s*(?:d\.|den)?\s*$", window) is not None \
        and re.search(r"(?i)\b(?:på|fra|for|af|sit|næste)\s+\w*møde", window[-20:]) is None
