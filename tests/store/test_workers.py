"""store.workers: queries in worker processes that are killed at the time limit, see new writes,
and survive a worker dying under them (real processes, a real embedded store on disk)."""

from __future__ import annotations

import os
import signal
import threading
import time

import psutil
import pytest
from rdflib import Literal, URIRef

from referatgraf.store.base import QueryTimeout
from referatgraf.store.capped import ResultTooLarge
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.store.sparql import FederationRefused
from referatgraf.store.workers import EngineFailed, WorkerPool

_THOUSAND = " ".join(str(i) for i in range(1000))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?x{k} {{ {_THOUSAND} }}" for k in range(4)) + " }"
P = URIRef("http://example.org/p")


@pytest.fixture
def store(tmp_path):
    with EmbeddedStore(tmp_path / "store") as s:
        s.replace_graph("http://example.org/g1", [(URIRef("http://example.org/s1"), P, Literal("one"))])
        yield s


@pytest.fixture
def pool(store):
    with WorkerPool(store.path, size=2) as p:
        yield p


def test_a_runaway_query_is_killed_at_the_limit_and_its_cpu_freed(pool) -> None:
    before = set(pool.pids())
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, "text/csv", cap=10, timeout=1.0)
    assert time.monotonic() - started < 2.5
    killed = before - set(pool.pids())
    assert len(killed) == 1 and pool.killed == 1
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in killed)
    assert pool.run("ASK {}", "text/csv", cap=10, timeout=30) == b"true"  # the replacement answers


def test_errors_come_back_by_kind(pool) -> None:
    with pytest.raises(ResultTooLarge):
        pool.run("SELECT * { VALUES ?x { 1 2 3 } }", "text/csv", cap=2, timeout=30)
    with pytest.raises(FederationRefused):
        pool.run("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "text/csv", cap=2, timeout=30)
    assert pool.killed == 0


def test_a_new_generation_sees_new_writes(store, pool) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert pool.run(query, "text/csv", cap=10, timeout=30).splitlines()[1] == b"1"
    store.replace_graph("http://example.org/g2", [(URIRef("http://example.org/s2"), P, Literal("two"))])
    for _ in range(2):  # each worker reopens once
        assert pool.run(query, "text/csv", cap=10, timeout=30, generation=1).splitlines()[1] == b"2"


def test_a_worker_that_dies_under_a_query_is_replaced(pool) -> None:
    answers: list[BaseException] = []

    def run() -> None:
        try:
            pool.run(RUNAWAY, "text/csv", cap=10, timeout=30)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            answers.append(exc)

    before = set(pool.pids())
    thread = threading.Thread(target=run)
    thread.start()
    busy = None
    deadline = time.monotonic() + 10
    while busy is None and time.monotonic() < deadline:  # the worker burning CPU is the one running it
        time.sleep(0.2)
        busy = next((pid for pid in before if psutil.Process(pid).cpu_percent(interval=0.1) > 20), None)
    assert busy is not None
    os.kill(busy, signal.SIGKILL)  # as a stack overflow would end it
    thread.join(timeout=10)
    assert len(answers) == 1 and isinstance(answers[0], EngineFailed)
    assert pool.run("ASK {}", "text/csv", cap=10, timeout=30) == b"true"
