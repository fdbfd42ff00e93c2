"""The public SPARQL 1.1 Protocol endpoint ``/sparql``: read-only, time-limited, capped.

* ``GET /sparql?query=…``, ``POST`` form (``query=…``) and ``POST`` ``application/sparql-query``;
* results chosen by ``Accept`` or ``format``/``output`` (see :mod:`referatgraf.web.conneg`), given
  in the URL, the form or both, as often as a client likes as long as they name one format
  (SPARQLWrapper sends ``format=tsv&format=text/tab-separated-values&output=…``);
* any update (``update=``, ``application/sparql-update``, or an update in ``query=``) → 403 and
  nothing reaches the store; ``SERVICE`` (federation) → 400, the server never calls out;
* a browser asking ``/sparql`` without a query gets the query editor page.

Example::

    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' \\
         http://127.0.0.1:8000/sparql
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from referatgraf.web import conneg
from referatgraf.web.deps import AppState, get_ctx
from referatgraf.web.errors import ApiError
from referatgraf.web.admission import Refused
from referatgraf.store import media
from referatgraf.store.sparql import (QUERY_FORMS, UPDATE_FORMS, FederationRefused, QueryTooComplex,
                                      check_complexity, query_form, refuse_service)
from referatgraf.store.base import Dataset, DatasetUnsupported, QueryTimeout, StoreError
from referatgraf.store.capped import ResultTooLarge
from referatgraf.store.workers import EngineFailed

router = APIRouter(tags=["sparql"])

READ_ONLY = ("this SPARQL endpoint is read-only: updates are refused. Data is added by uploading "
             "minutes to POST /api/documents (with the write token) or with `referatgraf ingest`.")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

_QUERY_DOC = {
    "parameters": [
        {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."},
        {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Result format overriding Accept: " + ", ".join(
             m.aliases[0] for m in media.family(media.RESULTS + media.GRAPH)) + " (or a media type). "
             "May be repeated, and given as `output` too, if every value names the same format."},
        {"name": "output", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "Same as `format`."},
    ],
    "responses": {"200": {"description": "Query results", "content": {
        t: {} for t in (*conneg.RESULT_TYPES, *conneg.GRAPH_TYPES)}},
        "400": {"description": "Malformed query or parameters"},
        "403": {"description": "An update was sent to the read-only endpoint"}},
}
_POST_DOC = {
    **_QUERY_DOC,
    "requestBody": {"required": False, "content": {
        FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}, "format": {"type": "string"},
                                                          "output": {"type": "string"}}}},
        DIRECT: {"schema": {"type": "string"}},
    }},
}


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ApiError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


FORMAT_PARAMETERS = ("format", "output")


def _formats(*sources: dict[str, list[str]]) -> list[str]:
    """Every ``format`` and ``output`` value of the URL and the form (they must agree later).

    >>> _formats({"format": ["tsv"], "output": ["tsv"]}, {"format": ["text/tab-separated-values"]})
    ['tsv', 'tsv', 'text/tab-separated-values']
    """
    return [v for src in sources for name in FORMAT_PARAMETERS for v in src.get(name, [])]


def _dataset(*sources: dict[str, list[str]]) -> Dataset | None:
    """The protocol dataset (default-graph-uri, named-graph-uri) from the URL and form, or None.

    >>> _dataset({"default-graph-uri": ["http://g/1"]}, {"named-graph-uri": ["http://g/2"]})
    Dataset(default=('http://g/1',), named=('http://g/2',))
    >>> _dataset({"query": ["ASK {}"]}) is None
    True
    """
    default = tuple(g for src in sources for g in src.get("default-graph-uri", []))
    named = tuple(g for src in sources for g in src.get("named-graph-uri", []))
    return Dataset(default, named) if default or named else None


def _media_type(request: Request, form: str, formats: list[str]) -> str:
    offered = conneg.RESULT_TYPES if form in ("SELECT", "ASK") else conneg.GRAPH_TYPES
    try:
        return conneg.choose(offered, request.headers.get("accept"), conneg.agreed_format(formats, offered))
    except conneg.FormatConflict as exc:
        raise ApiError(400, str(exc)) from None
    except conneg.NotAcceptable as exc:
        raise ApiError(406, str(exc)) from None


async def _answer(request: Request, ctx: AppState, query: str | None, formats: list[str],
                  dataset: Dataset | None = None) -> Response:
    if query is None or not query.strip():
        raise ApiError(400, "missing 'query': send a SPARQL query as ?query=…, a form field, or an "
                            "application/sparql-query body")
    try:
        check_complexity(query)  # before any parser: a deep enough nesting crashes the engine's
    except QueryTooComplex as exc:
        raise ApiError(400, str(exc)) from None
    form = query_form(query)
    if form in UPDATE_FORMS:
        raise ApiError(403, READ_ONLY)
    if form not in QUERY_FORMS:
        raise ApiError(400, "malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")
    try:
        refuse_service(query)  # in every reading of the text: escapes applied or not, \r ends a comment
    except FederationRefused as exc:
        raise ApiError(400, str(exc)) from None
    media_type = _media_type(request, form, formats)
    settings = ctx.settings
    client = request.client.host if request.client else "unknown"
    try:
        body = await ctx.run_query(client, query, media_type, dataset)
    except Refused as exc:
        raise ApiError(exc.status, exc.detail, exc.headers) from None
    except (ResultTooLarge, DatasetUnsupported, EngineFailed) as exc:
        raise ApiError(400, str(exc)) from None
    except QueryTimeout:
        raise QueryTimeout(
            f"the query ran longer than the time limit of {settings.query_timeout:g} s and was stopped; "
            "narrow it (LIMIT, more specific patterns) and try again") from None
    except (QueryTooComplex, FederationRefused) as exc:
        raise ApiError(400, str(exc)) from None
    except (SyntaxError, ValueError) as exc:
        raise ApiError(400, f"malformed query: {exc}") from None
    except StoreError as exc:
        if any(w in str(exc).lower() for w in ("syntax", "parse", "pars", "expected", "unexpected")):
            raise ApiError(400, f"malformed query: {exc}") from None
        raise
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/sparql", openapi_extra=_QUERY_DOC, summary="SPARQL 1.1 query (GET)")
@router.get("/sparql/", include_in_schema=False)
async def sparql_get(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise ApiError(403, READ_ONLY)
    query = _single(params, "query")
    if query is None and conneg.prefers_html(request.headers.get("accept")):
        from referatgraf.web.pages import query_editor

        return query_editor(request, ctx)
    return await _answer(request, ctx, query, _formats(params), _dataset(params))


@router.post("/sparql", openapi_extra=_POST_DOC, summary="SPARQL 1.1 query (POST form or direct)")
@router.post("/sparql/", include_in_schema=False)
async def sparql_post(request: Request, ctx: AppState = Depends(get_ctx)) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    content_type = request.headers.get("content-type", "")
    media, _, ct_params = content_type.partition(";")
    media = media.strip().lower()
    if media == UPDATE or "update" in params:
        raise ApiError(403, READ_ONLY)
    body = await request.body()
    if media == FORM:
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise ApiError(400, "the form body is not valid UTF-8") from None
        if "update" in form:
            raise ApiError(403, READ_ONLY)
        return await _answer(request, ctx, _single(form, "query"), _formats(params, form), _dataset(params, form))
    if media == DIRECT:
        charset = ct_params.partition("charset=")[2].strip().strip('"').lower()
        if charset and charset not in ("utf-8", "utf8"):
            raise ApiError(415, f"application/sparql-query must be UTF-8, not {charset!r}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the query body is not valid UTF-8") from None
        return await _answer(request, ctx, text, _formats(params), _dataset(params))
    raise ApiError(415, "POST a query as application/x-www-form-urlencoded (query=…) or as "
                        "application/sparql-query")
