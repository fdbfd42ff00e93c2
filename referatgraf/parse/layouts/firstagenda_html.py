"""Layout ``firstagenda-html``: a FirstAgenda publication portal's meeting page, as a browser
saved it (menus, scripts and dialogs around the meeting), read with lxml's HTML parser.

Claimed by FirstAgenda's own markup (see :mod:`referatgraf.parse.firstagenda.page`), whatever
the municipality: ``table#dagsordenDetaljer`` with one ``tr.punktrow`` per item. The meeting
comes from ``table.dagsordeninfo`` (``span.udvalg``, ``span.dato``, ``span.sted``,
``td.deltagere``) and the ``h1.dato`` heading ("Dagsorden 8. oktober 2025 kl. 16.00", whose first
words are the document's own name); each row gives the number (``span.label``), the title
(``h2.overskrift``), the case number (``span.sagsnummer``), the item text (``div.punkt``, split
by :mod:`referatgraf.parse.firstagenda.item_text` like the JSON's item HTML) and the attachments
(``a.bilag-link`` under a "Bilag" heading). Closed items read "Lukket: …" in their title, or
carry the portal's label "Lukket punkt".

A document is minutes (``referat``) when any item carries a decision, else an agenda, as for
the JSON. Every item is one row: a row that cannot be read, or rows that the portal's own
numbering (``details<N>``) shows missing, refuse the page.

>>> from referatgraf.parse.reader import read_bytes
>>> page = ('<!DOCTYPE html><html><body><h1 class="green dato">Referat 3. februar 2025 kl. 17.00</h1>'
...   '<table class="dagsordeninfo"><tr><td>Udvalg:</td><td><span class="udvalg">Kulturudvalget</span></td></tr>'
...   '<tr><td>Mødedato:</td><td><span class="dato">mandag den 3. februar 2025 kl. 17.00</span></td></tr></table>'
...   '<table id="dagsordenDetaljer"><tr class="punktrow" id="punktrow_a"><td class="punkt-tabel">'
...   '<span class="label">1</span></td><td class="punkt-tabel"><button class="overskrift-btn">'
...   '<h2 class="overskrift">Lukket: Salg af grund</h2></button><div class="details">'
...   '<span class="sagsnummer">EMN-2025-000123</span><div class="punkt"><h3></h3><div>Godkendt.</div></div>'
...   '</div></td></tr></table></body></html>')
>>> m = LAYOUT.parse(read_bytes(page.encode(), "m.html"))
>>> m.body, m.date.isoformat(), m.start_time, m.kind, m.title
('Kulturudvalget', '2025-02-03', '17:00', 'referat', 'Referat')
>>> i = m.items[0]
>>> i.number, i.title, i.closed, i.case_numbers, i.decisions[0].text
('1', 'Salg af grund', True, ['EMN-2025-000123'], 'Godkendt.')
"""

from __future__ import annotations

import re

from lxml import etree

from referatgraf.parse.attendance import parse_attendance
from referatgraf.parse.case_number import CaseNumber, parse_case_number
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.firstagenda import page
from referatgraf.parse.firstagenda.item_text import read_item_text
from referatgraf.parse.html_blocks import html_blocks
from referatgraf.parse.layouts import register
from referatgraf.parse.model import (AgendaItem, Attachment, Attendance, Meeting, ParseReport, ParseWarning, Section,
                                     SourceDocument)
from referatgraf.parse.source import SourceText
from referatgraf.parse.sections import classify

CLOSED_PREFIX = re.compile(r"^\s*Lukket\s*(?::|-|–)\s*", re.IGNORECASE)
CLOSED_LABEL = "lukket punkt"  # the portal's word for a closed item (its localisation key Meeting_Closed_Item)
_NAME_BEFORE_DATE = re.compile(r"^(?P<name>\D*?)\s*(?:\d|$)")


def _page(source: SourceText) -> etree._Element | None:
    text = source.text
    if not page.looks_like_html(text):
        return None
    return page.load_page(text)


