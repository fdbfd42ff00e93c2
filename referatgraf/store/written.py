"""When a store directory was first and last written: the dataset's ``dct:issued`` and ``dct:modified``.

RocksDB rewrites its own files whenever a store is opened, so their times say when the store was
last *opened*. Each successful write therefore also stamps a small file of ours in the store
directory (RocksDB leaves files it does not know alone): its text is the time of the first write,
its modification time that of the last.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     before = written(Path(folder))
...     stamp(Path(folder)); first, last = written(Path(folder))
...     before, first <= last, first.tzinfo is not None
((None, None), True, True)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

STAMP = "referatgraf-written"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def stamp(folder: Path) -> None:
    """Record a write now (the first write's time is kept in the file)."""
    path = folder / STAMP
    if path.exists():
        os.utime(path)
    else:
        path.write_text(_now().isoformat() + "\n", encoding="ascii")


def written(folder: Path) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(first, last) write times in UTC, or (None, None) when nothing was written since stamps began."""
    path = folder / STAMP
    try:
        first = dt.datetime.fromisoformat(path.read_text(encoding="ascii").strip())
        last = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).replace(microsecond=0)
    except (OSError, ValueError):
        return None, None
    return first, max(first, last)
