"""Agenda items of a "Punkt N:" document: the blocks, and what is inside each.

Block stages 4 and 5 of :mod:`referatgraf.parse.layouts.referat`: the document is cut at
"Punkt N: <title>" headings; each block yields its title (joined again when a PDF wrapped it),
case number, sections (known headings from :mod:`referatgraf.parse.sections`; the repeated item
heading of some layouts is a boundary, never text), recommendation, decisions, attachments and
attendance.

Where the PDF's typesetting is known (:mod:`referatgraf.parse.typography`), it decides what the
text cannot: a line set like the section headings is a heading (an undated "Beslutning i
Teknisk Udvalg", a template field the vocabulary does not know), a section word set like the
body text inside a *Bilag* list is an attachment, and a wrapped title goes on while the style does.
Without it, a section word inside a *Bilag* list is an attachment when the item already had that
section, when the template puts it earlier than a section already seen, or when the list goes on
right after it ("Bilag 1: …") — see :func:`listed_not_heading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from referatgraf.parse.attendance import parse_attendance
from referatgraf.parse.case_number import CaseNumber, find_case_number
from referatgraf.parse.frontmatter import ENUMERATOR, ITEM, TocLine
from referatgraf.parse.model import AgendaItem, Attachment, Decision, Section, TocEntry
from referatgraf.parse.normalise import Line, is_wrapped
from referatgraf.parse.recommendation import opens_recommendation, parse_answers, parse_recommendation
from referatgraf.parse.sections import LONGEST_NAME, ORDER_RANK, Heading, classify, inline_heading, join_paragraphs
from referatgraf.parse.titles import norm_title, split_title
from referatgraf.parse.treatments import treatments
from referatgraf.parse.typography import Typography

_CASE_LABEL = re.compile(r"^(?:Sags?\s*\.?\s*nr|Sagsnummer|Dok(?:ument)?\s*\.?\s*nr|J\s*\.?\s*nr)", re.IGNORECASE)
_ATTENDANCE_LABELS = ("fraværende", "fravær", "afbud", "forfald", "ikke til stede", "ikke mødt", "meldt afbud",
                      "meldt fravær", "inhabil", "inhabile", "deltagere", "deltager", "til stede", "tilstede",
                      "mødt", "fremmødte", "medlemmer", "mødedeltagere", "stedfortræder", "stedfortrædere",
                      "suppleant")
_ABSENCE_PROSE = ("deltog ikke", "var fraværende", "til stede", "meldt afbud", "sig inhabil")
_ABSENCE_MARKS = ("ravær", "RAVÆR", "fbud", "FBUD", "orfald", "ORFALD", "il stede", "IL STEDE")
_ATTACHMENT_NONE = re.compile(r"^(?:ingen(?: bilag)?|-|—)\.?$", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–·▪]\s+")
_ATTENDANCE_KINDS = frozenset({"fravaerende", "deltagere"})
_HEADING_MAX = 160  # longer lines are never headings unless marked up as one
_INLINE_MAX = 40  # "Beslutning: ..." — the colon of an inline heading comes early
_LINK = re.compile(r"^\[(?P<title>[^\]]+)\]\([^)]*\)$")
_NUMBERED_ATTACHMENT = re.compile(r"^(?:Bilag|Bilagsnr\.?)\s*\d+(?:\.\d+)*\s*[:.)–-]", re.IGNORECASE)
# Labels of a case line other than those parse.case_number knows ("Sags-ID: EMN-2025-003383").
_OTHER_CASE_LABEL = re.compile(r"^(?:Sags[\s-]*id|Sagsnr|Emnenr|Emne\s*nr)\.?\s*:\s*(?=\S)", re.IGNORECASE)


@dataclass
class Block:
    """The lines of one item: its heading and everything up to the next item heading."""

    number: int
    heading: Line
    heading_text: str
    body: list[Line]


def split_items(lines: list[Line], start: int, toc: list[TocLine]) -> list[Block]:
    """Cut the document into item blocks at "Punkt N:" headings."""
    toc_titles = {norm_title(raw) for raw, _, _ in toc}
    blocks: list[Block] = []
    for ln in lines[start:]:
        text = ln.text
        m = ITEM.match(text) if text[:1] == "P" else None
        if m is not None and _is_item_heading(m, ln, blocks, toc_titles):
            blocks.append(Block(int(m["n"]), ln, m["title"].strip(), []))
        elif blocks:
            blocks[-1].body.append(ln)
    return blocks


def _is_item_heading(m: re.Match, ln: Line, blocks: list[Block], toc_titles: set[str]) -> bool:
    """Item headings count up (a repeated one, as on a PDF's running header, is not a new item);
    a skipped number needs markup or a contents entry to back it."""
    if m["sep"] is None and not ln.marked:
        return False
    n, previous = int(m["n"]), blocks[-1].number if blocks else 0
    if n <= previous:
        return False
    return n == previous + 1 or ln.marked or not toc_titles or norm_title(m["title"]) in toc_titles


@dataclass
class _Open:
    """A section being collected."""

    head: Heading
    first: int
    lines: list[tuple[int, str]] = field(default_factory=list)
    last_text: int = 0  # number of the last line with text, 0 while there is none

    def add(self, number: int, text: str) -> None:
        self.lines.append((number, text))
        if text:
            self.last_text = number

    def last(self) -> int:
        return self.last_text or self.first

    def has_text(self) -> bool:
        return self.last_text > 0

    def kind_is(self, kind: str) -> bool:
        return self.head.kind == kind


INTRO = Heading("intro", "")
IMPLICIT_RECOMMENDATION = Heading("indstilling", "")


class ItemReader:
    """Reads item blocks of one document (shares the document's prefix and line structure)."""

    def __init__(self, blank_structured: bool, prefix: str | None, body: str, width: int = 0,
                 typography: Typography | None = None) -> None:
        self.blank_structured = blank_structured
        self.prefix = prefix
        self.body = body
        self.width = width  # full-line length when lines were wrapped by a typesetter (PDF), else 0
        self.typography = typography  # the PDF's heading and body styles, when they tell them apart

    def read(self, block: Block, toc: TocEntry | None, order: int) -> AgendaItem:
        heading_text, rest = self._join_title(block, toc)
        parts = split_title(heading_text, self.prefix)
        case, sections = self._sections(rest, parts.raw_title)
        content = [ln for ln in rest if ln.text]
        item = AgendaItem(
            number=block.number, order=order, title=parts.title, raw_title=parts.raw_title,
            cases=[case] if case else [],
            closed=parts.closed,  # the contents' "Lukket" is cross-checked in parse.checks
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
        if not text:  # "Punkt 5:" with the title on a line of its own
            i = next((k for k, ln in enumerate(body) if ln.text), len(body))
            if i < len(body) and not _stops_title(body[i]):
                text, i = body[i].text, i + 1
        while i < len(body) and body[i].text and not _stops_title(body[i]):
            joined = f"{text} {body[i].text}".strip()
            same = self.typography.same(block.heading.no, body[i].no) if self.typography else None
            if same is False or norm_title(body[i].text) == norm_title(text):
                break  # set otherwise than the heading, or the heading repeated (some layouts do)
            if target is not None:
                if not target.startswith(norm_title(joined)):
                    break
            elif same is None and not self.blank_structured and text \
                    and not is_wrapped(text, body[i].text, self.width):
                break
            text, i = joined, i + 1
        return text, body[i:]

    def _sections(self, lines: list[Line], raw_title: str) -> tuple[CaseNumber | None, list[_Open]]:
        """Case number and sections of an item's lines (document order)."""
        target = norm_title(raw_title)
        case: CaseNumber | None = None
        sections: list[_Open] = []
        current: _Open | None = None
        has_recommendation = False
        kinds: set[str] = set()  # of the sections so far, intro and bilag aside (listed_not_heading)
        typography = self.typography
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
                if (found := case_on_line(text)) is not None:
                    case = found
                    continue
            role = typography.role(ln.no) if typography is not None else None
            listing = current is not None and current.kind_is("bilag")
            head, inline = _heading(text, ln.marked or role == "heading", listing and role == "body")
            if head is not None and listing and role is None and not inline \
                    and listed_not_heading(head, kinds, _next_text(lines, i)):
                head = None  # an attachment named like a section
            if head is None and not has_recommendation and (current is None or current.kind_is("intro")) \
                    and opens_recommendation(text):
                head, inline = IMPLICIT_RECOMMENDATION, text
            if head is not None:
                has_recommendation = has_recommendation or head.kind == "indstilling"
                current = _Open(head, ln.no)
                if inline:
                    current.add(ln.no, inline)
                sections.append(current)
                if head.kind not in ("intro", "bilag"):
                    kinds.add(head.kind)
                continue
            if current is None:
                current = _Open(INTRO, ln.no)
                sections.append(current)
            current.lines.append((ln.no, text))  # add(), inlined: this is the innermost loop
            current.last_text = ln.no
        return case, sections

    def _fill(self, item: AgendaItem, sections: list[_Open], content: list[Line]) -> None:
        """Recommendation, decisions, attachments and attendance from the sections."""
        for s in sections:
            kind = s.head.kind
            if kind == "indstilling" and item.recommendation is None and s.has_text():
                item.recommendation = parse_recommendation(s.lines, (s.first, s.last()))
                if item.recommendation.proposer is None and s.head.body:  # "INDSTILLING FRA <department>"
                    item.recommendation.proposer = s.head.body
            elif kind == "tidligere_beslutninger":
                item.history += treatments(s.lines)
            elif kind == "beslutning":
                item.decisions.append(Decision(
                    body=self._body_name(s.head.body), date=s.head.date, text=join_paragraphs(s.lines),
                    answers=parse_answers(s.lines), lines=(s.first, s.last())))
            elif kind == "bilag":
                item.attachments += attachments(s.lines, self.width)
        if may_be_attendance("\n".join(f"{section.heading}\n{section.text}" for section in item.sections)):
            item.attendance = parse_attendance([(ln.no, ln.text) for ln in content], item=item.order)

    def _body_name(self, name: str | None) -> str | None:
        """A body named in a decision heading, spelled as the header spells it when it is the same."""
        if name is None:
            return None
        return self.body if name.casefold() == self.body.casefold() else name


def _heading(text: str, marked: bool, body_text: bool = False) -> tuple[Heading | None, str]:
    """The heading a line stands for, with any text that follows it on the line; ``body_text``:
    the PDF sets the line as body text in a list, so only an inline heading ("Beslutning: ...") is one."""
    n = len(text)  # most lines are paragraphs, longer than any heading name: skip them fast
    if not body_text and (marked or n <= LONGEST_NAME or (n <= _HEADING_MAX and _NAMING_HEADING.search(text))):
        head = classify(text, marked)
        if head is not None:
            return head, ""
    if 0 < text.find(":", 0, _INLINE_MAX) and (inline := inline_heading(text)) is not None \
            and inline[0].kind not in _ATTENDANCE_KINDS:  # "Fraværende: X" is a line, not a section
        return inline
    return None, ""


# Headings that may be longer than any bare heading name: they name a body or a proposer.
_NAMING_HEADING = re.compile(r"eslutning|ESLUTNING|^(?:Indstilling|INDSTILLING|indstilling) ")


def case_on_line(text: str) -> CaseNumber | None:
    """The case number an item's case line gives, with the labels parse.case_number knows or
    FirstAgenda's "Sags-ID:".

    >>> case_on_line("Sags-ID: EMN-2025-003383").raw, case_on_line("Sagsnr.: EMN-2025-003383").prefix
    ('EMN-2025-003383', 'EMN')
    """
    found = find_case_number(text)
    if found is None and (m := _OTHER_CASE_LABEL.match(text)) is not None:
        rest = text[m.end():].split()
        found = find_case_number(rest[0].rstrip(",;")) if rest else None
    return found


def listed_not_heading(head: Heading, kinds: set[str], following: str | None) -> bool:
    """A section word inside a *Bilag* list (no typography to tell) is an attachment when the item
    already had that section, when the template puts that section before one already seen
    (Indstilling after Beslutning), or — except for a decision, which may be empty in an agenda —
    when the list goes on with a numbered attachment or the item ends right after it. A heading
    that names a body or a date ("Beslutning i Byrådet den …") is always a heading.

    ``kinds``: the kinds of the item's sections so far, intro and bilag aside (kept by the
    caller as it goes: rebuilt here for every line of a long list, it made parsing quadratic).

    >>> seen = {"indstilling"}
    >>> listed_not_heading(Heading("indstilling", "Indstilling"), seen, "Notat")
    True
    >>> listed_not_heading(Heading("beslutning", "Beslutning"), seen, "Godkendt.")
    False
    >>> listed_not_heading(Heading("tidsplan", "Tidsplan"), seen, "Bilag 2: Kort")
    True
    """
    if head.body is not None or head.date is not None:
        return False
    if head.kind in kinds:
        return True
    rank = ORDER_RANK.get(head.kind)
    if rank is not None and any(ORDER_RANK.get(k, -1) > rank for k in kinds):
        return True
    return head.kind != "beslutning" and (following is None or _NUMBERED_ATTACHMENT.match(following) is not None)


def _next_text(lines: list[Line], start: int) -> str | None:
    """The next non-blank line's text from ``lines[start]`` on, None at the end of the item."""
    return next((lines[k].text for k in range(start, len(lines)) if lines[k].text), None)  # no slice: linear


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
    with a typesetter's ``width`` (PDF), a title wrapped onto the next line is joined again.

    >>> [a.title for a in attachments([(5, "- Notat.pdf"), (6, ""), (7, "[Plan](https://x/y.pdf)"), (8, "Ingen")])]
    ['Notat.pdf', 'Plan']
    >>> [a.title for a in attachments([(5, "Udkast til procedure for sikkerhedsbrud 8 januar"), (6, "2018")], width=50)]
    ['Udkast til procedure for sikkerhedsbrud 8 januar 2018']
    """
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


def may_be_attendance(text: str) -> bool:
    """Cheap test before reading attendance from an item's text (a superset of the forms
    :mod:`referatgraf.parse.attendance` reads): a line that starts with an attendance label
    followed by a colon, a space or nothing ("Fraværende: ...", "Deltagere", "Afbud fra ..."),
    a name marked absent ("(Fraværende)"), or an absence told in prose ("deltog ikke").

    >>> may_be_attendance("Godkendt.\\nFraværende: Eva Lund"), may_be_attendance("Sygefraværet faldt.")
    (True, False)
    >>> may_be_attendance("Deltagerne fik en opgave."), may_be_attendance("Bo Holm (V) deltog ikke.")
    (False, True)
    """
    if "(" in text and any(mark in text for mark in _ABSENCE_MARKS):
        return True
    if any(phrase in text for phrase in _ABSENCE_PROSE):
        return True
    return any(_label_line(line) for line in text.split("\n"))


def _label_line(line: str) -> bool:
    start = line[:40].lower()
    if not start.startswith(_ATTENDANCE_LABELS):
        return False
    return any(start.startswith(label) and start[len(label):len(label) + 1] in ("", ":", " ")
               for label in _ATTENDANCE_LABELS)


def _continues(text: str) -> bool:
    """A wrapped attachment title goes on in lower case or with a number ("2019"), while a new
    title starts with a capital or an enumerator ("2. udkast ...")."""
    return bool(text) and (text[0].islower() or (text[0].isdigit() and ENUMERATOR.match(text) is None))
