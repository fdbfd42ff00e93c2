"""The old search, kept for the benchmark's side-by-side only: every item's folded word sets in
memory, each query a Python loop over all items (prefix match per word). It was
``referatgraf/read/search.py`` before the tantivy index replaced it; benchmarks/search.py runs it
as the "old scan" column. Folding is the package's one rule (:func:`referatgraf.index.analysis.fold`).

>>> e = make_entry("i", "Budget 2026", "m", None, None, None, "Godkendt.", "Om økonomi.")
>>> [(hit.item, fields) for hit, _, fields, _ in search([e], "oekonomi")]
[('i', ['text'])]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from referatgraf.index.analysis import fold

_WORD = re.compile(r"[a-z0-9]+")
WEIGHTS = {"title": 3.0, "case": 3.0, "decision": 2.0, "text": 1.0}


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))


@dataclass
class Entry:
    """One searchable agenda item."""

    item: str
    title: str
    meeting: str
    date: dt.date | None
    body: str | None
    case_number: str | None
    fields: dict[str, str]  # field name → original text
    folded: dict[str, set[str]]  # field name → folded words


def make_entry(item: str, title: str | None, meeting: str, date: dt.date | None, body: str | None,
               case_number: str | None, decisions: str | None, texts: str | None) -> Entry:
    fields = {"title": title or "", "case": case_number or "", "decision": decisions or "", "text": texts or ""}
    folded = {k: set(words(v)) for k, v in fields.items()}
    return Entry(item, title or "", meeting, date, body, case_number, fields, folded)


def _has(words_in_field: set[str], term: str) -> bool:
    return term in words_in_field or any(w.startswith(term) for w in words_in_field)


def _snippet(text: str, terms: list[str], width: int = 160) -> str:
    """A short piece of ``text`` around the first query word (plain text; the page escapes it)."""
    folded = fold(text)
    pos = min((p for p in (folded.find(t) for t in terms) if p >= 0), default=0)
    # folding can lengthen text (ø → oe); the offset is close enough for a snippet
    start = max(0, pos - width // 3)
    piece = " ".join(text[start:start + width].split())
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")


def search(entries: list[Entry], query: str) -> list[tuple[Entry, float, list[str], str]]:
    """Entries matching every word of ``query``, best first: (entry, score, fields, snippet)."""
    terms = words(query)
    if not terms:
        return []
    hits = []
    for e in entries:
        matched: list[str] = []
        score = 0.0
        for term in terms:
            fields = [f for f, ws in e.folded.items() if _has(ws, term)]
            if not fields:
                break
            matched += [f for f in fields if f not in matched]
            score += max(WEIGHTS[f] for f in fields)
        else:
            where = next((f for f in ("decision", "text") if f in matched), None)
            snippet = _snippet(e.fields[where], terms) if where else None
            hits.append((e, score, matched, snippet))
    hits.sort(key=lambda h: (-h[1], -(h[0].date or dt.date.min).toordinal(), h[0].item))
    return hits


