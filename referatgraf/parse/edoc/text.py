"""eDoc's text, line by line: the markers of the system and its running page headers.

Both eDoc publications carry the same text — the PDF as its text layer, the XML in ``FullText``
elements — so both readers work on numbered lines, ``(line number, text)`` with whitespace
collapsed (the XML separates an item's number from its title with a tab, the PDF with a space).

eDoc starts every page with a block of five lines: the body, the document kind, the part
("Åbent referat", "Lukket referat", "Åben dagsorden"), "Dato: DD.MM.YYYY" and "Side N". The
block is found by that shape, never by the body's name; the body line is dropped only when it
repeats the first page's own body line (parse/pdf.py has usually dropped it already).

>>> lines = numbered(["Udvalget", "Referat", "Åbent referat", "Dato: 04.12.2012", "Side 1", "Referat",
...                   "tekst", "Udvalget", "Referat", "Åbent referat", "Dato: 04.12.2012", "Side 2", "mere"])
>>> [t for _, t in strip_page_headers(lines) if t]
['Referat', 'tekst', 'mere']
>>> case_line("Sagsnr.: 2010-3082").raw, case_line("Dok.nr.: 2012-203438")
('2010-3082', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from referatgraf.parse.case_number import CaseNumber, parse_case_number
from referatgraf.parse.html_blocks import collapse
from referatgraf.parse.titles import norm_title

Line = tuple[int, str]

KIND_WORD = re.compile(r"^(?P<kind>Referat|Dagsorden|Beslutningsprotokol)$", re.IGNORECASE)
PART = re.compile(r"^(?P<access>Åbent|Åben|Lukket)\s+(?:referat|dagsorden|beslutningsprotokol)$", re.IGNORECASE)
_PAGE_DATE = re.compile(r"^Dato\s*:\s*\d{1,2}[.\-/]\d{1,2}[.\-/]\d{4}$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^Side\s*\d*(?:\s+af\s+\d+)?$", re.IGNORECASE)  # the XML leaves the number out
SAGSNR = re.compile(r"^Sags?\s*\.?\s*nr\s*\.?\s*:\s*(?P<number>\S+)", re.IGNORECASE)
DOKNR = re.compile(r"^Dok(?:ument)?\s*\.?\s*nr\s*\.?\s*:", re.IGNORECASE)
# eDoc's own numbering: a four-digit year and a serial of any length ("2010-3082", "2012-28504").
_EDOC_CASE = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*[-–]\s*(?P<serial>\d{1,7})$")


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xad": None})


def title_key(text: str) -> str:
    """A title for comparing the contents list with the headings: case, spacing, trailing dots,
    typographic quotes and dashes (which a contents list and a heading may spell differently)
    set aside.

    >>> title_key("KL’s  proces – status.") == title_key("kl's proces - status")
    True
    """
    return norm_title(text.translate(_TYPOGRAPHY))


def numbered(texts: Iterable[str], first: int = 1) -> list[Line]:
    """Lines with their numbers, whitespace collapsed (blank lines stay, as "")."""
    return [(first + i, collapse(text)) for i, text in enumerate(texts)]


def page_header_at(lines: Sequence[Line], i: int) -> int:
    """How many lines of eDoc's page header block start at ``lines[i]`` (blank lines count
    within it; the body line is not part of it), 0 when there is none.

    >>> page_header_at(numbered(["Referat", "", "Åbent referat", "Dato: 04.12.2012", "Side "]), 0)
    5
    """
    shape = (KIND_WORD, PART, _PAGE_DATE)
    k = i
    for pattern in shape:
        k = _next_text(lines, k)
        if k is None or not pattern.match(lines[k][1]):
            return 0
        k += 1
    after = _next_text(lines, k)
    if after is not None and _PAGE_NUMBER.match(lines[after][1]):
        k = after + 1
    return k - i


def _next_text(lines: Sequence[Line], k: int) -> int | None:
    """Index of the first non-blank line from ``k`` on (None at the end)."""
    while k < len(lines) and not lines[k][1]:
        k += 1
    return k if k < len(lines) else None


def page_header_body(lines: Sequence[Line]) -> str | None:
    """The body line over the first page header block (the document's first line), if any."""
    first = _next_text(lines, 0)
    if first is None or first + 1 >= len(lines):
        return None
    return lines[first][1] if page_header_at(lines, first + 1) else None


def strip_page_headers(lines: Sequence[Line]) -> list[Line]:
    """The lines with every page header block blanked (numbers kept, so lines still cite)."""
    out = list(lines)
    body = page_header_body(lines)
    i = 0
    while i < len(out):
        size = page_header_at(out, i) if KIND_WORD.match(out[i][1]) else 0
        if not size:
            i += 1
            continue
        before = _previous_text(out, i)
        if before is not None and body is not None and out[before][1] == body:
            out[before] = (out[before][0], "")
        for k in range(i, i + size):
            out[k] = (out[k][0], "")
        i += size
    return out


def _previous_text(lines: Sequence[Line], i: int) -> int | None:
    k = i - 1
    while k >= 0 and not lines[k][1]:
        k -= 1
    return k if k >= 0 else None


def count_page_headers(lines: Sequence[Line]) -> int:
    """How many page header blocks the lines hold (for sniffing)."""
    return sum(1 for i, (_, text) in enumerate(lines) if KIND_WORD.match(text) and page_header_at(lines, i))


def count_case_pairs(lines: Sequence[Line]) -> int:
    """How many "Sagsnr.: …" lines are followed by a "Dok.nr.: …" line: eDoc's item stamp."""
    texts = [text for _, text in lines if text]
    return sum(1 for a, b in zip(texts, texts[1:]) if SAGSNR.match(a) and DOKNR.match(b))


def case_line(text: str) -> CaseNumber | None:
    """The case number of a "Sagsnr.: …" line; None for anything else (a "Dok.nr.: …" line is
    eDoc's document number, never a case number). eDoc writes a four-digit year and a serial
    of any length, so "2010-3082" is a case number here even though the shared patterns, which
    must not take a year range such as "2012-2013" for one, need a five-digit serial."""
    m = SAGSNR.match(text)
    if m is None:
        return None
    number = m["number"].rstrip(",;.")
    try:
        return parse_case_number(number).model_copy(update={"label": "Sagsnr."})
    except ValueError:
        pass
    if (e := _EDOC_CASE.match(number)) is None:
        return None
    return CaseNumber(raw=number, scheme="dash", year=int(e["year"]), serial=int(e["serial"]), label="Sagsnr.")
