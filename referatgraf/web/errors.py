"""One JSON error shape for every failure the app answers with.

Every error — our own, FastAPI's 404/405/422, a store failure or an unexpected crash — is
answered as::

    {"error": {"status": 404, "title": "Not Found", "detail": "no meeting with id '…'"}}

so clients need one parser. The read core's errors (:mod:`referatgraf.read.errors`) become
HTTP statuses here and only here (:data:`READ_STATUS`: not found → 404, bad id → 400).
Unexpected exceptions are logged and answered with a 500 whose detail says nothing about
internals.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from referatgraf.read.errors import BadId, NotFound, ReadError
from referatgraf.store.base import QueryTimeout, StoreError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error to answer with ``status``; ``detail`` is shown to the client as is."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None,
                 extra: dict[str, object] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers
        self.extra = extra  # more members of the error object (406: the ``available`` media types)


# The read core's errors as HTTP statuses: the one place that decides (a subclass first).
READ_STATUS: dict[type[ReadError], int] = {NotFound: 404, BadId: 400}


def read_status(exc: ReadError) -> int:
    """The HTTP status of a read error: 404 for :class:`NotFound`, 400 for :class:`BadId`.

    >>> read_status(NotFound("no case")), read_status(BadId("no such kind"))
    (404, 400)
    """
    return next((s for kind, s in READ_STATUS.items() if isinstance(exc, kind)), 400)


def error_body(status: int, detail: str, extra: dict[str, object] | None = None) -> dict:
    """The one error shape (``extra`` adds members after the three every error has).

    >>> error_body(404, "no meeting")
    {'error': {'status': 404, 'title': 'Not Found', 'detail': 'no meeting'}}
    """
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"error": {"status": status, "title": title, "detail": detail, **(extra or {})}}


def error_response(status: int, detail: str, headers: dict[str, str] | None = None,
                   extra: dict[str, object] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, detail, extra), status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.detail, exc.headers, exc.extra)

    @app.exception_handler(ReadError)
    async def _read(_: Request, exc: ReadError) -> JSONResponse:
        return error_response(read_status(exc), str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return error_response(exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, _validation_detail(exc))

    @app.exception_handler(QueryTimeout)
    async def _timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return error_response(503, str(exc) or "the query ran past its time limit")

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        log.warning("store error: %s", exc)
        return error_response(503, f"the store could not answer: {exc}")

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal error; the server log has the details")
