"""One SBSYS item's fields → sections, recommendation, decision and earlier treatments.

An item's text is a list of ``ItemField`` records, each the field of the case template with its
caption and its HTML content::

    <ItemField ID="473">
      <Caption>Tidligere behandling</Caption>     the field's name: the section heading
      <HasContent>True</HasContent>                False: the field is empty and not shown
      <Index>1</Index>                             its place in the item
      <IsFeedback>False</IsFeedback>               True: filled in at the meeting (Beslutning)
      <Content><![CDATA[<p>…</p>]]></Content>      HTML, with entities such as &aelig;
    </ItemField>

Sections are the fields with content, in ``Index`` order, headed by their caption (a field
without a caption, as standing items have, is the item's introduction). The Indstilling gives
the recommendation: its proposer ("<who> indstiller, at") and its points, the items of its
top-level lists — SBSYS templates letter them ``A.``, ``B.`` (``list-style-type: upper-alpha``),
so the letters are no sign of sub-points here; nested lists are. A feedback field named a
decision (Beslutning) with content is the decision of this meeting; "Fraværende: …" lines in it
are absences. "Tidligere behandling" lists earlier treatments, one a paragraph:
"<body> den <date> [Punkt N]" (or "Beslutning i <body> den <date>", "<date> <body>"), each
followed by the decision taken there, if the field quotes it.

>>> f = read_fields([Field("Tidligere behandling", "<p>Udvalget den 5.&nbsp;december 2012 Punkt 3</p>", 30),
...                  Field("Indstilling", "<p>Centeret indstiller, at</p><ol style='list-style-type: upper-alpha'>"
...                        "<li>A godkendes</li><li>B godkendes</li></ol>", 40)], item=2)
>>> [s.heading for s in f.sections], f.recommendation.proposer, len(f.recommendation.points)
(['Tidligere behandling', 'Indstilling'], 'Centeret', 2)
>>> [(h.body, h.date.isoformat(), h.decision) for h in f.history]
[('Udvalget', '2012-12-05', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from referatgraf.parse.dates import NUMERIC_DATE, find_date
from referatgraf.parse.attendance import absences
from referatgraf.parse.html_blocks import Block, collapse, html_blocks, parse_fragment
from referatgraf.parse.model import (Attendance, Decision, EarlierTreatment, Recommendation,
                                     RecommendationPoint, Section)
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import classify, decision_heading, join_paragraphs

_DATE = rf"(?:{NUMERIC_DATE}|\d{{1,2}}\.\s*[a-zæøå]+\.?\s+\d{{4}})"
# "KMB IT-udvalget den 5. december 2012 Punkt 3" / "Økonomiudvalget d. 03-12-2019, pkt. 7:"
_BODY_ON_DATE = re.compile(rf"^(?P<body>[^\d\s].{{0,100}}?),?\s+(?:den|d\.)\s+(?P<date>{_DATE})"
                           r"(?:\s*[,.]?\s*(?:punkt|pkt\.?)\s*\d+[a-z]?)?\s*[.:]?$", re.IGNORECASE)
# "05-12-2012 KMB IT-udvalget" (the form FirstAgenda's "Sagens forløb" uses)
_DATE_THEN_BODY = re.compile(rf"^(?P<date>{NUMERIC_DATE})\s*[:,-]?\s+(?P<body>[^\d\s].{{0,100}}?)\s*[.:]?$")
_ITEM_SUFFIX = re.compile(r"[,.]?\s*(?:punkt|pkt\.?)\s*\d+[a-z]?\s*[.:]?$", re.IGNORECASE)


@dataclass
class Field:
    """One ``ItemField``: caption, HTML content, the line its content starts on."""

    caption: str
    html: str
    line: int
    feedback: bool = False


@dataclass
class ItemFields:
    """What an item's fields say, ready to put on an AgendaItem."""

    sections: list[Section] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    recommendation: Recommendation | None = None
    history: list[EarlierTreatment] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)


def read_fields(fields: list[Field], item: int) -> ItemFields:
    """Read an item's fields (in their order); ``item`` is the item's order (for attendance)."""
    out = ItemFields()
    for f in fields:
        root = parse_fragment(f.html)
        blocks = html_blocks(root, lambda n, first=f.line: first + (n or 1) - 1)
        if blocks:
            _field(f, root, blocks, out, item)
    return out


