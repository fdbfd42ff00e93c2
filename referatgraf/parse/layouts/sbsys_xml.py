"""Layout ``sbsys-xml``: SBSYS eDagsorden's publication XML (bare, or in its zip).

Shape (element names as SBSYS writes them; values in CDATA)::

    Publication
      PublicationTypeAsValue        0 draft, 1 agenda ("Final"), 2 minutes (GeneratorSettings
                                    Draft / Final / Minutes); the skeleton has it on the Agenda
      Agendas/Agenda                one meeting
        Meeting  @ID
          Members/MeetingMember     Name "Doris Børger (A)", ParticipationStatusAsValue
          When                      "15-05-2013 16:30:00" (day first, local time)
          Where                     the place
        Name                        the agenda's name
        Committee/Name              the body
        Items/Item                  in agenda order
          Caption                   the title
          Case/Number               the case number; empty when the item has no case
          IsPublic                  False: a closed item
          Number                    the number as written
          Fields/ItemField          the item text (see :mod:`referatgraf.parse.sbsys.fields`)
          Enclosures/Enclosure      attachments: Name, FileName, InstantiationFilePathRelative
          Members/ItemMember        per-item participation
        Enclosures/Enclosure        every attachment again, with ItemNumber

The zip SBSYS ships (``Publication<N>.xml`` + ``Enclosures/``) reads the same: the reader
exposes its XML (:mod:`referatgraf.parse.sbsys.archive`) and an attachment whose file the
archive lacks is a warning. Items numbered "0" whose ID is the zero GUID ("Åbent referat",
"Lukket referat") are the publication's whole-document appendices, not agenda items.

Sniffed on SBSYS' element names: a ``Publication`` root holding ``Agendas``/``Agenda`` with a
``Meeting`` and ``Items``. A file with these names that does not parse is still claimed, so its
error (file and line) is the one reported.

>>> from referatgraf.parse.reader import read_bytes
>>> doc = '''<?xml version="1.0" encoding="utf-8"?>
... <Publication><PublicationTypeAsValue>2</PublicationTypeAsValue><Agendas><Agenda ID="7">
... <Meeting ID="3"><When><![CDATA[15-05-2013 16:30:00]]></When><Where>Lokale 3</Where></Meeting>
... <Committee><Name>Teknisk Udvalg</Name></Committee><Items><Item ID="1"><Caption>Budget</Caption>
... <Case><Number>13.02.00-P20-1-13</Number></Case><IsPublic>True</IsPublic><Number>1</Number>
... <Fields><ItemField><Caption>Beslutning</Caption><IsFeedback>True</IsFeedback><HasContent>True</HasContent>
... <Content><![CDATA[<p>Godkendt.</p>]]></Content></ItemField></Fields></Item></Items></Agenda></Agendas>
... </Publication>'''
>>> src = read_bytes(doc.encode(), "p.xml")
>>> LAYOUT.sniff(src)
0.98
>>> m = LAYOUT.parse(src)
>>> m.kind, m.body, m.date.isoformat(), m.start_time, m.location, m.items[0].case_numbers, m.items[0].decision.text
('referat', 'Teknisk Udvalg', '2013-05-15', '16:30', 'Lokale 3', ['13.02.00-P20-1-13'], 'Godkendt.')
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from referatgraf.parse.case_number import CaseNumber, parse_case_number
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.layouts import register
from referatgraf.parse.model import (AgendaItem, Attachment, Meeting, ParseReport, ParseWarning,
                                     SourceDocument)
from referatgraf.parse.source import SourceText
from referatgraf.parse.sbsys.archive import ArchiveSource
from referatgraf.parse.sbsys.fields import Field, read_fields
from referatgraf.parse.sbsys.members import meeting_members, members
from referatgraf.parse.sbsys.xml import end_line, flag, line_of, parse_publication, raw_at, text_at
from referatgraf.parse.titles import split_title

_ROOT = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<Publication[\s>/]", re.DOTALL)
_MARKERS = tuple(re.compile(rf"<{name}[\s>/]") for name in ("Agendas", "Agenda", "Meeting", "Items"))
_ZERO_GUID = "00000000-0000-0000-0000-000000000000"
_APPENDIX = re.compile(r"^(?:åbent|åben|lukket)\s+(?:referat|dagsorden)$", re.IGNORECASE)
MINUTES_TYPE = "2"  # PublicationTypeAsValue: 0 draft, 1 agenda, 2 minutes


def _where(source: SourceText) -> str:
    """The file named in errors: the zip's entry when the XML came out of one."""
    return source.where if isinstance(source, ArchiveSource) else source.name


