"""Linked Data: every minted IRI dereferences, the dataset describes itself, dumps download.

* ``GET /id/{id}`` → ``303 See Other`` to ``/doc/{id}`` (the IRI names the thing, the document
  describes it);
* ``GET /doc/{id}`` → HTML for browsers, Turtle / JSON-LD / N-Triples / RDF-XML by ``Accept``
  or by suffix (``/doc/{id}.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``);
* ``/.well-known/void`` and ``/dataset`` → VoID + DCAT; ``/dumps/referatgraf.nq.gz`` and
  ``/dumps/referatgraf.ttl.gz`` → the whole store.

Request paths map to IRIs under ``Settings.base_iri``, so the same data is served whatever host
runs the app.
"""

from __future__ import annotations

import gzip
import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import Graph, URIRef

from referatgraf.web import conneg
from referatgraf.read import queries as Q
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.read.ids import iri_for
from referatgraf.web.sparql_exec import fetch_triples, serialize_triples
from referatgraf.web.void import DUMPS, dataset_graph
from referatgraf.ontology.vocab import bind_prefixes

router = APIRouter(tags=["linked data"])
_RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
                   "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
_SUFFIX_OF = {v: k for k, v in conneg.SUFFIXES.items()}


def serialize(graph: Graph, media_type: str) -> bytes:
    """An rdflib graph (the small VoID description) in one of the graph media types."""
    bind_prefixes(graph)
    data = graph.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def jsonld_object(graph: Graph | list) -> object:
    """A graph (rdflib) or triples (pyoxigraph) as a JSON-LD value, for ``|tojson`` in pages."""
    if isinstance(graph, Graph):
        return json.loads(serialize(graph, "application/ld+json"))
    return json.loads(serialize_triples(graph, "application/ld+json"))


def describe(ctx: AppState, iri: str) -> list:
    """The description of ``iri`` (see queries.DESCRIBE) as pyoxigraph triples."""
    return fetch_triples(ctx.store, Q.q(Q.DESCRIBE, s=URIRef(iri)))


def _split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, media in conneg.SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media
    return path, None


def _negotiate(request: Request, fixed: str | None) -> str:
    if fixed:
        return fixed
    accept = request.headers.get("accept")
    if conneg.prefers_html(accept):
        return conneg.HTML
    try:
        return conneg.choose(conneg.GRAPH_TYPES, accept, request.query_params.get("format"), html=True)
    except conneg.NotAcceptable as exc:
        raise ApiError(406, str(exc)) from None


def _alternates(path: str) -> str:
    return ", ".join(f'<{path}{suffix}>; rel="alternate"; type="{media}"'
                     for suffix, media in conneg.SUFFIXES.items())


@router.get("/id/{id:path}", status_code=303, summary="An IRI of the dataset: 303 to its document",
            responses={303: {"description": "See the document describing the resource"}})
def dereference(id: str, request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    iri_for(ctx.base, id)  # validates the id
    target = f"/doc/{id}"
    if request.url.query:
        target += f"?{request.url.query}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.get("/doc/{id:path}", summary="The document describing a resource (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)",
            responses={200: {"content": {t: {} for t in (conneg.HTML, *conneg.GRAPH_TYPES)}},
                       404: {"description": "Unknown resource"}})
def document(id: str, request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    local, fixed = _split_suffix(id)
    iri = iri_for(ctx.base, local)
    media_type = _negotiate(request, fixed)
    triples = describe(ctx, iri)
    if not triples:
        raise ApiError(404, f"nothing is known about <{iri}>")
    headers = {"Vary": "Accept", "Link": _alternates(f"/doc/{local}"),
               "Content-Location": f"/doc/{local}{_SUFFIX_OF.get(media_type, '')}"}
    if media_type == conneg.HTML:
        from referatgraf.web.pages import render_resource

        response = render_resource(request, ctx, iri, local, triples)
        response.headers.update(headers)
        return response
    return Response(serialize_triples(triples, media_type), media_type=media_type, headers=headers)


def _site(request: Request) -> str:
    return str(request.base_url)


def _dataset_response(request: Request, ctx: AppState) -> Response:
    def counts() -> tuple[int, int]:
        return ctx.store.triple_count(), len(ctx.store.graphs())

    triples, graphs = ctx.cached("counts", counts)
    graph = dataset_graph(_site(request), ctx.base, triples, graphs)
    media_type = _negotiate(request, None)
    if media_type == conneg.HTML:
        from referatgraf.web.pages import render_dataset

        return render_dataset(request, ctx, graph, triples, graphs)
    return Response(serialize(graph, media_type), media_type=media_type, headers={"Vary": "Accept"})


@router.get("/.well-known/void", summary="VoID + DCAT description of the dataset")
def well_known_void(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    return _dataset_response(request, ctx)


@router.get("/dataset", summary="VoID + DCAT description of the dataset")
def dataset(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    return _dataset_response(request, ctx)


@router.get("/dumps/{name}", summary="Full dumps: referatgraf.nq.gz (N-Quads), referatgraf.ttl.gz (Turtle)",
            responses={200: {"content": {"application/gzip": {}}}, 404: {"description": "Unknown dump"}})
def dump(name: str, ctx: AppState = Depends(get_ctx)) -> Response:
    if name not in DUMPS:
        raise ApiError(404, f"no dump named {name!r}; available: {', '.join(DUMPS)}")
    media_type = DUMPS[name][0]
    data = ctx.cached(f"dump:{name}", lambda: gzip.compress(ctx.store.dump(media_type), mtime=0))
    return Response(data, media_type="application/gzip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
