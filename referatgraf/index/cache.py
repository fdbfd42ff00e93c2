"""A small thread-safe LRU for answers that hold until the index's next commit.

Callers key entries with the index generation (:meth:`~referatgraf.index.base.TextIndex.generation`),
so a commit anywhere makes every older entry unreachable; they age out as new ones come.

>>> cache = LRU(1)
>>> cache.put("a", 1), cache.get("a"), cache.put("b", 2), cache.get("a"), cache.get("b")
(1, 1, 2, None, 2)
>>> LRU(0).put("a", 1), LRU(0).get("a")
(1, None)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

T = TypeVar("T")


class LRU(Generic[T]):
    """At most ``size`` entries, the least recently used dropped first; ``size`` 0 keeps none."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: T) -> T:
        """Keep ``value`` under ``key``; gives ``value`` back (so ``get() or put(...)`` reads well)."""
        if self.size:
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value
