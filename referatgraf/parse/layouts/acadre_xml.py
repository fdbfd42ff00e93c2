"""Layout ``acadre-xml``: Acadre MM's XML of a meeting (its database records), the twin of its PDF.

The records (see :mod:`referatgraf.parse.acadre.records`) map onto the same facts the PDF gives:
the body from the committee record, date, time, place and the meeting's own name from the
meeting record, attendance from its ``meetmember`` records (``absent`` flag), and per
``agendaitemparents`` record one item: its number from ``sort`` (Acadre's running number, as
the PDF prints it), title, case number and access from the ``agendaitem`` record, its fields
from the ``bullet`` records (heading ``bulletname``, HTML ``bulletcontent`` read with lxml; empty
ones are left out, as in the PDF), attachments from the ``enclosure`` records. The items are
then built by the same rules as the PDF's (:mod:`referatgraf.parse.acadre.item`), so both twins
give the same items, case numbers and decisions.

Sniffed on Acadre's record shape: the document element opens with the ``table name="agenda"``
record and its ``fields`` / ``field name="…"`` — 1.0, parsed or not, so that the error of a
broken Acadre file (file and line) is the one reported. Characters XML 1.0 forbids are repaired
with a warning, as for eDoc.

>>> from referatgraf.parse.reader import read_bytes
>>> doc = '''<?xml version="1.0"?>
... <root><table name="agenda"><fields><field name="name">Referat</field></fields>
... <table name="committee"><fields><field name="name">Udvalget</field></fields></table>
... <table name="meeting"><fields><field name="date">2013-06-20 10:30</field></fields></table>
... <table name="agendaitemparents"><fields><field name="sort">715</field></fields>
... <table name="agendaitem"><fields><field name="name">Budget</field><field name="caseno">12/27845</field></fields>
... <table name="bullet"><fields><field name="bulletname">Beslutning i Udvalget den 20-06-2013</field>
... <field name="bulletcontent">&lt;p&gt;Godkendt.&lt;/p&gt;</field></fields></table>
... </table></table></table></root>'''
>>> src = read_bytes(doc.encode(), "m.xml")
>>> LAYOUT.sniff(src)
1.0
>>> m = LAYOUT.parse(src)
>>> m.body, m.start_time, m.items[0].number, m.items[0].case_numbers, m.items[0].decision.text
('Udvalget', '10:30', '715', ['12/27845'], 'Godkendt.')
"""

from __future__ import annotations

import re

from lxml import etree

from referatgraf.parse.acadre.front import AcadreHeader, absent_wins, kind_of
from referatgraf.parse.acadre.item import Field, ItemParts, build_item
from referatgraf.parse.acadre.meeting import build_meeting
from referatgraf.parse.acadre.records import child, descendants, last_line, parse_xml, raw_value, records, value
from referatgraf.parse.acadre.text import case_number, numbered
from referatgraf.parse.attendance import entries_from_list
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.xml_text import repair
from referatgraf.parse.errors import ParseError
from referatgraf.parse.html_blocks import html_blocks
from referatgraf.parse.layouts import register
from referatgraf.parse.model import Attachment, Attendance, Meeting, ParseWarning
from referatgraf.parse.source import SourceText

_SHAPE = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<[A-Za-z_][\w.-]*\s*>\s*"
                    r"<table\s+name\s*=\s*[\"']agenda[\"']\s*>\s*<fields\s*>\s*<field\s+name\s*=", re.DOTALL)
_RECORDS = re.compile(r"<table\s+name\s*=\s*[\"'][^\"']+[\"']\s*>\s*<fields\s*>\s*<field\s+name\s*=")
_ITEM_ABSENCE = {"absent": "Fraværende", "excuse": "Afbud"}  # agendaitem fields → reason
_TRUE = {"1", "true", "ja", "yes"}


class AcadreXmlLayout:
    name = "acadre-xml"

    def sniff(self, source: SourceText) -> float:
        """1.0 for a document element opening with Acadre's ``agenda`` record; else 0."""
        return 1.0 if _SHAPE.match(source.text[:4000]) else 0.0

    def explain(self, source: SourceText) -> str | None:
        head = source.text[:4000]
        if not _SHAPE.match(head) and _RECORDS.search(head):
            return "acadre-xml: 'table'/'field name=…' records, but the document does not open with the 'agenda' record"
        return None

    def parse(self, source: SourceText) -> Meeting:
        text, warnings = repair(source.text)
        return _Reader(source, parse_xml(text, source.name), warnings).meeting()


