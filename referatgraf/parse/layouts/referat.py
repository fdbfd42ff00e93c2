"""The "Punkt N:" layout family: REFERAT/DAGSORDEN <body> d. DD-MM-YYYY, then items.

Used by many municipal meeting systems for councils, committees and fora, as plain text (a PDF's
text layer) or markdown. Read in block stages, like markdown-it-py's block rules:

1. normalise — strip markdown/HTML decoration and page noise (:mod:`referatgraf.parse.normalise`);
2. header    — "REFERAT <body> d. <date>", *Mødedato* (date, "kl." time), *Mødested*, attendance;
3. contents  — *Indholdsfortegnelse*: "title.....<tab>page" lines ("Lukket" = closed item);
4. items     — blocks from one "Punkt N: <title>" heading to the next;
5. sections  — inside an item: case number, known headings (:mod:`referatgraf.parse.sections`),
   recommendation, decisions, attachments.

Nothing here knows a body, municipality or forum prefix: the body comes from the header and the
"XX - " title prefix is whatever short uppercase prefix most items share.

>>> from referatgraf.parse import parse_text
>>> m = parse_text("REFERAT Byrådet d. 02-03-2021\\n\\nPunkt 1: BY - Budget (10 min)\\n\\n21-000123\\n\\n"
...                "Indstilling\\n\\nDirektionen indstiller,\\n\\n1. at budgettet godkendes\\n\\n"
...                "Beslutning\\n\\nAd 1: Godkendt")
>>> m.body, m.items[0].title, m.items[0].case_number, m.items[0].recommendation.proposer
('Byrådet', 'Budget', '21-000123', 'Direktionen')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from referatgraf.parse import layouts
from referatgraf.parse.attendance import parse_attendance
from referatgraf.parse.case_number import find_case_number
from referatgraf.parse.dates import find_date, find_time
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import (
    AgendaItem, Attachment, Attendance, Decision, Meeting, ParseReport, ParseWarning, Section,
    SourceDocument, TocEntry,
)
from referatgraf.parse.normalise import Line, blank_structured, is_wrapped, normalise, wrap_width
from referatgraf.parse.reader import SourceText
from referatgraf.parse.recommendation import opens_recommendation, parse_answers, parse_recommendation
from referatgraf.parse.sections import Heading, classify, inline_heading, join_paragraphs
from referatgraf.parse.titles import common_prefix, norm_title, split_title

HEADER = re.compile(
    r"^(?P<kind>REFERAT|DAGSORDEN|Referat|Dagsorden|Beslutningsprotokol)(?:\s+(?:fra|for|af)(?:\s+mødet\s+i)?)?"
    r"[\s:]+(?P<body>[^\d\s].*?)(?:,?\s+(?:d\.|den|fra)?\s*(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}))?\s*$"
)
_HEADER_KEY = re.compile(
    r"^(?P<key>Mødedato|Dato|Mødetidspunkt|Tidspunkt|Mødetid|Starttidspunkt|Mødestart|Mødested|Sted)"
    r"\b\s*:?\s*(?P<value>.*)$", re.IGNORECASE,
)
ITEM = re.compile(r"^(?:Punkt|PUNKT|Pkt\.)\s*(?P<n>\d{1,3})\s*(?P<sep>[:.\-–)])?\s*(?P<title>.*)$")
TOC_HEADINGS = frozenset({"indholdsfortegnelse", "indhold", "dagsordenens punkter", "oversigt over punkter"})
_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)\s*(?:\.{3,}|…+)\s*(?P<page>\d{1,4})?\s*$")
_TOC_PAGE = re.compile(r"^(?P<title>.*?\S)\s*\t\s*(?P<page>\d{1,4})\s*$")
_CASE_LABEL = re.compile(r"^(?:Sags?\s*\.?\s*nr|Sagsnummer|Dok(?:ument)?\s*\.?\s*nr|J\s*\.?\s*nr)", re.IGNORECASE)
_ATTENDANCE_HINT = re.compile(r"fravær|afbud|deltager|til\s?stede|fremmødt|forfald|mødt:|medlemmer:", re.IGNORECASE)
_ATTACHMENT_NONE = re.compile(r"^(?:ingen(?: bilag)?|-|—)\.?$", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–·▪]\s+")
_ENUMERATOR = re.compile(r"^\d+[.)]\s")
_LINK = re.compile(r"^\[(?P<title>[^\]]+)\]\([^)]*\)$")


class ReferatLayout:
    """The "Punkt N:" layout family (see the module docstring)."""

    name = "referat"

    def sniff(self, source: SourceText) -> float:
        lines = source.lines
        header = any(HEADER.match(_quick(t)) for t in lines[:60])
        items = any(ITEM.match(_quick(t)) for t in lines)
        return 0.8 if header and items else 0.5 if header else 0.4 if items else 0.0

    def parse(self, source: SourceText) -> Meeting:
        lines = normalise(source.lines)
        header = read_header(lines, source.name)
        toc, body_start = read_toc(lines, header.end)
        blocks = split_items(lines, body_start, toc)
        if not blocks:
            raise ParseError("no agenda items (no 'Punkt N: <title>' heading found)",
                             file=source.name, line=header.line)
        prefix = common_prefix([b.heading_text for b in blocks])
        toc = [_toc_entry(e.raw_title, e.page, e.line, prefix) for e in toc]
        structured = blank_structured(lines)
        reader = ItemReader(structured, prefix, header.body, 0 if structured else wrap_width(lines))
        items = [reader.read(block, toc[i] if i < len(toc) else None) for i, block in enumerate(blocks)]
        meeting = Meeting(
            kind=header.kind, body=header.body, date=header.date, start_time=header.start_time,
            location=header.location,
            source=SourceDocument(file_name=source.name, sha256=source.sha256, media_type=source.media_type,
                                  encoding=source.encoding, line_count=len(source.lines)),
            toc=toc, items=items, attendance=header.attendance,
            report=ParseReport(layout=self.name), header_lines=(header.line, header.last),
        )
        mark_incomplete(meeting, blocks)
        return meeting


def _quick(raw: str) -> str:
    """Cheap decoration strip for sniffing."""
    return raw.strip().lstrip("#").strip().replace("**", "")


# -- stage 2: header ------------------------------------------------------------------------------

@dataclass
class Header:
    kind: str
    body: str
    date: object
    line: int
    last: int
    end: int  # index of the first line after the header block
    start_time: str | None = None
    location: str | None = None
    attendance: list[Attendance] = field(default_factory=list)


def read_header(lines: list[Line], name: str) -> Header:
    """Find "REFERAT <body> d. <date>" and read the key lines below it."""
    start = next((i for i, ln in enumerate(lines[:80]) if ln.text and HEADER.match(ln.text)), None)
    if start is None:
        first = next((ln.no for ln in lines if ln.text), None)
        raise ParseError("no meeting header (expected 'REFERAT <body> d. DD-MM-YYYY' or 'DAGSORDEN ...')",
                         file=name, line=first)
    m = HEADER.match(lines[start].text)
    assert m is not None
    end = next((i for i in range(start + 1, len(lines)) if _ends_header(lines[i])), len(lines))
    header = Header(kind="dagsorden" if m["kind"].lower() == "dagsorden" else "referat",
                    body=m["body"].strip(" ,-–:"), date=find_date(m["date"]) if m["date"] else None,
                    line=lines[start].no, last=lines[start].no, end=end)
    rest = [ln for ln in lines[start + 1:end] if ln.text]
    for i, ln in enumerate(rest):
        if (k := _HEADER_KEY.match(ln.text)) is None:
            continue
        value = k["value"] or (rest[i + 1].text if i + 1 < len(rest) else "")
        key = k["key"].lower()
        if key in ("mødested", "sted"):
            header.location = header.location or value.strip() or None
        else:
            header.date = header.date or find_date(value)
            header.start_time = header.start_time or find_time(value)
        header.last = max(header.last, ln.no)
    if header.date is None:
        raise ParseError("meeting header has no date (expected 'd. DD-MM-YYYY' or a 'Mødedato' line)",
                         file=name, line=lines[start].no)
    header.attendance = parse_attendance([(ln.no, ln.text) for ln in rest])
    if header.attendance:
        header.last = max(header.last, max(a.line for a in header.attendance))
    return header


def _ends_header(line: Line) -> bool:
    text = line.text
    return bool(text) and (text.rstrip(":").casefold() in TOC_HEADINGS or ITEM.match(text) is not None)


# -- stage 3: table of contents -------------------------------------------------------------------

def read_toc(lines: list[Line], start: int) -> tuple[list[TocEntry], int]:
    """Entries of the table of contents at ``lines[start]`` (if it is one) and where items begin."""
    if start >= len(lines) or lines[start].text.rstrip(":").casefold() not in TOC_HEADINGS:
        return [], start
    entries: list[TocEntry] = []
    pending: list[Line] = []  # lines of an entry wrapped over several lines
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        if ln.text and ITEM.match(ln.text) and not _TOC_ENTRY.match(ln.text):
            break
        if ln.text:
            m = _TOC_ENTRY.match(ln.text) or _TOC_PAGE.match(ln.text)
            if m is None and ln.text.isdigit() and entries and entries[-1].page is None and not pending:
                entries[-1].page = int(ln.text)  # the page number wrapped onto a line of its own
            elif m is None:
                pending.append(ln)
            else:
                raw = " ".join([p.text for p in pending] + [m["title"]])
                entries.append(_toc_entry(raw, m["page"], (pending or [ln])[0].no))
                pending = []
        i += 1
    entries += [_toc_entry(p.text, None, p.no) for p in pending]  # a contents list without leaders
    return entries, i


def _toc_entry(raw: str, page: str | int | None, line: int, prefix: str | None = None) -> TocEntry:
    raw = ITEM.sub(lambda m: m["title"], raw, count=1) if ITEM.match(raw) else raw
    parts = split_title(raw, prefix)
    return TocEntry(title=parts.title, raw_title=parts.raw_title, page=int(page) if page else None,
                    closed=parts.closed, line=line)


# -- stage 4: item blocks -------------------------------------------------------------------------

@dataclass
class Block:
    """The lines of one item: its heading and everything up to the next item heading."""

    number: int
    heading: Line
    heading_text: str
    body: list[Line]


def split_items(lines: list[Line], start: int, toc: list[TocEntry]) -> list[Block]:
    """Cut the document into item blocks at "Punkt N:" headings."""
    toc_titles = {norm_title(e.raw_title) for e in toc}
    blocks: list[Block] = []
    for ln in lines[start:]:
        text = ln.text
        m = ITEM.match(text) if text[:1] in "PpP" else None
        if m is not None and _is_item_heading(m, ln, blocks, toc_titles):
            blocks.append(Block(int(m["n"]), ln, m["title"].strip(), []))
        elif blocks:
            blocks[-1].body.append(ln)
    return blocks


def _is_item_heading(m: re.Match, ln: Line, blocks: list[Block], toc_titles: set[str]) -> bool:
    """Item headings count up; a skipped number needs markup or a contents entry to back it."""
    if m["sep"] is None and not ln.marked:
        return False
    n, previous = int(m["n"]), blocks[-1].number if blocks else 0
    if n == previous + 1 or ln.marked:
        return True
    return n > previous and (not toc_titles or norm_title(m["title"]) in toc_titles)


# -- stage 5: sections of one item ----------------------------------------------------------------

@dataclass
class _Open:
    """A section being collected."""

    head: Heading
    first: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def last(self) -> int:
        return next((n for n, t in reversed(self.lines) if t), self.first)

    def has_text(self) -> bool:
        return any(t for _, t in self.lines)

    def kind_is(self, kind: str) -> bool:
        return self.head.kind == kind


INTRO = Heading("intro", "")
IMPLICIT_RECOMMENDATION = Heading("indstilling", "")


class ItemReader:
    """Reads item blocks of one document (shares the document's prefix and line structure)."""

    def __init__(self, blank_structured: bool, prefix: str | None, body: str, width: int = 0) -> None:
        self.blank_structured = blank_structured
        self.prefix = prefix
        self.body = body
        self.width = width  # full-line length when lines were wrapped by a typesetter (PDF), else 0

    def read(self, block: Block, toc: TocEntry | None) -> AgendaItem:
        heading_text, rest = self._join_title(block, toc)
        parts = split_title(heading_text, self.prefix)
        case, sections = self._sections(rest, parts.raw_title)
        content = [ln for ln in rest if ln.text]
        item = AgendaItem(
            number=block.number, title=parts.title, raw_title=parts.raw_title, case=case,
            closed=parts.closed or bool(toc and toc.closed and norm_title(parts.title) == "lukket"),
            planned_start=parts.planned_start, planned_end=parts.planned_end,
            planned_minutes=parts.planned_minutes, presenters=parts.presenters, participants=parts.participants,
            sections=[Section(kind=s.head.kind, heading=s.head.heading, text=join_paragraphs(s.lines),
                              lines=(s.first, s.last())) for s in sections],
            lines=(block.heading.no, content[-1].no if content else block.heading.no),
        )
        self._fill(item, sections, content)
        return item

    def _join_title(self, block: Block, toc: TocEntry | None) -> tuple[str, list[Line]]:
        """The heading text, joined with the lines it was wrapped onto (PDF text layers)."""
        text, body = block.heading_text, block.body
        target = norm_title(toc.raw_title) if toc else None
        i = 0
        while i < len(body) and body[i].text and not _stops_title(body[i]):
            joined = f"{text} {body[i].text}".strip()
            if target is not None:
                if not target.startswith(norm_title(joined)):
                    break
            elif not self.blank_structured and text and not is_wrapped(text, body[i].text, self.width):
                break
            text, i = joined, i + 1
        return text, body[i:]

    def _sections(self, lines: list[Line], raw_title: str) -> tuple[object, list[_Open]]:
        """Case number and sections of an item's lines (document order)."""
        target = norm_title(raw_title)
        case = None
        sections: list[_Open] = []
        current: _Open | None = None
        has_recommendation = False
        i = 0
        while i < len(lines):
            ln = lines[i]
            text = ln.text
            i += 1
            if not text:
                if current is not None:
                    current.lines.append((ln.no, ""))
                continue
            if ln.marked or current is None or current.head.kind in ("bilag", "intro"):
                repeat = _repeat_length(lines, i - 1, target)
                if repeat:  # the repeated item heading of some layouts: a boundary, not text
                    current, i = None, i - 1 + repeat
                    continue
            if case is None and (current is None or current.kind_is("intro") or _CASE_LABEL.match(text)):
                if (found := find_case_number(text)) is not None:
                    case = found
                    continue
            head, inline = _heading(text, ln.marked)
            if head is None and not has_recommendation and (current is None or current.kind_is("intro")) \
                    and opens_recommendation(text):
                head, inline = IMPLICIT_RECOMMENDATION, text
            if head is not None:
                has_recommendation = has_recommendation or head.kind == "indstilling"
                current = _Open(head, ln.no, [(ln.no, inline)] if inline else [])
                sections.append(current)
                continue
            if current is None:
                current = _Open(INTRO, ln.no)
                sections.append(current)
            current.lines.append((ln.no, text))
        return case, sections

    def _fill(self, item: AgendaItem, sections: list[_Open], content: list[Line]) -> None:
        """Recommendation, decisions, attachments and attendance from the sections."""
        for s in sections:
            kind = s.head.kind
            if kind == "indstilling" and item.recommendation is None and s.has_text():
                item.recommendation = parse_recommendation(s.lines, (s.first, s.last()))
            elif kind == "beslutning":
                item.decisions.append(Decision(
                    body=self._body_name(s.head.body), date=s.head.date, text=join_paragraphs(s.lines),
                    answers=parse_answers(s.lines), lines=(s.first, s.last())))
            elif kind == "bilag":
                item.attachments += attachments(s.lines, self.width)
        if any(_ATTENDANCE_HINT.search(ln.text) for ln in content):
            item.attendance = parse_attendance([(ln.no, ln.text) for ln in content], item=item.number)

    def _body_name(self, name: str | None) -> str | None:
        """A body named in a decision heading, spelled as the header spells it when it is the same."""
        if name is None:
            return None
        return self.body if name.casefold() == self.body.casefold() else name


def _heading(text: str, marked: bool) -> tuple[Heading | None, str]:
    """The heading a line stands for, with any text that follows it on the line."""
    head = classify(text, marked)
    if head is not None:
        return head, ""
    if ":" in text and (inline := inline_heading(text)) is not None:
        return inline
    return None, ""


def _repeat_length(lines: list[Line], start: int, target: str) -> int:
    """How many lines from ``start`` spell the item heading again (wrapped or not); 0 if none."""
    first = lines[start].text
    if not target or first[:1].casefold() != target[:1]:
        return 0
    joined = ""
    for k in range(start, min(start + 4, len(lines))):
        if not lines[k].text:
            return 0
        joined = norm_title(f"{joined} {lines[k].text}")
        if joined == target:
            return k - start + 1
        if len(joined) < 12 or not target.startswith(joined):
            return 0
    return 0


def _stops_title(line: Line) -> bool:
    text = line.text
    return (find_case_number(text) is not None or classify(text, False) is not None
            or ITEM.match(text) is not None)


def attachments(lines: list[tuple[int, str]], width: int = 0) -> list[Attachment]:
    """One attachment per non-blank line of a *Bilag* section (bullets and links unwrapped);
    with a typesetter's ``width`` (PDF), a title wrapped onto the next line is joined again."""
    out: list[Attachment] = []
    previous = ""
    for number, text in lines:
        title = _BULLET.sub("", text).strip()
        if (link := _LINK.match(title)) is not None:
            title = link["title"]
        if out and previous and _continues(title) and is_wrapped(previous, text, width):
            out[-1].title += " " + title
        elif title and not _ATTACHMENT_NONE.match(title):
            out.append(Attachment(title=title, line=number))
        previous = text
    return out


def _continues(text: str) -> bool:
    """A wrapped attachment title goes on in lower case or with a number ("2019"), while a new
    title starts with a capital or an enumerator ("2. udkast ...")."""
    return bool(text) and (text[0].islower() or (text[0].isdigit() and _ENUMERATOR.match(text) is None))


# -- completeness ---------------------------------------------------------------------------------

def mark_incomplete(meeting: Meeting, blocks: list[Block]) -> None:
    """Flag a document that ends in the middle of an item (or before the items it lists)."""
    last = meeting.items[-1]
    reason = None
    if len(meeting.toc) > len(meeting.items) and all(
            norm_title(e.title) == norm_title(i.title) for e, i in zip(meeting.toc, meeting.items)):
        reason = (f"document ends in item {last.number}: the table of contents lists "
                  f"{len(meeting.toc)} items, only {len(meeting.items)} found")
    elif not any(ln.text for ln in blocks[-1].body) and not last.closed:
        reason = f"document ends right after the heading of item {last.number}"
    elif last.sections and last.sections[-1].kind != "intro" and not last.sections[-1].text:
        reason = f"document ends after the heading '{last.sections[-1].heading}' of item {last.number}"
    if reason is not None:
        meeting.report.complete = False
        meeting.report.warnings.append(ParseWarning(code="incomplete", message=reason, line=last.lines[1]))


layouts.register(ReferatLayout())
