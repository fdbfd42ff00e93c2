"""The items of an Acadre PDF: cut at their headings, each read into its parts and fields.

An item opens with "715. <title>" (a long title wraps onto the next line), then Acadre's stamp
lines — "Sagsnr.: 12/27845" (the case), "Sagen afgøres i: <body>" and the like, read and set
aside — then its fields, each headed by its name on a line of its own, without a colon (a line
such as "Tidsplan:" inside a field is the author's sub-heading, body text). Under "Bilag" the
attachments are listed "1 Åben <title> 222359/12": number, access, title and Acadre's document
number (not part of the title; a wrapped title goes on on the next line). After the last item a
signature page ("Underskriftsside") may follow: it ends the items.

With a contents list the headings are the entries' in turn (number and start of the title);
without one, a heading is "N. <title>" with the "Sagsnr.:" stamp right below (numbers that do not
go up are cut all the same, so that the plausibility check refuses them).

>>> from referatgraf.parse.acadre.text import numbered
>>> lines = numbered(["715. Plan for", "skoler", "Sagsnr.: 12/27845", "Sagen afgøres i: Udvalget", "Resumé",
...     "Tidsplan:", "Juni 2012: start", "Bilag", "1 Åben Notat om skoler og 222359/12", "2 Åben Plan for",
...     "skolerne 73288/09", "Beslutning i Udvalget den 20-06-2013", "Godkendt.", "Underskriftsside", "Bo Holm"])
>>> [(lines[a][1], b - a, entry) for (a, b), entry in split_items(lines, 0, [])]
[('715. Plan for', 13, None)]
>>> parts = read_item(lines[:13], None)
>>> parts.number, parts.title, [c.raw for c in parts.cases], [f.heading for f in parts.fields]
('715', 'Plan for skoler', ['12/27845'], ['Resumé', 'Bilag', 'Beslutning i Udvalget den 20-06-2013'])
>>> [a.title for a in parts.attachments]
['Notat om skoler og', 'Plan for skolerne']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from referatgraf.parse.acadre.front import AcadreTocEntry
from referatgraf.parse.acadre.item import DECISION_LIKE, Field, ItemParts, field_heading
from referatgraf.parse.acadre.text import ITEM_HEADING, SAGSNR, STAMP, Line, case_line, stamp_below
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Attachment
from referatgraf.parse.titles import norm_title

Span = tuple[int, int]  # [start, end) indexes into the lines

END_OF_ITEMS = re.compile(r"^(?:Underskriftsside|Underskrifter|Underskriftsblad)$", re.IGNORECASE)
_ATTACHMENT = re.compile(r"^(?P<n>\d{1,3})\s+(?P<access>Åben|Lukket|Fortrolig)\s+(?P<title>\S.*)$", re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"\s+\d{1,9}/\d{2,4}$")  # Acadre's "222359/12" after an attachment's title


def split_items(lines: Sequence[Line], start: int,
                toc: list[AcadreTocEntry]) -> list[tuple[Span, AcadreTocEntry | None]]:
    """Cut ``lines[start:]`` at the item headings, up to the signature page if there is one."""
    stop = next((i for i in range(start, len(lines)) if END_OF_ITEMS.match(lines[i][1])), len(lines))
    starts: list[tuple[int, AcadreTocEntry | None]] = []
    pending = list(toc)
    for i in range(start, stop):
        m = ITEM_HEADING.match(lines[i][1])
        if m is None:
            continue
        if toc:
            entry = pending[0] if pending else None
            if entry and m["n"] == entry.number and norm_title(entry.title).startswith(norm_title(m["title"])):
                starts.append((i, pending.pop(0)))
        elif stamp_below(lines, i) is not None:  # numbers going down are refused later, not skipped
            starts.append((i, None))
    ends = [i for i, _ in starts[1:]] + [stop]
    return [((i, end), entry) for (i, entry), end in zip(starts, ends)]


def read_item(lines: Sequence[Line], entry: AcadreTocEntry | None, file: str | None = None) -> ItemParts:
    """The parts of the item whose heading is the first non-blank line of ``lines``."""
    content = [(no, text) for no, text in lines if text]
    m = ITEM_HEADING.match(content[0][1]) if content else None
    if m is None:
        raise ParseError("Acadre item without its heading 'N. <title>'", file=file, line=lines[0][0] if lines else None)
    title, rest = _join_title(m["title"], content[1:], entry.title if entry else None)
    parts = ItemParts(number=m["n"], title=title, first=content[0][0], last=content[-1][0])
    _read_fields(parts, rest)
    bilag = next((f for f in parts.fields if f.heading.casefold().rstrip(" :") == "bilag"), None)
    parts.attachments = attachments(bilag.lines) if bilag is not None else []
    return parts


def _join_title(text: str, rest: list[Line], target: str | None) -> tuple[str, list[Line]]:
    """The heading joined with the lines a long title wrapped onto: while they spell more of
    the contents entry's title, or (without one) up to the "Sagsnr.:" stamp."""
    i = 0
    while i < len(rest) and not SAGSNR.match(rest[i][1]) and field_heading(rest[i][1]) is None:
        joined = f"{text} {rest[i][1]}"
        if target is not None:
            if norm_title(text) == norm_title(target) or not norm_title(target).startswith(norm_title(joined)):
                break
        elif not any(SAGSNR.match(t) for _, t in rest[i + 1:i + 3]) or STAMP.match(rest[i][1]):
            break
        text, i = joined, i + 1
    return " ".join(text.split()), rest[i:]


