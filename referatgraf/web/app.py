"""The web app: ``create_app(settings)`` wires the routers; each router lives in its own module.

>>> from fastapi.testclient import TestClient
>>> from referatgraf.read.demo import demo_settings, demo_store
>>> store = demo_store()
>>> client = TestClient(create_app(demo_settings(), store))
>>> client.get("/api/meetings").json()["total"]
1
>>> client.get("/").headers["link"]
'</index.json>; rel="alternate"; type="application/json"'
>>> store.close()

(``referatgraf serve`` runs the same app under uvicorn.)

Routers: :mod:`~referatgraf.web.sparql` (/sparql), :mod:`~referatgraf.web.linked_data` (/id, /doc,
/dataset, /dumps), :mod:`~referatgraf.web.json_api` (/api), :mod:`~referatgraf.web.upload`
(POST /api/documents), :mod:`~referatgraf.web.pages` (HTML), the visualiser's /viz routes and
:mod:`~referatgraf.web.api_explorer` (/docs). Every response passes :mod:`~referatgraf.web.security`.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from referatgraf import __version__
from referatgraf.web import api_explorer, errors
from referatgraf.web.cors import ReadOnlyCors
from referatgraf.web.deps import AppState
from referatgraf.web.head import HeadAsGet
from referatgraf.web.security import SecurityHeaders
from referatgraf.store.base import Store
from referatgraf.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The app for ``settings``; pass ``store`` to serve an already open store (tests, tools)."""
    settings = settings or Settings()
    ctx = AppState(settings, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # noqa: ANN202
        yield
        ctx.close()

    app = FastAPI(title="referatgraf", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Municipal meeting minutes as linked data: SPARQL, Linked Data, JSON.")
    app.state.ctx = ctx
    errors.install(app)
    app.add_middleware(HeadAsGet)
    # Linked-data consumers call from browsers: reading is open to every origin, writing is not.
    app.add_middleware(ReadOnlyCors)
    # Outermost, so preflights and error answers get the headers too.
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    from referatgraf.web import json_api, jsonld, linked_data, pages, sparql, upload

    for module in (sparql, linked_data, jsonld, json_api, upload, pages):
        app.include_router(module.router)
    _include_viz(app)
    api_explorer.include(app)
    return app


def _include_viz(app: FastAPI) -> None:
    """The visualiser's /viz routes (networkx/pyvis load only when a /viz page is asked for)."""
    try:
        from referatgraf.web.viz_pages import router
    except ModuleNotFoundError as exc:
        if exc.name != "referatgraf.web.viz_pages":
            raise
        return
    app.include_router(router)
