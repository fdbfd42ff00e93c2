"""Who may start a public query now: a per-client and a total limit, answered at once.

A query that cannot start is not queued (a queue behind runaway queries is how four of them
shut the endpoint down, issue 19): over the client's own limit → ``429``, every worker busy →
``503``, both with ``Retry-After``. A client is its peer address (the app is reached directly
or through a proxy that sets none of our trust, so forwarded headers are not believed).

Clients whose query ran to the time limit in the last ``penalty_seconds`` are *penalised*:
together they may hold at most ``total - reserve`` workers, so the reserved ones stay free for
everyone else even when many addresses send runaway queries.

>>> gate = Admission(total=2, per_client=1, retry_after=3)
>>> with gate.enter("10.0.0.1"):
...     try:
...         gate.enter("10.0.0.1").__enter__()
...     except Refused as exc:
...         print(exc.status, exc.headers)
429 {'Retry-After': '3'}
>>> gate.running
0
>>> gate = Admission(total=3, per_client=1, retry_after=3, reserve=2)
>>> gate.penalise("10.0.0.1"); gate.penalise("10.0.0.2")
>>> with gate.enter("10.0.0.1"):  # two workers left, both kept for clients without a penalty
...     try:
...         gate.enter("10.0.0.2").__enter__()
...     except Refused as exc:
...         print(exc.status)
503
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator


class Refused(Exception):
    """A query that may not start now; ``status`` is 429 or 503, ``headers`` has Retry-After."""

    def __init__(self, status: int, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.headers = {"Retry-After": str(retry_after)}


class Admission:
    """At most ``total`` queries at once, at most ``per_client`` of them from one client, at most
    ``total - reserve`` of them from penalised clients."""

    def __init__(self, total: int, per_client: int, retry_after: int, reserve: int | None = None,
                 penalty_seconds: float = 60.0) -> None:
        self.total, self.per_client, self.retry_after = total, per_client, retry_after
        self.reserve = total // 2 if reserve is None else min(reserve, total - 1)
        self.penalty_seconds = penalty_seconds
        self._by_client: Counter[str] = Counter()
        self._penalised: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def running(self) -> int:
        return sum(self._by_client.values())

    def penalise(self, client: str) -> None:
        """``client``'s query ran to the time limit (or broke the engine)."""
        with self._lock:
            self._penalised[client] = time.monotonic() + self.penalty_seconds

    def _is_penalised(self, client: str) -> bool:
        until = self._penalised.get(client)
        if until is not None and until < time.monotonic():
            del self._penalised[client]
            return False
        return until is not None

    def _refusal(self, client: str) -> Refused | None:
        if self._by_client[client] >= self.per_client:
            return Refused(429, f"this client already runs {self.per_client} queries at once, the limit; "
                                f"wait for one to finish and retry in {self.retry_after} s", self.retry_after)
        if self.running >= self.total:
            return Refused(503, f"all {self.total} query workers are busy; retry in {self.retry_after} s",
                           self.retry_after)
        if self._is_penalised(client):
            held = sum(n for c, n in self._by_client.items() if self._is_penalised(c))
            if held >= self.total - self.reserve:
                return Refused(503, "queries from this client ran to the time limit recently, and the workers "
                                    f"left are kept for others; retry in {self.retry_after} s", self.retry_after)
        return None

    @contextlib.contextmanager
    def enter(self, client: str) -> Iterator[None]:
        with self._lock:
            refusal = self._refusal(client)
            if refusal is not None:
                raise refusal
            self._by_client[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._by_client[client] -= 1
                if not self._by_client[client]:
                    del self._by_client[client]
