"""The section vocabulary of agenda items, as data: heading as written → normalised ``kind``.

Layouts ask :func:`classify` whether a line is a section heading. A heading is known when its
text (case-folded, trailing colon dropped) is in :data:`SECTION_NAMES`, or when it names a
decision of a body: "BESLUTNING I CHEFFORUM DEN 15-05-2014", "Beslutning i Økonomiudvalget den
03-12-2019", "Økonomiudvalgets beslutning den 03-12-2019". A line marked as a heading by
markup (``## Konklusion``) but not known is kind ``"other"``; an unmarked unknown line is
not a heading at all (it stays in the text of the current section). A heading that addresses a
point ("Ad 2. Digital social innovation", as "Ad 2: Godkendt" answers one) is the author's
sub-heading inside a field, never a field of its own: text, however it is marked up.

>>> classify("Økonomi og finansiering").kind
'okonomi'
>>> h = classify("BESLUTNING I CHEFFORUM DEN 15-05-2014")
>>> h.kind, h.body, h.date.isoformat()
('beslutning', 'CHEFFORUM', '2014-05-15')
>>> classify("Plan for implementering") is None
True
>>> h = classify("INDSTILLING FRA BORGMESTERENS AFDELING")
>>> h.kind, h.body
('indstilling', 'BORGMESTERENS AFDELING')
>>> classify("Konklusion", marked=True).kind
'other'
>>> classify("Ad 2. Digital social innovation", marked=True) is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from referatgraf.parse.dates import NUMERIC_DATE, find_date

# kind → the headings that name it (case-insensitive, as written in Danish minutes).
VOCABULARY: dict[str, tuple[str, ...]] = {
    "anledning": ("anledning",),
    "resume": ("resume", "resumé", "kort resume", "kort resumé", "sammenfatning", "sammendrag"),
    "baggrund": ("baggrund", "baggrund for sagen"),
    "sagsfremstilling": ("sagsfremstilling", "sagsbeskrivelse", "sagens indhold", "beskrivelse af sagen",
                         "supplerende sagsfremstilling"),
    "okonomi": ("økonomi", "økonomi og finansiering", "økonomiske konsekvenser", "økonomiske forhold",
                "bevillingsmæssige konsekvenser", "økonomi og bevilling", "finansiering",
                "økonomiske konsekvenser og finansiering",
                "økonomi og organisatoriske konsekvenser"),  # the last: Acadre MM's field (Syddjurs)
    "indstilling": ("indstilling", "indstillinger", "forvaltningens indstilling",
                    "administrationens indstilling", "direktionens indstilling", "forslag til beslutning",
                    "beslutningspunkter", "beslutningsforslag"),  # the last two: Aarhus' FirstAgenda template
    "beslutning": ("beslutning", "beslutninger", "afgørelse"),
    "bilag": ("bilag", "bilagsliste", "bilagsfortegnelse", "vedlagte bilag"),
    "supplerende_bilag": ("supplerende bilag",),  # a note about extra material, not a list
    "sagsprocedure": ("sagsprocedure", "sagsgang", "videre proces", "beslutningsproces"),
    "kompetence": ("kompetence", "beslutningskompetence", "kompetenceforhold", "beslutningen træffes af"),
    "lovgrundlag": ("lovgrundlag", "retsgrundlag", "lovgivning", "juridiske forhold"),
    "horing": ("høring", "høringer", "høringssvar", "udtalelser", "høring og udtalelser"),
    "kommunikation": ("kommunikation",),
    "tidsplan": ("tidsplan",),
    "tidligere_beslutninger": ("tidligere beslutninger", "tidligere behandling", "tidligere behandlinger",
                               "historik", "sagens forløb", "sagsforløb"),
    "fravaerende": ("fraværende", "afbud", "fravær"),
    "deltagere": ("deltagere", "til stede", "tilstede", "mødedeltagere"),
}

SECTION_NAMES: dict[str, str] = {name: kind for kind, names in VOCABULARY.items() for name in names}
"""Every known heading (case-folded) → its kind."""

# Kinds whose relative order is checked (see parse.checks): lower rank comes first.
ORDER_RANK: dict[str, int] = {
    "intro": 0, "anledning": 0, "resume": 0, "baggrund": 0, "sagsprocedure": 0,
    "sagsfremstilling": 1, "okonomi": 1, "lovgrundlag": 1, "horing": 1, "indstilling": 1,
    "beslutning": 2,
}

LONGEST_NAME = max(len(name) for name in SECTION_NAMES) + 2
"""No known heading is longer (with a colon and a space to spare)."""
_LONGEST = LONGEST_NAME
_DATE = rf"(?P<date>{NUMERIC_DATE}|\d{{1,2}}\.\s*[a-zæøå]+\.?\s+\d{{4}})"
_DECISION = re.compile(
    rf"^beslutning(?:er)?\s+(?:i|på|fra)\s+(?P<body>[^\d].{{0,80}}?)(?:\s+(?:den|d\.)\s+{_DATE})?\s*:?$"
    rf"|^(?P<body2>[^\d].{{0,80}}?)s\s+beslutning\s+(?:den|d\.)\s+(?P<date2>{NUMERIC_DATE})\s*:?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised section heading."""

    kind: str
    heading: str  # as written, markup removed
    body: str | None = None  # the deciding body named in a decision heading
    date: dt.date | None = None


