"""The body text of an exported agenda item → sections, decisions, recommendation, attachments.

Meeting systems export an item's text as one field (plain text or HTML) in which the usual
headings (*Resume*, *Sagsfremstilling*, *Indstilling*, *Beslutning*, "Beslutning i
Økonomiudvalget den 05-03-2024", *Bilag*) stand on lines of their own. Only known headings split
the text (a free-text line is never guessed to be a heading); text before the first heading is
kept as a section of kind ``other``.

>>> body = split_body([(1, "Resume"), (2, "Kort."), (3, "Beslutning i Byrådet den 12-03-2024"), (4, "Godkendt.")])
>>> [s.kind for s in body.sections], body.decisions[0].body, body.decisions[0].date.isoformat()
(['resume', 'beslutning'], 'Byrådet', '2024-03-12')
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from referatgraf.parse.model import Attachment, Decision, Recommendation, Section
from referatgraf.parse.recommendation import parse_answers, parse_recommendation
from referatgraf.parse.sections import classify, join_paragraphs

_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_HTML_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/tr|/ul|/ol|/table)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]+>")
_LOOKS_HTML = re.compile(r"</?(?:p|br|div|li|ul|ol|h\d|strong|b|i|em|span|table|tr|td)\b", re.IGNORECASE)


@dataclass
class ItemBody:
    """What one item's text holds."""

    sections: list[Section] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    recommendation: Recommendation | None = None


def html_to_text(text: str) -> str:
    """Exported HTML → plain lines (tags dropped, entities decoded); plain text is unchanged.

    >>> html_to_text("<p>Godkendt&nbsp;i <b>alt</b></p><ul><li>en</li></ul>")
    'Godkendt i alt\\n- en'
    """
    if not _LOOKS_HTML.search(text):
        return text
    text = re.sub(r"<\s*li\b[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = _HTML_TAG.sub("", _HTML_BLOCK.sub("\n", text))
    lines = [" ".join(html.unescape(line).replace("\xa0", " ").split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def heading_kind(line: str) -> str | None:
    """Section kind of a heading line (see :mod:`referatgraf.parse.sections`), or None."""
    heading = classify(_bare(line))
    return heading.kind if heading is not None else None


def _bare(line: str) -> str:
    return line.strip().strip("*#_ ").rstrip(":").strip()


def split_body(lines: list[tuple[int, str]], preamble_heading: str = "Tekst") -> ItemBody:
    """Split numbered lines of an item's text at known headings."""
    out = ItemBody()
    blocks: list[tuple[str, str, int, list[tuple[int, str]]]] = []
    for number, text in lines:
        kind = heading_kind(text)
        if kind is not None:
            blocks.append((kind, _bare(text), number, []))
        elif text.strip() or blocks:
            if not blocks:
                blocks.append(("other", preamble_heading, number, []))
            blocks[-1][3].append((number, text.strip()))
    for kind, heading, first, body in blocks:
        add_section(out, kind, heading, first, body)
    return out


def add_section(out: ItemBody, kind: str, heading: str, first: int, body: list[tuple[int, str]]) -> None:
    """Add one headed block (heading on line ``first``, its numbered lines) to ``out``."""
    content = [n for n, t in body if t]
    lines = (first, content[-1] if content else first)
    text = join_paragraphs(body)
    out.sections.append(Section(kind=kind, heading=heading, text=text, lines=lines))
    if kind == "beslutning":
        out.decisions.append(decision(heading, text, lines, body))
    elif kind == "bilag":
        out.attachments += [Attachment(title=_BULLET.sub("", t).strip(), line=n) for n, t in body if t]
    elif kind == "indstilling" and out.recommendation is None and content:
        out.recommendation = parse_recommendation(body, lines)


def decision(heading: str, text: str, lines: tuple[int, int],
             body: list[tuple[int, str]] | None = None) -> Decision:
    """A decision; body and date come from a heading like "Beslutning i Byrådet den 12-03-2024"."""
    named = classify(heading, marked=True)
    return Decision(body=named.body if named else None, date=named.date if named else None, text=text,
                    answers=parse_answers(body or []), lines=lines)
