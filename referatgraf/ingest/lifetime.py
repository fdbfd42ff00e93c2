"""Worker processes that end with the process that started them.

A killed ``bulk-ingest`` once left its worker processes parsing on (issue 19): a
``ProcessPoolExecutor`` worker does not notice that its parent is gone. So each worker, as it
starts (:func:`worker_start`, the pool's initializer):

* asks Linux to send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), which covers
  SIGKILL of the parent, where no code of the parent runs;
* watches its parent id in a thread as well (a parent that is gone makes the worker a child of
  another process), for systems without ``prctl``;
* ignores SIGINT: Ctrl-C reaches the whole process group, and the parent, not each worker,
  decides what an interrupt does.

On an interrupt or error the parent calls :func:`stop_pool`, which kills the workers at once
instead of waiting for the chunks they are parsing.

>>> import concurrent.futures as cf
>>> pool = cf.ProcessPoolExecutor(1, initializer=worker_start, initargs=(os.getpid(),))
>>> pool.submit(os.getppid).result() == os.getpid()
True
>>> stop_pool(pool)
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def worker_start(parent: int) -> None:
    """Initializer of a worker process whose parent has the id ``parent``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _kill_on_parent_death()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _kill_on_parent_death() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what is queued and kill the workers now (waiting for them can take a chunk's time)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public handle before 3.14
    results = getattr(pool, "_result_queue", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(timeout=5)
    # A worker killed while it sent a result leaves half a message in the result pipe, and the
    # executor's manager thread waits for the rest for ever (so does interpreter exit, which joins
    # it). With the workers gone, our copy is the pipe's last write end: closing it ends that read
    # (EOF), the manager thread sees a broken pool and ends.
    if results is not None and all(not process.is_alive() for process in processes):
        results._writer.close()