def kind_of(name: str) -> str | None:
    """The kind of a bare heading name, or None: ``kind_of("Resumé") == "resume"``."""
    if len(name) > _LONGEST:
        return None
    return SECTION_NAMES.get(name.rstrip(" :").casefold())


def classify(text: str, marked: bool = False) -> Heading | None:
    """The heading ``text`` stands for, or None when it is ordinary text.

    ``marked`` says the line carried heading markup (``#``, a wholly bold line): then an
    unknown heading is kept as kind ``"other"``; an unmarked unknown line is text.
    """
    kind = kind_of(text)
    if kind is not None:
        return Heading(kind, text.rstrip(" :"))
    if len(text) < 160 and text[:1] in "IiBb" and (recommendation := recommendation_heading(text, marked)):
        return recommendation
    if len(text) < 160 and ("eslutning" in text or "ESLUTNING" in text):
        decision = decision_heading(text, marked)
        if decision is not None:
            return decision
    return Heading("other", text.rstrip(" :")) if marked and not _ADDRESSES_A_POINT.match(text) else None


_ADDRESSES_A_POINT = re.compile(r"^Ad\s?\d{1,2}\b", re.IGNORECASE)  # "Ad 2. …", "Ad1. …": about point 2 of a list


def decision_heading(text: str, marked: bool = False) -> Heading | None:
    """A decision heading naming a body (and usually a date); unmarked lines need the date."""
    m = _DECISION.match(text)
    if m is None:
        return None
    body = (m["body"] or m["body2"]).strip()
    date_text = m["date"] or m["date2"]
    if date_text is None and not marked:
        return None
    return Heading("beslutning", text.rstrip(" :"), body, find_date(date_text) if date_text else None)


_RECOMMENDATION_FROM = re.compile(
    r"^(?:indstilling|beslutningsforslag)\s+(?:fra|af)\s+(?P<body>[^\d\s].{0,100}?)\s*:?$", re.IGNORECASE)
_FROM_WORDS = 8  # "Indstilling fra Center for Teknik og Miljø": a name, not a clause


def recommendation_heading(text: str, marked: bool = False) -> Heading | None:
    """A recommendation heading naming who recommends ("INDSTILLING FRA BORGMESTERENS
    AFDELING", "Beslutningsforslag fra Center for Teknik"); ``body`` is the proposer as written.
    Unmarked, the line must be in capitals or a short name without a full stop (not a sentence
    such as "Indstilling fra udvalget blev godkendt.").

    >>> recommendation_heading("Indstilling fra forvaltningen blev ikke fulgt.") is None
    True
    """
    m = _RECOMMENDATION_FROM.match(text)
    if m is None:
        return None
    body = m["body"].strip()
    if not (marked or text.isupper() or (body[:1].isupper() and len(body.split()) <= _FROM_WORDS
                                          and not body.endswith("."))):
        return None
    return Heading("indstilling", text.rstrip(" :"), body)


def inline_heading(text: str) -> tuple[Heading, str] | None:
    """A known heading with its text on the same line ("Beslutning: Godkendt.")."""
    name, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(name) > _LONGEST:
        return None
    kind = kind_of(name)
    return (Heading(kind, name.strip()), rest.strip()) if kind else None


def join_paragraphs(lines: list[tuple[int, str]]) -> str:
    """Section text: a newline within a paragraph, one blank line between paragraphs.

    >>> join_paragraphs([(1, "a"), (2, "b"), (3, ""), (4, ""), (5, "c"), (6, "")])
    'a\\nb\\n\\nc'
    """
    out: list[str] = []
    for _, text in lines:
        if text:
            out.append(text)
        elif out and out[-1]:
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
