"""One Acadre item from its parts: number, title, case, and its fields ("bullets").

Acadre keeps an item's text in fields, each a heading and its text: Resumé, Sagsfremstilling,
Økonomi og organisatoriske konsekvenser, Lovgrundlag, Bilag, Indstilling, … and one decision
field per treatment of the case, headed "Beslutning i <body> den DD-MM-YYYY". A case treated at
several meetings carries them all, in a row with what was added between them ("Supplerende
Sagsfremstilling"): every one is a :class:`Decision` with its body and date, in document order;
those dated before this meeting are also the item's earlier treatments (:class:`EarlierTreatment`,
their decision text kept). The decision of this meeting is the one dated this meeting's day;
Acadre writes it last. A field without text (the XML keeps empty ones, the PDF leaves them
out) is no section.

>>> import datetime as dt
>>> parts = ItemParts(number="715", title="Budget", first=1, last=9, fields=[
...     Field("Indstilling", 2, [(3, "Direktøren indstiller, at planen godkendes.")]),
...     Field("Beslutning i Udvalget den 10-04-2013", 4, [(5, "Udsat.")]),
...     Field("Beslutning i Udvalget den 20-06-2013", 6, [(7, "Godkendt."), (8, "Fraværende: Bo Holm (A)")])])
>>> item = build_item(parts, 1, "Udvalget", dt.date(2013, 6, 20))
>>> [(d.body, d.date.isoformat()) for d in item.decisions], item.decision.text.splitlines()[0]
([('Udvalget', '2013-04-10'), ('Udvalget', '2013-06-20')], 'Godkendt.')
>>> [(h.body, h.date.isoformat(), h.decision) for h in item.history]
[('Udvalget', '2013-04-10', 'Udsat.')]
>>> item.recommendation.proposer, len(item.recommendation.points), [(a.name, a.item) for a in item.attendance]
('Direktøren', 0, [('Bo Holm', 1)])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from referatgraf.parse.attendance import merge, parse_attendance
from referatgraf.parse.case_number import CaseNumber
from referatgraf.parse.items import may_be_attendance
from referatgraf.parse.model import (AgendaItem, Attachment, Attendance, Decision, EarlierTreatment,
                                     Recommendation, Section)
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import Heading, classify, join_paragraphs

Line = tuple[int, str]

# A decision heading whose date is not one ("… den 31-02-2013", "… den 1O-04-2013"): still a
# decision heading, with no date, so the plausibility check refuses it rather than read on.
DECISION_LIKE = re.compile(r"^Beslutning\s+(?:i|på|fra)\s+(?P<body>\S.{0,100}?)\s+den\s+\S{1,20}$", re.IGNORECASE)
_CLOSED_PREFIX = re.compile(r"^Lukket(?:\s+punkt)?\s*[:\-–]\s*", re.IGNORECASE)
_NUMBERED_OR_BULLET = re.compile(r"^(?:\d{1,2}\s*[.)]|[-•*–·▪])\s+\S")
_NOT_FIELDS = frozenset({"fravaerende", "deltagere"})  # attendance words, never an item field


@dataclass
class Field:
    """One field: its heading as written, the line of the heading (the record's in the XML)
    and its lines of text."""

    heading: str
    first: int
    lines: list[Line] = field(default_factory=list)

    def text(self) -> str:
        return join_paragraphs(self.lines)

    def last(self) -> int:
        return max((no for no, text in self.lines if text), default=self.first)


@dataclass
class ItemParts:
    """What a reader found of one item before it is built."""

    number: str
    title: str
    first: int
    last: int
    cases: list[CaseNumber] = field(default_factory=list)
    closed: bool = False
    fields: list[Field] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)  # from structured fields (XML)


def field_heading(text: str) -> Heading | None:
    """The field a heading names: a known one, a dated decision, or a decision heading whose
    date does not parse (kind "beslutning", date None); None for ordinary text."""
    head = classify(text)
    if head is not None and head.kind in _NOT_FIELDS:
        return None
    if head is None and (m := DECISION_LIKE.match(text)) is not None:
        head = Heading("beslutning", text.rstrip(" :"), m["body"], None)
    return head


def split_closed(title: str) -> tuple[str, bool]:
    """The title without a leading "Lukket: ", and whether it had one.

    >>> split_closed("Lukket: Salg af grund"), split_closed("Kulturkommune 2017. Politiske fokusområder")
    (('Salg af grund', True), ('Kulturkommune 2017. Politiske fokusområder', False))
    """
    title = " ".join(title.split())
    m = _CLOSED_PREFIX.match(title)
    return (title[m.end():], True) if m and m.end() < len(title) else (title, False)


def build_item(parts: ItemParts, order: int, body: str, date: dt.date | None) -> AgendaItem:
    """The item; ``body`` and ``date`` are the meeting's (a decision dated otherwise is an
    earlier treatment)."""
    title, closed = split_closed(parts.title)
    item = AgendaItem(number=parts.number, order=order, title=title, raw_title=" ".join(parts.title.split()),
                      cases=parts.cases, closed=closed or parts.closed, attachments=parts.attachments,
                      lines=(parts.first, parts.last))
    for f in parts.fields:
        if not f.text():
            continue
        head = field_heading(f.heading) if f.heading else Heading("intro", "")
        kind = head.kind if head is not None else "other"
        item.sections.append(Section(kind=kind, heading=f.heading.rstrip(" :"), text=f.text(),
                                     lines=(f.first, f.last())))
        if kind == "indstilling" and item.recommendation is None:
            item.recommendation = recommendation(f.lines, (f.first, f.last()))
        elif kind == "beslutning":
            item.decisions.append(_decision(f, head, body))
    item.history = [EarlierTreatment(body=d.body, date=d.date, decision=d.text or None, line=d.lines[0])
                    for d in item.decisions if d.body and d.date is not None and d.date != date]
    item.attendance = _attendance(item, parts, date)
    return item


def _decision(f: Field, head: Heading | None, body: str) -> Decision:
    name = head.body if head is not None else None
    if name is not None and name.casefold() == body.casefold():
        name = body
    return Decision(body=name, date=head.date if head is not None else None, text=f.text(),
                    answers=parse_answers(f.lines), lines=(f.first, f.last()))


def _attendance(item: AgendaItem, parts: ItemParts, date: dt.date | None) -> list[Attendance]:
    """Absences for this item: the XML's fields, and attendance lines in this meeting's decision
    ("Fraværende: …"); those in earlier treatments' decisions were absences at other meetings."""
    found = [a.model_copy(update={"item": item.order}) for a in parts.attendance]
    starts = {d.lines[0] for d in item.decisions if d.date == date and may_be_attendance(d.text)}
    for f in parts.fields:
        if f.first in starts:
            found += parse_attendance([(no, text) for no, text in f.lines if text], item=item.order)
    return merge(found)


def recommendation(lines: list[Line], span: tuple[int, int]) -> Recommendation:
    """The Indstilling: its proposer ("Direktøren indstiller, at …") and its numbered or
    bulleted points; a recommendation written as one sentence has no points.

    >>> rec = recommendation([(1, "Direktøren indstiller,"), (2, "1. at A godkendes"), (3, "2. at B noteres")], (1, 3))
    >>> rec.proposer, [p.text for p in rec.points]
    ('Direktøren', ['at A godkendes', 'at B noteres'])
    """
    rec = parse_recommendation(lines, span)
    if not any(_NUMBERED_OR_BULLET.match(text) for _, text in lines):
        rec.points = []
    return rec
