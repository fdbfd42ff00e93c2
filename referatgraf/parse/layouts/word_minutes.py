"""Layout ``word-minutes``: minutes written in Word from an administration's own template.

No meeting system writes these: an internal forum's secretary fills in a Word template and saves
it as PDF. The shape (see :mod:`referatgraf.parse.word.header` and
:mod:`referatgraf.parse.word.items`)::

    Tværgående møder                organisation lines
    Referat                         the kind
    Mødesystemgruppen               the body
    Dato: / Tid: / Sted:            fields, inline or as a label column and a value column
    Deltagere: … / Afbud: … / Fraværende:
    1 First Agenda                  a group heading over its sub-items
    1.1 Status siden sidst          an item: outline number as written, title
    Oplæg: …                        what was presented
    Referat: …                      what was noted and decided: the decision
    2 GetOrganized

No case numbers, no contents list. Sniffed on the template's own markers together: items with
outline numbers carrying "Oplæg:" / "Referat:" labels (at least two such items) under a minutes
header (a "Referat"/"Dagsorden" line or two of its fields) — a "Punkt N:" document or a meeting
system's export has neither.

>>> from referatgraf.parse.reader import read_bytes
>>> text = '''Referat
... Styregruppen
... Dato: 1. marts 2024
... Tid: 13:00 - 15:00
... Deltagere: Bo Holm, Eva Dam
... 1 Drift
... 1.1 Status siden sidst
... Oplæg: Kort status.
... Referat: Taget til efterretning.
... 1.2 Plan for foråret
... Oplæg:
... Referat:
... 2 Eventuelt
... Referat:'''
>>> src = read_bytes(text.encode(), "m.txt")
>>> LAYOUT.sniff(src)
0.85
>>> m = LAYOUT.parse(src)
>>> m.body, m.start_time, [(i.number, i.title, bool(i.decisions)) for i in m.items]
('Styregruppen', '13:00', [('1', 'Drift', False), ('1.1', 'Status siden sidst', True), ('1.2', 'Plan for foråret', False), ('2', 'Eventuelt', False)])
"""

from __future__ import annotations

from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.attendance import absences
from referatgraf.parse.layouts import register
from referatgraf.parse.model import (AgendaItem, Attachment, Decision, Meeting, ParseReport, Section,
                                     SourceDocument)
from referatgraf.parse.source import SourceText
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.titles import split_title
from referatgraf.parse.word.header import WordHeader, is_header, read_header
from referatgraf.parse.word.items import Heading, Line, find_headings, has_marker_label, read_parts

_MEDIA = {"application/pdf", "text/plain", "text/markdown"}
_MIN_LABELLED = 2
EXPECTED = ("outline-numbered items ('1', '1.1', '2' …) with 'Oplæg:' / 'Referat:' parts under a minutes "
            "header ('Referat'/'Dagsorden', 'Dato:', 'Deltagere:' …)")


def _lines(source: SourceText) -> list[Line]:
    return [(n, text.strip()) for n, text in enumerate(source.lines, start=1) if text.strip()]


def _scan(source: SourceText) -> tuple[list[Line], list[Heading], int, bool]:
    """(non-blank lines, headings, how many items carry the template's labels, header found)."""
    lines = _lines(source)
    headings = find_headings(lines) if source.media_type in _MEDIA else []
    bounds = [h.index for h in headings] + [len(lines)]
    labelled = sum(has_marker_label(lines[a + 1:b]) for a, b in zip(bounds, bounds[1:]))
    header = bool(headings) and is_header(lines[:headings[0].index])
    return lines, headings, labelled, header


class WordMinutesLayout:
    name = "word-minutes"

    def sniff(self, source: SourceText) -> float:
        """0.85 with a minutes header over labelled outline-numbered items; else 0."""
        _, headings, labelled, header = _scan(source)
        return 0.85 if header and labelled >= _MIN_LABELLED else 0.0

    def explain(self, source: SourceText) -> str | None:
        _, headings, labelled, header = _scan(source)
        if labelled >= _MIN_LABELLED and not header:
            return "word-minutes: 'Oplæg:'/'Referat:' items but no minutes header before the first one"
        return None

    def parse(self, source: SourceText) -> Meeting:
        lines, headings, labelled, header_found = _scan(source)
        if not (header_found and labelled >= _MIN_LABELLED):
            found = f"{len(headings)} outline-numbered headings, {labelled} with those parts"
            raise UnrecognisedLayout(f"unrecognised layout: word-minutes reader: expected {EXPECTED}; found {found}",
                                     file=source.name, line=lines[0][0] if lines else None)
        header = read_header(lines[:headings[0].index])
        _require(header, source, lines[0][0])
        items = _items(lines, headings)
        kind = "referat" if header.kind == "referat" or any(i.decisions for i in items) else "dagsorden"
        return Meeting(
            kind=kind, body=header.body or "", date=header.date, start_time=header.start_time, location=header.location,
            source=SourceDocument(file_name=source.name, sha256=source.sha256, media_type=source.media_type,
                                  encoding=source.encoding, line_count=len(source.lines)),
            items=items, attendance=header.attendance, report=ParseReport(layout=WordMinutesLayout.name),
            header_lines=(lines[0][0], max(headings[0].line - 1, lines[0][0])),
        )


def _require(header: WordHeader, source: SourceText, first: int) -> None:
    if not header.body:
        raise ParseError("Word-made minutes without the body's name (expected it on the line after "
                         "'Referat'/'Dagsorden')", file=source.name, line=header.kind_line or first)
    if header.date is None:
        raise ParseError("Word-made minutes without a meeting date (expected 'Dato: 6. oktober 2016' or a "
                         "'DD-MM-YYYY' line in the header)", file=source.name, line=header.kind_line or first)


def _items(lines: list[Line], headings: list[Heading]) -> list[AgendaItem]:
    bounds = [h.index for h in headings] + [len(lines)]
    return [_item(h, order, lines[a + 1 + h.extra:b], lines[b - 1][0])
            for order, (h, a, b) in enumerate(zip(headings, bounds, bounds[1:]), start=1)]


def _item(heading: Heading, order: int, body: list[Line], last: int) -> AgendaItem:
    title = split_title(heading.title)
    sections = read_parts(body)
    item = AgendaItem(number=heading.number, order=order, title=title.title, raw_title=heading.title,
                      closed=title.closed, presenters=title.presenters, planned_start=title.planned_start,
                      planned_end=title.planned_end, planned_minutes=title.planned_minutes, sections=sections,
                      lines=(heading.line, last))
    for section in sections:
        _use(section, body, item, order)
    return item


def _use(section: Section, body: list[Line], item: AgendaItem, order: int) -> None:
    """What a part adds besides its section: the decision, recommendation, attachments."""
    first, last = section.lines
    lines = [(n, t) for n, t in body if first <= n <= last]
    if section.heading:  # the label's own line carries the part's first text after the colon
        lines = [(n, t.split(":", 1)[1].strip()) if n == first else (n, t) for n, t in lines]
    if section.kind == "beslutning" and section.text:
        item.decisions.append(Decision(text=section.text, answers=parse_answers(lines), lines=section.lines))
        item.attendance += [a for n, t in lines for a in absences(t, n, order)]
    elif section.kind == "indstilling" and section.text and item.recommendation is None:
        item.recommendation = parse_recommendation(lines, section.lines)
    elif section.kind == "bilag":
        item.attachments += [Attachment(title=t, line=n) for n, t in lines if t]


LAYOUT = register(WordMinutesLayout())
