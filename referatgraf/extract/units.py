"""Split a parsed meeting into the numbered lines extraction reads, each document line once.

Extraction reads only the typed model. A section's ``text`` keeps the line structure of its body
(blank lines included, markup removed) and its ``lines`` range ends at the body's last line, so
text line *i* sits at document line ``last - (n - 1) + i``. Titles come from the item heading
line; decisions, recommendation, attachments and attendance fill in lines no section covered.
Offsets of a mention are therefore offsets in the cleaned line (for titles: in ``raw_title``);
on lines without markup they equal the offsets in the source file.

>>> from referatgraf.parse.model import Section
>>> section_lines(Section(kind="beslutning", heading="Beslutning", text="A\\n\\nB", lines=(10, 14)))
[(12, 'A'), (14, 'B')]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from referatgraf.parse.model import AgendaItem, Meeting, Section

_PREFIX = re.compile(r"^[A-ZÆØÅ]{1,5} - ")  # "CF - " in front of every title: a layout marker


class TextUnit(NamedTuple):
    """One line to read: where it is and what part of the meeting it belongs to."""

    line: int
    text: str
    item: int | None
    section: str  # section kind, "title", "header", "table", "attachment"
    skip: int = 0  # characters at the start that are a layout marker, not content


def section_lines(section: Section) -> list[tuple[int, str]]:
    """(document line, text) of the non-blank lines of a section body."""
    return aligned(section.text, section.lines)


def aligned(text: str, lines: tuple[int, int]) -> list[tuple[int, str]]:
    """(document line, text) of the non-blank lines of a text whose body ends at ``lines[1]``."""
    parts = text.split("\n")
    while parts and not parts[-1].strip():
        parts.pop()
    first = max(lines[1] - (len(parts) - 1), lines[0])
    return [(first + i, t) for i, t in enumerate(parts) if t and not t.isspace()]  # = t.strip()


def meeting_units(meeting: Meeting) -> list[TextUnit]:
    """Every line of the meeting worth reading, in document order, each line once (the first
    part that claims a line keeps it)."""
    seen: dict[int, TextUnit] = {}
    for item in meeting.items:
        _add_item_units(item, seen)
    return [seen[k] for k in sorted(seen)]


def _add_item_units(item: AgendaItem, seen: dict[int, TextUnit]) -> None:
    # One loop per part, adding straight to ``seen`` (no generator, no unit built for a line
    # already claimed): this runs for every line of every meeting.
    n = item.order
    if item.lines[0] not in seen:
        prefix = _PREFIX.match(item.raw_title)
        seen[item.lines[0]] = TextUnit(item.lines[0], item.raw_title, n, "title",
                                       prefix.end() if prefix else 0)
    for section in item.sections:
        kind = section.kind
        for line, text in aligned(section.text, section.lines):
            if line not in seen:
                seen[line] = TextUnit(line, text, n, "table" if "\t" in text else kind)
    covered = [s.lines for s in item.sections]
    extra = [(item.recommendation, "indstilling")] if item.recommendation is not None else []
    for part, kind in [*extra, *((d, "beslutning") for d in item.decisions)]:
        if not any(a <= part.lines[0] and part.lines[1] <= b for a, b in covered):
            for line, text in aligned(part.text, part.lines):
                if line not in seen:
                    seen[line] = TextUnit(line, text, n, kind)
    for attachment in item.attachments:
        if attachment.line not in seen:
            seen[attachment.line] = TextUnit(attachment.line, attachment.title, n, "bilag")
