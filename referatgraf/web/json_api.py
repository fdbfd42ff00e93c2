"""The typed JSON API under ``/api`` (OpenAPI at ``/openapi.json``, docs at ``/docs``).

Ids are IRI paths after ``{base}id/`` (see :mod:`referatgraf.read.ids`), e.g.
``GET /api/meetings/albertslund/meeting/chefforum/2014-05-15``. Lists are paged with ``limit``
and ``offset``; every error uses the one shape of :mod:`referatgraf.web.errors`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.read.ids import iri_for, local_id
from referatgraf.read.reader import Reader
from referatgraf.read.schemas import (ActorDetail, ActorList, CaseHistory, ItemDetail, MeetingDetail,
                                     MeetingList, Ref, SearchHit, SearchResult)
from referatgraf.read.search import Entry, make_entry, search
from referatgraf.read import queries as Q

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
        raise ApiError(404, f"no meeting with id {id!r}")
    return meeting


@router.get("/items/{id:path}", response_model=ItemDetail, responses=_ERRORS)
def get_item(id: Annotated[str, Path(description="Item id, e.g. '…/2014-05-15/item/3'.")],
             r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx)) -> ItemDetail:
    """One agenda item with its sections, decisions, attachments and case."""
    item = r.item(iri_for(ctx.base, id))
    if item is None:
        raise ApiError(404, f"no agenda item with id {id!r}")
    return item


@router.get("/cases/{case_number:path}", response_model=CaseHistory, responses=_ERRORS)
def get_case(case_number: Annotated[str, Path(description="Case number as written, e.g. '13/13893'.",
                                              max_length=100)],
             r: Reader = Depends(reader)) -> CaseHistory:
    """A case's history: every item that treated it, in date order, with decisions."""
    history = r.case_history(case_number.strip())
    if history is None:
        raise ApiError(404, f"no case with number {case_number!r}")
    return history


@router.get("/people", response_model=ActorList, responses=_ERRORS)
def list_people(r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx),
                limit: Limit | None = None, offset: Offset = 0) -> ActorList:
    """People named in the minutes, with the number of meetings they appear in."""
    return r.actors("person", limit or ctx.settings.page_size, offset)


@router.get("/people/{id:path}", response_model=ActorDetail, responses=_ERRORS)
def get_person(id: str, r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx)) -> ActorDetail:
    """One person and where they appear."""
    person = r.actor(iri_for(ctx.base, id), "person")
    if person is None:
        raise ApiError(404, f"no person with id {id!r}")
    return person


@router.get("/departments", response_model=ActorList, responses=_ERRORS)
def list_departments(r: Reader = Depends(reader), ctx: AppState = Depends(get_ctx),
                     limit: Limit | None = None, offset: Offset = 0) -> ActorList:
    """Departments (org:OrganizationalUnit) with their names as written."""
    return r.actors("department", limit or ctx.settings.page_size, offset)


def search_index(ctx: AppState) -> list[Entry]:
    """The search index of the current store generation (built once, then cached)."""

    def build() -> list[Entry]:
        entries = []
        for row in ctx.reader().select(Q.SEARCH_CORPUS):
            date = row.get("date")
            entries.append(make_entry(
                str(row["item"]), _str(row.get("title")), str(row["meeting"]),
                dt.date.fromisoformat(str(date)[:10]) if date is not None else None,
                _str(row.get("bodyLabel")), _str(row.get("caseNumber")),
                _str(row.get("decisions")), _str(row.get("texts"))))
        return entries

    return ctx.cached("search-index", build)


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


def run_search(ctx: AppState, q: str, limit: int, offset: int) -> SearchResult:
    hits = search(search_index(ctx), q)
    page = hits[offset:offset + limit]
    out = [SearchHit(item=Ref(iri=e.item, id=local_id(ctx.base, e.item), label=e.title),
                     meeting=Ref(iri=e.meeting, id=local_id(ctx.base, e.meeting),
                                 label=e.date.isoformat() if e.date else None),
                     date=e.date, body=e.body, case_number=e.case_number, matched_in=fields,
                     snippet=snippet, score=score)
           for e, score, fields, snippet in page]
    nxt = offset + limit if offset + limit < len(hits) else None
    return SearchResult(total=len(hits), limit=limit, offset=offset, next_offset=nxt, query=q, hits=out)


@router.get("/search", response_model=SearchResult, responses=_ERRORS)
def search_items(q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find; "
                                                                                  "'oe' finds 'ø'.")],
                 ctx: AppState = Depends(get_ctx), limit: Limit | None = None,
                 offset: Offset = 0) -> SearchResult:
    """Agenda items whose title, decision, text or case number contain every word of ``q``."""
    return run_search(ctx, q, limit or ctx.settings.page_size, offset)
