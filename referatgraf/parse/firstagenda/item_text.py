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

The portal's meeting page (layout ``firstagenda-html``) writes the same fields without the
"Fremstilling" wrapper: each ``<h3>`` field heading is followed by a ``<span class='resume'>``
holding its text ("Resume", "Beslutningspunkter", "Sagsforløb:" …), and "Sagsforløb" lists each
treatment as fields ("Udvalg: …", "Dato: DD-MM-YYYY", "Punktnummer: N") followed by the decision.

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

from referatgraf.parse.attendance import absences
from referatgraf.parse.dates import find_date
from lxml import etree

from referatgraf.parse.html_blocks import Block, collapse, html_blocks
from referatgraf.parse.model import (Attendance, Decision, EarlierTreatment, Recommendation,
                                     RecommendationPoint, Section)
from referatgraf.parse.recommendation import parse_answers, parse_recommendation, proposer_of
from referatgraf.parse.sections import classify, join_paragraphs
from referatgraf.parse.treatments import FIELD, treatments

WRAPPER_HEADINGS = {"fremstilling"}
NOT_RELEASED = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\.?$", re.IGNORECASE)
# "<field> fra|til <body> <date>": a field of the template for one body's meeting
FIELD_WITH_MORE = re.compile(r"^(?P<field>\S.{2,40}?)\s+(?:fra|til|for)\s+\S", re.IGNORECASE)
TREATMENT = re.compile(r"^(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{4})\s+(?P<body>\S.{0,120})$")
# Fields of FirstAgenda case templates that are not in the general section vocabulary.
TEMPLATE_FIELDS = {"øvrige forhold", "øvrige konsekvenser", "øvrig information", "supplerende sagsfremstilling",
                   "ny supplerende sagsfremstilling", "supplerende indstilling", "supplerende dagsorden",
                   "fremstilling", "sagsbeskrivelse", "sagsproces", "høringspligt"}
# The case template's own field headings, as FirstAgenda templates write them; a line with
# nothing but one of these texts stands for the heading.
TEMPLATE_HEADINGS = {"sagsprocedure", "resume", "resumé", "indstilling", "sagsbeskrivelse", "sagsfremstilling",
                     "lovgrundlag", "økonomi", "økonomiske konsekvenser", "tidsplan", "kommunikation", "høring",
                     "beslutning", "beslutningspunkter"} | TEMPLATE_FIELDS
LEADING_NUMBER = re.compile(r"^\d{1,2}\s*[.)]\s*")
# "1.1 …" is a sub-point (an outline number), not point 1
POINT_NUMBER = re.compile(r"^(?P<n>\d{1,2})(?:\s?[A-Za-zæøå])?\s?[.)](?!\d)\s*(?=\S)")
LETTER_POINT = re.compile(r"^(?P<n>[a-zæøå])\s?[.)]\s+(?=\S)")  # "a) Udskiftning af …"
AT_POINT_NUMBER = re.compile(r"^at\s+(?P<n>\d{1,2})\)\s*(?=\S)", re.IGNORECASE)  # "At 1) Byrådet godkender …" (Aarhus)
FIELD_BODY = "resume"  # class of the <span> that holds a field's text on the portal's meeting page


@dataclass
class ItemText:
    """What an item's HTML says, ready to put on an :class:`~referatgraf.parse.model.AgendaItem`."""

    sections: list[Section] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    recommendation: Recommendation | None = None
    history: list[EarlierTreatment] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # headings read as body text (for `check`)


