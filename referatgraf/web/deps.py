"""What every request handler shares: settings, the store, and a worker pool for queries.

The store is opened on first use (so ``create_app`` stays cheap and a test can build an app
without touching disk) and closed when the app shuts down. Public SPARQL queries run in their
own small thread pool with a time limit, so a slow query never blocks the event loop or the
JSON API; ``generation`` counts writes so caches (search index, dumps) know when to rebuild.

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
from referatgraf.store.open import open_store
from referatgraf.store.base import QueryTimeout, Store
from referatgraf.settings import Settings

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
        self.sparql_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sparql")
        self.generation = 0
        self.cache: dict[str, tuple[float, object]] = {}

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

    async def run_query(self, func: Callable[[], T]) -> T:
        """Run ``func`` in the SPARQL pool; past ``query_timeout`` → :class:`QueryTimeout`.

        The worker thread cannot be killed, but the client gets its answer at the limit and
        the event loop keeps serving everyone else."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.sparql_pool, func)
        try:
            return await asyncio.wait_for(future, timeout=self.settings.query_timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.settings.query_timeout:g} s; "
                "narrow it (LIMIT, more specific patterns) and try again") from None

    def close(self) -> None:
        self.sparql_pool.shutdown(wait=False, cancel_futures=True)
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None


def get_ctx(request: Request) -> AppState:
    """FastAPI dependency: the app's shared state."""
    return request.app.state.ctx
