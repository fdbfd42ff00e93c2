"""Full-text search over agenda items, answered by the text index (referatgraf.index).

The read core turns a request (query, facet filters, dates, sort, page) into a
:class:`~referatgraf.index.model.SearchRequest` (:func:`make_request`), asks the index, and
returns the typed :class:`~referatgraf.read.schemas.SearchResult` the API, the pages and the CLI
share (:func:`search_result`); :func:`all_hits` walks every match for a CSV download. The index
is derived from the store; :mod:`referatgraf.read.index_records` says when it is stale.

:func:`words` gives a text's folded words for callers that compare words; folding
(æ → ae, ø → oe, å → aa, accents dropped) is the index's one rule, :func:`referatgraf.index.analysis.fold`.

>>> fold("Økonomi & Stab: Café-Ålborg")
'oekonomi & stab: cafe-aalborg'
>>> words("Budget 2020, økonomi!")
['budget', '2020', 'oekonomi']
>>> make_request("budget", {"body": ["Byrådet"], "kle": []}, sort="-date").filters
(('body', ('Byrådet',)),)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence

from referatgraf.index.analysis import fold
from referatgraf.index.base import QuerySyntaxError, TextIndex
from referatgraf.index.cache import LRU
from referatgraf.index.model import FACETS, SORTS, Hit, SearchAnswer, SearchRequest
from referatgraf.read.errors import BadId
from referatgraf.read.ids import local_id
from referatgraf.read.schemas import FacetCount, Ref, SearchHit, SearchResult, SnippetFragment

_WORD = re.compile(r"[a-z0-9]+")
CSV_PAGE = 500  # hits fetched per round when every match is streamed
ANSWERS: LRU[SearchResult] = LRU(64)  # recent answers (~250 KB each), keyed with the index generation


class BadSearch(BadId):
    """A search that cannot be read (an unknown sort or facet, a broken query): say why."""


def words(text: str) -> list[str]:
    """The folded words of a text (folding: :func:`referatgraf.index.analysis.fold`, the one rule).

    >>> words("Budget 2020, økonomi!")
    ['budget', '2020', 'oekonomi']
    """
    return _WORD.findall(fold(text))


def make_request(q: str, filters: Mapping[str, Sequence[str]] | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, sort: str = "relevance", limit: int = 20, offset: int = 0,
                 facets: bool = True) -> SearchRequest:
    """A checked :class:`SearchRequest`; empty filter lists are dropped. Raises BadSearch."""
    if sort not in SORTS:
        raise BadSearch(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    unknown = [name for name in (filters or {}) if name not in FACETS]
    if unknown:
        raise BadSearch(f"unknown facet {unknown[0]!r}; facets are {', '.join(FACETS)}")
    kept = tuple((name, tuple(dict.fromkeys(v))) for name, v in (filters or {}).items() if v)
    return SearchRequest(q=q.strip(), filters=kept, date_from=date_from, date_to=date_to, sort=sort,
                         limit=limit, offset=offset, facets=facets)


def answer(index: TextIndex, request: SearchRequest) -> SearchAnswer:
    """The index's answer; a query it cannot read is a :class:`BadSearch` with its message."""
    try:
        return index.search(request)
    except QuerySyntaxError as exc:
        raise BadSearch(str(exc)) from None


def search_result(index: TextIndex, base: str, request: SearchRequest) -> SearchResult:
    """One page of hits, with facet counts, as the typed result every front end shares; a
    repeat of a search the index answered since its last commit comes from :data:`ANSWERS`
    (the pages and the API cache their answers per store generation alike: issue 16)."""
    generation = index.generation()
    if generation is None:
        return _search_result(index, base, request)
    key = (id(index), generation, base, request)
    cached = ANSWERS.get(key)
    if cached is None:
        cached = ANSWERS.put(key, _search_result(index, base, request))
    return cached


def _search_result(index: TextIndex, base: str, request: SearchRequest) -> SearchResult:
    found = answer(index, request)
    end = request.offset + len(found.hits)
    return SearchResult(
        total=found.total, limit=request.limit, offset=request.offset,
        next_offset=end if end < found.total and found.hits else None,
        query=request.q, sort=request.sort, filters={name: list(v) for name, v in request.filters},
        date_from=request.date_from, date_to=request.date_to,
        hits=[to_hit(h, base) for h in found.hits],
        facets={name: [FacetCount(value=v.value, count=v.count) for v in values]
                for name, values in found.facets.items()})


def all_hits(index: TextIndex, base: str, request: SearchRequest) -> Iterator[SearchHit]:
    """Every match of ``request`` (not one page), fetched :data:`CSV_PAGE` at a time."""
    offset = 0
    while True:
        page = answer(index, SearchRequest(q=request.q, filters=request.filters, date_from=request.date_from,
                                           date_to=request.date_to, sort=request.sort, limit=CSV_PAGE,
                                           offset=offset, facets=False))
        yield from (to_hit(h, base) for h in page.hits)
        offset += len(page.hits)
        if not page.hits or offset >= page.total:
            return


def to_hit(hit: Hit, base: str) -> SearchHit:
    r = hit.record
    fragments = [SnippetFragment(text=f.text, highlighted=f.highlighted) for f in hit.snippet]
    return SearchHit(
        item=Ref(iri=r.item, id=local_id(base, r.item), label=r.title or None),
        meeting=Ref(iri=r.meeting, id=local_id(base, r.meeting), label=r.date.isoformat() if r.date else None),
        date=r.date, body=r.body or None, municipality=r.municipality or None, kind=r.kind, number=r.number,
        case_number=r.cases[0] if r.cases else None, case_numbers=list(r.cases), matched_in=list(hit.matched_in),
        snippet="".join(f.text for f in hit.snippet) or None, fragments=fragments, score=hit.score)


CSV_COLUMNS = ("date", "body", "municipality", "number", "title", "case_numbers", "item", "meeting", "score")


def csv_row(hit: SearchHit) -> list[str]:
    """One hit as a row of :data:`CSV_COLUMNS` (plain text; several case numbers joined by ';')."""
    return [hit.date.isoformat() if hit.date else "", hit.body or "", hit.municipality or "", hit.number or "",
            hit.item.label or "", ";".join(hit.case_numbers), hit.item.iri, hit.meeting.iri, f"{hit.score:.3f}"]
