"""The shape of our ASGI middlewares (:mod:`~referatgraf.web.head`, :mod:`~referatgraf.web.cors`):
they act on HTTP requests and pass everything else (lifespan, websockets) on untouched.

>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> _ = app.get("/")(lambda: "ok")
>>> TestClient(HttpMiddleware(app)).get("/").json()
'ok'
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """ASGI middleware base: :meth:`http` sees each HTTP request (by default it passes it on)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