def field_kind(caption: str, feedback: bool) -> str:
    """The section kind of a field: its caption's (parse.sections), else "other"; without a
    caption, a feedback field is the decision and any other the item's introduction.

    >>> field_kind("Beslutningen træffes af", False), field_kind("Bemærkninger", True), field_kind("", True)
    ('kompetence', 'other', 'beslutning')
    """
    if not caption:
        return "beslutning" if feedback else "intro"
    heading = classify(caption)
    return heading.kind if heading is not None else "other"


def _field(f: Field, root: etree._Element, blocks: list[Block], out: ItemFields, item: int) -> None:
    kind = field_kind(f.caption, f.feedback)
    lines = [(b.line, b.text) for b in blocks]
    span = (f.line, max(b.line for b in blocks))
    out.sections.append(Section(kind=kind, heading=f.caption, text=join_paragraphs(lines), lines=span))
    if kind == "beslutning":
        named = decision_heading(f.caption, marked=True) if f.caption else None
        out.decisions.append(Decision(body=named.body if named else None, date=named.date if named else None,
                                      text=join_paragraphs(lines), answers=parse_answers(lines), lines=span))
        out.attendance += [a for b in blocks for a in absences(b.text, b.line, item)]
    elif kind == "fravaerende":
        label = f.caption[:1].upper() + f.caption[1:].lower()
        out.attendance += [a for b in blocks for a in absences(f"{label}: {b.text}", b.line, item)]
    elif kind == "indstilling" and out.recommendation is None:
        out.recommendation = parse_recommendation(lines, span)
        points = list_points(root, blocks)
        if points:
            out.recommendation.points = points
    elif kind == "tidligere_beslutninger":
        out.history += treatments(blocks)


def list_points(root: etree._Element, blocks: list[Block]) -> list[RecommendationPoint]:
    """The items of the field's top-level lists, in order (nested lists are sub-points)."""
    line_of = {id(b.element): b.line for b in blocks if b.element is not None}
    tops = [li for li in root.iter("li") if not any(a.tag == "li" for a in li.iterancestors())]
    default = blocks[0].line if blocks else 1
    return [RecommendationPoint(number=k, text=collapse(li.text_content()), line=line_of.get(id(li), default))
            for k, li in enumerate(tops, start=1) if collapse(li.text_content())]


def treatments(blocks: list[Block]) -> list[EarlierTreatment]:
    """Earlier treatments: a "<body> den <date>" paragraph each, then the decision quoted there.

    >>> from referatgraf.parse.html_blocks import html_blocks
    >>> t = treatments(html_blocks("<p>Beslutning i Økonomiudvalget den 03-12-2019</p><p>Anbefalet.</p>"
    ...                            "<p>12-12-2019 Byrådet</p>"))
    >>> [(x.body, x.date.isoformat(), x.decision) for x in t]
    [('Økonomiudvalget', '2019-12-03', 'Anbefalet.'), ('Byrådet', '2019-12-12', None)]
    """
    found: list[EarlierTreatment] = []
    texts: list[list[tuple[int, str]]] = []
    for b in blocks:
        named = _treatment(b.text)
        if named is not None:
            found.append(EarlierTreatment(body=named[0], date=named[1], line=b.line))
            texts.append([])
        elif texts:
            texts[-1].append((b.line, b.text))
    for treatment, lines in zip(found, texts):
        treatment.decision = join_paragraphs(lines) or None
    return found


def _treatment(text: str):  # noqa: ANN202 - (body, date) or None
    text = collapse(text)
    heading = decision_heading(_ITEM_SUFFIX.sub("", text)) if "eslutning" in text.lower() else None
    if heading is not None and heading.body and heading.date:
        return heading.body, heading.date
    for pattern in (_BODY_ON_DATE, _DATE_THEN_BODY):
        m = pattern.match(text)
        date = find_date(m["date"]) if m else None
        if m is not None and date is not None:
            return m["body"].strip(" ,"), date
    return None
