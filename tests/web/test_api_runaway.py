"""Runaway queries against a real server: stopped at the limit, one client cannot take every
worker (429), a full pool answers at once (503), both with Retry-After, and pages stay fast."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from referatgraf.settings import Settings
from server_fixtures import MUNICIPALITY, ingest_seeds, running_server

_THOUSAND = " ".join(str(i) for i in range(1000))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?x{k} {{ {_THOUSAND} }}" for k in range(4)) + " }"
SMALL = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runaway")
    ingest_seeds(folder / "store")
    settings = Settings(store=folder / "store", municipality=MUNICIPALITY, query_timeout=2.0,
                        query_workers=2, query_per_client=1)
    with running_server(settings) as running:
        yield running


def client(address: str) -> httpx.Client:
    """A client from its own loopback address (the server tells clients apart by peer address)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def start_runaway(url: str, address: str, answers: list) -> threading.Thread:
    def run() -> None:
        with client(address) as c:
            answers.append(c.get(f"{url}/sparql", params={"query": RUNAWAY}))

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)  # it is running
    return thread


def test_runaway_is_stopped_and_limits_answer_at_once(server):
    answers: list[httpx.Response] = []
    first = start_runaway(server.url, "127.0.0.1", answers)
    with client("127.0.0.1") as same, client("127.0.0.2") as other, client("127.0.0.3") as third:
        started = time.monotonic()
        r = same.get(f"{server.url}/sparql", params={"query": SMALL})
        assert r.status_code == 429 and r.headers["Retry-After"] == "2"
        assert "at once" in r.json()["error"]["detail"]
        assert other.get(f"{server.url}/sparql", params={"query": SMALL}).status_code == 200
        second = start_runaway(server.url, "127.0.0.2", answers)
        r = third.get(f"{server.url}/sparql", params={"query": SMALL})  # both workers busy
        assert r.status_code == 503 and "busy" in r.json()["error"]["detail"] and r.headers["Retry-After"]
        assert time.monotonic() - started < 1.5  # every refusal was immediate
        page = third.get(f"{server.url}/api/meetings")
        assert page.status_code == 200
    for thread in (first, second):
        thread.join(timeout=30)
    assert [a.status_code for a in answers] == [503, 503]
    assert all("was stopped" in a.json()["error"]["detail"] for a in answers)
    pool = server.app.state.ctx.workers()
    assert pool.killed >= 2
    assert httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"},
                     headers={"Accept": "application/sparql-results+json"}).json()["boolean"] is True


def test_clients_whose_queries_ran_to_the_limit_leave_the_reserve_free(server):
    """After the test above, 127.0.0.1 and 127.0.0.2 are penalised: together they get at most
    one of the two workers, so another address is still served."""
    answers: list[httpx.Response] = []
    first = start_runaway(server.url, "127.0.0.1", answers)
    with client("127.0.0.2") as penalised, client("127.0.0.4") as fresh:
        r = penalised.get(f"{server.url}/sparql", params={"query": RUNAWAY})
        assert r.status_code == 503 and "time limit recently" in r.json()["error"]["detail"]
        assert r.headers["Retry-After"] == "2"
        assert fresh.get(f"{server.url}/sparql", params={"query": SMALL}).status_code == 200
    first.join(timeout=30)
    assert answers[0].status_code == 503
