"""What every request handler shares: settings, the store, and a worker pool for queries.

The store is opened on first use (so ``create_app`` stays cheap and a test can build an app
without touching disk) and closed when the app shuts down. Public SPARQL queries run in their
own workers (:mod:`referatgraf.store.workers`: processes killed at the time limit, with the
embedded store) behind :mod:`referatgraf.web.admission` (a per-client and a total limit,
answered at once with 429/503), so a slow query never blocks the event loop, the pages or the
JSON API; ``generation`` counts writes so caches (search index, dumps, the workers' read-only
stores) know when to rebuild.

>>> ctx = AppState(Settings(), store=object())  # any Store; this example reads nothing
>>> ctx.cached("answer", lambda: 42), ctx.cached("answer", lambda: 0)
(42, 42)
>>> ctx.bump(); ctx.cached("answer", lambda: 0)
0
>>> ctx.close()
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import Request

from referatgraf.read.reader import Reader
from referatgraf.graph.iris import Minter
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.store.open import open_store
from referatgraf.store.base import Dataset, QueryTimeout, Store
from referatgraf.store.workers import EngineFailed, WorkerPool
from referatgraf.settings import Settings
from referatgraf.web.admission import Admission
from referatgraf.web.dump_files import DumpFiles

T = TypeVar("T")
REMOTE_CACHE_SECONDS = 60.0


class AppState:
    """Shared state of one app instance (``app.state.ctx``)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.minter = Minter(settings.base_iri, settings.municipality)
        self._store = store
        self._own_store = store is None
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()
        workers = max(settings.query_workers, 1)
        self.sparql_pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")
        self.admission = Admission(workers, settings.query_per_client, retry_after=max(int(settings.query_timeout), 1))
        self._workers: WorkerPool | None = None
        self.generation = 0
        self.cache: dict[str, tuple[float, object]] = {}
        self._dumps: DumpFiles | None = None

    @property
    def base(self) -> str:
        return self.minter.base

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self.settings)
        return self._store

    @property
    def dumps(self) -> DumpFiles:
        """The dump files (:mod:`referatgraf.web.dump_files`), made on first use."""
        store = self.store
        with self._lock:
            if self._dumps is None:
                self._dumps = DumpFiles(store)
        return self._dumps

    def bump(self) -> None:
        """The store changed: forget cached views of it."""
        with self._lock:
            self.generation += 1
            self.cache.clear()

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per store generation. A remote store can change behind our back, so
        there entries also expire after ``REMOTE_CACHE_SECONDS``."""
        full = f"{self.generation}:{key}"
        hit = self.cache.get(full)
        now = time.monotonic()
        if hit is None or (self.settings.endpoint and now - hit[0] > REMOTE_CACHE_SECONDS):
            hit = (now, build())
            with self._lock:
                self.cache[full] = hit
        return hit[1]  # type: ignore[return-value]

    def reader(self) -> Reader:
        """Typed reads of the store, with this app's cache."""
        return Reader(self.store, self.base, self.cached)

    def workers(self) -> WorkerPool | None:
        """The query processes (started on first use), or None when queries run in threads:
        a remote store (its server has its own time limit), or ``query_workers=0``."""
        store = self.store
        if self.settings.query_workers <= 0 or not isinstance(store, EmbeddedStore):
            return None
        with self._lock:
            if self._workers is None:
                self._workers = WorkerPool(store.path, self.settings.query_workers)
        return self._workers

    async def run_query(self, client: str, query: str, media_type: str, dataset: Dataset | None = None) -> bytes:
        """A public query's result in ``media_type``, read to the result cap; past
        ``query_timeout`` → :class:`QueryTimeout` (and, in a worker process, the query stops).
        Over the client's or the total limit → :class:`~referatgraf.web.admission.Refused` at once."""
        settings = self.settings
        with self.admission.enter(client):
            pool = self.workers()
            if pool is not None:
                generation = self.generation

                def func() -> bytes:
                    return pool.run(query, media_type, settings.result_cap, settings.query_timeout, dataset,
                                    generation)
            else:
                def func() -> bytes:
                    return self.store.query_capped(query, media_type, settings.result_cap,
                                                   settings.query_timeout, dataset)[0]
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self.sparql_pool, func)
            try:  # a worker process is killed at the limit; a thread can only be left behind
                return await asyncio.wait_for(future, timeout=settings.query_timeout + (5 if pool else 0))
            except asyncio.TimeoutError:
                self.admission.penalise(client)
                raise QueryTimeout(f"query ran longer than {settings.query_timeout:g} s") from None
            except (QueryTimeout, EngineFailed):
                self.admission.penalise(client)
                raise

    def close(self) -> None:
        self.sparql_pool.shutdown(wait=False, cancel_futures=True)
        if self._dumps is not None:
            self._dumps.close()
        if self._workers is not None:
            self._workers.close()
            self._workers = None
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None


def get_ctx(request: Request) -> AppState:
    """FastAPI dependency: the app's shared state."""
    return request.app.state.ctx
