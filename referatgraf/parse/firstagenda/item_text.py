"""One FirstAgenda agenda item's HTML → sections, decision, recommendation, earlier treatments.

FirstAgenda (the publication JSON's ``Felter[].Html`` and the portal's meeting page) writes an
item as::

    <div id='sagsfremstillingContainer'>
      <div><h3>Beslutning</h3><span>… decision … Fraværende: …</span></div>   (minutes only)
      <h3>Fremstilling</h3>
      <span class='ukendt'><h4>Sagsprocedure</h4>… <h4>Indstilling</h4><ol><li>…</li></ol> …</span>
      <h3>Sagens forløb</h3>
      <span class='sagsforloeb'><u>10-04-2024 Økonomiudvalget</u><br><p>… decision …</p></span>
    </div>

"Fremstilling" only wraps the case presentation, so it is no section of its own. Headings
that are sentences or table captions pasted from Word stay body text (:func:`section_heading`).
A closed item ("Lukket: …") has no container, only its short decision text; "Beslutning ikke
frigivet" means no decision has been released.

>>> t = read_item_text("<div id='sagsfremstillingContainer'><div><h3>Beslutning</h3><span>Godkendt."
...     "<br>Afbud: Bo Hansen</span></div><h3>Fremstilling</h3><span class='ukendt'><h4>Indstilling</h4>"
...     "<p>Administrationen indstiller, at</p><ol><li>A godkendes</li><li>B godkendes</li></ol></span></div>",
...     closed=False, line_of=lambda n: 7, item=1)
>>> [s.heading for s in t.sections], t.decisions[0].text, t.recommendation.proposer, len(t.recommendation.points)
(['Beslutning', 'Indstilling'], 'Godkendt.', 'Administrationen', 2)
>>> [(a.name, a.reason) for a in t.attendance]
[('Bo Hansen', 'Afbud')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from referatgraf.parse.attendance import split_names
from referatgraf.parse.dates import find_date
from referatgraf.parse.html_blocks import Block, html_blocks
from referatgraf.parse.model import Attendance, Decision, EarlierTreatment, Recommendation, Section
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import classify, join_paragraphs

WRAPPER_HEADINGS = {"fremstilling"}
NOT_RELEASED = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\.?$", re.IGNORECASE)
ABSENCE = re.compile(r"^(?P<label>Fraværende|Afbud|Forfald|Lovligt forfald)\s*(?:\([^)]*\))?\s*:\s*(?P<names>.+)$",
                     re.IGNORECASE)
TREATMENT = re.compile(r"^(?P<date>\d{1,2}[-.]\d{1,2}[-.]\d{4})\s+(?P<body>\S.{0,120})$")
_MAX_HEADING_WORDS = 8


@dataclass
class ItemText:
    """What an item's HTML says, ready to put on an :class:`~referatgraf.parse.model.AgendaItem`."""

    sections: list[Section] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    recommendation: Recommendation | None = None
    history: list[EarlierTreatment] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # headings read as body text (for `check`)


def section_heading(text: str) -> tuple[str, str] | None:
    """(kind, heading) when a heading element starts a section, else None (it is body text).

    Known section names are sections; an unknown heading is one when it reads like a
    heading: a few words, no full stop, not only a number.

    >>> section_heading("Økonomiske konsekvenser"), section_heading("Øvrige forhold")
    (('okonomi', 'Økonomiske konsekvenser'), ('other', 'Øvrige forhold'))
    >>> section_heading("Der er ikke høringspligt i denne sag."), section_heading("2024")
    (None, None)
    """
    heading = text.strip().rstrip(":").strip()
    found = classify(heading)
    if found is not None:
        return found.kind, found.heading.rstrip(".")
    if heading.endswith(".") and classify(heading[:-1]) is not None:
        return classify(heading[:-1]).kind, heading[:-1]  # "Kommunikation."
    words = heading.split()
    if (not words or len(words) > _MAX_HEADING_WORDS or heading.endswith((".", ",", ";"))
            or not heading[0].isupper() or re.fullmatch(r"[\d\s.,:%-]+", heading)):
        return None
    return "other", heading


