"""Layout ``edoc-pdf``: the minutes or agenda eDoc publishes as PDF, read from its text layer.

Stages: eDoc's page header blocks are blanked (:mod:`referatgraf.parse.edoc.text`), then the
meeting header and the contents list are read (:mod:`referatgraf.parse.edoc.front`), the items
cut at their headings "N. <title>" as the contents list names them and read one by one
(:mod:`referatgraf.parse.edoc.item`), and checked against the contents list
(:mod:`referatgraf.parse.edoc.meeting`).

Sniffed on eDoc's own marks: its page header block (kind, part, "Dato: DD.MM.YYYY", "Side N")
and its item stamp, a "Sagsnr.:" line directly followed by a "Dok.nr.:" line. Both must be
there; an XML document (the eDoc XML carries the same text) is never claimed.

>>> from referatgraf.parse.reader import SourceText
>>> text = ["Udvalget", "Referat", "Åbent referat", "Dato: 04.12.2012", "Side 1", "Referat", "Udvalget",
...         "tirsdag den 4. december 2012, kl. 13:00", "INDHOLDSFORTEGNELSE", "Åbent referat", "1. Budget 2",
...         "Referat", "Åbent referat", "Dato: 04.12.2012", "Side 2", "1. Budget", "Sagsnr.: 2012-28504",
...         "Dok.nr.: 2012-203438", "Udvalgets beslutning den 04.12.2012 Punkt 1", "Godkendt"]
>>> src = SourceText("m.txt", "0" * 64, "text/plain", "utf-8", text)
>>> LAYOUT.sniff(src)
0.9
>>> m = LAYOUT.parse(src)
>>> m.body, m.date.isoformat(), m.items[0].title, m.items[0].case_numbers, m.items[0].decision.date.isoformat()
('Udvalget', '2012-12-04', 'Budget', ['2012-28504'], '2012-12-04')
"""

from __future__ import annotations

from referatgraf.parse.edoc.front import read_header, read_toc
from referatgraf.parse.edoc.item import read_item
from referatgraf.parse.edoc.meeting import build_meeting, finish_items, split_items
from referatgraf.parse.edoc.text import (count_case_pairs, count_page_headers, numbered, page_header_body,
                                         strip_page_headers)
from referatgraf.parse.layouts import register
from referatgraf.parse.model import Meeting
from referatgraf.parse.source import SourceText


def _is_markup(source: SourceText) -> bool:
    first = source.first_content_lines(1)
    return bool(first) and first[0][1].lstrip("\ufeff")[:1] in "<{["


class EdocPdfLayout:
    name = "edoc-pdf"

    def sniff(self, source: SourceText) -> float:
        """0.9 with eDoc's page header block and its "Sagsnr.:"/"Dok.nr.:" stamp; else 0."""
        if _is_markup(source):
            return 0.0
        lines = numbered(source.lines)
        return 0.9 if count_case_pairs(lines) and count_page_headers(lines) else 0.0

    def explain(self, source: SourceText) -> str | None:
        """One of eDoc's two marks without the other: say which is missing."""
        if _is_markup(source):
            return None
        lines = numbered(source.lines)
        pairs, headers = count_case_pairs(lines), count_page_headers(lines)
        if pairs and not headers:
            return ("edoc-pdf: 'Sagsnr.:'/'Dok.nr.:' stamps but no eDoc page header "
                    "('Referat' / 'Åbent referat' / 'Dato: …')")
        if headers and not pairs:
            return "edoc-pdf: eDoc page headers but no item stamp ('Sagsnr.:' followed by 'Dok.nr.:')"
        return None

    def parse(self, source: SourceText) -> Meeting:
        raw = numbered(source.lines)
        lines = strip_page_headers(raw)
        header = read_header(lines)
        header.body = header.body or page_header_body(raw)
        toc, end = read_toc(lines, header.end)
        items = [read_item(lines[a:b], order, entry.title if entry else None, header.body or "",
                           entry.closed if entry else False, source.name)
                 for order, ((a, b), entry) in enumerate(split_items(lines, end, toc), start=1)]
        items, notes = finish_items(items, toc)
        return build_meeting(source, header, items, toc, self.name, source.media_type, notes)


LAYOUT = register(EdocPdfLayout())