class _Reader:
    def __init__(self, source: SourceText, root: etree._Element, warnings: list[ParseWarning]) -> None:
        self.source, self.file, self.warnings = source, source.name, warnings
        self.agenda = root if root.get("name") == "agenda" else child(root, "agenda", self.file)

    def meeting(self) -> Meeting:
        header = self.header()
        parts = sorted((self.item(p) for p in descendants(self.agenda, "agendaitemparents")),
                       key=lambda p: int(p.number) if p.number.isdigit() else 0)
        items = [build_item(p, order, header.body or "", header.date) for order, p in enumerate(parts, start=1)]
        return build_meeting(self.source, header, items, [], AcadreXmlLayout.name, "application/xml", self.warnings)

    def header(self) -> AcadreHeader:
        committee = child(self.agenda, "committee", self.file)
        meeting = child(self.agenda, "meeting", self.file)
        when = value(meeting, "date", required=self.file)
        date = find_date(when)
        if date is None:
            raise ParseError(f"Acadre 'meeting' record whose 'date' field is not a date: {when!r}", file=self.file,
                             line=raw_value(meeting, "date")[1])
        return AcadreHeader(
            kind=kind_of(value(self.agenda, "name")), body=value(committee, "name", required=self.file),
            title=value(meeting, "name") or None, date=date, start_time=find_time(when),
            location=value(meeting, "location") or None, system_id=value(meeting, "sysid") or None,
            attendance=self.attendance(meeting), first=self.agenda.sourceline, last=last_line(meeting))

    def attendance(self, meeting: etree._Element) -> list[Attendance]:
        """The meeting's members (``meetmember``), absent where their ``absent`` flag says so."""
        out: list[Attendance] = []
        for group in records(meeting, "meetmember"):
            for member in records(group, "member"):
                status = "absent" if value(member, "absent").casefold() in _TRUE else "present"
                out += entries_from_list(value(member, "name"), status, member.sourceline or 1)
        return absent_wins(out)

    def item(self, parent: etree._Element) -> ItemParts:
        number = value(parent, "sort", required=self.file)
        record = child(parent, "agendaitem", self.file)
        title = value(record, "name")
        if not title:
            raise ParseError(f"Acadre 'agendaitem' record (item {number}) without its title: expected a non-empty "
                             "'name' field", file=self.file, line=record.sourceline)
        parts = ItemParts(number=number, title=title, first=parent.sourceline or 1, last=last_line(parent),
                          closed=_closed(record), fields=self.fields(record), attachments=_attachments(record))
        if caseno := value(record, "caseno"):
            case = case_number(caseno)
            if case is None:
                self.warnings.append(ParseWarning(code="case-number", line=record.sourceline,
                                                  message=f"item {number}: 'caseno' {caseno!r} is no case number"))
            else:
                parts.cases.append(case)
        for name, reason in _ITEM_ABSENCE.items():
            if names := value(record, name):
                parts.attendance += [a.model_copy(update={"status": "absent", "reason": reason})
                                     for a in entries_from_list(names, "absent", record.sourceline or 1)]
        return parts

    def fields(self, record: etree._Element) -> list[Field]:
        """The item's ``bullet`` records in their sort order, each a heading and its text lines."""
        bullets = sorted(enumerate(records(record, "bullet")),
                         key=lambda kb: (_int(value(kb[1], "bulletsortorder")), kb[0]))
        out = []
        for _, bullet in bullets:
            content, first = raw_value(bullet, "bulletcontent")
            lines = [(no, text) for no, text in numbered_blocks(content, first)]
            heading = value(bullet, "bulletname")
            if not heading and any(text for _, text in lines):
                raise ParseError("Acadre 'bullet' record with text but without its heading: expected a non-empty "
                                 "'bulletname' field", file=self.file, line=bullet.sourceline)
            out.append(Field(heading, raw_value(bullet, "bulletname")[1], lines))
        return out


def numbered_blocks(html: str, first: int) -> list[tuple[int, str]]:
    """The lines of a field's HTML, numbered as lines of the file (the HTML starts on ``first``),
    bullet glyphs as the PDF's reader writes them."""
    if not html.strip():
        return []
    blocks = html_blocks(html, lambda n: first + (n or 1) - 1)
    return [(block.line, text) for block in blocks for _, text in numbered([block.text]) if text]


def _closed(record: etree._Element) -> bool:
    """Acadre's access: ``accessname`` "Lukket", or an ``access`` other than 1 (open)."""
    name = value(record, "accessname")
    if name:
        return name.casefold().startswith("lukket")
    access = value(record, "access")
    return bool(access) and access != "1"


def _attachments(record: etree._Element) -> list[Attachment]:
    enclosures = sorted(enumerate(records(record, "enclosure")), key=lambda ke: (_int(value(ke[1], "sort")), ke[0]))
    return [Attachment(title=title, line=e.sourceline or 1) for _, e in enclosures if (title := value(e, "name"))]


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


LAYOUT = register(AcadreXmlLayout())