def read_item_text(html: str, closed: bool, line_of: Callable[[int | None], int], item: int) -> ItemText:
    """Read one item's HTML; ``line_of`` maps HTML source lines to document lines, ``item`` is
    the item's order (for attendance)."""
    blocks = html_blocks(html, line_of)
    out = ItemText()
    if not any(b.kind == "heading" for b in blocks):
        _headless(blocks, closed, out, item)
        return out
    for heading, body in _split(blocks, out):
        _section(heading, body, out, item)
    return out


def _split(blocks: list[Block], out: ItemText) -> list[tuple[Block | None, list[Block]]]:
    """(heading or None for text before the first one, its blocks) in document order."""
    parts: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for block in blocks:
        if block.kind == "heading":
            if block.text.casefold().rstrip(":") in WRAPPER_HEADINGS:
                parts.append((None, []))
                continue
            if section_heading(block.text) is not None:
                parts.append((block, []))
                continue
            out.unplaced.append(block.text)
            block = Block("text", block.text, block.line, block.element)
        parts[-1][1].append(block)
    return [(h, b) for h, b in parts if h is not None or b]


def _section(heading: Block | None, body: list[Block], out: ItemText, item: int) -> None:
    kind, name = section_heading(heading.text) if heading else ("intro", "")
    lines = [(b.line, b.text) for b in body]
    first = heading.line if heading else body[0].line
    last = max([first, *[b.line for b in body]])
    section = Section(kind=kind, heading=name, text=join_paragraphs(lines), lines=(first, last))
    out.sections.append(section)
    if kind == "beslutning":
        _decision(body, out, item, (first, last))
    elif kind == "indstilling" and out.recommendation is None and lines:
        out.recommendation = parse_recommendation(lines, (first, last))
    elif kind == "tidligere_beslutninger":
        out.history += _history(body)


def _decision(body: list[Block], out: ItemText, item: int, span: tuple[int, int]) -> None:
    """The decision text without its attendance lines, which become attendance entries."""
    kept: list[tuple[int, str]] = []
    for b in body:
        entries = absences(b.text, b.line, item)
        if entries:
            out.attendance += entries
        else:
            kept.append((b.line, b.text))
    text = join_paragraphs(kept)
    if text and not NOT_RELEASED.match(text):
        out.decisions.append(Decision(text=text, answers=parse_answers(kept), lines=span))


def _headless(blocks: list[Block], closed: bool, out: ItemText, item: int) -> None:
    """An item without headings: a closed item's short decision, or an open item's bare text."""
    if not blocks:
        return
    span = (blocks[0].line, max(b.line for b in blocks))
    if closed:
        out.sections.append(Section(kind="beslutning", heading="", text=join_paragraphs(
            [(b.line, b.text) for b in blocks]), lines=span))
        _decision(blocks, out, item, span)
    else:
        out.sections.append(Section(kind="intro", heading="", text=join_paragraphs(
            [(b.line, b.text) for b in blocks]), lines=span))


def absences(text: str, line: int, item: int | None) -> list[Attendance]:
    """ "Fraværende: A, B og C" / "Afbud: A" → absent entries with the label as reason.

    >>> [(a.name, a.reason) for a in absences("Fraværende: Ib Holm og Eva Lund", 3, 2)]
    [('Ib Holm', 'Fraværende'), ('Eva Lund', 'Fraværende')]
    """
    m = ABSENCE.match(text.strip())
    if m is None:
        return []
    label = m["label"][0].upper() + m["label"][1:].lower()
    names = [n.strip(" .") for n in split_names(m["names"]) if n.strip(" .")]
    return [Attendance(name=n, status="absent", item=item, line=line, reason=label) for n in names]


def _history(body: list[Block]) -> list[EarlierTreatment]:
    """ "Sagens forløb": underlined "DD-MM-YYYY <body>" lines, each followed by its decision."""
    found: list[EarlierTreatment] = []
    texts: list[list[tuple[int, str]]] = []
    for b in body:
        m = TREATMENT.match(b.text) if b.underlined else None
        date = find_date(m["date"]) if m else None
        if m is not None and date is not None:
            found.append(EarlierTreatment(body=m["body"].strip(), date=date, line=b.line))
            texts.append([])
        elif texts:
            texts[-1].append((b.line, b.text))
    for treatment, lines in zip(found, texts):
        text = join_paragraphs(lines)
        treatment.decision = None if not text or NOT_RELEASED.match(text) else text
    return found
