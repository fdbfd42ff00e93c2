"""What the full-text index holds and answers, as plain frozen data (no engine types).

One :class:`ItemRecord` per agenda item, keyed by the item's IRI and grouped by the document
graph it came from (the unit that ingest replaces). A :class:`SearchRequest` is a query in the
syntax of :mod:`referatgraf.index.query` plus facet filters, a date range, a sort and a page; a
:class:`SearchAnswer` is one page of hits with snippets and the facet counts of *all* matches.

>>> r = ItemRecord(item="https://e.org/id/x/item/1", document="https://e.org/graph/x/1",
...                meeting="https://e.org/id/x/meeting/1", title="Budget 2026", cases=("21/123",))
>>> r.facet_values("case"), r.facet_values("closed")
(('21/123',), ('false',))
>>> SearchRequest("budget", filters=(("body", ("Byrådet",)),)).filter_for("body")
('Byrådet',)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Facet fields, in the order pages show them. Each record gives zero or more string values per
# facet (:meth:`ItemRecord.facet_values`); booleans are "true"/"false", the year is "2025".
FACETS = ("municipality", "body", "kind", "year", "kle_group", "kle", "case", "proposer", "person",
          "closed", "has_decision")
SORTS = ("relevance", "date", "-date")  # "date": oldest first, "-date": newest first


@dataclass(frozen=True)
class ItemRecord:
    """One agenda item as the index sees it; text fields are as written (analysis happens inside)."""

    item: str  # the item's IRI: the key
    document: str  # the document graph IRI the item came from (what ingest replaces)
    meeting: str  # the meeting's IRI
    title: str = ""
    number: str | None = None  # the item's number as written
    text: str = ""  # every section's text, in document order
    decision: str = ""  # the decision text(s)
    attachments: tuple[str, ...] = ()  # attachment titles
    cases: tuple[str, ...] = ()  # case numbers as written ("00.01.00-A00-3-17", "21/12345")
    municipality: str = ""  # the municipality's slug, as in the IRIs ("greve")
    body: str = ""  # the body's name ("Byrådet")
    date: dt.date | None = None  # the meeting's date
    kind: str = "referat"  # "referat" | "dagsorden"
    kle: tuple[str, ...] = ()  # KLE subjects of the item's cases ("00.01.00")
    kle_groups: tuple[str, ...] = ()  # their main groups ("00")
    proposer: str | None = None
    people: tuple[str, ...] = ()  # names of the people the item mentions
    closed: bool = False
    has_decision: bool = False

    def facet_values(self, facet: str) -> tuple[str, ...]:
        """The record's values for one facet of :data:`FACETS`."""
        if facet == "year":
            return (str(self.date.year),) if self.date else ()
        if facet in ("closed", "has_decision"):
            return ("true" if getattr(self, facet) else "false",)
        value = {"case": self.cases, "kle_group": self.kle_groups, "person": self.people}.get(facet)
        if value is None:
            value = getattr(self, facet)
        if isinstance(value, tuple):
            return value
        return (value,) if value else ()


@dataclass(frozen=True)
class SearchRequest:
    """A search: ``q`` in the query syntax ("words", "a phrase", -excluded, case numbers and
    dates as exact terms; empty: every item), facet filters (OR within a facet, AND across
    facets), an inclusive date range, a sort of :data:`SORTS` and a page."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    facets: bool = True  # count facets (pages do; a CSV download does not need them)

    def filter_for(self, facet: str) -> tuple[str, ...]:
        return next((values for name, values in self.filters if name == facet), ())


@dataclass(frozen=True)
class Fragment:
    """A piece of a snippet; ``highlighted`` pieces matched the query. Pages escape the text."""

    text: str
    highlighted: bool = False


@dataclass(frozen=True)
class Hit:
    record: ItemRecord
    score: float
    snippet: tuple[Fragment, ...] = ()
    matched_in: tuple[str, ...] = ()  # of "title", "case", "decision", "text", "attachments"


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass(frozen=True)
class SearchAnswer:
    request: SearchRequest
    total: int  # matches in all, not only this page
    hits: tuple[Hit, ...] = ()
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)  # facet → values, most first
