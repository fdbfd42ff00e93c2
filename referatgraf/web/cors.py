"""CORS: reading is open to every origin, writing to none.

Linked-data clients run in browsers (Comunica, YASGUI, jsonld.js), so every read answers with
``Access-Control-Allow-Origin: *`` and exposes ``Link`` and ``Content-Location``; a preflight
(``OPTIONS`` with ``Access-Control-Request-Method``) for a read gets ``204`` with the allowed
methods and headers. Reads are GET and HEAD anywhere, and POST on the SPARQL endpoint (a query
sent as a form or as the body; the endpoint refuses updates). Everything else — the upload's
POST, any PUT or DELETE — gets no CORS header at all, and its preflight gets ``403``, so a page
on another origin can never send a write with the user's browser.

>>> reads("GET", "/doc/x"), reads("POST", "/sparql"), reads("POST", "/api/documents"), reads("DELETE", "/doc/x")
(True, True, False, False)
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from referatgraf.web.asgi import HttpMiddleware
from referatgraf.web.errors import error_response

SAFE_METHODS = ("GET", "HEAD")
QUERY_PATHS = ("/sparql", "/sparql/")  # the SPARQL endpoint's POST is a read
ALLOW_HEADERS = "Accept, Accept-Language, Content-Type"
EXPOSE_HEADERS = "Link, Content-Location, Content-Disposition"
MAX_AGE = "86400"


def reads(method: str, path: str) -> bool:
    """True when ``method`` on ``path`` only reads (and may come from any origin)."""
    return method in SAFE_METHODS or (method == "POST" and path in QUERY_PATHS)


def allowed_methods(path: str) -> str:
    """The ``Access-Control-Allow-Methods`` of ``path``.

    >>> allowed_methods("/sparql"), allowed_methods("/dataset")
    ('GET, HEAD, POST, OPTIONS', 'GET, HEAD, OPTIONS')
    """
    return ", ".join([*SAFE_METHODS, *(["POST"] if path in QUERY_PATHS else []), "OPTIONS"])


class ReadOnlyCors(HttpMiddleware):
    """ASGI middleware: CORS headers on reads, preflights answered here, nothing for writes."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, path = scope["method"], scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        requested = headers.get("access-control-request-method")
        if method == "OPTIONS" and "origin" in headers and requested:
            await _preflight(requested.strip().upper(), path)(scope, receive, send)
            return
        if not reads(method, path):
            await self.app(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"access-control-allow-origin", b"*"),
                         (b"access-control-expose-headers", EXPOSE_HEADERS.encode())]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_cors)


def _preflight(method: str, path: str) -> Response:
    if not reads(method, path):
        return error_response(403, f"{method} {path} is not open to other origins: only reads are "
                                   "(GET and HEAD, and POST to the SPARQL endpoint)")
    return Response(status_code=204, headers={
        "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": allowed_methods(path),
        "Access-Control-Allow-Headers": ALLOW_HEADERS, "Access-Control-Max-Age": MAX_AGE})
