"""Web routes: graph pages under ``/viz/…`` and the analytics under ``/api/analytics/…``.

The app includes :data:`router` (``app.include_router(router)``). Pages are built in a worker
thread (plain ``def`` handlers); like every HTML page they are sent with the Content-Security-Policy
of :mod:`~referatgraf.web.security` (only our own scripts and styles), so even a missed escape
could not run a script from a document.

    GET /viz/case/00.01.00-A00-108-15      case history
    GET /viz/person/albertslund/mie-thorup person ego network (also a bare slug or the API id)
    GET /viz/department/{id}               department ego network
    GET /viz/body/chefforum                body overview
    GET /viz/kle/00.01                     KLE topic map
    GET /api/analytics/actors?type=person  most connected actors (degree, betweenness)
    GET /api/analytics/cases               cases spanning the most meetings
    GET /api/analytics/communities         communities of actors (Louvain)

>>> from fastapi.testclient import TestClient
>>> from referatgraf.read.demo import demo_settings, demo_store
>>> from referatgraf.web.app import create_app
>>> store = demo_store()
>>> client = TestClient(create_app(demo_settings(), store))
>>> client.get("/viz/body/nope").json()["error"]["detail"]
"no body 'nope' in the store"
>>> [c["label"] for c in client.get("/api/analytics/cases").json()["cases"]]
['21/12345', '21/12346']
>>> client.get("/viz/static/evil.js").status_code  # only the bundled assets
404
>>> store.close()
"""

from __future__ import annotations

from typing import Annotated, Callable, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.viz.analytics import ActorScore, CaseSpan, Community
from referatgraf.viz.model import NodeType

router = APIRouter()

_ERRORS = {404: {"description": "Nothing matches (one JSON error shape)"}}
JSON_SUFFIX = ".json"  # every graph page has a JSON twin at its path + ".json"


def _page(ctx: AppState, build: Callable[[], object], request: Request) -> Response:
    """The graph page, or its ``.json`` twin when the path ends in ``.json``; each names the
    other in a ``Link: rel=alternate`` header, and the page links its twin visibly."""
    from referatgraf.viz.render import render_page, view_record
    from referatgraf.viz.views import ViewNotFound

    try:
        view = build()
    except ViewNotFound as exc:
        raise ApiError(404, str(exc)) from None
    path = quote(request.url.path, safe="/:@-._~")  # a header carries ASCII only ("/viz/person/…ø…")
    if path.endswith(JSON_SUFFIX):
        page = path[: -len(JSON_SUFFIX)]
        return JSONResponse(view_record(view), headers={"Link": f'<{page}>; rel="alternate"; type="text/html"'})
    twin = path + JSON_SUFFIX
    html = render_page(view, ctx.settings, json_href=twin)  # type: ignore[arg-type]
    return HTMLResponse(html, headers={"Link": f'<{twin}>; rel="alternate"; type="application/json"'})


def _bare(value: str) -> str:
    """A path value without the ``.json`` of a twin's URL."""
    return value[: -len(JSON_SUFFIX)] if value.endswith(JSON_SUFFIX) else value


