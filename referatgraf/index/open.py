"""The index the settings name: :func:`open_index` at ``settings.index_dir``.

Writers create the folder on first use; a read-only open of a missing index is a
:class:`~referatgraf.index.base.TextIndexError` saying how to build it.

>>> import tempfile
>>> from pathlib import Path
>>> from referatgraf.settings import Settings
>>> settings = Settings(store=Path(tempfile.mkdtemp()) / "store")
>>> with open_index(settings) as idx:
...     idx.count()
0
>>> open_index(settings, read_only=True).count()
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referatgraf.index.base import TextIndex
from referatgraf.index.tantivy_index import TantivyIndex

if TYPE_CHECKING:
    from referatgraf.settings import Settings


def open_index(settings: Settings, read_only: bool = False) -> TextIndex:
    """The full-text index at ``settings.index_dir`` (a writer holds its lock until closed)."""
    return TantivyIndex(settings.index_dir, read_only=read_only)
