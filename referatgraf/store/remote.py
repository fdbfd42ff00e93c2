"""The remote store: any SPARQL 1.1 server over HTTP (httpx).

* Queries: SPARQL 1.1 Protocol (POST, form-encoded). Results are fetched as SPARQL JSON or
  N-Triples and parsed with pyoxigraph, so rows are rdflib terms exactly as from the embedded
  store. ``bindings`` become a VALUES block (:mod:`referatgraf.store.sparql`): the protocol
  has no bindings. A protocol dataset (``default-graph-uri`` / ``named-graph-uri``) is passed
  on to the server as the same protocol parameters; the protocol says it replaces the
  server's default dataset (its union default graph included).
* Default graph: the server must query the union of its named graphs by default
  (``oxigraph serve --union-default-graph``; Virtuoso does so without FROM clauses).
* ``replace_graph``: one Graph Store Protocol ``PUT ?graph=<g>`` (the server replaces the graph
  in one request), or, when the server has no GSP endpoint or shared triples go along, one
  SPARQL Update request ``DROP SILENT GRAPH <g>; INSERT DATA {...}``. Either way the triples are serialised before
  anything is sent, so a failure while building them changes nothing.

Endpoints are derived from the query endpoint unless set (see :meth:`RemoteStore.from_settings`):
``…/query`` (oxigraph serve) → ``…/update`` and ``…/store``; ``…/sparql`` (Virtuoso and
others) → the same URL for updates and no GSP endpoint.

>>> RemoteStore.endpoints("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import httpx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier, Node

from referatgraf.store import media
from referatgraf.store.capped import serialise_capped
from referatgraf.store.base import Dataset, QueryTimeout, Row, Store, StoreError, StoreUnavailable
from referatgraf.store.sparql import check_complexity, check_iri, inject_values, read_form, refuse_service
from referatgraf.store.statements import (ALL_QUADS, GRAPH_NAMES, UNION_CONSTRUCT, count_query, drop_update,
                                          replace_update)
from referatgraf.store.terms import ntriples_body, rows, to_rdflib

if TYPE_CHECKING:
    from referatgraf.settings import Settings

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


def _as_boolean(result: object) -> object:
    """Virtuoso answers some ASK queries as a one-column SELECT (``__ASK_RETVAL``): make it the
    boolean result it stands for; anything else is returned unchanged."""
    if isinstance(result, ox.QuerySolutions) and [v.value for v in result.variables] == ["__ASK_RETVAL"]:
        answer = b"true" if any(True for _ in result) else b"false"
        return ox.parse_query_results(b'{"head":{},"boolean":' + answer + b"}", format=ox.QueryResultsFormat.JSON)
    return result


def _protocol_dataset(dataset: Dataset | None) -> dict[str, list[str]]:
    """A protocol dataset as the SPARQL protocol's form parameters (IRIs checked first).

    >>> _protocol_dataset(Dataset(default=("http://g/1",)))
    {'default-graph-uri': ['http://g/1'], 'named-graph-uri': []}
    """
    if dataset is None:
        return {}
    return {"default-graph-uri": [check_iri(g) for g in dataset.default],
            "named-graph-uri": [check_iri(g) for g in dataset.named]}


class _StreamReader:
    """A binary file over an iterator of chunks (an HTTP body as it arrives), for pyoxigraph's parsers."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._rest = chunks, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._rest) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._rest += chunk
        out, self._rest = (self._rest, b"") if size < 0 else (self._rest[:size], self._rest[size:])
        return out


