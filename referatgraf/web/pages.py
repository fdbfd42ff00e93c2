"""HTML pages: home, search, query editor, and one page per kind of resource.

Templates are Jinja2 with autoescape on; nothing read from a document is ever marked safe. The
only structured data put into a page is the resource's JSON-LD, through Jinja's ``tojson``
(which escapes ``<``, ``>``, ``&`` and quotes), so the page is also machine-readable.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from rdflib import Graph, URIRef

from referatgraf.read import queries as Q
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.read.ids import doc_path, kind_of
from referatgraf.read.reader import local_name

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples" / "queries"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_env.filters["localname"] = local_name
templates = Jinja2Templates(env=_env)
router = APIRouter(include_in_schema=False)

ACTOR_KINDS = ("person", "department", "post", "organisation")


def _href(base: str):  # noqa: ANN202 - template helper factory
    def href(iri: object) -> str:
        """Where a link to ``iri`` goes: our /doc/ page, or the IRI itself."""
        text = str(iri)
        return doc_path(base, text) or text
    return href


def render(request: Request, ctx: AppState, name: str, status: int = 200, **context: object) -> HTMLResponse:
    context = {"base": ctx.base, "href": _href(ctx.base), **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    reader = ctx.reader()
    total = reader.meetings(None, None, None, None, 1, 0).total
    latest = reader.meetings(None, None, None, None, 20, max(0, total - 20))
    latest.meetings.reverse()  # newest first
    return render(request, ctx, "index.html", meetings=latest)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=200),
                ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    from referatgraf.web.json_api import run_search

    result = run_search(ctx, q, 100, 0) if q.strip() else None
    return render(request, ctx, "search.html", q=q, result=result)


def example_queries() -> list[dict[str, str]]:
    """The ``examples/queries/*.rq`` files: name and text (the editor offers them as tabs)."""
    if not EXAMPLES.is_dir():
        return []
    return [{"name": p.stem, "query": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLES.glob("*.rq"))]


def query_editor(request: Request, ctx: AppState) -> HTMLResponse:
    return render(request, ctx, "query_editor.html", examples=example_queries())


@router.get("/query-editor", response_class=HTMLResponse)
def query_editor_page(request: Request, ctx: AppState = Depends(get_ctx)) -> HTMLResponse:
    return query_editor(request, ctx)


def render_dataset(request: Request, ctx: AppState, graph: Graph, triples: int, graphs: int) -> HTMLResponse:
    from referatgraf.web.linked_data import jsonld_object

    return render(request, ctx, "dataset.html", triples=triples, graphs=graphs, jsonld=jsonld_object(graph),
                  site=str(request.base_url))


def render_resource(request: Request, ctx: AppState, iri: str, local: str, triples: list) -> HTMLResponse:
    """The HTML page of one resource; the template is chosen by the kind of IRI."""
    from referatgraf.web.linked_data import jsonld_object

    reader = ctx.reader()
    kind = kind_of(local)
    common = {"iri": iri, "local": local, "kind": kind, "jsonld": jsonld_object(triples),
              "links": reader.links(iri), "backlinks": reader.backlinks(iri)}
    if kind == "meeting" and (meeting := reader.meeting(iri)):
        return render(request, ctx, "meeting.html", meeting=meeting, actors=group_actors(meeting.actors), **common)
    if kind == "item" and (item := reader.item(iri)):
        return render(request, ctx, "item.html", item=item, **common)
    if kind == "case" and (number := reader.case_number_of(iri)):
        return render(request, ctx, "case.html", history=reader.case_history(number), **common)
    if kind in ACTOR_KINDS and (actor := reader.actor(iri, kind)):
        return render(request, ctx, "actor.html", actor=actor, **common)
    if kind == "body":
        rows = reader.select(Q.BODY_MEETINGS, body=URIRef(iri))
        return render(request, ctx, "body.html", label=_label(common["links"]), meetings=rows, **common)
    if kind == "kle":
        concept = reader.select(Q.KLE_CONCEPT, concept=URIRef(iri))
        return render(request, ctx, "kle.html", concept=concept[0] if concept else {},
                      narrower=reader.select(Q.KLE_NARROWER, concept=URIRef(iri)),
                      cases=reader.select(Q.KLE_CASES, concept=URIRef(iri)), **common)
    return render(request, ctx, "resource.html", label=_label(common["links"]), **common)


def group_actors(roles: list) -> list[tuple]:
    """(actor role, number of items) once per actor, kind and role, in first-seen order."""
    grouped: dict[tuple, list] = {}
    for role in roles:
        key = (role.actor.iri, role.type, role.role)
        grouped.setdefault(key, [role, 0])[1] += 1
    return [tuple(v) for v in grouped.values()]


def _label(links: list) -> str | None:
    for link in links:
        if local_name(link.property) in ("prefLabel", "title", "name", "identifier", "notation") and link.literal:
            return link.literal
    return None

