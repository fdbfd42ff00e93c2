"""HTML pages, each with a JSON twin: the same ``data()`` rendered as HTML and as typed JSON.

Every page at a path ``P`` has its twin at ``P.json`` (home ``/`` at ``/index.json``), names it in
a ``Link: <P.json>; rel="alternate"; type="application/json"`` header and links it visibly. Both
come from one read of the data (a pydantic object of :mod:`referatgraf.read.schemas`), so the
page and its JSON cannot disagree.

Templates are Jinja2 with autoescape on; nothing read from a document is ever marked safe. The
only structured data put into a page is the resource's JSON-LD, through Jinja's ``tojson``
(which escapes ``<``, ``>``, ``&`` and quotes), so the page is also machine-readable.

>>> twin_path("/"), twin_path("/search"), twin_path("/doc/albertslund/case/13_13893")
('/index.json', '/search.json', '/doc/albertslund/case/13_13893.json')
>>> json_link("/search.json?q=budget")
'</search.json?q=budget>; rel="alternate"; type="application/json"'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from rdflib import Graph

from referatgraf.read.ids import doc_path
from referatgraf.read.reader import Reader, local_name
from referatgraf.index.model import SearchRequest
from referatgraf.read.search import CSV_COLUMNS, all_hits, csv_row, search_result
from referatgraf.read.schemas import (DatasetInfo, ExampleQuery, MeetingList, QueryExamples, Resource,
                                      SearchResult)
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.json_api import index_notice, search_index, search_request, with_notice
from referatgraf.web.sparql_exec import serialize_triples

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples" / "queries"
HOME_MEETINGS = 20

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_env.filters["localname"] = local_name
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False)

# The template of each kind of resource whose typed data it renders (others: resource.html).
TEMPLATES = {"meeting": "meeting.html", "item": "item.html", "case": "case.html", "body": "body.html",
             "kle": "kle.html", "person": "actor.html", "post": "actor.html", "department": "actor.html",
             "organisation": "actor.html"}
# The name each template gives the resource's data.
DATA_NAMES = {"meeting.html": "meeting", "item.html": "item", "case.html": "history", "body.html": "body",
              "kle.html": "concept", "actor.html": "actor"}


# -- twins --------------------------------------------------------------------------------------
def twin_path(path: str) -> str:
    """The path of the JSON twin of the page at ``path``."""
    return "/index.json" if path in ("", "/") else f"{path.rstrip('/')}.json"


def html_path(path: str) -> str:
    """The page a JSON twin is the twin of (the inverse of :func:`twin_path`).

    >>> html_path("/index.json"), html_path("/search.json")
    ('/', '/search')
    """
    return "/" if path in ("/index.json", "/.json") else path.removesuffix(".json")


def json_link(href: str) -> str:
    """A ``Link`` header value naming the JSON twin ``href``."""
    return f'<{href}>; rel="alternate"; type="application/json"'


def _with_query(path: str, request: Request) -> str:
    return f"{path}?{request.url.query}" if request.url.query else path


def json_twin(request: Request, data: BaseModel, status: int = 200, link: str | None = None) -> JSONResponse:
    """``data`` as the JSON twin of a page; its ``Link`` names the HTML page back."""
    page = _with_query(html_path(request.url.path), request)
    links = [f'<{page}>; rel="alternate"; type="text/html"'] + ([link] if link else [])
    return JSONResponse(data.model_dump(mode="json"), status_code=status, headers={"Link": ", ".join(links)})


# -- rendering ----------------------------------------------------------------------------------
def _href(base: str):  # noqa: ANN202 - template helper factory
    def href(iri: object) -> str:
        """Where a link to ``iri`` goes: our /doc/ page, or the IRI itself."""
        text = str(iri)
        return doc_path(base, text) or text
    return href


def render(request: Request, ctx: AppState, name: str, status: int = 200, json_href: str | None = None,
           **context: object) -> HTMLResponse:
    """The page ``name``; it names and links its JSON twin (``json_href``, by default its path's)."""
    json_href = json_href or _with_query(twin_path(request.url.path), request)
    context = {"base": ctx.base, "href": _href(ctx.base), "json_href": json_href, **context}
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Link"] = json_link(json_href)
    return response


def jsonld_object(graph: Graph | list) -> object:
    """A graph (rdflib) or triples (pyoxigraph) as a JSON-LD value, for ``|tojson`` in pages."""
    if isinstance(graph, Graph):
        return json.loads(graph.serialize(format="json-ld"))
    return json.loads(serialize_triples(graph, "application/ld+json"))


# -- home ---------------------------------------------------------------------------------------
def home_data(reader: Reader) -> MeetingList:
    """The newest meetings, newest first (``total`` counts all of them)."""
    total = reader.meetings(None, None, None, None, 1, 0).total
    latest = reader.meetings(None, None, None, None, HOME_MEETINGS, max(0, total - HOME_MEETINGS))
    latest.meetings.reverse()
    return latest


@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    return render(request, ctx, "index.html", meetings=home_data(ctx.reader()))


@router.get("/index.json")
@router.get("/.json")
def home_json(request: Request, ctx: AppState = Depends(get_ctx)) -> JSONResponse:
    return json_twin(request, home_data(ctx.reader()))


# -- search -------------------------------------------------------------------------------------
FACET_LABELS = {"municipality": "Kommune", "body": "Udvalg", "kind": "Dokument", "year": "År",
                "kle_group": "KLE-hovedgruppe", "kle": "KLE-emne", "case": "Sag", "proposer": "Indstiller",
                "person": "Person", "closed": "Lukket punkt", "has_decision": "Med beslutning"}
SORT_LABELS = {"relevance": "Relevans", "date": "Ældste først", "-date": "Nyeste først"}
FACET_SHOWN = 12  # values per facet in the sidebar


def search_data(ctx: AppState, request: SearchRequest) -> SearchResult:
    """The page's hits and facets (none for a blank query without filters: only the form)."""
    if not request.q and not request.filters and not (request.date_from or request.date_to):
        return SearchResult(total=0, limit=request.limit, offset=0, query="", hits=[])
    return with_notice(ctx, search_result(search_index(ctx), ctx.base, request))


def search_href(params: list[tuple[str, str]], path: str = "/search", **change: object) -> str:
    """The search URL of ``params`` with changes: ``add=(k, v)``, ``remove=(k, v)``, ``offset=n``,
    ``sort=s`` (changing a filter or the sort starts again at the first page).

    >>> search_href([("q", "budget"), ("body", "Byrådet"), ("offset", "20")], remove=("body", "Byrådet"))
    '/search?q=budget'
    >>> search_href([("q", "æble")], path="/search.csv", add=("year", "2020"))
    '/search.csv?q=%C3%A6ble&year=2020'
    """
    kept = [(k, v) for k, v in params if k != "offset" and (k, v) != change.get("remove")]
    if "add" in change:
        kept.append(change["add"])  # type: ignore[arg-type]
    if "sort" in change:
        kept = [(k, v) for k, v in kept if k != "sort"] + ([("sort", change["sort"])] if change["sort"] != "relevance" else [])
    if change.get("offset"):
        kept.append(("offset", str(change["offset"])))
    return f"{path}?{urlencode(kept)}" if kept else path


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, search: SearchRequest = Depends(search_request),
                ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    result = search_data(ctx, search)
    blank = not result.hits and not result.total and not search.q and not search.filters
    params = [(k, v) for k, v in request.query_params.multi_items() if v != ""]
    stale = "" if blank else index_notice(ctx)
    return render(request, ctx, "search.html", q=search.q, result=None if blank else result, params=params, stale=stale,
                  link=search_href, facet_labels=FACET_LABELS, sort_labels=SORT_LABELS, shown=FACET_SHOWN,
                  csv_href=search_href(params, "/search.csv"))


@router.get("/search.json")
def search_json(request: Request, search: SearchRequest = Depends(search_request),
                ctx: AppState = Depends(get_ctx)) -> JSONResponse:
    return json_twin(request, search_data(ctx, search))


@router.get("/search.csv")
def search_csv(search: SearchRequest = Depends(search_request), ctx: AppState = Depends(get_ctx)) -> StreamingResponse:
    """Every matching item (not only one page) as CSV, streamed."""
    index = search_index(ctx)
    rows = all_hits(index, ctx.base, search)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for hit in rows:
            writer.writerow(csv_row(hit))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="referatgraf-soegning.csv"'})


# -- query editor -------------------------------------------------------------------------------
def example_queries() -> list[ExampleQuery]:
    """The ``examples/queries/*.rq`` files: name and text (the editor offers them as tabs).

    >>> any(e.name and e.query for e in example_queries())
    True
    """
    if not EXAMPLES.is_dir():
        return []
    return [ExampleQuery(name=p.stem, query=p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.rq"))]


def editor_data() -> QueryExamples:
    return QueryExamples(endpoint="/sparql", examples=example_queries())


def query_editor(request: Request, ctx: AppState) -> HTMLResponse:
    """The editor page (also what ``GET /sparql`` without a query shows a browser)."""
    data = editor_data()
    return render(request, ctx, "query_editor.html", json_href="/query-editor.json",
                  examples=[e.model_dump() for e in data.examples])


@router.get("/query-editor", response_class=HTMLResponse)
def query_editor_page(request: Request, ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    return query_editor(request, ctx)


@router.get("/query-editor.json")
def query_editor_json(request: Request) -> JSONResponse:
    return json_twin(request, editor_data())


# -- dataset and resources (routes in linked_data) ----------------------------------------------
def render_dataset(request: Request, ctx: AppState, info: DatasetInfo, graph: Graph) -> HTMLResponse:
    return render(request, ctx, "dataset.html", json_href=twin_path(request.url.path), info=info,
                  triples=info.triples, graphs=info.graphs, jsonld=jsonld_object(graph), site=str(request.base_url))


def render_resource(request: Request, ctx: AppState, resource: Resource, triples: list) -> HTMLResponse:
    """The HTML page of one resource; its kind (from ``rdf:type``) picks the template."""
    name = TEMPLATES.get(resource.kind, "resource.html") if resource.data is not None else "resource.html"
    context: dict[str, object] = {
        "iri": resource.iri, "local": resource.id, "kind": resource.kind, "types": resource.types,
        "label": resource.label, "jsonld": jsonld_object(triples), "links": resource.links,
        "backlinks": resource.backlinks}
    if name in DATA_NAMES:
        context[DATA_NAMES[name]] = resource.data
    if name == "meeting.html":
        context["actors"] = group_actors(resource.data.actors)
    return render(request, ctx, name, json_href=f"/doc/{resource.id}.json", **context)


def group_actors(roles: list) -> list[tuple]:
    """(actor role, number of items) once per actor, kind and role, in first-seen order."""
    grouped: dict[tuple, list] = {}
    for role in roles:
        key = (role.actor.iri, role.type, role.role)
        grouped.setdefault(key, [role, 0])[1] += 1
    return [tuple(v) for v in grouped.values()]
