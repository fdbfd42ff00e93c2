"""Public queries in worker processes, so that a query past its time limit is really stopped.

pyoxigraph (0.5.13) has no query timeout and no way to interrupt a running query: a thread
that runs one can only be abandoned, and it keeps burning CPU until the query ends (four such
queries made every later one wait, issue 19). Here each query runs in a worker *process* that
opens the embedded store read-only (RocksDB lets readers in beside the one writer, and an
8 ms open sees every committed write); past the limit the process is killed (SIGKILL: the
CPU is free at once) and a fresh one is started in its place. A worker that dies on a query
(a stack overflow the limits did not foresee) is replaced the same way, and the client gets
:class:`EngineFailed` instead of the server going down.

The pool has ``size`` workers and a ready spare, at most one query each; the caller admits at
most ``size`` queries at a time (:mod:`referatgraf.web.admission`), so :meth:`WorkerPool.run`
does not wait for a worker while a killed one's replacement starts (~0.2 s). Workers run at a lower CPU priority than the server, so pages and small queries
stay fast while long ones run. After a write, callers pass a new ``generation`` and each
worker reopens the store before its next query.

>>> import tempfile
>>> from rdflib import Literal, URIRef
>>> from referatgraf.store.embedded import EmbeddedStore
>>> with tempfile.TemporaryDirectory() as tmp:
...     with EmbeddedStore(tmp) as store:
...         store.replace_graph("http://g/", [(URIRef("http://s/"), URIRef("http://p/"), Literal("o"))])
...         with WorkerPool(tmp, size=1) as pool:
...             pool.run("SELECT ?o { ?s ?p ?o }", "text/csv", cap=10, timeout=30)
b'o\\r\\no\\r\\n'
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from referatgraf.store.base import Dataset, DatasetUnsupported, QueryTimeout, StoreError
from referatgraf.store.capped import ResultTooLarge
from referatgraf.store.sparql import FederationRefused, QueryTooComplex

_SPAWN = multiprocessing.get_context("spawn")  # never fork a process that runs threads and RocksDB
_ERRORS: dict[str, type[StoreError]] = {c.__name__: c for c in (
    ResultTooLarge, QueryTooComplex, FederationRefused, DatasetUnsupported, QueryTimeout, StoreError)}


class EngineFailed(StoreError, ValueError):
    """The worker running a query died (the query broke the engine); a new worker took its place."""


def _serve(conn: Connection, path: str, niceness: int, generation: int) -> None:
    """A worker's loop: ``("ready",)`` once the store is open, then (generation, query, accept,
    cap, dataset) in, ("ok", body) or ("error", class name, message) out."""
    os.nice(niceness)
    from referatgraf.store.embedded import EmbeddedStore

    store, opened = _open(EmbeddedStore, path), generation
    conn.send(("ready",))
    while True:
        try:
            generation, query, accept, cap, dataset = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or opened != generation:
                store, opened = _open(EmbeddedStore, path), generation
            try:
                body = store.query_capped(query, accept, cap, None, dataset)[0]
            except StoreError as exc:
                if not _compacted_away(exc):
                    raise
                store = _open(EmbeddedStore, path)  # a fresh view of the files, then the query once more
                body = store.query_capped(query, accept, cap, None, dataset)[0]
            conn.send(("ok", body))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the caller by name
            conn.send(("error", type(exc).__name__, str(exc)))
            if not isinstance(exc, StoreError) or "query failed" in str(exc):
                store = None  # e.g. a file compacted away under a read-only store: reopen next time


def _compacted_away(exc: StoreError) -> bool:
    """A read-only view that names a file the writer has since compacted away (RocksDB: "IO error:
    No such file or directory ... .sst"); a reopen sees the current files.

    >>> _compacted_away(StoreError("query failed: Corruption: IO error: No such file or directory: While open a file for random read: /s/000009.sst"))
    True
    >>> _compacted_away(StoreError("query failed: syntax error"))
    False
    """
    return "No such file or directory" in str(exc) and ".sst" in str(exc)


def _open(kind, path: str, attempts: int = 5):  # noqa: ANN001, ANN202 - EmbeddedStore, imported late
    """A read-only store; an open that races the writer rotating its files is tried again."""
    for attempt in range(attempts):
        try:
            return kind(path, read_only=True)
        except StoreError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class _Worker:
    def __init__(self, path: str, niceness: int, generation: int) -> None:
        self.conn, child = _SPAWN.Pipe()
        self.process = _SPAWN.Process(target=_serve, args=(child, path, niceness, generation), daemon=True,
                                      name="referatgraf-query")
        self.process.start()
        child.close()
        self._kill_once = threading.Lock()  # the pool's close and a starter thread may both kill
        self._killed = False

    def wait_ready(self, timeout: float = 60) -> bool:
        try:
            return self.conn.poll(timeout) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        """Once, whoever asks first: closing the pipe twice at once could close a reused fd."""
        with self._kill_once:
            if self._killed:
                return
            self._killed = True
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes (plus ``spare`` ready ones, so a query never waits while a
    killed worker's replacement starts) serving queries on the embedded store at ``path``."""

    def __init__(self, path: str | Path, size: int = 4, niceness: int = 5, spare: int = 1) -> None:
        self.path, self.size, self.niceness = str(path), size, niceness
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed = 0
        self.generation = 0
        starting = [self._spawn() for _ in range(size + spare)]
        for worker in starting:
            if not worker.wait_ready():
                self.close()
                raise StoreError(f"a query worker could not open the store at {self.path}")
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path, self.niceness, self.generation)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; its replacement joins the idle ones once its store is open."""
        with self._lock:
            self._all.discard(worker)
            self.killed += 1
        worker.kill()
        fresh = self._spawn()

        def join_when_ready() -> None:
            if fresh.wait_ready():
                self._idle.put(fresh)
            else:  # could not start (the store went away): try again, later
                with self._lock:
                    self._all.discard(fresh)
                fresh.kill()

        threading.Thread(target=join_when_ready, name="query-worker-start", daemon=True).start()

    def run(self, query: str, accept: str, cap: int, timeout: float, dataset: Dataset | None = None,
            generation: int = 0) -> bytes:
        """The result of ``query`` in ``accept``, read to the cap (see
        :meth:`~referatgraf.store.base.Store.query_capped`); past ``timeout`` seconds the worker
        is killed and :class:`QueryTimeout` raised."""
        self.generation = max(self.generation, generation)
        worker = self._idle.get()
        try:
            worker.conn.send((generation, query, accept, cap, dataset))
            if not worker.conn.poll(timeout):
                self._replace(worker)
                worker = None
                raise QueryTimeout(f"query ran longer than {timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            worker = None
            raise EngineFailed("the query engine failed on this query (it was restarted); "
                               "simplify the query") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise _ERRORS.get(reply[1], StoreError)(reply[2])

    def pids(self) -> list[int]:
        """Process ids of the live workers (for measuring their memory)."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
