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
>>> [s.heading for s in t.sections], t.decisions[0].text.splitlines(), t.recommendation.proposer, len(t.recommendation.points)
(['Beslutning', 'Indstilling'], ['Godkendt.', 'Afbud: Bo Hansen'], 'Administrationen', 2)
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
from referatgraf.parse.model import (Attendance, Decision, EarlierTreatment, Recommendation,
                                     RecommendationPoint, Section)
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import classify, join_paragraphs

WRAPPER_HEADINGS = {"fremstilling"}
NOT_RELEASED = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\.?$", re.IGNORECASE)
ABSENCE = re.compile(r"^(?P<label>Fraværende|Afbud|Forfald|Lovligt forfald|Ikke til stede|Ikke tilstede)"
                     r"\s*(?:\([^)]*\))?\s*:\s*(?P<names>.+)$",
                     re.IGNORECASE)
TREATMENT = re.compile(r"^(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{4})\s+(?P<body>\S.{0,120})$")
PARTY = re.compile(r"\s*\([A-ZÆØÅ][\w-]{0,8}\)\s*$")  # "Ronnie Mark Nielsen (V)": the party letter is no part of the name
# Fields of FirstAgenda case templates that are not in the general section vocabulary.
TEMPLATE_FIELDS = {"øvrige forhold", "øvrige konsekvenser", "øvrig information", "supplerende sagsfremstilling",
                   "fremstilling", "sagsbeskrivelse"}
# The case template's own field headings, as FirstAgenda templates write them; a bold paragraph
# with one of these texts stands for the heading.
BOLD_TEMPLATE_HEADINGS = {"sagsprocedure", "resume", "resumé", "indstilling", "sagsbeskrivelse", "sagsfremstilling",
                          "lovgrundlag", "økonomiske konsekvenser", "tidsplan", "kommunikation", "høring",
                          "øvrige forhold", "øvrige konsekvenser", "supplerende sagsfremstilling", "beslutning",
                          "beslutningspunkter", "sagsforløb", "sagens forløb"}
LEADING_NUMBER = re.compile(r"^\d{1,2}\s*[.)]\s*")
NUMBERED_PARAGRAPH = re.compile(r"^\d{1,2}\s*[.)]\s*(?=\S)")


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

    Sections are the fields of the case template: the known section names (parse.sections)
    and the template's other fields (:data:`TEMPLATE_FIELDS`). Any other heading element is
    the author's own sub-heading inside a field, or a sentence or table caption that a word
    processor marked up as a heading: body text (reported by ``check`` as unplaced).

    >>> section_heading("Økonomiske konsekvenser"), section_heading("Øvrige forhold")
    (('okonomi', 'Økonomiske konsekvenser'), ('other', 'Øvrige forhold'))
    >>> section_heading("Der er ikke høringspligt i denne sag."), section_heading("Antallet af klager")
    (None, None)
    """
    heading = text.strip().rstrip(":").strip()
    bare = heading[:-1] if heading.endswith(".") else heading  # "Kommunikation."
    found = classify(bare)
    if found is not None and found.kind != "other":
        return found.kind, bare
    if bare.casefold() in TEMPLATE_FIELDS:
        return "other", bare
    return None


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
        if _bold_known_heading(block):
            block = Block("heading", block.text, block.line, block.element)
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


def _bold_known_heading(block: Block) -> bool:
    """A wholly bold paragraph naming a field of the case template ("<p><strong>Indstilling</strong></p>"):
    authors type the template's headings that way when its heading style is lost. Other bold
    lines ("Baggrund", "Økonomi" inside the Sagsbeskrivelse) are the author's sub-headings."""
    return block.kind == "text" and block.bold and block.text.rstrip(":. ").casefold() in BOLD_TEMPLATE_HEADINGS


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
        unnumbered = [(n, LEADING_NUMBER.sub("", t, count=1) if k == 0 else t) for k, (n, t) in enumerate(lines)]
        out.recommendation = parse_recommendation(unnumbered, (first, last))
        out.recommendation.points = list_points(body)
    elif kind == "tidligere_beslutninger":
        out.history += _history(body)


def list_points(body: list[Block]) -> list[RecommendationPoint]:
    """The recommendation's points are the items of its lists (``<li>``, nested ones belong to
    their point) or, without a list, its numbered paragraphs ("1. at …", "2.at …"). A
    recommendation in one sentence ("… indstiller, at X godkendes") has none."""
    points: list[RecommendationPoint] = []
    if not any(b.element is not None and b.element.tag == "li" for b in body):
        numbered = [b for b in body if NUMBERED_PARAGRAPH.match(b.text)]
        return [RecommendationPoint(number=k, text=NUMBERED_PARAGRAPH.sub("", b.text), line=b.line)
                for k, b in enumerate(numbered, start=1)]
    for b in body:
        el = b.element
        if el is not None and el.tag == "li" and not any(a.tag == "li" for a in el.iterancestors()):
            text = re.sub(r"^(?:\d+\.|-)\s*", "", b.text)
            points.append(RecommendationPoint(number=len(points) + 1, text=text, line=b.line))
        elif points and el is not None and any(a.tag == "li" for a in el.iterancestors()):
            points[-1].text += " " + b.text
    return points


def _decision(body: list[Block], out: ItemText, item: int, span: tuple[int, int]) -> None:
    """The decision as written; its attendance lines ("Fraværende: …", written into the
    decision by FirstAgenda) also become attendance entries."""
    lines = [(b.line, b.text) for b in body]
    for b in body:
        out.attendance += absences(b.text, b.line, item)
    text = join_paragraphs(lines)
    if text and not NOT_RELEASED.match(text):
        out.decisions.append(Decision(text=text, answers=parse_answers(lines), lines=span))


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
    names = [n for n in (PARTY.sub("", n).strip(" .") for n in split_names(m["names"])) if n]
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
