"""Bounded work per document: the limits a document must stay within, and the error it gets.

A document's cost grows with its size (reading, extraction, mapping and the store write are
linear in it, the store write the dearest: about 0.6 KB of memory a triple, more in a server
that holds other work), so one document too
large would take the server's memory. Each limit is checked as soon as what it counts is known,
before the next stage spends anything on it: the bytes before reading, a PDF's pages before its
text is extracted, items and section lengths after parsing, mentions after extraction, triples
after mapping (before the store write). The values come from :class:`~referatgraf.settings.Settings`
(``max_document_bytes`` …); a document over one is a :class:`LimitExceeded` that names the
limit, the count found and the setting that raises it. docs/parsing.md lists them.

>>> limits = Limits(max_items=2)
>>> limits.check("max_items", 3, file="big.txt", line=40)
Traceback (most recent call last):
...
referatgraf.parse.limits.LimitExceeded: big.txt:40: 3 agenda items, more than the limit of 2 (setting max_items: REFERATGRAF_MAX_ITEMS or --limit max_items=N)
>>> limits.check("max_items", 2, file="big.txt")  # at the limit is admitted
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Meeting
from referatgraf.settings import Settings

#: what each limit counts, as the error message says it
COUNTED = {
    "max_document_bytes": "bytes",
    "upload_limit": "bytes uploaded",  # the web upload's own limit (Settings.upload_bytes)
    "max_pages": "PDF pages",
    "max_items": "agenda items",
    "max_section_chars": "characters in one section",
    "max_mentions": "mentions found",
    "max_triples": "triples mapped",
}


def _default(name: str) -> int:
    return Settings.model_fields[name].default  # the one place the defaults are written


@dataclass(frozen=True)
class Limits:
    """The limits of one ingest (defaults: the Settings defaults; :meth:`of` a Settings' values)."""

    max_document_bytes: int = _default("max_document_bytes")
    max_pages: int = _default("max_pages")
    max_items: int = _default("max_items")
    max_section_chars: int = _default("max_section_chars")
    max_mentions: int = _default("max_mentions")
    max_triples: int = _default("max_triples")

    @classmethod
    def of(cls, settings: Settings) -> "Limits":
        """The limits a Settings sets.

        >>> Limits.of(Settings(max_pages=10)).max_pages
        10
        """
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})

    def check(self, name: str, found: int, *, file: str | None = None, line: int | None = None) -> None:
        """Raise :class:`LimitExceeded` when ``found`` is over the limit ``name``."""
        allowed = getattr(self, name)
        if found > allowed:
            raise LimitExceeded(name, found, allowed, file=file, line=line)

    def check_meeting(self, meeting: Meeting, file: str | None = None) -> None:
        """Items and section lengths of a parsed meeting (the line: the first item over the
        limit, the section that is too long).

        >>> from referatgraf.parse import parse_text
        >>> meeting = parse_text("REFERAT X d. 01-02-2020\\n\\nPunkt 1: Y\\n\\nBeslutning\\n\\n" + "OK " * 50)
        >>> Limits(max_section_chars=100).check_meeting(meeting, "m.txt")
        Traceback (most recent call last):
        ...
        referatgraf.parse.limits.LimitExceeded: m.txt:5: 149 characters in one section, more than the limit of 100 (setting max_section_chars: REFERATGRAF_MAX_SECTION_CHARS or --limit max_section_chars=N)
        """
        file = file or meeting.source.file_name
        items = meeting.items
        if len(items) > self.max_items:
            self.check("max_items", len(items), file=file, line=items[self.max_items].lines[0])
        for item in items:
            for section in item.sections:
                self.check("max_section_chars", len(section.text), file=file, line=section.lines[0])


class LimitExceeded(ParseError):
    """A document over one of the :class:`Limits`: ``limit`` is the setting's name, ``found`` what
    the document has, ``allowed`` the limit; ``str()`` reads ``file:line: message``."""

    def __init__(self, limit: str, found: int, allowed: int, *, file: str | None = None,
                 line: int | None = None) -> None:
        self.limit, self.found, self.allowed = limit, found, allowed
        super().__init__(f"{found:,} {COUNTED[limit]}, more than the limit of {allowed:,} "
                         f"(setting {limit}: REFERATGRAF_{limit.upper()} or --limit {limit}=N)",
                         file=file, line=line)

    def __reduce__(self) -> tuple:  # picklable (a bulk worker hands it to its parent)
        return _rebuild, (self.limit, self.found, self.allowed, self.file, self.line)

    def as_dict(self) -> dict[str, object]:
        """The limit, the count and the allowed value (an API error's members).

        >>> LimitExceeded("max_pages", 9, 5).as_dict()
        {'limit': 'max_pages', 'found': 9, 'allowed': 5}
        """
        return {"limit": self.limit, "found": self.found, "allowed": self.allowed}


def _rebuild(limit: str, found: int, allowed: int, file: str | None, line: int | None) -> LimitExceeded:
    return LimitExceeded(limit, found, allowed, file=file, line=line)
