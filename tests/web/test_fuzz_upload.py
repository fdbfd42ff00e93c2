"""Fuzzed uploads and fuzzed queries against a real running server (issue 19 part 4).

Uploads: the reader fuzz cases of tests/fuzz_inputs.py (and every found case of
tests/fixtures/fuzz_cases.yaml) are POSTed to /api/documents. An input the parser refuses gets
a 4xx naming the file, one it reads gets 201 (or 409 when it would replace a fuller version);
never a 5xx. After every refused upload the store (quad count and graph list) and the search
index (documents and their item counts) are exactly as before.

Queries: the attack queries of tests/attacks.py and the example queries, mutated (SERVICE and
LOAD smuggled in, comments ended by ``\\r``, escapes, deep nesting, updates), are sent by GET, POST
form, POST body and as ``update=``: each answer is a 200 or a 4xx with a reason (a 503 only for
the time limit or busy workers), no connection reaches the listener the SERVICE forms aim at,
the store is unchanged and ``ASK {}`` is still answered.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from attacks import SERVICE_FORMS, CountingListener, attack_queries
from fuzz_inputs import case_input, found_cases, hypothesis_case, outcome
from referatgraf.settings import Settings
from server_fixtures import MUNICIPALITY, ingest_seeds, running_server

TOKEN = "fuzz-token-0b7e"
SCALE = float(os.environ.get("REFERATGRAF_FUZZ_SCALE", "1"))
ROOT = Path(__file__).resolve().parents[2]
PORT = "@PORT@"  # stands for the listener's port until a query is sent
FUZZ = dict(deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz-upload") / "store"
    ingest_seeds(path)
    settings = Settings(store=path, municipality=MUNICIPALITY, write_token=TOKEN, upload_limit=2_500_000,
                        query_timeout=5.0)
    with running_server(settings) as server:
        yield server


@pytest.fixture(scope="module")
def listener():
    with CountingListener() as counting:
        yield counting


def snapshot(server) -> tuple:
    """What a refused request must leave as it was: quads, graphs, the index's documents."""
    from referatgraf.index.open import open_index

    store = server.store
    with open_index(server.settings, read_only=True) as index:
        indexed = index.documents()
    return store.triple_count(), sorted(store.graphs()), indexed


def upload(server, data: bytes, name: str) -> httpx.Response:
    return httpx.post(f"{server.url}/api/documents", files={"file": (name, data, "application/octet-stream")},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)


def check_upload(server, data: bytes, name: str) -> int:
    """4xx with a reason naming the file and nothing changed, or 201 for what the parser reads."""
    before = snapshot(server)
    try:
        local, _ = outcome(data, name)
    except Exception:  # noqa: BLE001 - the reader suite reports these; here only the HTTP answer matters
        local = "unhandled"
    r = upload(server, data, name)
    assert r.status_code < 500, (name, r.status_code, r.text[:300])
    if r.status_code == 201:
        assert local == "parsed", (name, local, r.text[:300])
        return r.status_code
    assert 400 <= r.status_code < 500, (name, r.status_code)
    detail = r.json()["error"]["detail"]
    assert detail and (name in detail or r.status_code in (409, 413)), (name, r.status_code, detail)
    if local == "ParseError":
        assert r.status_code in (413, 415, 422), (name, r.status_code, detail)
    assert snapshot(server) == before, (name, r.status_code, detail)
    return r.status_code


@settings(max_examples=max(1, int(24 * SCALE)), **FUZZ)
@given(case=hypothesis_case())
def test_fuzzed_upload(writable, case):
    event(f"upload {check_upload(writable, *case_input(case))}")


@pytest.mark.parametrize("case", found_cases(), ids=lambda c: c["id"])
def test_found_case_upload(writable, case):
    check_upload(writable, *case_input(case))


# -- queries ---------------------------------------------------------------------------------------
def query_sources() -> list[str]:
    examples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))]
    small = [q for q in attack_queries(PORT).values() if len(q) < 10_000]
    return examples + small + ["ASK {}", "SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 10", "DESCRIBE <http://x/>"]


URL = f"http://127.0.0.1:{PORT}/sparql"
QUERY_PIECES = [form.format(url=URL) for form in SERVICE_FORMS.values()] + [
    f"LOAD <{URL}>", f"LOAD SILENT <{URL}> INTO GRAPH <urn:g>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "CLEAR DEFAULT", f"ADD <{URL}> TO DEFAULT", ";",
    "#", "\r", "\n", "#\r", "'", '"', "<", ">", "\\u0053ERVICE", "\\u0027", "\\u003E", "\\U00000041",
    "SERVICE", "service", "{" * 3000, "}" * 300, "(" * 3000, "[ <http://p/> " * 500, "/<http://p/>" * 2000,
    " UNION {}" * 2000, "\x00", "é", "\t", "PREFIX : <http://x/> ", "BASE <http://127.0.0.1/> ",
]


@st.composite
def fuzzed_query(draw) -> str:  # noqa: ANN001 - hypothesis' draw
    text = draw(st.sampled_from(query_sources()))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "insert", "truncate", "flip", "duplicate"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(QUERY_PIECES)) + text[at:]
        elif op == "truncate":
            text = text[:at]
        elif op == "flip" and text:
            at = min(at, len(text) - 1)
            text = text[:at] + draw(st.sampled_from(list("{}()[]<>\"'#\r\n\\.;,/|?$:"))) + text[at + 1:]
        else:
            text = text[:at] + text[at:at + draw(st.integers(1, 200))] * draw(st.integers(2, 20)) + text[at:]
    return text


def sends(url: str, query: str, how: str):
    """One way of sending ``query``; an ``update`` must be refused whatever it holds."""
    if how == "get" and len(query) < 6_000:
        return httpx.get(f"{url}/sparql", params={"query": query}, timeout=30)
    if how == "body":
        return httpx.post(f"{url}/sparql", content=query.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query"}, timeout=30)
    if how == "update":
        return httpx.post(f"{url}/sparql", data={"update": query}, timeout=30)
    return httpx.post(f"{url}/sparql", data={"query": query}, timeout=30)


@settings(max_examples=max(1, int(60 * SCALE)), **FUZZ)
@given(query=fuzzed_query(), how=st.sampled_from(["get", "form", "body", "update"]))
def test_fuzzed_query(writable, listener, query, how):
    query = query.replace(PORT, str(listener.port))
    before = snapshot(writable)
    r = sends(writable.url, query, how)
    event(f"{how} {r.status_code}")
    assert r.status_code == 200 or 400 <= r.status_code < 500 or (
        r.status_code == 503 and any(w in r.text for w in ("time limit", "busy"))), (r.status_code, r.text[:300])
    if r.status_code != 200:
        assert r.json()["error"]["detail"], r.text[:300]
    if how == "update":
        assert r.status_code == 403, (r.status_code, r.text[:200])
    assert listener.connections == 0, query[:300]
    assert snapshot(writable) == before
    alive = httpx.get(f"{writable.url}/sparql", params={"query": "ASK {}"}, timeout=30,
                      headers={"Accept": "application/sparql-results+json"})
    assert alive.status_code == 200 and alive.json()["boolean"] is True
