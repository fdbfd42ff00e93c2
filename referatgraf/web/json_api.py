"""The typed JSON API under ``/api`` (OpenAPI at ``/openapi.json``, docs at ``/docs``).

Ids are IRI paths after ``{base}id/`` (see :mod:`referatgraf.read.ids`), e.g.
``GET /api/meetings/albertslund/meeting/chefforum/2014-05-15``. Lists are paged with ``limit``
and ``offset``; every error uses the one shape of :mod:`referatgraf.web.errors`. Every handler
is one call of the read core (:class:`~referatgraf.read.reader.Reader`).

>>> from fastapi.testclient import TestClient
>>> from referatgraf.read.demo import demo_settings, demo_store
>>> from referatgraf.web.app import create_app
>>> store = demo_store()
>>> client = TestClient(create_app(demo_settings(), store))
>>> [e["item"]["label"] for e in client.get("/api/cases/21/12345").json()["events"]]
['Budget for skoleområdet']
>>> client.get("/api/search", params={"q": "budget", "sort": "size"}).status_code
422
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from referatgraf.read.actors import actors_page
from referatgraf.read.errors import NotFound
from referatgraf.read.ids import iri_for
from referatgraf.read.reader import Reader
from referatgraf.index.base import TextIndex
from referatgraf.index.model import SearchRequest
from referatgraf.read.search import make_request, search_result
from referatgraf.read.schemas import (ActorDetail, ActorList, CaseHistory, ItemDetail, MeetingDetail,
                                      MeetingList, SearchResult)
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError

router = APIRouter(prefix="/api", tags=["api"])

_ERRORS = {404: {"description": "Not found (one JSON error shape)"},
           422: {"description": "Invalid parameter"}}
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
_SLUG = re.compile(r"^[a-z0-9-]{1,100}$")
_KLE = re.compile(r"^\d{2}(\.\d{2}){0,2}$")


def reader(ctx: AppState = Depends(get_ctx)) -> Reader:
    return ctx.reader()


@router.get("/meetings", response_model=MeetingList, responses=_ERRORS)
def list_meetings(
    r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx),
    body: Annotated[str | None, Query(description="Body slug, e.g. 'chefforum'.", max_length=100)] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="First date (inclusive).")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Last date (inclusive).")] = None,
    kle: Annotated[str | None, Query(description="KLE group or subject, e.g. '00' or '00.01.00'.",
                                     max_length=8)] = None,
    limit: Limit | None = None, offset: Offset = 0,
) -> MeetingList:
    """Meetings in date order, filtered by body, date range and KLE group."""
    if body is not None and not _SLUG.match(body):
        raise ApiError(422, "body: use the body's slug, e.g. 'chefforum' (lower case, digits, '-')")
    if kle is not None and not _KLE.match(kle):
        raise ApiError(422, "kle: use a KLE notation such as '00', '00.01' or '00.01.00'")
    return r.meetings(body, date_from, date_to, kle, limit or ctx.settings.page_size, offset)


@router.get("/meetings/{id:path}", response_model=MeetingDetail, responses=_ERRORS)
def get_meeting(id: Annotated[str, Path(description="Meeting id, e.g. 'albertslund/meeting/chefforum/2014-05-15'.")],
                r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx)) -> MeetingDetail:
    """One meeting with its items, decisions, attachments and the people taking part."""
    meeting = r.meeting(iri_for(ctx.base, id))
    if meeting is None:
        raise NotFound(f"no meeting with id {id!r}")
    return meeting


@router.get("/items/{id:path}", response_model=ItemDetail, responses=_ERRORS)
def get_item(id: Annotated[str, Path(description="Item id, e.g. '…/2014-05-15/item/3'.")],
             r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx)) -> ItemDetail:
    """One agenda item with its sections, decisions, attachments and case."""
    item = r.item(iri_for(ctx.base, id))
    if item is None:
        raise NotFound(f"no agenda item with id {id!r}")
    return item


@router.get("/cases/{case_number:path}", response_model=CaseHistory, responses=_ERRORS)
def get_case(case_number: Annotated[str, Path(description="Case number as written, e.g. '13/13893'.",
                                              max_length=100)],
             r: Reader = Depends(reader)) -> CaseHistory:
    """A case's history: every item that treated it, in date order, with decisions."""
    history = r.case_history(case_number.strip())
    if history is None:
        raise NotFound(f"no case with number {case_number!r}")
    return history


