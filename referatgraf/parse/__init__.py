"""Stage 1 of the pipeline: a document (text, markdown or PDF) → a typed :class:`Meeting`.

The parser is split into clear stages (like markdown-it-py's block rules):

1. ``reader``   — bytes → decoded lines (encoding detection, PDF text layer);
2. ``layouts``  — pick the publishing layout that claims the document;
3. the layout   — header, table of contents, items, sections (block-level rules);
4. ``checks``   — cross-checks that make a parse trustworthy (warnings in the report).

It knows nothing of RDF.

>>> from referatgraf.parse import parse_text
>>> parse_text("REFERAT X d. 01-02-2020\\n\\nPunkt 1: Y\\n\\nBeslutning\\n\\nOK").items[0].title
'Y'
"""

from __future__ import annotations

from pathlib import Path

from referatgraf.parse.errors import ParseError, UnrecognisedLayout
from referatgraf.parse.limits import LimitExceeded, Limits
from referatgraf.parse.model import AgendaItem, Meeting, ParseWarning
from referatgraf.parse.reader import read_bytes, read_path
from referatgraf.parse.source import SourceText

__all__ = [
    "AgendaItem", "LimitExceeded", "Limits", "Meeting", "ParseError", "SourceText", "UnrecognisedLayout",
    "parse_bytes", "parse_file", "parse_source", "parse_text",
]


def parse_source(source: SourceText, municipality: str | None = None, limits: Limits | None = None) -> Meeting:
    """Parse decoded text with the layout that claims it, hold it to the ``limits`` (items,
    section lengths), then run the cross-checks."""
    from referatgraf.parse import checks, layouts

    meeting = layouts.detect(source).parse(source)
    (limits or Limits()).check_meeting(meeting, source.name)
    meeting.report.warnings += [ParseWarning(code="control-character", message=note, line=line)
                                for line, note in source.repaired]
    if municipality:
        meeting.municipality = municipality
    checks.run_all(meeting)
    return meeting


def parse_file(path: str | Path, municipality: str | None = None, limits: Limits | None = None) -> Meeting:
    """Parse a file on disk. Raises :class:`ParseError` (naming file and line) on bad input, and
    its :class:`LimitExceeded` for a document over the ``limits`` (default: Settings' defaults)."""
    return parse_source(read_path(path, limits), municipality, limits)


def parse_bytes(data: bytes, name: str, municipality: str | None = None, limits: Limits | None = None) -> Meeting:
    """Parse an in-memory document (an upload); ``name`` is used for provenance and errors."""
    return parse_source(read_bytes(data, name, limits), municipality, limits)


def parse_text(text: str, name: str = "<text>", municipality: str | None = None) -> Meeting:
    """Parse a string (tests, generators)."""
    return parse_bytes(text.encode("utf-8"), name, municipality)
