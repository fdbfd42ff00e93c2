"""Layout ``acadre-pdf``: the minutes or agenda Acadre MM publishes as PDF, read from its text layer.

Stages: the page furniture is blanked (:mod:`referatgraf.parse.acadre.text`), the cover page's
header and the contents list are read (:mod:`referatgraf.parse.acadre.front`), the items cut at
their headings "715. <title>" and read into fields (:mod:`referatgraf.parse.acadre.pdf_items`),
built (:mod:`referatgraf.parse.acadre.item`) and checked (:mod:`referatgraf.parse.acadre.meeting`).

Sniffed on Acadre's own marks: item headings with a running number and the "Sagsnr.:" stamp
right below (eDoc's stamp, "Sagsnr.:" followed by "Dok.nr.:", is not Acadre's), together with
its page marks — the "N of M" footers, or what parse/pdf.py leaves of the running header (the
meeting's "20. juni 2013 - kl. 10:30" over "Side N") — 0.9; with dated decision headings
"Beslutning i <body> den DD-MM-YYYY" instead of page marks, 0.6. A document in markup (XML,
JSON, HTML) is never claimed.

>>> from referatgraf.parse.reader import SourceText
>>> text = ["Referat", "Udvalget", "Torsdag den 20. juni 2013", "Kl. 10:30", "Rådhuset", "Medlemmer",
...         "Bo Holm (A)", "Fraværende", "20. juni 2013 - kl. 10:30", "Side 1", "715. Budget", "Sagsnr.: 12/27845",
...         "Indstilling", "Direktøren indstiller, at budgettet godkendes.",
...         "Beslutning i Udvalget den 20-06-2013", "Godkendt."]
>>> src = SourceText("m.txt", "0" * 64, "text/plain", "utf-8", text)
>>> LAYOUT.sniff(src)
0.9
>>> m = LAYOUT.parse(src)
>>> m.body, m.date.isoformat(), m.start_time, m.items[0].number, m.items[0].case_numbers, m.items[0].decision.date.isoformat()
('Udvalget', '2013-06-20', '10:30', '715', ['12/27845'], '2013-06-20')
"""

from __future__ import annotations

from referatgraf.parse.acadre.front import read_header, read_toc
from referatgraf.parse.acadre.item import build_item, field_heading
from referatgraf.parse.acadre.meeting import build_meeting
from referatgraf.parse.acadre.pdf_items import read_item, split_items
from referatgraf.parse.acadre.text import count_page_marks, count_stamped_items, numbered, strip_furniture
from referatgraf.parse.layouts import register
from referatgraf.parse.model import Meeting
from referatgraf.parse.source import SourceText


def _is_markup(source: SourceText) -> bool:
    first = source.first_content_lines(1)
    return bool(first) and first[0][1].lstrip("\ufeff")[:1] in "<{["


def _dated_decisions(lines: list[tuple[int, str]]) -> int:
    return sum(1 for _, text in lines if text[:11].casefold() == "beslutning "
               and (head := field_heading(text)) is not None and head.kind == "beslutning" and head.date)


class AcadrePdfLayout:
    name = "acadre-pdf"

    def sniff(self, source: SourceText) -> float:
        """0.9 with stamped running-number items and page marks, 0.6 with stamped items and
        dated decision headings; else 0."""
        if _is_markup(source):
            return 0.0
        lines = numbered(source.lines)
        if not count_stamped_items(lines):
            return 0.0
        if count_page_marks(lines):
            return 0.9
        return 0.6 if _dated_decisions(lines) else 0.0

    def explain(self, source: SourceText) -> str | None:
        """Stamped items without Acadre's page marks or dated decisions: say what is missing."""
        if _is_markup(source) or self.sniff(source):
            return None
        lines = numbered(source.lines)
        if count_stamped_items(lines):
            return ("acadre-pdf: items 'N. <title>' with 'Sagsnr.:' below, but neither Acadre's page marks "
                    "('N of M', '<date> - kl. HH:MM' / 'Side N') nor decisions 'Beslutning i <body> den DD-MM-YYYY'")
        return None

    def parse(self, source: SourceText) -> Meeting:
        lines = strip_furniture(numbered(source.lines))
        header = read_header(lines)
        toc, end = read_toc(lines, header.end)
        parts = [read_item(lines[a:b], entry, source.name) for (a, b), entry in split_items(lines, end, toc)]
        items = [build_item(p, order, header.body or "", header.date) for order, p in enumerate(parts, start=1)]
        return build_meeting(source, header, items, toc, self.name, source.media_type)


LAYOUT = register(AcadrePdfLayout())
