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
from typing import NamedTuple

from referatgraf.extract.organisations import OrgHit, trie_pattern

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_FULL_MONTHS = frozenset({"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                          "september", "oktober", "november", "december"})
def any_case(word: str) -> str:
    """``word`` (lower case ASCII) as a pattern matching every letter whose ``lower()`` is it.

    The quantity pattern runs on the text as written, so it can share one pass with the person
    pattern; this keeps it matching exactly what it matched on ``text.lower()`` ("K", the Kelvin
    sign, lower-cases to "k").

    >>> any_case("kr") == "[Kk\\u212a][Rr]"
    True
    """
    return "".join(f"[{c.upper()}{c}{_ALSO_LOWER.get(c, '')}]" if c.isalpha() else re.escape(c)
                   for c in word)


_ALSO_LOWER = {"k": "\u212a"}  # the only non-ASCII character whose lower() is an ASCII letter


def _month_pattern() -> str:
    """The month names as a trie (no backtracking through 24 alternatives at every digit); the
    first letter as two literals, which the regex engine tests fastest."""
    rests: dict[str, list[str]] = {}
    for month in MONTHS:
        rests.setdefault(month[0], []).append(month[1:])
    return "(?:" + "|".join(first + trie_pattern(rest, any_case)
                            for letter, rest in sorted(rests.items())
                            for first in (letter, letter.upper())) + ")"


_MONTH = _month_pattern()
_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+"
# Matched on the text as written (letters through any_case); it starts with an ASCII digit so
# the regex engine can skip ahead in C. What stands before a number ("1.548", "d. 21.6") is
# checked on each hit. The first digit is consumed outside the groups (a leading character class
# lets the engine skip ahead); every value below is that digit + its group.
# Possessive "\d*+", "\d?+": nothing after them can start with a digit, so giving digits back
# could never make a match; it only cost time at every digit of every number.
_REST = r"\d{0,2}(?:\.\d{3})+|\d*+"
_SCALE = "|".join(any_case(w) for w in ("mio", "mia", "millioner", "million", "mill"))
_TIMER = "|".join(any_case(w) for w in ("timer", "timers", "time"))
# what follows the first digit (see extract.scanner, which shares one pass with the person pattern)
QUANTITY_REST = (
    rf"(?:"
    rf"(?P<day>\d?+)\.? *(?P<month>{_MONTH})\b\.?(?: +(?P<year>(?:19|20)\d\d)\b)?"
    rf"|(?P<nday>\d?+)\.(?P<nmonth>\d{{1,2}})\.(?P<nyear>(?:19|20)?\d\d)(?![\d.]\d)"
    rf"|(?P<sday>\d?+)\.(?P<smonth>\d{{1,2}})(?![\d.]?\d)"
    rf"|(?P<amount>{_REST})(?:,(?P<dec>\d+))?(?: *- *(?P<amount2>{_NUMBER}))?"
    rf" *(?P<scale>{_SCALE})?\.? *(?P<kr>{any_case('kr')})\.?(?!\w)"
    rf"|(?P<hours>{_REST})(?: *- *(?P<hours2>{_NUMBER}))?(?: +|-)(?P<timer>{_TIMER})\b)"
)
QUANTITY_PATTERN = "[0-9]" + QUANTITY_REST
_PATTERN = re.compile(QUANTITY_PATTERN)
_CUE = re.compile(r"(?i)\w*møde\w*|referat\w*|dagsorden\w*")
_BEFORE_WORDS = re.compile(r"[\w.&'’-]+")
_NOT_A_MEETING = frozenset({"pr.", "siden", "inden", "indtil", "efter", "før", "senest", "ultimo"})
_SKIP = frozenset({"d.", "den", "af", "fra", "for", "igen", "-", "i", "på", "dd."})
_SCALES = {"mio": 10**6, "millioner": 10**6, "million": 10**6, "mill": 10**6, "mia": 10**9}


class QuantityHit(NamedTuple):
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
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ".,-"):
            continue
        hit = quantity_hit(m, text, 0, meeting_date, body_hits, own_body)
        if hit is not None:
            out.append(hit)
    return out


def quantity_hit(m: re.Match[str], text: str, shift: int, meeting_date: dt.date,
                 body_hits: list[OrgHit], own_body: str) -> QuantityHit | None:
    """The hit of a QUANTITY_PATTERN match on ``text``; ``shift`` = its offset into
    ``text`` (1 when a separator was put in front); ``body_hits`` = bodies in the same line."""
    start = m.start() - shift
    raw = text[start:m.end() - shift].rstrip()
    if m.group("amount") is not None:
        return QuantityHit("money", start, start + len(raw), raw, _money(m))
    if m.group("hours") is not None:
        value = _number(_lead(m, "hours"))
        if m.group("hours2"):
            value = f"{value}-{_number(m.group('hours2'))}"
        return QuantityHit("hours", start, start + len(raw), raw, value)
    return _date_hit(m, text, start, raw, meeting_date, body_hits, own_body)


def _lead(m: re.Match[str], group: str) -> str:
    """The first digit (consumed before the groups) + the rest of the number in ``group``."""
    return m.group()[0] + m.group(group)


def _date_hit(m: re.Match[str], text: str, start: int, raw: str, meeting_date: dt.date,
              body_hits: list[OrgHit], own_body: str) -> QuantityHit | None:
    if m.group("sday") is not None and not text.endswith("d. ", 0, start):
        return None  # "1.3" is a proposal number; "d. 21.6" is a date
    date = _date(m, meeting_date)
    if date is None:
        return None
    if m.group("month") and m.group("month").lower() in _FULL_MONTHS and raw.endswith("."):
        raw = raw[:-1]  # the full stop after a full month name ends the sentence
    body = meeting_body(text, start, body_hits, own_body)
    if body is not None and not (body == own_body and date == meeting_date):
        return QuantityHit("meeting_ref", start, start + len(raw), raw, date.isoformat(), body)
    return QuantityHit("date", start, start + len(raw), raw, date.isoformat())


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

    value = amount(_lead(m, "amount"), m.group("dec"))
    if m.group("amount2"):
        value = f"{value}-{amount(m.group('amount2'), None)}"
    return value


def _date(m: re.Match[str], meeting_date: dt.date) -> dt.date | None:
    if m.group("month") is not None:
        day, month, year = int(_lead(m, "day")), MONTHS[m.group("month").lower()], m.group("year")
    elif m.group("nmonth") is not None:
        day, month, year = int(_lead(m, "nday")), int(m.group("nmonth")), m.group("nyear")
    else:
        day, month, year = int(_lead(m, "sday")), int(m.group("smonth")), None
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
    line_start = text.rfind("\n", 0, start) + 1  # the other two are looked for on its line only:
    sentence_start = max(text.rfind(". ", line_start, start - 3) + 1,  # from 0, they scanned the
                         text.rfind("\t", line_start, start) + 1, line_start)  # whole text before
    window = text[sentence_start:start]
    words = _BEFORE_WORDS.findall(window)
    if words and words[-1].lower() in _NOT_A_MEETING:
        return None
    near_bodies = [h for h in body_hits if sentence_start <= h.start and h.end <= start]
    if near_bodies:
        last = near_bodies[-1]
        words_between = [w for w in _BEFORE_WORDS.findall(text[last.end:start])
                         if w.lower() not in _SKIP]
        if len(words_between) <= 6 and not _other_owner(text[last.end:start]):
            return last.name
    if any(_CUE.fullmatch(w) for w in _last_meaningful(words, 3)):
        return None if _other_owner(window) else own_body
    return None


def _last_meaningful(words: list[str], n: int) -> list[str]:
    """The last ``n`` words that are not filler ("den", "af", "d."), last first."""
    out = []
    for word in reversed(words):
        if word.lower() not in _SKIP:
            out.append(word)
            if len(out) == n:
                break
    return out


def _other_owner(window: str) -> bool:
    """"styregruppens møde": a meeting of something that is not a known body."""
    return _OWNER_MEETING.search(window) is not None and _OWN_MEETING.search(window[-20:]) is None


_OWNER_MEETING = re.compile(r"(?i)\b\w+s\s+\w*møde\w*\s*(?:d\.|den)?\s*$")
_OWN_MEETING = re.compile(r"(?i)\b(?:på|fra|for|af|sit|næste)\s+\w*møde")