def section_heading(text: str, element: etree._Element | None = None) -> tuple[str, str] | None:
    """(kind, heading) when a heading element starts a section, else None (it is body text).

    Sections are the fields of the case template: the known section names (parse.sections),
    the template's other fields (:data:`TEMPLATE_FIELDS`, also written with more words or a
    typing slip: :func:`template_field`), and on a portal page a heading followed by the
    portal's field body (:func:`portal_field`). Any other heading element is the author's own
    sub-heading inside a field, a sentence or a table caption that a word processor marked up
    as a heading: body text of the field (reported by ``check`` as unplaced). Sections so stay
    comparable across items and municipalities: every "Lovgrundlag" is one kind of part.

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
    if (field := template_field(bare)) is not None:
        return field, bare
    if bare.casefold() in TEMPLATE_FIELDS or (element is not None and portal_field(element)):
        return "other", bare
    return None


def template_field(heading: str) -> str | None:
    """The kind of a template field written with more words or a slip of the keyboard:
    "Supplerende sagsfremstilling fra Økonomiudvalget den 18. juni 2025" is a Supplerende
    sagsfremstilling, "Lovgrunlag" is Lovgrundlag (one letter off a name of eight or more).

    >>> template_field("Supplerende sagsfremstilling til Økonomiudvalget den 18. juni 2025"), template_field("Lovgrunlag")
    ('sagsfremstilling', 'lovgrundlag')
    >>> template_field("Lovgivningen i øvrigt") is None
    True
    """
    m = FIELD_WITH_MORE.match(heading)
    if m is not None and m["field"].casefold() in TEMPLATE_HEADINGS:  # "Baggrund for sagen" is prose
        found = classify(m["field"])
        return found.kind if found is not None and found.kind != "other" else "other"
    folded = heading.casefold()
    for name in TEMPLATE_HEADINGS:
        if len(name) >= 8 and abs(len(name) - len(folded)) <= 1 and _one_edit(name, folded):
            found = classify(name)
            return found.kind if found is not None and found.kind != "other" else "other"
    return None


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one inserted, deleted or replaced letter."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def portal_field(element: etree._Element) -> bool:
    """A heading the portal's meeting page wrote for a field of the case template: the field's
    text follows it in a ``<span class='resume'>`` ("Borgmesterens afdelings påtegning").

    >>> from referatgraf.parse.html_blocks import parse_fragment
    >>> root = parse_fragment("<div><h3>Påtegning</h3><span class='resume'>Ingen.</span><h3>Note</h3><p>x</p></div>")
    >>> [portal_field(h) for h in root.iter("h3")]
    [True, False]
    """
    body = element.getnext()
    return body is not None and body.tag == "span" and FIELD_BODY in (body.get("class") or "").split()


def read_item_text(html: str | etree._Element, closed: bool, line_of: Callable[[int | None], int],
                   item: int) -> ItemText:
    """Read one item's HTML (a fragment, or an element of a page already parsed); ``line_of``
    maps HTML source lines to document lines, ``item`` is the item's order (for attendance)."""
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
    seen: set[str] = set()  # a field appears once: a second line with its name is a copy in the text
    for block in blocks:
        in_description = parts[-1][0] is not None and _kind(parts[-1][0]) == "sagsfremstilling"
        if _field_name_line(block, in_description) and collapse(block.text).rstrip(":. ").casefold() not in seen:
            block = Block("heading", block.text, block.line, block.element)
        elif block.kind == "heading" and block.italic and not block.bold and not _names_field(block.text):
            block = Block("text", block.text, block.line, block.element, italic=True)  # an italic sub-heading
        if block.kind == "heading":
            seen.add(collapse(block.text).rstrip(":. ").casefold())
            if block.text.casefold().rstrip(":") in WRAPPER_HEADINGS:
                parts.append((None, []))
                continue
            if section_heading(block.text, block.element) is not None:
                parts.append((block, []))
                continue
            out.unplaced.append(block.text)
            block = Block("text", block.text, block.line, block.element)
        parts[-1][1].append(block)
    return [(h, b) for h, b in parts if h is not None or b]


def _names_field(text: str) -> bool:
    """The text names a field of the case template (not merely a known section word)."""
    return collapse(text).rstrip(":. ").casefold() in TEMPLATE_HEADINGS or template_field(text) is not None


def _kind(heading: Block) -> str | None:
    found = section_heading(heading.text, heading.element)
    return found[0] if found else None


def _field_name_line(block: Block, in_description: bool = False) -> bool:
    """A line that is nothing but a field name of the case template ("<p><strong>Indstilling</strong></p>",
    "<div><span>Lovgrundlag</span></div>"): authors type the template's headings that way when its
    heading style is lost ("<p><em><strong>Sagsbeskrivelse</strong></em></p>" after the Indstilling,
    too). Lines in italics only, table cells and list items are body text, and so are bold italic
    lines inside the case description, where authors set their own sub-headings that way
    ("<em><strong>Høring</strong></em>" within the Sagsbeskrivelse), and so
    are other names ("Baggrund" inside the Sagsbeskrivelse): the author's sub-headings. The case
    history is written by the portal itself (its own heading), never as such a line."""
    if block.kind != "text" or (block.italic and (in_description or not block.bold)) or _in_table_or_list(block.element):
        return False
    name = collapse(block.text).rstrip(":. ")
    # a longer form ("Supplerende sagsfremstilling til …") only when the line is typed as a heading
    return name.casefold() in TEMPLATE_HEADINGS or (block.bold and len(name) < 120 and template_field(name) is not None)


