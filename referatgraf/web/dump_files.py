"""The files behind ``/dumps/*``: each dump written once per store generation, in a thread.

A dump of a large store takes long and is big, so it is never built per request nor held in
memory: :func:`referatgraf.store.dump.write_file` streams it into a file named by the store
generation's tag, in a folder beside the embedded store (``<store>.dumps/``; a temporary folder
for a remote store, or when that folder cannot be made). Requests that arrive while a dump is
being built wait on the same build (a future they await, so other requests go on); the files of
older generations are removed once the new one is complete. Serving (ranges, ``ETag``, ``304``)
is :mod:`referatgraf.web.linked_data`'s.

>>> import tempfile
>>> from referatgraf.store.embedded import EmbeddedStore
>>> folder = Path(tempfile.mkdtemp())
>>> with EmbeddedStore(folder / "store") as store:
...     files = DumpFiles(store)
...     first = files.build(store, "x.nq", "application/n-quads", "g1")
...     second = files.build(store, "x.nq", "application/n-quads", "g1")
...     path = first.result()
...     files.close()
>>> path.name, path.parent.name, second.result() == path
('g1-x.nq', 'store.dumps', True)
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from referatgraf.store.base import Store
from referatgraf.store.dump import write_file
from referatgraf.store.embedded import EmbeddedStore


def _folder(store: Store) -> Path:
    """A fresh cache folder: beside an embedded store where it can be made, else temporary."""
    if isinstance(store, EmbeddedStore):
        folder = store.path.with_name(store.path.name + ".dumps")
        try:
            shutil.rmtree(folder, ignore_errors=True)  # files of an earlier run: their tags are gone
            folder.mkdir(parents=True)
            return folder
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="referatgraf-dumps-"))


class DumpFiles:
    """Dump files of one app, one per (generation tag, dump name); builds share a future."""

    def __init__(self, store: Store) -> None:
        self.folder = _folder(store)
        self._lock = threading.Lock()
        self._building: dict[str, Future[Path]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dumps")

    def build(self, store: Store, name: str, media_type: str, tag: str) -> Future[Path]:
        """The file of dump ``name`` for generation ``tag``: done when it exists, else the build
        under way (started now when none is)."""
        target = self.folder / f"{tag}-{name}"
        with self._lock:
            running = self._building.get(target.name)
            if running is not None:
                return running
            if target.exists():
                done: Future[Path] = Future()
                done.set_result(target)
                return done
            running = self._building[target.name] = self._pool.submit(self._write, store, media_type, target, name)
            return running

    def _write(self, store: Store, media_type: str, target: Path, name: str) -> Path:
        try:
            write_file(store, media_type, target)
            for old in self.folder.glob(f"*-{name}"):
                if old != target:
                    old.unlink(missing_ok=True)  # a download still reading it keeps its open file
            return target
        finally:
            with self._lock:
                self._building.pop(target.name, None)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
