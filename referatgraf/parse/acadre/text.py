"""Acadre's text, line by line: its marks and the PDF's page furniture.

Lines are ``(line number, text)`` with whitespace collapsed; a bullet glyph the PDF's text layer
gives as a private-use character (Word's Symbol font, U+F0B7) becomes "- ", as the XML's list
items read, so both twins carry the same text.

Acadre's PDF pages end with a footer "N of M" and, from the second page on, open with a running
header: "Referat for <body>", the meeting's date and time ("20. juni 2013 - kl. 10:30") and
"Side N" (the cover page is not counted). parse/pdf.py usually drops the footer and the first
header line already (they repeat on most pages); whatever is left of them is blanked here by its
shape, never by the body's name. Blanked lines keep their numbers, so every line still cites.

An item opens with its running number and title, "715. <title>" (the number counts on through
the year, it need not start at 1), and Acadre's stamp right below: "Sagsnr.: 12/27845".

>>> lines = numbered(["Referat for Udvalget", "20. juni 2013 - kl. 10:30 ", "Side 2", "715. Kultur",
...                   "Sagsnr.: 12/27845", "\\uf0b7 Hvad vil du?", "3 of 5"])
>>> [t for _, t in strip_furniture(lines) if t]
['715. Kultur', 'Sagsnr.: 12/27845', '- Hvad vil du?']
>>> count_page_marks(lines), count_stamped_items(lines), case_line("Sagsnr.: 12/27845").raw
(2, 1, '12/27845')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from referatgraf.parse.case_number import CaseNumber, parse_case_number
from referatgraf.parse.html_blocks import collapse

Line = tuple[int, str]

ITEM_HEADING = re.compile(r"^(?P<n>\d{1,4})\.\s+(?P<title>\S.*)$")
SAGSNR = re.compile(r"^Sags?\s*\.?\s*nr\s*\.?\s*:\s*(?P<number>\S+)", re.IGNORECASE)
DOKNR = re.compile(r"^Dok(?:ument)?\s*\.?\s*nr\s*\.?\s*:", re.IGNORECASE)  # eDoc's stamp, not Acadre's
_OF_PAGES = re.compile(r"^\d{1,4}\s+(?:of|af)\s+\d{1,4}$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^Side\s+\d{1,4}$", re.IGNORECASE)
_RUNNING_DATE = re.compile(r"^\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}\s*[-–]\s*kl\.?\s*\d{1,2}[:.]\d{2}$", re.IGNORECASE)
_RUNNING_TITLE = re.compile(r"^(?:Referat|Dagsorden|Beslutningsprotokol)\s+for\s+\S", re.IGNORECASE)
# Stamp lines beside "Sagsnr.:" (read and set aside): who decides, who handles the case.
STAMP = re.compile(r"^(?:Sagen\s+afgøres\s+i|Sagsbehandler|Sagsansvarlig|Forvaltning|Afdeling|"
                   r"Dok(?:ument)?\.?\s*nr\.?|J\.?\s*nr\.?)\s*:", re.IGNORECASE)
_NOT_TITLE = re.compile(r"^(?:Punkt\s+\d|[^:]{1,40}:|.*:$)", re.IGNORECASE)  # "Punkt 2: …", a label, "…:"
_BULLET_GLYPH = re.compile("^[\uf0b7\uf0a7\uf076\uf0d8\u2022\u25aa\u25cf]\\s*")


def numbered(texts: Iterable[str], first: int = 1) -> list[Line]:
    """Lines with their numbers, whitespace collapsed, bullet glyphs as "- " (blank lines stay)."""
    return [(first + i, _BULLET_GLYPH.sub("- ", collapse(text))) for i, text in enumerate(texts)]


def _running_header_at(lines: Sequence[Line], i: int) -> bool:
    """``lines[i]`` is the running header's date line with "Side N" right after it."""
    return (bool(_RUNNING_DATE.match(lines[i][1])) and i + 1 < len(lines)
            and bool(_PAGE_NUMBER.match(lines[i + 1][1])))


def strip_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines with the page footers and running headers blanked."""
    out = list(lines)
    for i, (no, text) in enumerate(out):
        if _OF_PAGES.match(text):
            out[i] = (no, "")
        elif _running_header_at(out, i):
            out[i], out[i + 1] = (no, ""), (out[i + 1][0], "")
            if i > 0 and _RUNNING_TITLE.match(out[i - 1][1]):
                out[i - 1] = (out[i - 1][0], "")
    return out


def count_page_marks(lines: Sequence[Line]) -> int:
    """How many "N of M" footers and running headers the lines hold (for sniffing)."""
    return sum(1 for i, (_, text) in enumerate(lines) if _OF_PAGES.match(text) or _running_header_at(lines, i))


def stamp_below(lines: Sequence[Line], i: int, reach: int = 3) -> int | None:
    """Index of the "Sagsnr.:" line within ``reach`` non-blank lines below the heading
    ``lines[i]`` (a long title wraps onto a line or two), None when there is none, when a line
    between is no title text (a label, another heading) or when eDoc's "Dok.nr.:" follows it.
    An item title starts with a capital or a digit (a point "1. at …" of a recommendation does not)."""
    m = ITEM_HEADING.match(lines[i][1])
    if m is None or not (m["title"][:1].isupper() or m["title"][:1].isdigit()):
        return None
    seen = 0
    for k in range(i + 1, len(lines)):
        text = lines[k][1]
        if not text:
            continue
        if SAGSNR.match(text):
            after = next((t for _, t in lines[k + 1:] if t), "")
            return None if DOKNR.match(after) else k
        if STAMP.match(text) and not DOKNR.match(text):
            continue  # "Sagen afgøres i: …" above the case number
        seen += 1
        if seen >= reach or ITEM_HEADING.match(text) or _NOT_TITLE.match(text):
            return None
    return None


def count_stamped_items(lines: Sequence[Line]) -> int:
    """How many item headings "N. <title>" carry Acadre's stamp "Sagsnr.:" right below."""
    return sum(1 for i, (_, text) in enumerate(lines) if ITEM_HEADING.match(text) and stamp_below(lines, i) is not None)


def case_line(text: str) -> CaseNumber | None:
    """The case number of a "Sagsnr.: …" line (None for anything else or no case number)."""
    m = SAGSNR.match(text)
    return case_number(m["number"]) if m else None


def case_number(text: str) -> CaseNumber | None:
    """A case number as Acadre writes it ("12/27845", KLE numbers), labelled "Sagsnr."."""
    try:
        return parse_case_number(text.strip().rstrip(",;.")).model_copy(update={"label": "Sagsnr."})
    except ValueError:
        return None
