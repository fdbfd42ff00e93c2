"""One eDoc item: "N. <title>", its stamp, its fields and the decision.

An item opens with its heading "N. <title>" (a long title wraps), then eDoc's stamp: "Sagsnr.:
2012-28504" (the case) and "Dok.nr.: 2012-203438" (the number of the item's document in eDoc,
not a case number: it is read and left out). A line "<body> den <date> Punkt N" after the stamp
names an earlier treatment of the case. Then come the item's fields as headings on lines of their
own (Sammendrag, Baggrund, Sagsfremstilling, Økonomiske konsekvenser og finansiering, Bilag,
Beslutningen træffes af, Indstilling — the shared vocabulary of parse/sections.py), and the
decision "<body>s beslutning den DD.MM.YYYY Punkt N", closed by "Følgende deltog ikke i
behandlingen af punktet:" and the names of those who took no part.

Attachments are the lines under "Bilag", each "<document number> - <title>" (a wrapped title
goes on on the next line); "Ingen" means none. Indstilling points are lettered "A)", "B)".

A "Meddelelser" item is a list of notices "a.", "b." …, each maybe with its own "Bilag": these
sub-points are body text, not items and not sections; their attachments are the item's.

>>> from referatgraf.parse.edoc.text import numbered
>>> item = read_item(numbered(["2. Budget for ", "skoler", "Sagsnr.: 2012-28504", "Dok.nr.: 2012-203438",
...     "Kommunalbestyrelsen den 30. januar 2012 Punkt 5", "Bilag", "2012-200782 - Bygningsliste og",
...     "prioritering", "Indstilling", "Centret indstiller, at", "A) Planen godkendes.", "B) Det noteres.",
...     "Udvalgets beslutning den 04.12.2012 Punkt 2", "Godkendt", "Følgende deltog ikke i behandlingen af punktet:",
...     "Bo Holm (A)"]), order=2, title="Budget for skoler", body="Udvalget")
>>> item.number, item.title, item.case_numbers, [(h.body, str(h.date)) for h in item.history]
('2', 'Budget for skoler', ['2012-28504'], [('Kommunalbestyrelsen', '2012-01-30')])
>>> [a.title for a in item.attachments], item.recommendation.proposer, len(item.recommendation.points)
(['2012-200782 - Bygningsliste og prioritering'], 'Centret', 2)
>>> d = item.decision; d.body, d.date.isoformat(), d.text, [(a.name, a.status) for a in item.attendance]
('Udvalget', '2012-12-04', 'Godkendt', [('Bo Holm', 'absent')])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from referatgraf.parse.attendance import entries_from_list, merge, parse_attendance
from referatgraf.parse.case_number import CaseNumber
from referatgraf.parse.dates import find_date
from referatgraf.parse.edoc.front import ITEM_HEADING
from referatgraf.parse.edoc.text import DOKNR, SAGSNR, Line, case_line, title_key
from referatgraf.parse.errors import ParseError
from referatgraf.parse.items import may_be_attendance
from referatgraf.parse.model import (AgendaItem, Attachment, Attendance, Decision, EarlierTreatment,
                                     Recommendation, RecommendationPoint, Section)
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import Heading, classify, join_paragraphs

_PUNKT = re.compile(r"\s+Punkt\s+\d{1,3}\s*$", re.IGNORECASE)
_HISTORY = re.compile(r"^(?P<body>[A-ZÆØÅ][^\d:]{1,80}?)\s+den\s+(?P<date>\S.{4,25}?)\s+Punkt\s+\d{1,3}$")
_SUB_POINT = re.compile(r"^[a-zæøå]\.(?:\s+\S.*)?$")  # "a." alone (XML) or "a. Møder og konferencer" (PDF)
_NOT_TAKING_PART = re.compile(r"^Følgende\s+deltog\s+ikke\b[^:]*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"^\d{4}\s*[-–]\s*\d{3,8}\s+[-–]\s+\S")  # "2012-208960 - <title>" ("2012–200292" too)
_NONE = re.compile(r"^(?:ingen(?:\s+bilag)?|-|—)\.?$", re.IGNORECASE)
_LETTER_POINT = re.compile(r"^(?P<letter>[A-ZÆØÅ])\s?\)\s*(?P<text>.*)$")
_NOT_ITEM_HEADINGS = frozenset({"fravaerende", "deltagere", "intro"})
_INTRO = Heading("intro", "")


@dataclass
class _Open:
    """A section being collected."""

    head: Heading
    first: int
    lines: list[Line] = field(default_factory=list)

    def last(self) -> int:
        return max((no for no, text in self.lines if text), default=self.first)


@dataclass
class _Scan:
    """What the scan of an item's lines found, in document order."""

    cases: list[CaseNumber] = field(default_factory=list)
    history: list[EarlierTreatment] = field(default_factory=list)
    sections: list[_Open] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    absent: list[Line] = field(default_factory=list)  # the names after "Følgende deltog ikke …"


