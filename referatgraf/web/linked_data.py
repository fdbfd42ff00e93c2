"""Linked Data: every minted IRI dereferences, the dataset describes itself, dumps download.

* ``GET /id/{id}`` → ``303 See Other`` to ``/doc/{id}`` (the IRI names the thing, the document
  describes it);
* ``GET /doc/{id}`` → HTML for browsers, Turtle / JSON-LD / N-Triples / RDF-XML by ``Accept``
  or by suffix (``/doc/{id}.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``), and the page's
  typed JSON twin at ``/doc/{id}.json`` (:class:`~referatgraf.read.schemas.Resource`);
* ``/.well-known/void`` and ``/dataset`` → VoID + DCAT (twins ``/dataset.json``,
  ``/.well-known/void.json``); ``/dumps/referatgraf.nq.gz`` and ``/dumps/referatgraf.ttl.gz`` →
  the whole store.

The page and the twin of a resource come from one read (:func:`referatgraf.read.resource.
read_resource`); the HTML is rendered by :mod:`referatgraf.web.pages`, which never imports this
module.

Request paths map to IRIs under ``Settings.base_iri``, so the same data is served whatever host
runs the app.

>>> from fastapi.testclient import TestClient
>>> from referatgraf.read.demo import demo_settings, demo_store
>>> from referatgraf.web.app import create_app
>>> store = demo_store()
>>> client = TestClient(create_app(demo_settings(), store))
>>> client.get("/id/eksempelby/case/21_12345", follow_redirects=False).headers["location"]
'/doc/eksempelby/case/21_12345'
>>> twin = client.get("/doc/eksempelby/case/21_12345.json").json()
>>> twin["kind"], twin["data"]["case_number"]
('case', '21/12345')
>>> client.get("/doc/eksempelby/case/99_1.json").json()["error"]["status"]
404
>>> store.close()
"""

from __future__ import annotations

import asyncio
import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from rdflib import Graph

from referatgraf.ontology.vocab import bind_prefixes
from referatgraf.read.errors import NotFound
from referatgraf.read.ids import iri_for
from referatgraf.read.resource import read_resource
from referatgraf.read.schemas import Resource
from referatgraf.web import conneg, jsonld
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.web.pages import json_link, json_twin, render_dataset, render_resource
from referatgraf.web.sparql_exec import serialize_triples
from referatgraf.web.void import DUMPS, about, counts, dataset_graph, dataset_info

router = APIRouter(tags=["linked data"])
_RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
                   "application/ld+json": "json-ld", "application/rdf+xml": "xml"}
_SUFFIX_OF = {v: k for k, v in conneg.SUFFIXES.items()}
JSON, JSON_SUFFIX = "application/json", ".json"  # the page's typed twin (schemas.Resource)
_SUFFIX_OF[JSON] = JSON_SUFFIX


def serialize(graph: Graph, media_type: str) -> bytes:
    """An rdflib graph (the small VoID description) in one of the graph media types."""
    bind_prefixes(graph)
    data = graph.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _split_suffix(path: str) -> tuple[str, str | None]:
    if path.endswith(JSON_SUFFIX):
        return path[: -len(JSON_SUFFIX)], JSON
    for suffix, media in conneg.SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], media
    return path, None


def _negotiate(request: Request, fixed: str | None, links: str) -> str:
    """The media type to answer with: a suffix, then ``format=``, then ``Accept``; ``406`` (with
    the available types in the body and ``links`` as the ``Link`` header) when none can be served."""
    if fixed:
        return fixed
    accept, format_param = request.headers.get("accept"), request.query_params.get("format")
    if not format_param and conneg.prefers_html(accept):
        return conneg.HTML
    try:
        return conneg.choose(conneg.GRAPH_TYPES, accept, format_param, html=True, strict=True)
    except conneg.NotAcceptable as exc:
        raise ApiError(406, str(exc), headers={"Vary": "Accept", "Link": links},
                       extra={"available": list(exc.offered)}) from None