class SbsysXmlLayout:
    name = "sbsys-xml"

    def sniff(self, source: SourceText) -> float:
        """0.98 for a ``Publication`` root with SBSYS' agenda elements (parsed or not); else 0."""
        if not _ROOT.match("\n".join(source.lines[:20])[:4000]):
            return 0.0
        text = source.text
        return 0.98 if all(marker.search(text) for marker in _MARKERS) else 0.0

    def explain(self, source: SourceText) -> str | None:
        if _ROOT.match("\n".join(source.lines[:20])[:4000]):
            return "sbsys-xml: a 'Publication' root but not SBSYS' 'Agendas/Agenda' with 'Meeting' and 'Items'"
        return None

    def parse(self, source: SourceText) -> Meeting:
        root, warnings = parse_publication(source.text, _where(source))
        agendas = root.findall("Agendas/Agenda")
        if root.tag != "Publication" or not agendas:
            raise UnrecognisedLayout("unrecognised layout: sbsys-xml reader: expected a 'Publication' root "
                                     "holding 'Agendas/Agenda'", file=_where(source), line=root.sourceline)
        if len(agendas) > 1:
            raise ParseError(f"SBSYS publication with {len(agendas)} agendas: expected one meeting per "
                             "publication", file=_where(source), line=agendas[1].sourceline)
        return _Reader(source, root, agendas[0], warnings).meeting()