def _in_table_or_list(element: etree._Element | None) -> bool:
    return element is not None and any(a.tag in ("td", "th", "li") for a in [element, *element.iterancestors()])


def _section(heading: Block | None, body: list[Block], out: ItemText, item: int) -> None:
    kind, name = section_heading(heading.text, heading.element) if heading else ("intro", "")
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
    """The recommendation's points: the items of its numbered and bulleted lists and its
    numbered paragraphs ("1. at …", "2.at …", "At 1) …", also after a list: "3. at …"). Sub-points are no points of their own:
    nested lists, lettered lists ("a) … b) …" as ``list-style-type: lower-alpha``) and lettered
    or dotted sub-numbers ("2A.", "2B.", "2.a"). A recommendation in one sentence ("…
    indstiller, at X godkendes") has none.

    >>> from referatgraf.parse.html_blocks import html_blocks
    >>> len(list_points(html_blocks("<p>1. at A</p><p>2A. at B</p><p>eller</p><p>2B. at C</p><p>3. at D</p>")))
    3
    >>> len(list_points(html_blocks("<ol><li>A</li><li>B</li></ol><ol style='list-style-type: lower-alpha'><li>x</li></ol>")))
    2
    >>> len(list_points(html_blocks("<div>At 1) A godkendes:</div><div>1.1 X</div><div>2.4 Y</div><div>At 2) B</div>")))
    2
    """
    points: list[RecommendationPoint] = []
    seen: set[int] = set()  # point numbers taken ("3." after a two-item list is point 3)
    sub_lists: set[etree._Element] = set()
    for b in body:
        el = b.element
        if proposer_of(b.text) and points:
            seen = set()  # "… indstiller overfor <another committee>": its points are numbered anew
        if el is not None and el.tag == "li":
            if _is_sub_point(el) or _starts_a_sub_list(el, points, sub_lists):
                continue
            number, text = len(points) + 1, re.sub(r"^(?:\d+\.|-)\s*", "", b.text)
        elif (m := AT_POINT_NUMBER.match(b.text) or POINT_NUMBER.match(b.text)) is not None:
            number, text = int(m["n"]), b.text[m.end():].strip()
            if number in seen:
                continue
        else:
            continue
        seen.add(number)
        points.append(RecommendationPoint(number=len(points) + 1, text=text, line=b.line))
    if not points:  # a recommendation whose only points are lettered: "a) …", "b) …"
        points = [RecommendationPoint(number=k, text=b.text[m.end():].strip(), line=b.line)
                  for k, (b, m) in enumerate(((b, LETTER_POINT.match(b.text)) for b in body
                                              if LETTER_POINT.match(b.text)), start=1)]
    return points


def _starts_a_sub_list(li: etree._Element, points: list[RecommendationPoint], sub_lists: set) -> bool:
    """A second list that starts again at 1 under a point ending "…:" lists that point's parts
    (Word writes it beside the outer list rather than inside it)."""
    parent = li.getparent()
    if parent in sub_lists:
        return True
    if not points or parent is None or parent[0] is not li:
        return False
    start = parent.get("start")
    if (int(start) if start and start.isdigit() else 1) == 1 and points[-1].text.rstrip().endswith(":"):
        sub_lists.add(parent)
        return True
    return False


def _is_sub_point(li: etree._Element) -> bool:
    if any(a.tag == "li" for a in li.iterancestors()):
        return True
    parent = li.getparent()
    style = (parent.get("style") or "").replace(" ", "").lower() if parent is not None else ""
    return parent is not None and ("alpha" in style or "roman" in style or (parent.get("type") or "") in ("a", "A", "i", "I"))


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


def _history(body: list[Block]) -> list[EarlierTreatment]:
    """ "Sagens forløb": underlined "DD-MM-YYYY <body>" lines, each followed by its decision; on
    the portal's meeting page "Udvalg: …" / "Dato: …" field lines instead (read by
    :func:`referatgraf.parse.treatments.treatments`)."""
    if any(b.kind == "text" and (m := FIELD.match(b.text)) and m["key"].casefold() == "udvalg" for b in body):
        return treatments([(b.line, b.text) for b in body])
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
