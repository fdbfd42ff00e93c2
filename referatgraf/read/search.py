"""Danish-aware full-text search over agenda items: titles, decisions, section text, case numbers.

Text and query are *folded* the same way — lower case, accents removed, and the Danish letters
spelt out (æ → ae, ø → oe, å → aa) — so "Økonomi", "oekonomi" and "ØKONOMI" all match, and so do
"Ålborg"/"aalborg" and "café"/"cafe". Every query word must occur (as a prefix of a word) in the
item; hits in the title rank above hits in decisions, which rank above hits in the text.

The index is built from one SPARQL query (``Q.SEARCH_CORPUS``, :func:`index`) and cached per
store generation through the reader's cache; :func:`search_result` answers one page of hits.

>>> fold("Økonomi & Stab: Café-Ålborg")
'oekonomi & stab: cafe-aalborg'
>>> words("Budget 2020, økonomi!")
['budget', '2020', 'oekonomi']
>>> from referatgraf.read.demo import BASE, demo_store
>>> from referatgraf.read.reader import Reader
>>> store = demo_store()
>>> [(h.item.label, h.matched_in) for h in search_result(Reader(store, BASE), "ØKONOMI", 10, 0).hits]
[('Orientering om økonomi', ['title', 'text'])]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from referatgraf.read import queries as Q
from referatgraf.read.ids import local_id
from referatgraf.read.schemas import Ref, SearchHit, SearchResult

if TYPE_CHECKING:
    from referatgraf.read.reader import Reader

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_WORD = re.compile(r"[a-z0-9]+")
WEIGHTS = {"title": 3.0, "case": 3.0, "decision": 2.0, "text": 1.0}


def fold(text: str) -> str:
    """Lower case, Danish letters spelt out, other accents dropped."""
    text = unicodedata.normalize("NFKD", text.translate(_DANISH))  # æøå first: NFKD would split å
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return unicodedata.normalize("NFKD", text.translate(_DANISH))


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


def index(reader: Reader) -> list[Entry]:
    """Every agenda item of the store as a search entry (one query)."""
    entries = []
    for row in reader.select(Q.SEARCH_CORPUS):
        date = row.get("date")
        entries.append(make_entry(
            str(row["item"]), _str(row.get("title")), str(row["meeting"]),
            dt.date.fromisoformat(str(date)[:10]) if date is not None else None,
            _str(row.get("bodyLabel")), _str(row.get("caseNumber")),
            _str(row.get("decisions")), _str(row.get("texts"))))
    return entries


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def search_result(reader: Reader, q: str, limit: int, offset: int) -> SearchResult:
    """One page of the hits for ``q`` as the typed result the API and the search page share."""
    hits = search(reader.cache("search-index", lambda: index(reader)), q)
    base = reader.base
    out = [SearchHit(item=Ref(iri=e.item, id=local_id(base, e.item), label=e.title),
                     meeting=Ref(iri=e.meeting, id=local_id(base, e.meeting),
                                 label=e.date.isoformat() if e.date else None),
                     date=e.date, body=e.body, case_number=e.case_number, matched_in=fields,
                     snippet=snippet, score=score)
           for e, score, fields, snippet in hits[offset:offset + limit]]
    nxt = offset + limit if offset + limit < len(hits) else None
    return SearchResult(total=len(hits), limit=limit, offset=offset, next_offset=nxt, query=q, hits=out)
