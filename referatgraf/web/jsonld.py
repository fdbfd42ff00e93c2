"""JSON-LD as linked-data clients expect it: compacted with our shipped context, which is served.

The context (``referatgraf/ontology/context.jsonld``) is published at :data:`CONTEXT_PATH`
(``/ns/context.jsonld``, ``application/ld+json``, cacheable, with an ETag); every JSON-LD
document we answer is compacted with it (``@type``, ``id``, short terms such as ``title`` and
``items``) and refers to it by URL, so a client fetches it once. A client that wants the
expanded form asks with the profile parameter:
``Accept: application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"``.

>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("https://d.dk/id/x"), ox.NamedNode("http://purl.org/dc/terms/title"),
...               ox.Literal("Budget", language="da"))
>>> doc = json.loads(compact([t], "http://127.0.0.1:8000/ns/context.jsonld"))
>>> doc["@context"], doc["id"], doc["title"]
('http://127.0.0.1:8000/ns/context.jsonld', 'https://d.dk/id/x', 'Budget')
>>> wants_expanded('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"')
True
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph

from referatgraf.ontology import CONTEXT_FILE, read_text

router = APIRouter(tags=["linked data"])
MEDIA_TYPE = "application/ld+json"
CONTEXT_PATH = "/ns/context.jsonld"
EXPANDED = "http://www.w3.org/ns/json-ld#expanded"
COMPACTED = "http://www.w3.org/ns/json-ld#compacted"
_CACHE_CONTROL = "public, max-age=86400"


@lru_cache(maxsize=1)
def _context_text() -> str:
    return read_text(CONTEXT_FILE)


@lru_cache(maxsize=1)
def _context_terms() -> dict:
    return json.loads(_context_text())["@context"]


def context_url(request: Request) -> str:
    """The absolute URL of the served context, on the address the client reached."""
    return str(request.base_url).rstrip("/") + CONTEXT_PATH


def wants_expanded(accept: str | None) -> bool:
    """True when an ``application/ld+json`` range of ``accept`` names the expanded profile."""
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() != MEDIA_TYPE:
            continue
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "profile" and EXPANDED in value.strip('"').split():
                return True
    return False


def content_type(expanded: bool) -> str:
    """The response's media type, naming the form it is in.

    >>> content_type(False)
    'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"'
    """
    return f'{MEDIA_TYPE}; profile="{EXPANDED if expanded else COMPACTED}"'


def _as_rdflib(triples: list | Graph) -> Graph:
    if isinstance(triples, Graph):
        return triples
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def compact(triples: list | Graph, url: str) -> bytes:
    """pyoxigraph triples (or an rdflib graph) as JSON-LD compacted with the shipped context,
    the context referred to by ``url``."""
    text = _as_rdflib(triples).serialize(format="json-ld", context=_context_terms(), auto_compact=True)
    doc = json.loads(text)
    doc = doc if isinstance(doc, dict) else {"@graph": doc}
    doc["@context"] = url
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def expand(triples: list | Graph) -> bytes:
    """The same triples as expanded JSON-LD (no context)."""
    if isinstance(triples, Graph):
        text = triples.serialize(format="json-ld")
        return text.encode("utf-8") if isinstance(text, str) else text
    return ox.serialize(triples, format=ox.RdfFormat.JSON_LD)


def answer(request: Request, triples: list | Graph, headers: dict[str, str]) -> Response:
    """The JSON-LD response for ``triples``: compacted, or expanded when the profile asks."""
    expanded = wants_expanded(request.headers.get("accept"))
    body = expand(triples) if expanded else compact(triples, context_url(request))
    return Response(body, media_type=content_type(expanded), headers=headers)


@router.get(CONTEXT_PATH, summary="The JSON-LD context every JSON-LD document refers to",
            responses={200: {"content": {MEDIA_TYPE: {}}}, 304: {"description": "Not modified"}})
def context(request: Request) -> Response:
    text = _context_text()
    etag = '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + '"'
    headers = {"Cache-Control": _CACHE_CONTROL, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(text, media_type=MEDIA_TYPE, headers=headers)
