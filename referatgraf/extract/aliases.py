"""The user's aliases file: force two written forms together (merge) or keep one apart (split).

Format (tab-separated, ``#`` starts a comment; documented in docs/actors.md)::

    merge   person      Mie Thorup          M. Thorup | Mie K. Thorup
    merge   person      Søren Hansen        Søren                         2020-01-01..2020-12-31
    merge   department  Økonomi & Stab      Stab og Økonomi
    split   person      Lars Peter Hansen

``merge KIND KEY FORMS [FROM..TO]``: a mention written as one of FORMS (any case) is the entity
KEY; with a date range, only in documents dated inside it (how a lone first name such as
"v. Søren" is linked for one year). ``split KIND NAME``: a person written exactly NAME is its own
entity, keyed by the full name instead of first + last name.

>>> a = parse_aliases("merge\\tperson\\tSøren Hansen\\tSøren\\t2020-01-01..2020-12-31\\n")
>>> a.merged("person", "Søren", dt.date(2020, 1, 29)), a.merged("person", "Søren", dt.date(2019, 1, 1))
('Søren Hansen', None)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from referatgraf.parse.errors import ParseError

KINDS = {"person", "post", "department", "body", "organisation"}


@dataclass
class _Merge:
    key: str
    start: dt.date | None = None
    end: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


@dataclass
class Aliases:
    merges: dict[tuple[str, str], list[_Merge]] = field(default_factory=dict)
    splits: set[tuple[str, str]] = field(default_factory=set)

    def merged(self, kind: str, form: str, date: dt.date) -> str | None:
        """The key a written form is forced to, or None."""
        for rule in self.merges.get((kind, form.casefold()), []):
            if rule.covers(date):
                return rule.key
        return None

    def is_split(self, kind: str, form: str) -> bool:
        return (kind, form.casefold()) in self.splits


def parse_aliases(text: str, name: str = "<aliases>") -> Aliases:
    """Read an aliases file's text; a bad row is a ParseError naming the file and line."""
    aliases = Aliases()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        action, kind = (cols + ["", ""])[:2]
        if action not in ("merge", "split") or kind not in KINDS or len(cols) < 3 or not cols[2]:
            raise ParseError("expected 'merge|split<TAB>kind<TAB>name…' (see docs/actors.md)",
                             file=name, line=number)
        if action == "split":
            aliases.splits.add((kind, cols[2].casefold()))
            continue
        rule = _Merge(cols[2], *_range(cols[4] if len(cols) > 4 else "", name, number))
        for form in [cols[2], *(cols[3].split("|") if len(cols) > 3 else [])]:
            if form.strip():
                aliases.merges.setdefault((kind, form.strip().casefold()), []).append(rule)
    return aliases


def _range(text: str, name: str, line: int) -> tuple[dt.date | None, dt.date | None]:
    if not text:
        return None, None
    try:
        start, _, end = text.partition("..")
        return (dt.date.fromisoformat(start) if start else None,
                dt.date.fromisoformat(end) if end else None)
    except ValueError:
        raise ParseError(f"bad date range {text!r} (use YYYY-MM-DD..YYYY-MM-DD)",
                         file=name, line=line) from None


def load_aliases(path: Path | None) -> Aliases:
    """The aliases file at ``path`` (None → no rules)."""
    if path is None:
        return Aliases()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ParseError(f"cannot read aliases file: {exc.strerror or exc}", file=str(path)) from None
    return parse_aliases(text, str(path))
