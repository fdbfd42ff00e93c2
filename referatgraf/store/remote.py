"""The remote store: any SPARQL 1.1 server over HTTP (httpx).

* Queries: SPARQL 1.1 Protocol (POST, form-encoded). Results are fetched as SPARQL JSON or
  N-Triples and parsed with pyoxigraph, so rows are rdflib terms exactly as from the embedded
  store. ``bindings`` become a VALUES block (:mod:`referatgraf.store.sparql`): the protocol
  has no bindings. A protocol dataset (``default-graph-uri`` / ``named-graph-uri``) is passed
  on to the server as the same protocol parameters; the protocol says it replaces the
  server's default dataset (its union default graph included).
* Default graph: the server must query the union of its named graphs by default
  (``oxigraph serve --union-default-graph``; Virtuoso does so without FROM clauses).
  :meth:`RemoteStore.check_default_graph` finds out (one triple of one of our graphs, asked of
  the default graph; in a store with none yet, a probe triple a writer writes and drops) and
  refuses a server that does not, saying how to start it; :func:`~referatgraf.store.open.open_store`
  runs it for every command.
* Our graphs only: with a graph base (``{base}graph/``, from the settings) the graph list, the
  counts and the dumps leave out every other graph on the server (Virtuoso's system graphs).
* Result caps: whole-store reads go page by page and are checked against a count
  (:mod:`referatgraf.store.paged`); any other answer the server marks as cut (Virtuoso's
  ``X-SPARQL-MaxRows``) is an error, not a shorter result.
* ``replace_graph``: one Graph Store Protocol ``PUT ?graph=<g>`` (the server replaces the graph
  in one request), or, when the server has no GSP endpoint or shared triples go along, one
  SPARQL Update request ``DROP SILENT GRAPH <g>; INSERT DATA {...}`` POSTed directly
  (``application/sparql-update``, SPARQL 1.1 Protocol; no percent-encoding of the whole text on
  either side) with its ``Content-Length``: Virtuoso answered a chunked body with 200 and stored
  nothing. The text is the triples' N-Triples lines (pyoxigraph terms write their own). Either way the triples are serialised before anything is sent,
  so a failure while building them changes nothing.

Endpoints are derived from the query endpoint unless set (see :meth:`RemoteStore.from_settings`):
``…/query`` (oxigraph serve) → ``…/update`` and ``…/store``; ``…/sparql`` (Virtuoso and
others) → the same URL for updates and no GSP endpoint.

>>> RemoteStore.endpoints("http://127.0.0.1:7878/query")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, BinaryIO

import httpx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from referatgraf.store import media, paged
from referatgraf.store.capped import ResultTooLarge, serialise_capped
from referatgraf.store.base import Dataset, QueryTimeout, Row, Store, StoreError, StoreUnavailable
from referatgraf.store.sparql import check_complexity, check_iri, inject_values, read_form, refuse_service
from referatgraf.store.statements import count_query, drop_update, replace_update
from referatgraf.store.terms import ntriples_body, rows, to_rdflib

if TYPE_CHECKING:
    from referatgraf.settings import Settings

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_CUT_HEADER = "x-sparql-maxrows"  # Virtuoso: the answer stops at this many rows
_NO_UNION = ("the SPARQL server at {endpoint} does not query the union of its named graphs as its default "
             "graph, so every query would find nothing. Start it with `oxigraph serve --union-default-graph` "
             "(Virtuoso does this by default), or point --endpoint at a server that does")
_PROBE = ("SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {graphs} "
          "FILTER(!isBlank(?s) && !isBlank(?o)) }} LIMIT 1")


def _cut_at(response: httpx.Response) -> int | None:
    """The row limit the server says it cut this answer at (Virtuoso's header), or None."""
    value = response.headers.get(_CUT_HEADER)
    return int(value) if value and value.strip().isdigit() else None


_SPARQL_UPDATE = "application/sparql-update; charset=utf-8"


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
                 client: httpx.Client | None = None, graph_base: str | None = None) -> None:
        self.graph_base = graph_base
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
        from referatgraf.graph.iris import Minter

        query, update, gsp = cls.endpoints(settings.endpoint or "")
        return cls(query, settings.update_endpoint or update,
                   settings.graph_store_endpoint or gsp, graph_base=Minter(settings.base_iri).graph_space)

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
        cut = _cut_at(response)
        if cut is not None:
            raise paged.IncompleteResult(f"{self.query_endpoint} cut the answer at its limit of {cut:,} rows "
                                         "(Virtuoso's ResultSetMaxRows); page with LIMIT/OFFSET or raise the limit")
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
            cut = _cut_at(response)
            if cut is not None and cut <= cap:  # a short answer would pass for the whole one
                raise ResultTooLarge(f"the result has more than the SPARQL server's limit of {cut:,} rows; "
                                     "add LIMIT/OFFSET to page through it, or download a full dump from /dumps/")
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
            body = replace_update(graph_iri, triples, shared).encode("utf-8")  # every triple serialised first
            self._send("POST", self.update_endpoint, content=body, headers={"Content-Type": _SPARQL_UPDATE}, write=True)

    def drop_graph(self, graph_iri: str) -> None:
        self._update(drop_update(graph_iri))

    # -- start-up check ---------------------------------------------------------------------
    def union_default_graph(self) -> bool | None:
        """Whether the server's default graph is the union of its named graphs: one triple of one
        of our graphs, asked of the default graph. None when the store holds none of ours yet."""
        found = self.select(_PROBE.format(graphs=paged.graphs_filter(self.graph_base)))
        if not found:
            return None
        return self.ask("ASK { ?s ?p ?o }", bindings=found[0])

    def _probe_by_writing(self) -> bool | None:
        """For a store with none of our graphs yet: one triple written to a probe graph of ours,
        asked of the default graph, and dropped again. None when the server takes no writes."""
        graph = f"{self.graph_base or 'urn:referatgraf:'}probe/{uuid.uuid4().hex}"
        node = URIRef(f"{graph}#probe")
        try:
            self._update(replace_update(graph, [(node, node, Literal("probe"))]))
        except StoreError:
            return None
        try:
            return self.ask("ASK { ?s ?s ?o }", bindings={"s": node, "o": Literal("probe")})
        finally:
            self.drop_graph(graph)

    def check_default_graph(self, writable: bool = False) -> None:
        """:class:`StoreError` saying how to start the server when it has no union default graph.
        A store that holds none of our graphs cannot tell without writing: ``writable`` (a
        command that will write anyway) lets it write one probe triple, and drop it again."""
        union = self.union_default_graph()
        if union is None and writable:
            union = self._probe_by_writing()
        if union is False:
            raise StoreError(_NO_UNION.format(endpoint=self.query_endpoint))

    # -- inspection (our graphs only, paged) ------------------------------------------------
    def _page(self, query: str) -> tuple[list[ox.QuerySolution], bool]:
        """One page's rows, and whether the server said it cut them (then the rows are kept)."""
        response = self._query(query, None, _RESULTS_JSON)
        answered = self._answered(response)
        solutions = ox.parse_query_results(response.content, format=answered.format)
        return list(solutions), _cut_at(response) is not None

    def _paging(self, shape: tuple[str, str], order: str) -> tuple[Callable[[], int], Callable[[int | None, int], str]]:
        """(how many rows ``shape`` has, a page's query) for :mod:`~referatgraf.store.paged`."""
        def count() -> int:
            return int(self.select(paged.count_query(shape, self.graph_base))[0]["n"])

        return count, lambda limit, offset: paged.page_query(shape, order, self.graph_base, limit, offset)

    def _read_all(self, shape: tuple[str, str], order: str) -> list[ox.QuerySolution]:
        return paged.read_all(self._page, *self._paging(shape, order))

    def graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self._read_all(paged.GRAPHS, paged.GRAPHS_ORDER))

    def triple_count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            return int(self.select(paged.count_query(paged.QUADS, self.graph_base))[0]["n"])
        return int(self.select(count_query(graph_iri))[0]["n"])

    def dump(self, media_type: str) -> bytes:
        """Every quad (or, flattened, every distinct triple) of our graphs, read page by page;
        :class:`~referatgraf.store.paged.IncompleteResult` rather than a partial dump."""
        chosen = media.get(media_type, media.GRAPH + media.QUADS)
        if chosen.family == "quads":
            rows = self._read_all(paged.QUADS, paged.ALL_QUADS_ORDER)
            return media.serialise_rdf([ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows], chosen)
        rows = self._read_all(paged.TRIPLES, paged.TRIPLES_ORDER)
        return media.serialise_rdf([ox.Triple(r["s"], r["p"], r["o"]) for r in rows], chosen)

    def dump_to(self, media_type: str, out: BinaryIO) -> None:
        """:meth:`dump` written a page at a time (always paged, so one page is held); a short
        read raises :class:`~referatgraf.store.paged.IncompleteResult` after the last page."""
        chosen = media.get(media_type, media.GRAPH + media.QUADS)
        quads = chosen.family == "quads"
        shape, order = (paged.QUADS, paged.ALL_QUADS_ORDER) if quads else (paged.TRIPLES, paged.TRIPLES_ORDER)
        pages = paged.iter_pages(self._page, *self._paging(shape, order))
        make = (lambda r: ox.Quad(r["s"], r["p"], r["o"], r["g"])) if quads else (lambda r: ox.Triple(r["s"], r["p"], r["o"]))
        media.write_rdf((make(r) for rows in pages for r in rows), chosen, out)

    def close(self) -> None:
        self._client.close()
