"""Typed JSON responses of the API (also the data the HTML pages render).

Every resource carries its ``iri`` (the Linked Data identifier) and ``id`` (the IRI path after
``{base}id/``, usable in ``/api/...`` and ``/doc/...`` URLs).

>>> Ref(iri="https://example.org/id/eksempelby/case/21_12345", id="eksempelby/case/21_12345",
...     label="21/12345").model_dump(exclude_none=True)["label"]
'21/12345'
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Ref(BaseModel):
    """A link to another resource with a human label."""

    iri: str
    id: str | None = None
    label: str | None = None


class MeetingSummary(BaseModel):
    iri: str
    id: str | None
    date: dt.date | None = None
    body: Ref | None = None
    location: str | None = None
    item_count: int = 0


class Page(BaseModel):
    """One page of a list; ``next_offset`` is None on the last page."""

    total: int
    limit: int
    offset: int
    next_offset: int | None = None


class MeetingList(Page):
    meetings: list[MeetingSummary]


class DecisionOut(BaseModel):
    iri: str
    text: str | None = None


class AttachmentOut(BaseModel):
    iri: str
    title: str | None = None


class SectionOut(BaseModel):
    iri: str
    kind: str | None = None
    heading: str | None = None
    text: str | None = None


class ActorRole(BaseModel):
    """An actor (person, post, department, organisation) and how it takes part."""

    actor: Ref
    type: str  # person | post | department | organisation
    role: str  # the property's local name: presenter, participant, proposer, heeftAanwezige …
    item: str | None = None  # IRI of the item, None for the whole meeting


class ItemSummary(BaseModel):
    iri: str
    id: str | None
    number: int | None = None  # the item's order in the meeting
    number_as_written: str | None = None  # "4", "1.1", "715", "c)"
    title: str | None = None
    public: bool = True
    case: Ref | None = None
    decisions: list[DecisionOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(default_factory=list)


class MeetingDetail(MeetingSummary):
    start: str | None = None
    kind: str | None = None
    stub: bool = Field(False, description="Known only from references in other documents (an rg:ReferencedMeeting "
                                         "whose own document is not in the store), so not a besluit:Zitting yet")
    source: Ref | None = None
    items: list[ItemSummary] = Field(default_factory=list)
    actors: list[ActorRole] = Field(default_factory=list)


class ItemDetail(ItemSummary):
    meeting: MeetingSummary
    sections: list[SectionOut] = Field(default_factory=list)
    actors: list[ActorRole] = Field(default_factory=list)


class CaseEvent(BaseModel):
    """One treatment of a case: the item, its meeting and what was decided."""

    item: Ref
    meeting: Ref
    date: dt.date | None = None
    body: Ref | None = None
    decisions: list[DecisionOut] = Field(default_factory=list)


class EarlierTreatmentOut(BaseModel):
    """A treatment of the case that an item lists ("Sagens forløb"): the body and day as written
    there, the decision given there, and the meeting when its own document is in the store."""

    date: dt.date
    body: str
    decision: str | None = None
    meeting: Ref | None = None  # None: the meeting's own document is not ingested


class CaseHistory(BaseModel):
    case_number: str
    cases: list[Ref]  # one per municipality using this number
    kle: Ref | None = None
    events: list[CaseEvent]  # date order
    attachments: list[AttachmentOut] = Field(default_factory=list)
    earlier: list[EarlierTreatmentOut] = Field(default_factory=list)  # date order, one per body and day


class ActorSummary(BaseModel):
    """An actor as listed: its names, the meetings it takes part in, and how often the
    documents mention it (``mentions``, on the dates of ``mentioned_on``)."""

    iri: str
    id: str | None
    kind: str | None = None  # person | post | department | body | organisation
    label: str | None = None  # the longest name any document gives it
    alt_labels: list[str] = Field(default_factory=list)
    meeting_count: int = 0
    mentions: int = 0
    mentioned_on: list[dt.date] = Field(default_factory=list)


class ActorList(Page):
    items: list[ActorSummary]


class Appearance(BaseModel):
    meeting: Ref
    date: dt.date | None = None
    item: Ref | None = None
    role: str


class ActorDetail(ActorSummary):
    types: list[str] = Field(default_factory=list)
    appearances: list[Appearance] = Field(default_factory=list)
    links: list["Link"] = Field(default_factory=list)


class Link(BaseModel):
    """One triple around a resource, for generic display: ``property`` and the other end."""

    property: str
    value: Ref | None = None  # an IRI
    literal: str | None = None  # or a literal's text


class SnippetFragment(BaseModel):
    """A piece of a snippet as plain text; ``highlighted`` pieces matched the query (pages wrap
    them, escaped, in ``<mark>``)."""

    text: str
    highlighted: bool = False


class SearchHit(BaseModel):
    item: Ref
    meeting: Ref
    date: dt.date | None = None
    body: str | None = None
    municipality: str | None = None
    kind: str | None = None  # referat | dagsorden
    number: str | None = None  # the item's number as written
    case_number: str | None = None  # the first of case_numbers
    case_numbers: list[str] = Field(default_factory=list)
    matched_in: list[str]  # title | case | decision | text | attachments
    snippet: str | None = None  # the fragments joined, plain text
    fragments: list[SnippetFragment] = Field(default_factory=list)
    score: float


class FacetCount(BaseModel):
    value: str
    count: int


class SearchResult(Page):
    """One page of hits; ``facets``: for each facet, its values over ALL matches, most first."""

    query: str
    sort: str = "relevance"
    filters: dict[str, list[str]] = Field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = Field(default_factory=dict)
    index_notice: str | None = None  # set when the index is behind the store ("run `referatgraf index`")


class BodyDetail(BaseModel):
    """A body (besluit:Bestuursorgaan) and the meetings it held, in date order."""

    iri: str
    id: str | None
    label: str | None = None
    meetings: list[MeetingSummary] = Field(default_factory=list)


class KleCase(BaseModel):
    """A case filed under a KLE subject (or below it) and how many items treat it."""

    case: Ref
    item_count: int = 0


class KleConcept(BaseModel):
    """A KLE group or subject: its notation, the broader and narrower concepts, its cases."""

    iri: str
    id: str | None
    notation: str | None = None
    label: str | None = None
    broader: Ref | None = None
    narrower: list[Ref] = Field(default_factory=list)
    cases: list[KleCase] = Field(default_factory=list)


class Resource(BaseModel):
    """Any resource of the dataset: its kind (from its ``rdf:type``), the typed data of that
    kind (None for kinds without their own shape), and the triples around it."""

    iri: str
    id: str | None
    kind: str  # meeting | item | case | person | post | department | organisation | body | kle | resource
    label: str | None = None
    types: list[str] = Field(default_factory=list)
    data: MeetingDetail | ItemDetail | CaseHistory | ActorDetail | BodyDetail | KleConcept | None = None
    links: list[Link] = Field(default_factory=list)
    backlinks: list[Link] = Field(default_factory=list)


class ExampleQuery(BaseModel):
    """One of the example SPARQL queries the editor offers."""

    name: str
    query: str


class QueryExamples(BaseModel):
    endpoint: str
    examples: list[ExampleQuery]


class DatasetInfo(BaseModel):
    """The dataset's size and where to get it (the typed twin of its VoID description)."""

    triples: int
    graphs: int
    uri_space: str
    sparql_endpoint: str
    dumps: list[str]


class UploadReport(BaseModel):
    """What POST /api/documents did: the meeting it stored and the parse report."""

    meeting: Ref
    graph: str
    triples: int
    items: int
    report: dict


ActorDetail.model_rebuild()
Resource.model_rebuild()