def read_item(lines: Sequence[Line], order: int, title: str | None, body: str,
              closed: bool = False, file: str | None = None) -> AgendaItem:
    """The item whose heading is the first non-blank line of ``lines``; ``title`` (the contents
    entry or the XML's title field) tells how far a wrapped heading goes."""
    start = next((i for i, (_, text) in enumerate(lines) if text), None)
    m = ITEM_HEADING.match(lines[start][1]) if start is not None else None
    if m is None:
        line = lines[start][0] if start is not None else (lines[0][0] if lines else None)
        raise ParseError("eDoc item without its heading 'N. <title>'", file=file, line=line)
    heading, rest = _join_title(m["title"], lines[start + 1:], title)
    scan = _scan(rest, body)
    content = [no for no, text in lines if text]
    item = AgendaItem(
        number=m["n"], order=order, title=heading, raw_title=heading, cases=scan.cases, closed=closed,
        sections=[Section(kind=s.head.kind, heading=s.head.heading, text=join_paragraphs(s.lines),
                          lines=(s.first, s.last())) for s in scan.sections],
        attachments=scan.attachments, history=scan.history, lines=(lines[start][0], content[-1]),
    )
    _fill(item, scan, body)
    return item


def _join_title(text: str, rest: Sequence[Line], target: str | None) -> tuple[str, Sequence[Line]]:
    """The heading joined with the lines a PDF wrapped it onto, and the lines after it. With a
    target title, lines are joined while they spell more of it; without one, a line is joined
    only when the case stamp follows it directly."""
    i = 0
    while i < len(rest) and rest[i][1]:
        joined = f"{text} {rest[i][1]}"
        if target is not None:
            if not title_key(target).startswith(title_key(joined)) or title_key(text) == title_key(target):
                break
        elif i + 1 >= len(rest) or not SAGSNR.match(rest[i + 1][1]) or _is_boundary(rest[i][1]):
            break
        text, i = joined, i + 1
    return " ".join(text.split()), rest[i:]


def _is_boundary(text: str) -> bool:
    return bool(SAGSNR.match(text) or DOKNR.match(text) or _heading(text))


def _heading(text: str) -> Heading | None:
    """The field or decision heading ``text`` is, or None ("… beslutning den 04.12.2012 Punkt 2"
    is a decision heading once its item reference is set aside)."""
    if len(text) > 160:
        return None
    head = classify(text)
    if head is None and "eslutning" in text and (bare := _PUNKT.sub("", text)) != text:
        head = classify(bare)
        if head is not None:
            head = Heading(head.kind, text, head.body, head.date)
    return head if head is not None and head.kind not in _NOT_ITEM_HEADINGS else None


def _scan(lines: Sequence[Line], body: str) -> _Scan:
    scan = _Scan()
    lines = _join_wrapped_headings(lines)
    current: _Open | None = None
    sub_points = False  # a list of notices "a.", "b." …: headings in it are body text
    bilag = False  # collecting attachment lines
    previous_attachment = False  # the line before was (part of) an attachment title
    for no, text in lines:
        if not text:
            previous_attachment = False
            if current is not None:
                current.lines.append((no, ""))
            continue
        if (absent := _NOT_TAKING_PART.match(text)) is not None:
            current, bilag = None, False
            scan.absent.append((no, absent["rest"]))
            continue
        in_intro = not scan.sections or (current is not None and current.head.kind == "intro")
        head = _heading(text)
        if head is None and in_intro and not sub_points and _stamp(scan, no, text, bool(scan.sections)):
            continue
        if head is None and current is None and scan.absent:
            scan.absent.append((no, text))  # a name of one who took no part
            continue
        if head is not None and (not sub_points or head.kind == "beslutning"):
            current, sub_points = _wrapped_decision(current, head, no, body), False
            bilag, previous_attachment = head.kind == "bilag", False
            scan.sections.append(current)
            continue
        if in_intro and _SUB_POINT.match(text):
            sub_points, bilag = True, False
        elif sub_points and head is not None and head.kind == "bilag":
            bilag, previous_attachment = True, False
        elif bilag:
            previous_attachment = _attachment(scan.attachments, no, text, previous_attachment, sub_points)
            bilag = bilag and (previous_attachment or not sub_points)
        if current is None:
            current = _Open(_INTRO, no)
            scan.sections.append(current)
        current.lines.append((no, text))
    return scan