class _Reader:
    def __init__(self, source: SourceText, root: etree._Element, agenda: etree._Element,
                 warnings: list[ParseWarning]) -> None:
        self.source, self.root, self.agenda, self.warnings = source, root, agenda, warnings
        self.file = _where(source)

    def body(self) -> str:
        body = text_at(self.agenda, "Committee/Name") or text_at(self.agenda, "Name")
        if not body:
            raise ParseError("SBSYS agenda without its body: expected 'Committee/Name'", file=self.file,
                             line=line_of(self.agenda, "Committee") or self.agenda.sourceline)
        return body

    def when(self) -> tuple[dt.date, str | None]:
        """Date and start time from ``Meeting/When``; missing or no date is an error at its line."""
        agenda = self.agenda
        when = text_at(agenda, "Meeting/When")
        date = find_date(when) if when else None
        if date is None:
            what = f"'{when}' in 'Meeting/When' is no date" if when else "no 'Meeting/When'"
            raise ParseError(f"SBSYS agenda without a meeting date: {what} (expected 'DD-MM-YYYY HH:MM:SS')",
                             file=self.file, line=line_of(agenda, "Meeting/When") or line_of(agenda, "Meeting")
                             or agenda.sourceline)
        return date, find_time(when)

    def meeting(self) -> Meeting:
        agenda, src = self.agenda, self.source
        body, (date, start) = self.body(), self.when()
        elements = [e for e in agenda.findall("Items/Item") if not _appendix(e)]
        items = [self.item(e, order) for order, e in enumerate(elements, start=1)]
        if not items:
            raise UnrecognisedLayout("unrecognised layout: sbsys-xml reader: expected agenda items "
                                     "('Items/Item' with 'Number' and 'Caption'), found none", file=self.file,
                                     line=line_of(agenda, "Items") or agenda.sourceline)
        self.attach_listed(items, elements)
        kind = "referat" if self.publication_type() == MINUTES_TYPE or any(i.decisions for i in items) else "dagsorden"
        first = items[0].lines[0]
        media = "application/zip" if src.media_type == "application/zip" else "application/xml"
        return Meeting(
            kind=kind, body=body, date=date, start_time=start,
            location=text_at(agenda, "Meeting/Where") or None, system_id=self.system_id(),
            title=text_at(agenda, "Name") or None,
            source=SourceDocument(file_name=src.name, sha256=src.sha256, media_type=media, encoding=src.encoding,
                                  line_count=len(src.lines)),
            items=items, attendance=meeting_members(agenda),
            report=ParseReport(layout=SbsysXmlLayout.name, warnings=self.warnings, listed_items=len(elements)),
            header_lines=(1, max(first - 1, 1)),
        )

    def system_id(self) -> str | None:
        """SBSYS' meeting ID, else the agenda's (the skeleton gives only that)."""
        meeting = self.agenda.find("Meeting")
        return (meeting.get("ID") if meeting is not None else None) or self.agenda.get("ID") or None

    def publication_type(self) -> str:
        return text_at(self.root, "PublicationTypeAsValue") or text_at(self.agenda, "PublicationTypeAsValue")

    def item(self, element: etree._Element, order: int) -> AgendaItem:
        number, caption = text_at(element, "Number"), text_at(element, "Caption")
        if not number or not caption:
            raise ParseError(f"SBSYS item {order} without its 'Number' or 'Caption'", file=self.file,
                             line=element.sourceline)
        title = split_title(caption)
        fields = read_fields(self.fields(element), order)
        item = AgendaItem(number=number, order=order, title=title.title, raw_title=caption,
                          cases=self.cases(element), closed=flag(element, "IsPublic") is False or title.closed,
                          presenters=title.presenters, sections=fields.sections, recommendation=fields.recommendation,
                          decisions=fields.decisions, history=fields.history,
                          attachments=self.attachments(element.findall("Enclosures/Enclosure")),
                          lines=(element.sourceline or 1, end_line(element)))
        absent = members(element.findall("Members/ItemMember"), item=order, absent_only=True)
        item.attendance = absent + [a for a in fields.attendance if a.name.casefold() not in
                                    {b.name.casefold() for b in absent}]
        return item

    def fields(self, element: etree._Element) -> list[Field]:
        """The item's fields with content, in ``Index`` order (document order for ties)."""
        records = element.findall("Fields/ItemField")
        ordered = sorted(enumerate(records), key=lambda p: (_index(p[1]), p[0]))
        return [Field(caption=text_at(r, "Caption"), html=raw_at(r, "Content"),
                      line=line_of(r, "Content") or r.sourceline or 1, feedback=bool(flag(r, "IsFeedback")))
                for _, r in ordered if flag(r, "HasContent") is not False and raw_at(r, "Content").strip()]

    def cases(self, element: etree._Element) -> list[CaseNumber]:
        written = text_at(element, "Case/Number")
        if not written:  # SBSYS writes an empty Case record for items without a case
            return []
        try:
            return [parse_case_number(written)]
        except ValueError:
            raise ParseError(f"case number {written!r} in 'Case/Number' is in none of the known forms "
                             "(KLE, YY-NNNNNN, journal, prefixed)", file=self.file,
                             line=line_of(element, "Case/Number")) from None

    def attachments(self, enclosures: list[etree._Element]) -> list[Attachment]:
        out = []
        for enclosure in enclosures:
            title = text_at(enclosure, "Name") or re.sub(r"\.\w{2,4}$", "", text_at(enclosure, "FileName"))
            if not title:
                continue
            out.append(Attachment(title=title, line=line_of(enclosure, "Name") or enclosure.sourceline or 1))
            self.check_file(enclosure, title)
        return out

    def check_file(self, enclosure: etree._Element, title: str) -> None:
        """In a zip, the attachment's file must be in the archive (``Enclosures/…``)."""
        if not isinstance(self.source, ArchiveSource):
            return
        relative = text_at(enclosure, "InstantiationFilePathRelative")
        if relative and not self.source.has_member(relative):
            self.warnings.append(ParseWarning(code="attachment-missing", line=enclosure.sourceline,
                                              message=f"attachment '{title}': {relative} is not in the archive"))

    def attach_listed(self, items: list[AgendaItem], elements: list[etree._Element]) -> None:
        """Attachments the agenda-level list gives an item that its own list left out."""
        by_number = {item.number: item for item in items}
        own = {e.get("ID") for el in elements for e in el.findall("Enclosures/Enclosure")}
        for enclosure in self.agenda.findall("Enclosures/Enclosure"):
            item = by_number.get(text_at(enclosure, "ItemNumber"))
            if enclosure.get("ID") in own:
                continue
            if item is None:
                self.warnings.append(ParseWarning(code="attachment-item", line=enclosure.sourceline,
                                                  message=f"attachment for item {text_at(enclosure, 'ItemNumber')!r}, "
                                                          "which the agenda does not have"))
                continue
            item.attachments += self.attachments([enclosure])


def _index(record: etree._Element) -> int:
    value = text_at(record, "Index")
    return int(value) if value.isdigit() else 10**6


def _appendix(element: etree._Element) -> bool:
    """The whole-document appendix records ("Åbent referat" with the minutes' PDF)."""
    return text_at(element, "Number") == "0" and (
        (element.get("ID") or "").startswith(_ZERO_GUID) or bool(_APPENDIX.match(text_at(element, "Caption"))))


LAYOUT = register(SbsysXmlLayout())
