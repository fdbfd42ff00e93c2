"""Layout ``edoc-xml``: eDoc's agenda-publishing XML of a meeting, the twin of its PDF.

Shape (element names as eDoc writes them)::

    Meeting
      Committee                      the body
      MeetingDate                    "04-12-2012 13:00:00" (day-month-year, local time)
      MeetingAgendaTypes/MeetingAgendaType     one per part
        AgendaType                   "Åben dagsorden" / "Lukket dagsorden" (closed items)
        MeetingAgendaItems/MeetingAgendaItem   in no particular order
          AgendaItemNumber           the item's number
          Document/Title             its title (Document/Attachments: eDoc's attachment records)
          FullText                   the item's text, as in the PDF
        FullText                     the whole part's text: meeting header, contents list, items

Body and date come from the fields; place, participants and the contents list from the part's
``FullText`` header; each item's case number, fields, attachments ("Bilag" lines, as the PDF
has them) and decision from its own ``FullText``, read by the same rules as the PDF
(:mod:`referatgraf.parse.edoc`), so both twins give the same facts. Items are ordered by number.

Sniffed on eDoc's element names: the root ``Meeting`` holding ``MeetingAgendaTypes`` and
``MeetingAgendaItem`` / ``AgendaItemNumber`` elements. A file with these names that does not
parse is still claimed, so its error (file and line) is the one reported.

>>> from referatgraf.parse.reader import read_bytes
>>> doc = '''<?xml version="1.0"?><Meeting><Committee>Udvalget</Committee>
... <MeetingDate>04-12-2012 13:00:00</MeetingDate><MeetingAgendaTypes><MeetingAgendaType>
... <AgendaType>Åben dagsorden</AgendaType><MeetingAgendaItems><MeetingAgendaItem>
... <AgendaItemNumber>1</AgendaItemNumber><Document><Title>Budget</Title></Document>
... <FullText>1.&#9;Budget
...
... Sagsnr.: 2012-28504
... Dok.nr.: 2012-203438&#xC;
... Udvalgets beslutning den 04.12.2012 Punkt 1
... Godkendt</FullText></MeetingAgendaItem></MeetingAgendaItems></MeetingAgendaType>
... </MeetingAgendaTypes></Meeting>'''
>>> src = read_bytes(doc.encode(), "m.xml")
>>> LAYOUT.sniff(src)
0.98
>>> m = LAYOUT.parse(src)
>>> m.body, m.start_time, m.items[0].title, m.items[0].case_numbers, [w.line for w in m.report.warnings]
('Udvalget', '13:00', 'Budget', ['2012-28504'], [8])
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.edoc.front import EdocHeader, EdocTocEntry, read_header, read_toc
from referatgraf.parse.edoc.item import read_item
from referatgraf.parse.edoc.meeting import build_meeting, finish_items
from referatgraf.parse.edoc.text import strip_page_headers
from referatgraf.parse.edoc.xml import child_text, parse_xml, text_lines
from referatgraf.parse.xml_text import repair
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.layouts import register
from referatgraf.parse.model import AgendaItem, Meeting, ParseWarning
from referatgraf.parse.source import SourceText

_ROOT = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<Meeting[\s>]", re.DOTALL)
_MARKERS = ("<MeetingAgendaTypes", "<MeetingAgendaItem", "<AgendaItemNumber")


class EdocXmlLayout:
    name = "edoc-xml"

    def sniff(self, source: SourceText) -> float:
        """0.98 for a ``Meeting`` root with eDoc's agenda elements (parsed or not); else 0."""
        head = "\n".join(source.lines[:20])
        if not _ROOT.match(head):
            return 0.0
        text = source.text
        return 0.98 if all(marker in text for marker in _MARKERS) else 0.0

    def explain(self, source: SourceText) -> str | None:
        if _ROOT.match("\n".join(source.lines[:20])):
            return "edoc-xml: a 'Meeting' root but not eDoc's 'MeetingAgendaTypes'/'MeetingAgendaItem' elements"
        return None

    def parse(self, source: SourceText) -> Meeting:
        text, warnings = repair(source.text)
        root = parse_xml(text, source.name)
        if root.tag != "Meeting" or root.find("MeetingAgendaTypes") is None:
            raise UnrecognisedLayout("unrecognised layout: edoc-xml reader: expected a 'Meeting' root "
                                     "holding 'MeetingAgendaTypes'", file=source.name, line=root.sourceline)
        return _Reader(source, root, warnings).meeting()


class _Reader:
    def __init__(self, source: SourceText, root: etree._Element, warnings: list[ParseWarning]) -> None:
        self.source, self.root, self.warnings = source, root, warnings
        self.parts = root.findall("MeetingAgendaTypes/MeetingAgendaType")

    def meeting(self) -> Meeting:
        header, toc = self.front()
        items, notes = finish_items([item for part in self.parts for item in self.items(part, header.body or "")], toc)
        return build_meeting(self.source, header, items, toc, EdocXmlLayout.name, "application/xml",
                             self.warnings + notes)

    def front(self) -> tuple[EdocHeader, list[EdocTocEntry]]:
        """Body and date from the fields; place, attendance and contents from the first part's
        ``FullText`` (its meeting header)."""
        lines = strip_page_headers(text_lines(self.parts[0].find("FullText"))) if self.parts else []
        header = read_header(lines)
        toc, _ = read_toc(lines, header.end)
        header.body = child_text(self.root, "Committee") or header.body
        when = child_text(self.root, "MeetingDate")
        date = _day_month_year(when)
        if date is not None:
            header.date, header.start_time = date, find_time(when) or header.start_time
        header.first = header.first or self.root.sourceline
        return header, toc

    def items(self, part: etree._Element, body: str) -> list[AgendaItem]:
        closed = child_text(part, "AgendaType").casefold().startswith("lukket")
        return [self.item(element, body, closed) for element in part.findall("MeetingAgendaItems/MeetingAgendaItem")]

    def item(self, element: etree._Element, body: str, closed: bool) -> AgendaItem:
        number = child_text(element, "AgendaItemNumber")
        title = child_text(element, "Document/Title") or child_text(element, "Document/AgendaItems/AgendaItem/Name")
        if not number:
            raise ParseError("eDoc item without 'AgendaItemNumber'", file=self.source.name, line=element.sourceline)
        lines = strip_page_headers(text_lines(element.find("FullText")))
        if not any(text for _, text in lines):  # no text published (a closed item): the fields alone
            return AgendaItem(number=number, title=title or number, raw_title=title or number, closed=closed,
                              lines=(element.sourceline, element.sourceline))
        item = read_item(lines, 0, title or None, body, closed, self.source.name)
        if item.number != number:
            raise ParseError(f"eDoc item numbered {number} in 'AgendaItemNumber' but '{item.number}.' in its text",
                             file=self.source.name, line=item.lines[0])
        return item


def _day_month_year(text: str) -> dt.date | None:
    """eDoc's "04-12-2012 13:00:00" (day first)."""
    return find_date(text) if text else None


LAYOUT = register(EdocXmlLayout())
