"""Stage 4: one store interface (:mod:`.base`), two back ends that never import each other.

* ``base`` — :class:`~referatgraf.store.base.Store`, its errors and result cells;
* ``embedded`` — pyoxigraph on disk (the default); ``remote`` — any SPARQL 1.1 server;
* ``sparql`` … the rules both back ends and the endpoint share (query forms, bindings, IRIs),
  ``formats`` the media types, ``terms`` rdflib ↔ pyoxigraph, ``dump`` whole-store exports.

:func:`open_store` picks the back end from the settings; it is the only place that names both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referatgraf.store.base import Store, StoreError

if TYPE_CHECKING:
    from referatgraf.settings import Settings

__all__ = ["Store", "StoreError", "open_store"]


def open_store(settings: "Settings", read_only: bool = False) -> Store:
    """The store the settings name: remote when ``endpoint`` is set, else embedded at ``store``."""
    if settings.endpoint:
        from referatgraf.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    from referatgraf.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store, read_only=read_only)