def _alternates(path: str, by_format: bool = False) -> str:
    """The page's JSON twin and RDF serialisations, for the ``Link`` header of every one of them:
    by suffix (``/doc/x.ttl``) or, for the dataset, by ``?format=ttl``."""
    def url(suffix: str) -> str:
        return f"{path}?format={suffix[1:]}" if by_format else f"{path}{suffix}"

    return ", ".join([json_link(f"{path}{JSON_SUFFIX}")] + [f'<{url(suffix)}>; rel="alternate"; type="{media}"'
                                                           for suffix, media in conneg.SUFFIXES.items()])


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
    links = _alternates(f"/doc/{local}")
    media_type = _negotiate(request, fixed, links)
    headers = {"Vary": "Accept", "Link": links, "Content-Location": f"/doc/{local}{_SUFFIX_OF.get(media_type, '')}"}
    if media_type == JSON:
        response = json_twin(request, _resource(ctx, iri))
    elif media_type == conneg.HTML:
        response = render_resource(request, ctx, _resource(ctx, iri), _triples(ctx, iri))
    elif media_type == jsonld.MEDIA_TYPE:
        return jsonld.answer(request, _triples(ctx, iri), headers)
    else:
        return Response(serialize_triples(_triples(ctx, iri), media_type), media_type=media_type, headers=headers)
    response.headers.update(headers)
    return response


def _resource(ctx: AppState, iri: str) -> Resource:
    """The one read behind a resource's page and its JSON twin."""
    resource = read_resource(ctx.reader(), iri)
    if resource is None:
        raise NotFound(f"nothing is known about <{iri}>")
    return resource


def _triples(ctx: AppState, iri: str) -> list:
    triples = ctx.reader().describe(iri)
    if not triples:
        raise NotFound(f"nothing is known about <{iri}>")
    return triples


def _site(request: Request) -> str:
    return str(request.base_url)


def _counts(ctx: AppState) -> tuple[int, int]:
    return ctx.cached("counts", ctx.reader().size)


def _dataset_response(request: Request, ctx: AppState) -> Response:
    triples, graphs = _counts(ctx)
    graph = dataset_graph(_site(request), ctx.base, triples, graphs,
                          ctx.cached("about", lambda: about(ctx.settings, ctx.store)),
                          ctx.cached("void-counts", lambda: counts(ctx.store)))
    links = _alternates(request.url.path, by_format=True)
    media_type = _negotiate(request, None, links)
    headers = {"Vary": "Accept", "Link": links}
    if media_type == conneg.HTML:
        response = render_dataset(request, ctx, dataset_info(_site(request), ctx.base, triples, graphs), graph)
        response.headers.update(headers)
        return response
    if media_type == jsonld.MEDIA_TYPE:
        return jsonld.answer(request, graph, headers)
    return Response(serialize(graph, media_type), media_type=media_type, headers=headers)


@router.get("/dataset.json", summary="The dataset's size and where to get it (typed JSON twin of /dataset)")
@router.get("/.well-known/void.json", include_in_schema=False)
def dataset_json(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    return json_twin(request, dataset_info(_site(request), ctx.base, *_counts(ctx)))


@router.get("/.well-known/void", summary="VoID + DCAT description of the dataset")
def well_known_void(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    return _dataset_response(request, ctx)


@router.get("/dataset", summary="VoID + DCAT description of the dataset")
def dataset(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    return _dataset_response(request, ctx)


@router.get("/dumps/{name}", summary="Full dumps: referatgraf.nq.gz (N-Quads), referatgraf.ttl.gz (Turtle)",
            responses={200: {"content": {"application/gzip": {}}}, 206: {"description": "A byte range"},
                       304: {"description": "Not modified (If-None-Match)"}, 404: {"description": "Unknown dump"}})
async def dump(name: str, request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    """The dump file of the store's generation (:mod:`referatgraf.web.dump_files`), with
    ``Content-Length``, ``ETag`` (per generation), ranges and ``If-None-Match``."""
    if name not in DUMPS:
        raise ApiError(404, f"no dump named {name!r}; available: {', '.join(DUMPS)}")
    etag = f'"{ctx.cached("dump-tag", lambda: uuid.uuid4().hex)}"'
    if etag in (tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers={"ETag": etag})
    path = await asyncio.wrap_future(ctx.dumps.build(ctx.store, name, DUMPS[name][0], etag.strip('"')))
    return FileResponse(path, media_type="application/gzip", filename=name, headers={"ETag": etag})
