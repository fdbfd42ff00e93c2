"""Who may start a public query now: a per-client and a total limit, answered at once.

A query that cannot start is not queued (a queue behind runaway queries is how four of them
shut the endpoint down, issue 19): over the client's own limit → ``429``, every worker busy →
``503``, both with ``Retry-After``. A client is its peer address (the app is reached directly
or through a proxy that sets none of our trust, so forwarded headers are not believed).

>>> gate = Admission(total=2, per_client=1, retry_after=3)
>>> with gate.enter("10.0.0.1"):
...     try:
...         gate.enter("10.0.0.1").__enter__()
...     except Refused as exc:
...         print(exc.status, exc.headers)
429 {'Retry-After': '3'}
>>> gate.running
0
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator


class Refused(Exception):
    """A query that may not start now; ``status`` is 429 or 503, ``headers`` has Retry-After."""

    def __init__(self, status: int, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.headers = {"Retry-After": str(retry_after)}


class Admission:
    """At most ``total`` queries at once, at most ``per_client`` of them from one client."""

    def __init__(self, total: int, per_client: int, retry_after: int) -> None:
        self.total, self.per_client, self.retry_after = total, per_client, retry_after
        self._by_client: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def running(self) -> int:
        return sum(self._by_client.values())

    @contextlib.contextmanager
    def enter(self, client: str) -> Iterator[None]:
        with self._lock:
            if self._by_client[client] >= self.per_client:
                raise Refused(429, f"this client already runs {self.per_client} queries at once, the limit; "
                                   f"wait for one to finish and retry in {self.retry_after} s", self.retry_after)
            if self.running >= self.total:
                raise Refused(503, f"all {self.total} query workers are busy; retry in {self.retry_after} s",
                              self.retry_after)
            self._by_client[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._by_client[client] -= 1
                if not self._by_client[client]:
                    del self._by_client[client]
