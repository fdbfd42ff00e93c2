"""The structure of a FirstAgenda publication portal's meeting page (HTML as a browser saves it).

The portal renders one meeting as a page with its menus, scripts and dialogs around::

    <h1 class="green dato">Dagsorden 8. oktober 2025 kl. 16.00</h1>
    <table class="dagsordeninfo">  Udvalg: <span class="udvalg">…   Mødedato: <span class="dato">…
                                   Mødested: <span class="sted">…   Mødedeltagere: <td class="deltagere">
    <table id="dagsordenDetaljer">
      <tr class="punktrow" id="punktrow_<guid>">
        <td class="punkt-tabel"><span class="label">2</span></td>
        <td class="punkt-tabel"><button class="overskrift-btn"><h2 class="overskrift">title</h2></button>
          <div class="details"><span class="sagsnummer">EMN-2025-008308</span>
            <div class="punkt"><h3></h3><div><div id="sagsfremstillingContainer">… item text …</div></div></div>
            <h3>Bilag</h3><ul class="list-unstyled"><li><span>PDF</span><a class="bilag-link">title</a></li></ul>
          </div></td>
        <td class="punkt-tabel">… <span class="fil-ikon-nummer">22</span> (attachment count) …</td></tr>

This module finds those parts; :mod:`referatgraf.parse.layouts.firstagenda_html` builds the
meeting from them. The page is read with lxml's HTML parser (it is not well-formed XML), from
the decoded text, so every element's ``sourceline`` is a line of the source document.

>>> root = load_page('<html><body><table id="dagsordenDetaljer"><tbody>'
...                  '<tr class="punktrow" id="punktrow_1"><td class="punkt-tabel"><span class="label">1</span></td>'
...                  '</tr></tbody></table></body></html>')
>>> [row.get("id") for row in item_rows(agenda_table(root))]
['punktrow_1']
>>> looks_like_html("<!-- saved from url=(0042)https://example.org -->\\n<html lang='da'>"), looks_like_html("<Moede/>")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
from lxml import etree

from referatgraf.parse.html_blocks import collapse

# A page's start: an optional XML declaration and comments (browsers write "<!-- saved from url=… -->"),
# then the doctype or the root element.
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html\b|<html[\s>])",
                         re.IGNORECASE | re.DOTALL)
# FirstAgenda's own markers: cheap substring tests before the page is parsed.
MARKERS = ("dagsordenDetaljer", "punktrow", "sagsfremstillingContainer")
EXPECTED = "FirstAgenda's agenda table (table#dagsordenDetaljer with tr.punktrow rows)"


def looks_like_html(text: str) -> bool:
    """The text is an HTML page: it starts with a doctype or an ``<html>`` root."""
    return _HTML_START.match(text[:4096]) is not None


@lru_cache(maxsize=4)
def load_page(text: str) -> etree._Element | None:
    """The parsed page, or None when lxml finds no document in it. The text is handed over as
    UTF-8 bytes with the encoding named, so a ``<meta charset>`` or XML declaration in the page
    cannot make lxml decode it a second time."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def has_class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def by_class(root: etree._Element, tag: str, name: str) -> list[etree._Element]:
    """The ``tag`` elements under ``root`` that carry class ``name``, in document order."""
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def first_by_class(root: etree._Element | None, tag: str, name: str) -> etree._Element | None:
    found = by_class(root, tag, name) if root is not None else []
    return found[0] if found else None


def agenda_table(root: etree._Element | None) -> etree._Element | None:
    """``table#dagsordenDetaljer``: the meeting's items."""
    found = root.xpath(".//table[@id='dagsordenDetaljer']") if root is not None else []
    return found[0] if found else None


def item_rows(table: etree._Element | None) -> list[etree._Element]:
    """The table's ``tr.punktrow`` rows, one per agenda item, in page order."""
    return by_class(table, "tr", "punktrow") if table is not None else []


def text_of(element: etree._Element | None) -> str:
    """The element's text, whitespace collapsed ("" for None)."""
    return collapse(element.text_content()) if element is not None else ""


def last_line(element: etree._Element) -> int:
    """The last source line an element's content starts on (lxml gives start lines only)."""
    return max((e.sourceline or 0) for e in element.iter()) or (element.sourceline or 1)


def outside(element: etree._Element, container: etree._Element | None) -> bool:
    """``element`` is not inside ``container``."""
    return container is None or all(a is not container for a in element.iterancestors())


def row_index(row: etree._Element) -> int | None:
    """The portal's own 0-based position of an item row: its heading button controls
    ``details<N>`` (None when the page does not say)."""
    button = first_by_class(row, "button", "overskrift-btn")
    m = re.fullmatch(r"details(\d+)", (button.get("aria-controls") or "").strip()) if button is not None else None
    return int(m[1]) if m else None