def _join_wrapped_headings(lines: Sequence[Line]) -> list[Line]:
    """Decision headings the PDF wrapped ("… beslutning den 07.01.2013 Punkt" / "1") joined
    again: a line naming a decision that is a heading only together with the next line. The
    next line is left blank, so line numbers stay.

    >>> _join_wrapped_headings([(1, "Udvalgets beslutning den 07.01.2013 Punkt"), (2, "1"), (3, "Godkendt")])
    [(1, 'Udvalgets beslutning den 07.01.2013 Punkt 1'), (2, ''), (3, 'Godkendt')]
    """
    out = list(lines)
    for k in range(len(out) - 1):
        (no, text), (next_no, following) = out[k], out[k + 1]
        if "eslutning" in text and following and len(following) < 80 and _heading(text) is None:
            head = _heading(f"{text} {following}")
            if head is not None and head.kind == "beslutning":
                out[k], out[k + 1] = (no, f"{text} {following}"), (next_no, "")
    return out


def _wrapped_decision(current: _Open | None, head: Heading, no: int, body: str) -> _Open:
    """A decision heading whose body name was wrapped ("Udvalget for Plan, Udvikling og" /
    "Kulturs beslutning den …"): when the line before it and the body it names spell the
    meeting's body, that line is the heading's start, not text of the section before."""
    if head.kind == "beslutning" and head.body and current is not None and current.lines:
        before_no, before = current.lines[-1]
        if before and before_no == no - 1 and title_key(f"{before} {head.body}") == title_key(body):
            current.lines.pop()
            return _Open(Heading(head.kind, f"{before} {head.heading}", f"{before} {head.body}", head.date), before_no)
    return _Open(head, no)


def _stamp(scan: _Scan, no: int, text: str, started: bool) -> bool:
    """Read eDoc's item stamp: the case number, the document number (dropped) and a line naming
    an earlier treatment. True when the line was one of them."""
    if SAGSNR.match(text):
        case = case_line(text)
        if case is not None and case not in scan.cases:
            scan.cases.append(case)
        return True
    if DOKNR.match(text):
        return True  # eDoc's document number: not a case number, kept nowhere
    if not started and (m := _HISTORY.match(text)) is not None and (date := find_date(m["date"])):
        scan.history.append(EarlierTreatment(body=m["body"], date=date, line=no))
        return True
    return False


def _attachment(out: list[Attachment], no: int, text: str, previous: bool, sub_points: bool) -> bool:
    """Add a "Bilag" line; True when the line is (part of) an attachment title."""
    if _DOC_NUMBER.match(text):
        out.append(Attachment(title=text, line=no))
        return True
    if _NONE.match(text):
        return False
    if previous and out and _DOC_NUMBER.match(out[-1].title):  # the title was wrapped (PDF)
        out[-1].title += " " + text
        return True
    if sub_points:
        return False
    out.append(Attachment(title=text, line=no))
    return True


def _fill(item: AgendaItem, scan: _Scan, body: str) -> None:
    """Recommendation, decisions and attendance from the sections."""
    for s in scan.sections:
        if s.head.kind == "indstilling" and item.recommendation is None and any(t for _, t in s.lines):
            item.recommendation = recommendation(s.lines, (s.first, s.last()))
        elif s.head.kind == "beslutning":
            name = s.head.body
            if name is not None and name.casefold() == body.casefold():
                name = body
            item.decisions.append(Decision(body=name, date=s.head.date, text=join_paragraphs(s.lines),
                                           answers=parse_answers(s.lines), lines=(s.first, s.last())))
    item.attendance = _attendance(item, scan)


def _attendance(item: AgendaItem, scan: _Scan) -> list[Attendance]:
    """Who took no part in the item (the names after eDoc's closing line), and any attendance
    lines written into a decision ("Fraværende: …")."""
    found = [a.model_copy(update={"item": item.order})
             for no, text in scan.absent if text for a in entries_from_list(text, "absent", no)]
    for s in scan.sections:
        if s.head.kind == "beslutning" and may_be_attendance(join_paragraphs(s.lines)):
            found += parse_attendance([ln for ln in s.lines if ln[1]], item=item.order)
    return merge(found)


def recommendation(lines: list[Line], span: tuple[int, int]) -> Recommendation:
    """The Indstilling: the proposer ("Center for Ejendomme indstiller, at") and its points,
    lettered "A)", "B)" in eDoc (the letter alone on its line in the XML, its text below).

    >>> rec = recommendation([(1, "Centret indstiller, at"), (2, "A)"), (3, "Planen godkendes."), (4, "B) Nej.")],
    ...                      (1, 4))
    >>> rec.proposer, [(p.number, p.text) for p in rec.points]
    ('Centret', [(1, 'Planen godkendes.'), (2, 'Nej.')])
    """
    rec = parse_recommendation(lines, span)
    points: list[RecommendationPoint] = []
    for no, text in lines:
        if (m := _LETTER_POINT.match(text)) is not None:
            points.append(RecommendationPoint(number=len(points) + 1, text=m["text"].strip(), line=no))
        elif text and points:
            points[-1].text = f"{points[-1].text} {text}".strip()
    if points:
        rec.points = points
    return rec
