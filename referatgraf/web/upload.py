"""``POST /api/documents``: upload minutes (txt, md, pdf) and ingest them atomically.

Writing is off unless ``Settings.write_token`` is set; then a request needs
``Authorization: Bearer <token>``. Uploads above ``Settings.upload_bytes`` get 413, and so does
a document over another per-document limit (pages, items, section length, mentions, triples:
parse.limits), with the limit named. The API does not parse anything itself: the bytes go to
the library's ingest (parse → extract → map, then one atomic graph replacement), and the answer
is the parse report. Only the write holds the store's write lock: a slow parse never delays
another upload's write. A document that fails leaves the store exactly as it was. A new version of a stored meeting that has fewer items or sections,
or is cut off, gets 409 saying what would be lost (ingest.keep); ``?force=true`` replaces anyway.

Example::

    curl -H "Authorization: Bearer $TOKEN" -F file=@referat.pdf http://127.0.0.1:8000/api/documents

>>> from fastapi.testclient import TestClient
>>> from referatgraf.read.demo import demo_settings, demo_store
>>> from referatgraf.web.app import create_app
>>> store = demo_store()
>>> client = TestClient(create_app(demo_settings(), store))
>>> r = client.post("/api/documents", files={"file": ("referat.txt", b"REFERAT", "text/plain")})
>>> r.status_code, r.json()["error"]["detail"][:20]
(403, 'writing is off on th')
>>> store.close()
"""

from __future__ import annotations

import hmac
from pathlib import PurePath
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile

from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.read.ids import local_id
from referatgraf.read.schemas import Ref, UploadReport
from referatgraf.store.base import StoreError
from referatgraf.ingest.keep import WouldLoseData
from referatgraf.parse.errors import ParseError
from referatgraf.parse.limits import LimitExceeded
from referatgraf.parse.reader import DOCUMENT_SUFFIXES
from referatgraf.settings import Settings

if TYPE_CHECKING:
    from referatgraf.ingest.pipeline import DocumentResult
    from referatgraf.ingest.unit import DocumentGraph

router = APIRouter(prefix="/api", tags=["writing"])
_CHUNK = 1 << 16


def _authorise(request: Request, ctx: AppState) -> None:
    token = ctx.settings.write_token
    if not token:
        raise ApiError(403, "writing is off on this server: no write token is configured "
                            "(set REFERATGRAF_WRITE_TOKEN or `referatgraf serve --write-token`)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "a valid 'Authorization: Bearer <token>' header is required to upload",
                       headers={"WWW-Authenticate": 'Bearer realm="referatgraf"'})


def _too_large(settings: Settings, name: str, found: int) -> ApiError:
    """The 413 of an upload of at least ``found`` bytes, naming the setting that refused it."""
    setting = "upload_limit" if settings.upload_bytes < settings.max_document_bytes else "max_document_bytes"
    exc = LimitExceeded(setting, found, settings.upload_bytes, file=name)
    return ApiError(413, str(exc), extra=exc.as_dict())


def _check_declared_size(request: Request, settings: Settings, name: str) -> None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.upload_bytes + 64 * 1024:  # multipart overhead
        raise _too_large(settings, name, int(declared))


async def _read_limited(file: UploadFile, settings: Settings, name: str) -> bytes:
    chunks, size = [], 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > settings.upload_bytes:
            raise _too_large(settings, name, size)  # at least this many: the rest is not read
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/documents", response_model=UploadReport, status_code=201,
             responses={401: {"description": "Missing or wrong bearer token"},
                        403: {"description": "Writing is off (no token configured)"},
                        409: {"description": "The stored version of the meeting has more (items, sections, a complete parse); nothing changed"},
                        413: {"description": "Upload too large, or the document is over a per-document limit (named in the error)"},
                        415: {"description": "Not a file type the readers read (.txt, .md, .pdf, .json, .xml, .html, .zip)"},
                        422: {"description": "The document could not be parsed (file and line named)"}})
async def upload_document(request: Request, file: UploadFile = File(..., description="Minutes or an agenda as published: .txt, .md, .pdf, .json, .xml, .html or .zip"),
                          force: bool = Query(False, description="Replace the stored meeting even when this version has less (fewer items or sections, cut off)."),
                          ctx: AppState = Depends(get_ctx)) -> UploadReport:
    """Ingest one document; the answer is the parse report and what was stored."""
    _authorise(request, ctx)
    name = PurePath(file.filename or "upload.txt").name
    _check_declared_size(request, ctx.settings, name)
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        raise ApiError(415, f"{name}: upload a document as published ({', '.join(DOCUMENT_SUFFIXES)})")
    data = await _read_limited(file, ctx.settings, name)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest, ctx, data, name, force)


def _ingest(ctx: AppState, data: bytes, name: str, force: bool = False) -> UploadReport:
    from referatgraf.ingest.unit import read_document

    try:
        document = read_document(data, ctx.settings, name)  # parse, extract, map: no lock held
    except LimitExceeded as exc:
        raise ApiError(413, str(exc), extra=exc.as_dict()) from None
    except ParseError as exc:
        raise ApiError(422, str(exc)) from None
    meeting, result = document.meeting, _write(ctx, document, name, force)
    return UploadReport(meeting=Ref(iri=result.meeting, id=local_id(ctx.base, result.meeting),
                                    label=f"{meeting.body} {meeting.date.isoformat()}"),
                        graph=result.graph, triples=result.triples, items=result.items,
                        report=meeting.report.model_dump(mode="json"))


def _write(ctx: AppState, document: "DocumentGraph", name: str, force: bool) -> "DocumentResult":
    """The store and index write of one mapped document, under the write lock."""
    from referatgraf.index.base import TextIndexError
    from referatgraf.index.open import open_index
    from referatgraf.ingest.pipeline import store_document

    with ctx.write_lock:
        try:
            with open_index(ctx.settings) as index:  # the document's items follow it into the index
                result = store_document(document, ctx.store, index, force)
            ctx.store.flush()  # the query workers reopen it next
            return result
        except WouldLoseData as exc:
            raise ApiError(409, str(exc), extra={"lost": exc.lost}) from None
        except (StoreError, TextIndexError) as exc:
            raise ApiError(503, f"{name}: not stored, the store and the index are unchanged: {exc}") from None
        finally:
            ctx.bump()
