"""The attack queries of issue 19 and a loopback listener that counts who calls it.

Shared by the endpoint tests and benchmarks/reliability.py. ``attack_queries(port)`` are the
SERVICE smuggling forms (each aims at the listener on ``port``) and the queries that overflowed
the engine's stack; every one must get a 4xx with a reason and make no outbound connection.

>>> with CountingListener() as listener:
...     sorted(attack_queries(listener.port))[:2], listener.connections
(['and-chain', 'bind-chain'], 0)
"""

from __future__ import annotations

import socket
import threading

import httpx

SERVICE_FORMS = {
    "plain": "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "lower-case": "select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "comment-ended-by-cr": "SELECT * {{ ?s ?p ?o #\r SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "comment-ended-by-cr-at-start": "#\rSELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped-iri-quote": "SELECT * {{ ?s ?p <http://x/\\u0041'> . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "escaped-iri-hash": "SELECT * {{ ?s ?p <http://x/\\u0041#> . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "escaped-iri-end": "SELECT * {{ ?s ?p <http://x/\\u003E . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "escaped-keyword": "SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped-keyword-long": "SELECT * {{ \\U00000073ervice <{url}> {{ ?s ?p ?o }} }}",
    "escaped-quote-in-string": "SELECT * {{ ?s ?p '\\u0027 . SERVICE <{url}> {{ ?a ?b ?c }} #' }}",
    "nested-groups": "SELECT * {{ {{ ?s ?p ?o OPTIONAL {{ {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }} }}",
    "in-union": "SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "in-exists": "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "in-subquery": "SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
    "construct": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "describe": "DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "variable-endpoint": "SELECT * {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "prefixed-endpoint": "PREFIX e: <{url}> SELECT * {{ SERVICE e: {{ ?s ?p ?o }} }}",
    "tab-and-newlines": "SELECT * {{\n\tSERVICE\n<{url}>\n{{ ?s ?p ?o }} }}",
}


def _chain(n: int, item: str, sep: str = " ") -> str:
    return sep.join([item] * n)


# The queries whose parse or evaluation overflowed the engine's stack (SIGSEGV) before the limits.
OVERFLOWS = {
    "braces": "ASK " + "{" * 3000 + "}" * 3000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    "brackets": "ASK { ?s ?p " + "[ <http://x/p> " * 3000 + "]" * 3000 + " }",
    "unclosed-braces": "ASK " + "{" * 3000,
    "collection": "ASK { ?s ?p (" + _chain(20_000, "1") + ") }",
    "path-sequence": "ASK { ?s " + _chain(20_000, "<http://p/>", "/") + " ?o }",
    "path-alternative": "ASK { ?s " + _chain(20_000, "<http://p/>", "|") + " ?o }",
    "and-chain": "ASK { FILTER(" + _chain(20_000, "true", " && ") + ") }",
    "sum-chain": "ASK { FILTER(" + _chain(20_000, "1", " + ") + ") }",
    "union-chain": "ASK { " + _chain(20_000, "{}", " UNION ") + " }",
    "minus-chain": "ASK { ?s ?p ?o " + _chain(20_000, "MINUS { ?s ?p ?o }") + " }",
    "bind-chain": "ASK { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(20_000)) + " }",
    "object-list": "ASK { ?s ?p " + _chain(20_000, "?o", ",") + " }",
}


def attack_queries(port: int) -> dict[str, str]:
    """Every attack query by name; the SERVICE forms call ``http://127.0.0.1:{port}/sparql``."""
    url = f"http://127.0.0.1:{port}/sparql"
    service = {f"service-{name}": form.format(url=url) for name, form in SERVICE_FORMS.items()}
    return {**service, **OVERFLOWS}


class CountingListener:
    """A TCP listener on 127.0.0.1 that accepts, counts and closes every connection."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name=f"listener-{self.port}", daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def __enter__(self) -> "CountingListener":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._socket.close()


def assert_refused(url: str, queries: dict[str, str]) -> dict[str, int]:
    """Send each query by GET (when it fits in a URL) and POST; every answer a 4xx naming why,
    and ``ASK {}`` still answered after each. Returns the status per query."""
    statuses = {}
    for name, query in queries.items():
        sends = [lambda q=query: httpx.post(f"{url}/sparql", data={"query": q}, timeout=30)]
        if len(query) < 6_000:
            sends.append(lambda q=query: httpx.get(f"{url}/sparql", params={"query": q}, timeout=30))
        for send in sends:
            r = send()
            assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:200])
            detail = r.json()["error"]["detail"]
            assert any(w in detail for w in ("SERVICE", "levels deep", "terms and operators")), (name, detail)
            statuses[name] = r.status_code
        alive = httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
        assert alive.status_code == 200 and alive.json()["boolean"] is True, name
    return statuses
