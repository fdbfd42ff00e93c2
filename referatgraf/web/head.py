"""HEAD wherever GET works: the GET handler answers, the client gets its status and headers only.

FastAPI registers its routes for the methods they name, so ``HEAD /doc/…`` would get ``405``;
linked-data clients and crawlers use HEAD to check a link or a media type before they fetch.
This ASGI middleware runs a HEAD request as GET and drops the body, so the headers (media
type, ``Content-Length``, ``Link``, ``Vary``) are exactly those of the GET. A ``405`` that
allows GET also names HEAD in ``Allow``.

>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> _ = app.get("/hello")(lambda: {"hello": "world"})
>>> app.add_middleware(HeadAsGet)
>>> r = TestClient(app).head("/hello")
>>> r.status_code, r.headers["content-length"], r.content
(200, '17', b'')
>>> TestClient(app).post("/hello").headers["allow"]
'GET, HEAD'
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from referatgraf.web.asgi import HttpMiddleware


class HeadAsGet(HttpMiddleware):
    """ASGI middleware: HEAD → the GET route, without its body; ``Allow: GET`` → ``GET, HEAD``."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        head = scope["method"] == "HEAD"

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = {**message, "headers": _with_head_allowed(message.get("headers", []))}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"} if head else scope, receive, answer)


def _with_head_allowed(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = []
    for name, value in headers:
        methods = [m.strip() for m in value.decode("latin-1").split(",")]
        if name.lower() == b"allow" and "GET" in methods and "HEAD" not in methods:
            value = ", ".join([*methods[: methods.index("GET") + 1], "HEAD", *methods[methods.index("GET") + 1:]]).encode()
        out.append((name, value))
    return out