@router.get("/viz/static/{name}", include_in_schema=False)
def static_asset(name: str) -> FileResponse:
    """vis-network and the page script/style (only these files)."""
    from referatgraf.viz.render import ASSETS, STATIC_DIR

    if name not in ASSETS:
        raise ApiError(404, f"no asset {name!r}")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(STATIC_DIR / name, media_type=media, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/viz/case/{case_number:path}", response_class=HTMLResponse, responses=_ERRORS, tags=["viz"])
def case_page(case_number: Annotated[str, Path(max_length=200, description="Case number as written, "
                                               "e.g. '00.01.00-A00-108-15' or '13/13893'.")],
              request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """A case's history across meetings: items by date, decisions, attachments and actors."""
    from referatgraf.viz.views import case_view

    return _page(ctx, lambda: case_view(ctx.store, ctx.settings, _bare(case_number)), request)


@router.get("/viz/person/{id:path}", response_class=HTMLResponse, responses=_ERRORS, tags=["viz"])
def person_page(id: Annotated[str, Path(max_length=300, description="'albertslund/person/mie-thorup', "
                                        "'albertslund/mie-thorup' or 'mie-thorup'.")],
                request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """A person's ego network: meetings and items they appear in, and who they appear with."""
    from referatgraf.viz.views import actor_view

    return _page(ctx, lambda: actor_view(ctx.store, ctx.settings, "person", _bare(id)), request)


@router.get("/viz/department/{id:path}", response_class=HTMLResponse, responses=_ERRORS, tags=["viz"])
def department_page(id: Annotated[str, Path(max_length=300, description="Department id or slug.")],
                    request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """A department's ego network."""
    from referatgraf.viz.views import actor_view

    return _page(ctx, lambda: actor_view(ctx.store, ctx.settings, "department", _bare(id)), request)


@router.get("/viz/body/{id:path}", response_class=HTMLResponse, responses=_ERRORS, tags=["viz"])
def body_page(id: Annotated[str, Path(max_length=300, description="Body id or slug, e.g. 'chefforum'.")],
              request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """A body's meetings over time with its most recurring cases and KLE subjects."""
    from referatgraf.viz.views import body_view

    return _page(ctx, lambda: body_view(ctx.store, ctx.settings, _bare(id)), request)


@router.get("/viz/kle/{notation}", response_class=HTMLResponse, responses=_ERRORS, tags=["viz"])
def kle_page(notation: Annotated[str, Path(pattern=r"^\d{2}(\.\d{2}){0,2}(\.json)?$",
                                           description="KLE notation, e.g. '00.01'.")],
             request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """KLE topic map: the subject and those below it → cases → meetings."""
    from referatgraf.viz.views import kle_view

    return _page(ctx, lambda: kle_view(ctx.store, ctx.settings, _bare(notation)), request)


# -- analytics in the JSON API -------------------------------------------------------------------
class ActorRanking(BaseModel):
    type: str
    actors: list[ActorScore]


class CaseRanking(BaseModel):
    cases: list[CaseSpan]


class CommunityList(BaseModel):
    communities: list[Community]


Top = Annotated[int, Query(ge=1, le=200, description="How many to return.")]
_TYPES = {"person": (NodeType.PERSON,), "department": (NodeType.DEPARTMENT,), "post": (NodeType.POST,),
          "all": (NodeType.PERSON, NodeType.POST, NodeType.DEPARTMENT)}


def whole_graph(ctx: AppState):  # noqa: ANN201 - networkx DiGraph
    """Every item with its meeting, case and actors, projected once per store generation."""
    from referatgraf.read.projection import Selector
    from referatgraf.viz.project import project_items

    return ctx.cached("viz:whole-graph", lambda: project_items(
        ctx.store, Selector.ALL_ITEMS, None, parts={"actors", "meeting_actors", "cases"}))


@router.get("/api/analytics/actors", response_model=ActorRanking, tags=["analytics"])
def analytics_actors(type: Annotated[Literal["person", "department", "post", "all"], Query(
                         description="Which actors to rank.")] = "person",
                     top: Top = 10, ctx: AppState = Depends(get_ctx)) -> ActorRanking:
    """The most connected actors: co-appearing in the same items or meetings, ranked by degree,
    then betweenness."""
    from referatgraf.viz.analytics import most_connected

    return ActorRanking(type=type, actors=most_connected(whole_graph(ctx), _TYPES[type], top))


@router.get("/api/analytics/cases", response_model=CaseRanking, tags=["analytics"])
def analytics_cases(top: Top = 10, ctx: AppState = Depends(get_ctx)) -> CaseRanking:
    """Cases spanning the most meetings."""
    from referatgraf.viz.analytics import case_spans

    return CaseRanking(cases=case_spans(whole_graph(ctx))[:top])


@router.get("/api/analytics/communities", response_model=CommunityList, tags=["analytics"])
def analytics_communities(type: Annotated[Literal["person", "department", "post", "all"], Query(
                              description="Which actors to group.")] = "all",
                          ctx: AppState = Depends(get_ctx)) -> CommunityList:
    """Communities of actors who appear together (Louvain, seeded so answers are stable)."""
    from referatgraf.viz.analytics import communities

    return CommunityList(communities=communities(whole_graph(ctx), _TYPES[type]))
