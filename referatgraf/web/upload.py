"""``POST /api/documents``: upload minutes (txt, md, pdf) and ingest them atomically.

Writing is off unless ``Settings.write_token`` is set; then a request needs
``Authorization: Bearer <token>``. Uploads above ``Settings.upload_limit`` get 413. The API does
not parse anything itself: the bytes go to the library's ingest (parse → extract → map → one
atomic graph replacement), and the answer is the parse report. A document that fails leaves
the store exactly as it was. A new version of a stored meeting that has fewer items or sections,
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

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile

from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.read.ids import local_id
from referatgraf.read.schemas import Ref, UploadReport
from referatgraf.store.base import StoreError
from referatgraf.ingest.keep import WouldLoseData
from referatgraf.parse.errors import ParseError
from referatgraf.parse.reader import DOCUMENT_SUFFIXES

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


def _check_declared_size(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:  # multipart overhead
        raise ApiError(413, f"the upload is larger than the limit of {limit} bytes")


async def _read_limited(file: UploadFile, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"the upload is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/documents", response_model=UploadReport, status_code=201,
             responses={401: {"description": "Missing or wrong bearer token"},
                        403: {"description": "Writing is off (no token configured)"},
                        409: {"description": "The stored version of the meeting has more (items, sections, a complete parse); nothing changed"},
                        413: {"description": "Upload too large"},
                        415: {"description": "Not a file type the readers read (.txt, .md, .pdf, .json, .xml, .html, .zip)"},
                        422: {"description": "The document could not be parsed (file and line named)"}})
async def upload_document(request: Request, file: UploadFile = File(..., description="Minutes or an agenda as published: .txt, .md, .pdf, .json, .xml, .html or .zip"),
                          force: bool = Query(False, description="Replace the stored meeting even when this version has less (fewer items or sections, cut off)."),
                          ctx: AppState = Depends(get_ctx)) -> UploadReport:
    """Ingest one document; the answer is the parse report and what was stored."""
    _authorise(request, ctx)
    limit = ctx.settings.upload_limit
    _check_declared_size(request, limit)
    name = PurePath(file.filename or "upload.txt").name
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        raise ApiError(415, f"{name}: upload a document as published ({', '.join(DOCUMENT_SUFFIXES)})")
    data = await _read_limited(file, limit)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest, ctx, data, name, force)


def _ingest(ctx: AppState, data: bytes, name: str, force: bool = False) -> UploadReport:
    from referatgraf.index.base import TextIndexError
    from referatgraf.index.open import open_index
    from referatgraf.ingest.pipeline import ingest_bytes

    with ctx.write_lock:
        try:
            with open_index(ctx.settings) as index:  # the document's items follow it into the index
                meeting, result = ingest_bytes(data, name, ctx.store, ctx.settings, index, force)
        except ParseError as exc:
            raise ApiError(422, str(exc)) from None
        except WouldLoseData as exc:
            raise ApiError(409, str(exc), extra={"lost": exc.lost}) from None
        except (StoreError, TextIndexError) as exc:
            raise ApiError(503, f"{name}: not stored, the store and the index are unchanged: {exc}") from None
        finally:
            ctx.bump()
    return UploadReport(meeting=Ref(iri=result.meeting, id=local_id(ctx.base, result.meeting),
                                    label=f"{meeting.body} {meeting.date.isoformat()}"),
                        graph=result.graph, triples=result.triples, items=result.items,
                        report=meeting.report.model_dump(mode="json"))
