"""Item titles: the clean title and what the heading says besides it.

A heading such as ``CF - Onboarding af ledere v. Søren (Bente Poulsen deltager) (13:55-14:15)``
carries a forum prefix ("CF - "), a presenter suffix ("v. Søren"), participants
("Bente Poulsen deltager") and a time slot. :func:`split_title` takes them apart; the prefix is
only dropped when the caller says it is the document's prefix (see :func:`common_prefix`), so a
title that merely starts with "EU - " keeps it.

>>> t = split_title("CF - Onboarding af ledere v. Søren (Bente Poulsen deltager) (13:55-14:15)", "CF")
>>> t.title, t.presenters, t.participants, t.planned_start, t.planned_end
('Onboarding af ledere', ['Søren'], ['Bente Poulsen'], '13:55', '14:15')
>>> split_title("CF - Status fra ØS IT (20 min)", "CF").planned_minutes
20
>>> [(t.title, t.closed) for t in map(split_title, ["Lukket", "Køb af bil (lukket)", "Lukket: Salg af grund"])]
[('Lukket', True), ('Køb af bil', True), ('Salg af grund', True)]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from referatgraf.parse.dates import clock

PREFIX = re.compile(r"^(?P<prefix>[A-ZÆØÅ][A-ZÆØÅ0-9]{0,5})\s+[-–]\s+")
_SLOT = re.compile(r"\s*\((?:kl\.?\s*)?(?P<start>\d{1,2}[:.]\d{2})(?:\s*[-–]\s*(?P<end>\d{1,2}[:.]\d{2}))?\)\s*$")
_DURATION = re.compile(r"\s*\((?P<n>\d{1,3})\s*(?P<unit>min(?:\.|utter)?|t\.|timer?)\)\s*$", re.IGNORECASE)
_PARTICIPANTS = re.compile(r"\s*\((?P<names>[^()]+?)\s+deltager\)\s*$", re.IGNORECASE)
_PRESENTERS = re.compile(r"\s+v\.\s+(?P<names>[A-ZÆØÅ][^()]*?)\s*$")
_CLOSED = re.compile(r"^\(?lukket(?:\s+punkt)?\)?$", re.IGNORECASE)
_CLOSED_SUFFIX = re.compile(r"\s*[-–(]\s*lukket(?:\s+punkt)?\)?\s*$", re.IGNORECASE)
# FirstAgenda names a closed item "Lukket: <title>" (its title stays in the minutes, its text does not)
_CLOSED_PREFIX = re.compile(r"^lukket\s*:\s*(?=\S)", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+og\s+|\s*&\s*")


@dataclass
class TitleParts:
    """What an item heading says, taken apart."""

    title: str
    raw_title: str
    prefix: str | None = None
    closed: bool = False
    planned_start: str | None = None
    planned_end: str | None = None
    planned_minutes: int | None = None
    presenters: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


def split_title(raw: str, prefix: str | None = None) -> TitleParts:
    """Take a heading text apart; ``prefix`` is the document's forum prefix ("CF") if any."""
    raw = " ".join(raw.split())
    parts = TitleParts(title=raw, raw_title=raw)
    rest = raw
    if prefix and (m := PREFIX.match(rest)) is not None and m["prefix"] == prefix:
        parts.prefix, rest = prefix, rest[m.end():]
    if (m := _CLOSED_PREFIX.match(rest)) is not None:
        parts.closed, rest = True, rest[m.end():]
    rest = _strip_trailers(rest, parts)
    if _CLOSED.match(rest):
        parts.closed = True
    elif (m := _CLOSED_SUFFIX.search(rest)) is not None and m.start() > 0:
        parts.closed, rest = True, rest[:m.start()]
    parts.title = rest.strip(" -–") or raw
    return parts


def _strip_trailers(rest: str, parts: TitleParts) -> str:
    """Strip time slot, duration, participants and presenters from the end, in any order."""
    while True:
        if not rest.endswith(")") and " v. " not in rest:
            return rest  # nothing to strip: the common case, without a regex scan
        if (m := _SLOT.search(rest)) is not None and m.start() > 0:
            parts.planned_start = clock(m["start"])
            parts.planned_end = clock(m["end"]) if m["end"] else None
        elif (m := _DURATION.search(rest)) is not None and m.start() > 0:
            n = int(m["n"])
            parts.planned_minutes = n if m["unit"].lower().startswith("min") else n * 60
        elif (m := _PARTICIPANTS.search(rest)) is not None and m.start() > 0:
            parts.participants = split_names(m["names"])
        elif (m := _PRESENTERS.search(rest)) is not None and m.start() > 0:
            parts.presenters = split_names(m["names"])
        else:
            return rest
        rest = rest[:m.start()]


def split_names(text: str) -> list[str]:
    """ "René, Birgit og Susanne" → ["René", "Birgit", "Susanne"]."""
    return [name.strip(" .") for name in _NAME_SPLIT.split(text) if name.strip(" .")]


def common_prefix(headings: list[str]) -> str | None:
    """The short uppercase prefix ("CF") most headings start with, if at least half do.

    >>> common_prefix(["CF - A", "CF - B", "Lukket"])
    'CF'
    >>> common_prefix(["EU - valg", "Budget", "Skoler"]) is None
    True
    """
    counts = Counter(m["prefix"] for h in headings if (m := PREFIX.match(h)) is not None)
    if not counts:
        return None
    prefix, n = counts.most_common(1)[0]
    return prefix if n * 2 >= len(headings) and (n >= 2 or len(headings) == 1) else None


def norm_title(text: str) -> str:
    """A title for comparison: case-folded, single spaces, no trailing dots."""
    return " ".join(text.casefold().split()).rstrip(" .")
