"""Open the store the settings name: the one module that knows both back ends.

``endpoint`` set → :class:`~referatgraf.store.remote.RemoteStore` (any SPARQL 1.1 server,
checked first to query the union of its graphs by default), else :class:`~referatgraf.store.embedded.EmbeddedStore` in the directory ``store``. Each back
end is imported only when chosen, so an embedded run never loads httpx.

>>> import tempfile
>>> from referatgraf.settings import Settings
>>> with tempfile.TemporaryDirectory() as tmp, open_store(Settings(store=tmp)) as store:
...     type(store).__name__, store.graphs()
('EmbeddedStore', [])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referatgraf.store.base import Store

if TYPE_CHECKING:
    from referatgraf.settings import Settings


def open_store(settings: "Settings", read_only: bool = False) -> Store:
    """The store the settings name: remote when ``endpoint`` is set, else embedded at ``store``."""
    if settings.endpoint:
        from referatgraf.store.remote import RemoteStore

        store = RemoteStore.from_settings(settings)
        try:
            store.check_default_graph(writable=not read_only)  # refuse a server whose queries find nothing
        except Exception:
            store.close()
            raise
        return store
    from referatgraf.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store, read_only=read_only)
