"""Security headers: what a browser may do with our responses, in one place.

Every response says ``X-Content-Type-Options: nosniff`` (a browser never reads an upload, a
Turtle dump or a JSON answer as HTML or script). Every HTML page also carries:

* a ``Content-Security-Policy`` that lets the page load scripts, styles, images, fonts and
  data only from this site (:data:`CSP`). No script and no style is written inline in our pages
  (one fixed style of the vendored YASGUI is allowed by its hash, see below):
  the page code lives in ``web/static`` and ``viz/static``, and data for a script travels in
  ``<script type="application/json">`` blocks, which a browser never runs. So even a missed
  escape of a document's text cannot run a script or restyle the page;
* ``frame-ancestors 'none'``: no page is meant to be embedded (the graph pages under ``/viz/``
  included — nothing frames them), so no other site can frame one to trick a click;
* ``Referrer-Policy: strict-origin-when-cross-origin``: a link to another site tells it our
  origin only, never the page (a search, a person) the reader came from.

>>> from fastapi import FastAPI
>>> from fastapi.responses import HTMLResponse
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> _ = app.get("/page", response_class=HTMLResponse)(lambda: "<p>hi</p>")
>>> _ = app.get("/data")(lambda: {"a": 1})
>>> client = TestClient(SecurityHeaders(app))
>>> page, data = client.get("/page").headers, client.get("/data").headers
>>> "script-src 'self'" in page["content-security-policy"], page["x-content-type-options"]
(True, 'nosniff')
>>> "content-security-policy" in data, data["x-content-type-options"]
(False, 'nosniff')
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from referatgraf.web.asgi import HttpMiddleware

# The one inline style we allow, by its hash: YASR (the query editor's result table, vendored in
# static/vendor/yasgui) adds a fixed <style> for its column resizer from its own script. Moving it
# would mean patching the vendored bundle, so the hash of exactly that text is allowed; any other
# inline style, and every inline script, is still refused. tests/web/test_security_headers.py
# recomputes the hash from the bundle, so a YASGUI upgrade that changes the text fails there.
YASR_RESIZER_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
# img-src also allows data: URIs: Swagger UI's and vis-network's style sheets draw their small
# icons (arrows, close buttons) as data: images; an image cannot run anything.
CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", f"style-src 'self' {YASR_RESIZER_STYLE}", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
])
REFERRER_POLICY = "strict-origin-when-cross-origin"
EVERY_RESPONSE = [(b"x-content-type-options", b"nosniff")]
HTML_RESPONSE = [(b"content-security-policy", CSP.encode()), (b"referrer-policy", REFERRER_POLICY.encode())]


def is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    """True when the response headers name an HTML body.

    >>> is_html([(b"content-type", b"text/html; charset=utf-8")]), is_html([(b"content-type", b"text/turtle")])
    (True, False)
    """
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)


def secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with ours added (one value each: a header we set replaces the route's)."""
    ours = EVERY_RESPONSE + (HTML_RESPONSE if is_html(headers) else [])
    names = {name for name, _ in ours}
    return [*[(k, v) for k, v in headers if k.lower() not in names], *ours]


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware: ``nosniff`` on every response; CSP, frame and referrer rules on HTML."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": secured(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, with_headers)