class FirstAgendaHtmlLayout:
    name = "firstagenda-html"

    def sniff(self, source: SourceText) -> float:
        """1 for a page with the agenda table and its rows; 0.5 for a page with some of
        FirstAgenda's markers but not those (so :meth:`parse` says what is missing)."""
        text = source.text
        if not any(marker in text for marker in page.MARKERS) or (root := _page(source)) is None:
            return 0.0
        return 1.0 if page.item_rows(page.agenda_table(root)) else 0.5

    def explain(self, source: SourceText) -> str | None:
        if _page(source) is not None and self.sniff(source) == 0.0:
            return f"firstagenda-html: HTML page without {page.EXPECTED}"
        return None

    def parse(self, source: SourceText) -> Meeting:
        root = _page(source)
        if root is None:
            raise UnrecognisedLayout(f"unrecognised layout: expected an HTML page with {page.EXPECTED}",
                                     file=source.name)
        table = page.agenda_table(root)
        if not page.item_rows(table):
            line = table.sourceline if table is not None else None
            raise UnrecognisedLayout(f"unrecognised layout: HTML page without {page.EXPECTED}",
                                     file=source.name, line=line)
        return _Reader(source, root, table).meeting()


class _Reader:
    def __init__(self, source: SourceText, root: etree._Element, table: etree._Element) -> None:
        self.source, self.root, self.table = source, root, table
        self.rows = page.item_rows(table)
        self.warnings: list[ParseWarning] = []

    def fail(self, message: str, line: int | None) -> ParseError:
        return ParseError(message, file=self.source.name, line=line)

    # -- the meeting -----------------------------------------------------------------------
    def meeting(self) -> Meeting:
        info = page.first_by_class(self.root, "table", "dagsordeninfo")
        heading = page.first_by_class(self.root, "h1", "dato")
        body_el = self._field(info, "udvalg")
        body = page.text_of(body_el)
        if not body:
            raise self.fail("FirstAgenda page without a body: expected span.udvalg in table.dagsordeninfo",
                            info.sourceline if info is not None else self.table.sourceline)
        date_el = self._field(info, "dato")
        when = page.text_of(date_el) or page.text_of(heading)
        date = find_date(when)
        if date is None:
            raise self.fail("FirstAgenda page without a meeting date: expected span.dato in table.dagsordeninfo "
                            "or h1.dato ('Dagsorden 8. oktober 2025 kl. 16.00')",
                            (date_el if date_el is not None else info if info is not None else self.table).sourceline)
        self._check_row_numbering()
        items = [self.item(row, order) for order, row in enumerate(self.rows, start=1)]
        src = self.source
        first_item = self.rows[0].sourceline or 1
        return Meeting(
            kind="referat" if any(i.decisions for i in items) else "dagsorden", body=body, date=date,
            start_time=find_time(when), location=page.text_of(self._field(info, "sted")) or None,
            title=_document_name(page.text_of(heading)),
            source=SourceDocument(file_name=src.name, sha256=src.sha256, media_type="text/html",
                                  encoding=src.encoding, line_count=len(src.lines)),
            items=items, attendance=self.participants(info),
            report=ParseReport(layout=FirstAgendaHtmlLayout.name, warnings=self.warnings, listed_items=len(self.rows)),
            header_lines=(1, max(first_item - 1, 1)),
        )

    def _field(self, info: etree._Element | None, name: str) -> etree._Element | None:
        """``span.<name>`` of the meeting table, else of the page heading (outside the items)."""
        found = page.first_by_class(info, "span", name)
        if found is None:
            found = next((e for e in page.by_class(self.root, "span", name) if page.outside(e, self.table)), None)
        return found

    def participants(self, info: etree._Element | None) -> list[Attendance]:
        """``td.deltagere``: the portal's scripts fill it; a page saved before they ran has it
        empty. Its lines are read as a participant list under its "Mødedeltagere" label."""
        cell = page.first_by_class(info, "td", "deltagere")
        if cell is None or not page.text_of(cell):
            return []
        lines = [(b.line, b.text) for b in html_blocks(cell)]
        found = parse_attendance([(lines[0][0], "Mødedeltagere"), *lines])
        if not found:
            self.warnings.append(ParseWarning(code="participants", line=cell.sourceline,
                                              message="td.deltagere has text but no participant names were read"))
        return found

    def _check_row_numbering(self) -> None:
        """The portal numbers its rows details0, details1, …: a gap means rows are missing."""
        indexes = [page.row_index(row) for row in self.rows]
        if all(i is not None for i in indexes) and indexes != list(range(len(self.rows))):
            k = next(k for k, i in enumerate(indexes) if i != k)
            raise UnrecognisedLayout(
                f"unrecognised layout: expected the portal's item rows numbered details0…details{len(self.rows) - 1} "
                f"in order, row {k + 1} is details{indexes[k]} (rows missing or out of order)",
                file=self.source.name, line=self.rows[k].sourceline)

    # -- one item --------------------------------------------------------------------------
    def item(self, row: etree._Element, order: int) -> AgendaItem:
        first, last = row.sourceline or 1, page.last_line(row)
        number = page.text_of(page.first_by_class(page.first_by_class(row, "td", "punkt-tabel"), "span", "label"))
        raw_title = page.text_of(page.first_by_class(row, "h2", "overskrift"))
        if not number or not raw_title:
            raise self.fail(f"FirstAgenda item row {order} without its number (td.punkt-tabel span.label) "
                            "or title (h2.overskrift)", first)
        details = page.first_by_class(row, "div", "details")
        punkt = page.first_by_class(details, "div", "punkt")
        closed = CLOSED_PREFIX.match(raw_title) is not None or self._closed_label(row, punkt)
        title = CLOSED_PREFIX.sub("", raw_title) or raw_title
        sections, text = [], None
        if punkt is not None:
            text = read_item_text(punkt, closed, lambda n: n or first, order)
            sections = list(text.sections)
            for heading in text.unplaced:
                self.warnings.append(ParseWarning(code="unplaced-heading", line=punkt.sourceline,
                                                  message=f"item {number}: heading '{heading[:60]}' read as body text"))
        attachments, bilag = self.attachments(details, punkt, number, row)
        return AgendaItem(
            number=number, order=order, title=title, raw_title=raw_title, cases=self.cases(details, first),
            closed=closed, sections=sections + bilag, decisions=text.decisions if text else [],
            recommendation=text.recommendation if text else None, history=text.history if text else [],
            attendance=text.attendance if text else [], attachments=attachments, lines=(first, last))

    def _closed_label(self, row: etree._Element, punkt: etree._Element | None) -> bool:
        """The portal's "Lukket punkt" label anywhere in the row but the item text."""
        return any(isinstance(e.tag, str) and not len(e) and page.text_of(e).casefold() == CLOSED_LABEL
                   and page.outside(e, punkt) for e in row.iter())

    def cases(self, details: etree._Element | None, line: int) -> list[CaseNumber]:
        out = []
        for span in page.by_class(details, "span", "sagsnummer") if details is not None else []:
            written = page.text_of(span)
            if not written:
                continue
            try:
                out.append(parse_case_number(written))
            except ValueError:
                raise self.fail(f"case number {written!r} is in none of the known forms "
                                "(EMN-YYYY-NNNNNN, YY-NNNNNN[K], KLE, journal, prefixed)",
                                span.sourceline or line) from None
        return out

    def attachments(self, details: etree._Element | None, punkt: etree._Element | None, number: str,
                    row: etree._Element) -> tuple[list[Attachment], list[Section]]:
        """The ``a.bilag-link`` titles outside the item text, and the "Bilag" section that lists them."""
        if details is None:
            return [], []
        links = [a for a in page.by_class(details, "a", "bilag-link") if page.outside(a, punkt)]
        out = [Attachment(title=t, line=a.sourceline or 1) for a in links if (t := page.text_of(a))]
        if len(out) != len(links):
            self.warnings.append(ParseWarning(code="attachment-title", line=details.sourceline,
                                              message=f"item {number}: {len(links) - len(out)} attachment link(s) without a title"))
        self._check_attachment_count(row, number, len(out))
        heading = next((h for h in details.iter("h2", "h3", "h4") if page.outside(h, punkt)
                        and (found := classify(page.text_of(h))) is not None and found.kind == "bilag"), None)
        if heading is None:
            return out, []
        lines = (heading.sourceline or 1, max([heading.sourceline or 1, *[a.line for a in out]]))
        section = Section(kind="bilag", heading=page.text_of(heading).rstrip(" :"),
                          text="\n".join(a.title for a in out), lines=lines)
        return out, [section]

    def _check_attachment_count(self, row: etree._Element, number: str, found: int) -> None:
        """The row's paperclip badge (``span.fil-ikon-nummer``) says how many attachments the item has."""
        badge = page.text_of(page.first_by_class(row, "span", "fil-ikon-nummer"))
        if badge.isdigit() and int(badge) != found:
            self.warnings.append(ParseWarning(code="attachment-count", line=row.sourceline,
                                              message=f"item {number}: the page counts {badge} attachments, {found} listed"))


def _document_name(heading: str) -> str | None:
    """The words before the date in ``h1.dato``: "Dagsorden", "Referat", "Ekstraordinær dagsorden"."""
    m = _NAME_BEFORE_DATE.match(heading)
    return (m["name"].strip() or None) if m else None


LAYOUT = register(FirstAgendaHtmlLayout())