@router.get("/people", response_model=ActorList, responses=_ERRORS)
def list_people(r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx),
                limit: Limit | None = None, offset: Offset = 0) -> ActorList:
    """People named in the minutes, with the number of meetings they appear in."""
    return actors_page(r, "person", limit or ctx.settings.page_size, offset)


@router.get("/people/{id:path}", response_model=ActorDetail, responses=_ERRORS)
def get_person(id: str, r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx)) -> ActorDetail:
    """One person and where they appear."""
    person = r.actor(iri_for(ctx.base, id), "person")
    if person is None:
        raise NotFound(f"no person with id {id!r}")
    return person


@router.get("/departments", response_model=ActorList, responses=_ERRORS)
def list_departments(r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx),
                     limit: Limit | None = None, offset: Offset = 0) -> ActorList:
    """Departments (org:OrganizationalUnit) with their names as written."""
    return actors_page(r, "department", limit or ctx.settings.page_size, offset)


# -- search ---------------------------------------------------------------------------------------
Many = Annotated[list[str] | None, Query(max_length=200)]


def search_request(
    q: Annotated[str, Query(max_length=500, description="Words (all must occur; 'oe' finds 'ø'), "
                                                        "\"a phrase\", -excluded, case numbers; empty: every item.")] = "",
    body: Annotated[list[str] | None, Query(description="Body name as written, e.g. 'Chefforum'; repeat for several.")] = None,
    municipality: Annotated[list[str] | None, Query(description="Municipality slug, e.g. 'albertslund'; repeat for several.")] = None,
    kind: Annotated[list[str] | None, Query(description="'referat' or 'dagsorden'.")] = None,
    year: Annotated[list[str] | None, Query(description="Meeting year, e.g. '2019'.")] = None,
    kle: Annotated[list[str] | None, Query(description="KLE subject, e.g. '00.01.00'.")] = None,
    kle_group: Annotated[list[str] | None, Query(description="KLE main group, e.g. '00'.")] = None,
    case: Annotated[list[str] | None, Query(description="Case number as written, e.g. '13/13893'.")] = None,
    proposer: Annotated[list[str] | None, Query(description="Who recommends, as written.")] = None,
    person: Annotated[list[str] | None, Query(description="A person mentioned (first and last name).")] = None,
    closed: Annotated[bool | None, Query(description="Closed (lukket) items only, or open ones only.")] = None,
    has_decision: Annotated[bool | None, Query(description="Items with a decision, or without.")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="First meeting date (inclusive).")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Last meeting date (inclusive).")] = None,
    sort: Annotated[str, Query(pattern="^(relevance|date|-date)$", description="relevance | date | -date.")] = "relevance",
    limit: Limit = 20, offset: Offset = 0,
) -> SearchRequest:
    """The search a request asks for (shared by the API, the page, its JSON twin and the CSV)."""
    flags = {"closed": closed, "has_decision": has_decision}
    filters = {"body": body, "municipality": municipality, "kind": kind, "year": year, "kle": kle,
               "kle_group": kle_group, "case": case, "proposer": proposer, "person": person,
               **{k: ["true" if v else "false"] if v is not None else None for k, v in flags.items()}}
    return make_request(q, {k: v for k, v in filters.items() if v}, date_from, date_to, sort, limit, offset)


def search_index(ctx: AppState) -> TextIndex:
    """The text index, opened to read once per store generation; 503 while there is none."""
    from referatgraf.index.open import open_index

    if not ctx.settings.index_dir.exists():
        raise ApiError(503, f"there is no search index yet: run `referatgraf index` (looked in {ctx.settings.index_dir})")
    return ctx.cached("text-index", lambda: open_index(ctx.settings, read_only=True))


@router.get("/search", response_model=SearchResult, responses={**_ERRORS, 503: {"description": "No search index yet"}})
def search_items(request: SearchRequest = Depends(search_request), ctx: AppState = Depends(get_ctx)) -> SearchResult:
    """Agenda items matching ``q`` and the filters (OR within a facet, AND across facets), one page,
    with snippets and the facet counts of all matches."""
    return with_notice(ctx, search_result(search_index(ctx), ctx.base, request))


def index_notice(ctx: AppState) -> str:
    """What a search says when the index is behind the store (checked once per store generation)."""
    from referatgraf.read.index_records import index_state

    return ctx.cached("index-state", lambda: index_state(ctx.store, search_index(ctx)).describe())


def with_notice(ctx: AppState, result: SearchResult) -> SearchResult:
    """``result`` carrying the index notice, so API clients learn of a stale index as pages do."""
    notice = index_notice(ctx)
    return result.model_copy(update={"index_notice": notice}) if notice else result