class RemoteStore(Store):
    """A SPARQL 1.1 server reached at ``query_endpoint``."""

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None,
                 graph_store_endpoint: str | None = None, timeout: float = 60.0,
                 client: httpx.Client | None = None) -> None:
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint or query_endpoint
        self.graph_store_endpoint = graph_store_endpoint
        self.timeout = timeout
        self._client = client or httpx.Client(timeout=timeout)

    @staticmethod
    def endpoints(endpoint: str) -> tuple[str, str, str | None]:
        """(query, update, graph store) endpoints derived from a query endpoint."""
        base = endpoint.rstrip("/")
        if base.endswith("/query"):
            root = base[: -len("/query")]
            return base, f"{root}/update", f"{root}/store"
        return base, base, None

    @classmethod
    def from_settings(cls, settings: "Settings") -> "RemoteStore":
        query, update, gsp = cls.endpoints(settings.endpoint or "")
        return cls(query, settings.update_endpoint or update,
                   settings.graph_store_endpoint or gsp)

    # -- HTTP -------------------------------------------------------------------------------
    def _post(self, url: str, data: dict, accept: str | None = None,
              timeout: float | None = None, write: bool = False) -> httpx.Response:
        headers = {"Accept": accept} if accept else {}
        return self._send("POST", url, data=data, headers=headers, timeout=timeout, write=write)

    def _send(self, method: str, url: str, timeout: float | None = None, write: bool = False,
              **kwargs: object) -> httpx.Response:
        """One request. A server that cannot be reached, or that goes while answering, is
        StoreUnavailable; one that went during a ``write`` may have applied it (``maybe_written``)."""
        try:
            response = self._client.request(method, url, timeout=timeout or self.timeout, **kwargs)
        except httpx.TimeoutException:
            raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise StoreUnavailable(f"cannot reach SPARQL endpoint {url}: {exc}") from None
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"SPARQL endpoint {url} went away while answering: {exc or type(exc).__name__}",
                                   maybe_written=write) from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc}") from None
        if response.status_code >= 400:
            detail = response.text.strip().replace("\n", " ")[:300]
            raise StoreError(f"{method} {url} failed with HTTP {response.status_code}: {detail}")
        return response

    def _query(self, query: str, bindings: Mapping[str, Identifier] | None, accept: str,
               timeout: float | None = None, dataset: Dataset | None = None) -> httpx.Response:
        text = check_complexity(inject_values(query, bindings))  # never send the server what kills it
        return self._post(self.query_endpoint, {"query": text, **_protocol_dataset(dataset)}, accept, timeout)

    def _results(self, response: httpx.Response):  # noqa: ANN202 - pyoxigraph result object
        answered = self._answered(response)
        if answered.family == "results":
            return ox.parse_query_results(response.content, format=answered.format)
        return list(ox.parse(response.content, format=answered.format))

    # -- reading ----------------------------------------------------------------------------
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               timeout: float | None = None) -> list[Row]:
        result = self._results(self._query(query, bindings, _RESULTS_JSON, timeout))
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select() needs a SELECT query")
        return rows(result)

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        result = _as_boolean(self._results(self._query(query, bindings, _RESULTS_JSON)))
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None,
                  timeout: float | None = None) -> Graph:
        result = self._results(self._query(query, bindings, _NTRIPLES, timeout))
        if not isinstance(result, list):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def query_raw(self, query: str, accept: str, timeout: float | None = None,
                  dataset: Dataset | None = None) -> tuple[bytes, str]:
        """Fetched in a format every server speaks (SPARQL JSON, N-Triples), then serialised
        here, so every back end offers the same media types."""
        graph_form = read_form(refuse_service(query)) in ("CONSTRUCT", "DESCRIBE")
        response = self._query(query, None, _NTRIPLES if graph_form else _RESULTS_JSON, timeout, dataset)
        result = _as_boolean(self._results(response))
        if isinstance(result, list):
            result = [ox.Triple(q.subject, q.predicate, q.object) for q in result]
        return media.serialise_result(result, accept)

    def query_capped(self, query: str, accept: str, cap: int, timeout: float | None = None,
                     dataset: Dataset | None = None) -> tuple[bytes, str]:
        """The answer is parsed from the HTTP stream as it arrives and the connection closed at
        row ``cap + 1``, so a huge result is neither downloaded nor held."""
        graph_form = read_form(refuse_service(query)) in ("CONSTRUCT", "DESCRIBE")
        data = {"query": check_complexity(query), **_protocol_dataset(dataset)}
        headers = {"Accept": _NTRIPLES if graph_form else _RESULTS_JSON}
        with self._stream(self.query_endpoint, data, headers, timeout) as response:
            answered = self._answered(response)
            body = _StreamReader(response.iter_bytes())
            if answered.family == "results":
                result = _as_boolean(ox.parse_query_results(body, format=answered.format))
            else:
                result = ox.parse(body, format=answered.format)
            return serialise_capped(result, accept, cap)

    @contextlib.contextmanager
    def _stream(self, url: str, data: dict, headers: dict, timeout: float | None) -> Iterator[httpx.Response]:
        try:
            with self._client.stream("POST", url, data=data, headers=headers,
                                     timeout=timeout or self.timeout) as response:
                if response.status_code >= 400:
                    detail = response.read().decode("utf-8", "replace").strip().replace("\n", " ")[:300]
                    raise StoreError(f"POST {url} failed with HTTP {response.status_code}: {detail}")
                yield response
        except httpx.TimeoutException:
            raise QueryTimeout(f"{url} did not answer within {timeout or self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc}") from None

    def _answered(self, response: httpx.Response) -> media.MediaType:
        content_type = response.headers.get("content-type", "")
        answered = media.lookup(content_type, media.RESULTS + media.GRAPH)
        if answered is None:
            raise StoreError(f"{self.query_endpoint} answered with unsupported media type {content_type!r}")
        return answered

    # -- writing ----------------------------------------------------------------------------
    def _update(self, update: str) -> None:
        self._post(self.update_endpoint, {"update": update}, write=True)

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable[tuple[Node, Node, Node]],
                      shared: tuple[str, Graph | Iterable[tuple[Node, Node, Node]]] | None = None) -> None:
        if self.graph_store_endpoint and shared is None:
            body = ntriples_body(triples)  # consumed fully before anything is sent
            self._send("PUT", self.graph_store_endpoint, params={"graph": check_iri(graph_iri)},
                       content=body.encode("utf-8"), headers={"Content-Type": _NTRIPLES}, write=True)
        else:  # two graphs in one request: only a SPARQL update can do that
            self._update(replace_update(graph_iri, triples, shared))

    def drop_graph(self, graph_iri: str) -> None:
        self._update(drop_update(graph_iri))

    # -- inspection -------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        found = self.select(GRAPH_NAMES)
        return sorted(str(r["g"]) for r in found)

    def triple_count(self, graph_iri: str | None = None) -> int:
        return int(self.select(count_query(graph_iri))[0]["n"])

    def dump(self, media_type: str) -> bytes:
        chosen = media.get(media_type, media.GRAPH + media.QUADS)
        if chosen.family == "quads":
            response = self._query(ALL_QUADS, None, _RESULTS_JSON)
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in self._results(response)]
            return media.serialise_rdf(quads, chosen)
        return self.query_raw(UNION_CONSTRUCT, chosen.name)[0]

    def close(self) -> None:
        self._client.close()