def _read_fields(parts: ItemParts, lines: list[Line]) -> None:
    """The stamp lines (before the first field) and the fields."""
    lines = _join_wrapped_decisions(lines)
    current: Field | None = None
    for no, text in lines:
        if not text:
            continue
        if current is None and SAGSNR.match(text):
            case = case_line(text)
            if case is not None and case not in parts.cases:
                parts.cases.append(case)
            continue
        if current is None and STAMP.match(text):
            continue
        if not text.endswith(":") and field_heading(text) is not None:
            current = Field(text, no)
            parts.fields.append(current)
            continue
        if current is None:  # text before the first field: the item's introduction
            current = Field("", no)
            parts.fields.append(current)
        current.lines.append((no, text))


def _join_wrapped_decisions(lines: list[Line]) -> list[Line]:
    """A decision heading the PDF wrapped ("Beslutning i Udvalget for Natur, Miljø og" /
    "Teknik den 10-04-2013") joined again; the second line is left blank.

    >>> _join_wrapped_decisions([(1, "Beslutning i Udvalget for Natur og"), (2, "Teknik den 10-04-2013"), (3, "Ok")])
    [(1, 'Beslutning i Udvalget for Natur og Teknik den 10-04-2013'), (2, ''), (3, 'Ok')]
    """
    out = list(lines)
    for k in range(len(out) - 1):
        text, following = out[k][1], out[k + 1][1]
        if (text.casefold().startswith("beslutning ") and following and field_heading(text) is None
                and DECISION_LIKE.match(f"{text} {following}")):
            out[k], out[k + 1] = (out[k][0], f"{text} {following}"), (out[k + 1][0], "")
    return out


def attachments(lines: list[Line]) -> list[Attachment]:
    """The attachment list under "Bilag": "<n> <access> <title> <document number>" entries, a
    wrapped title joined again; without such entries, each line is a title."""
    if not any(_ATTACHMENT.match(text) for _, text in lines):
        return [Attachment(title=text, line=no) for no, text in lines if text]
    out: list[Attachment] = []
    complete = True  # the last entry's document number has been read
    for no, text in lines:
        if (m := _ATTACHMENT.match(text)) is not None:
            out.append(Attachment(title=m["title"], line=no))
        elif out and not complete:
            out[-1].title += " " + text
        else:
            continue
        complete = bool(_DOCUMENT_NUMBER.search(out[-1].title))
        out[-1].title = _DOCUMENT_NUMBER.sub("", out[-1].title)
    return out
