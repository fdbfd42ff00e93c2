"""Run the app with uvicorn (what ``referatgraf serve`` calls).

A store a bulk load did not finish is served, with a warning on stderr first (read.stats).

A store another process holds is reported before the server listens:

>>> import tempfile
>>> from referatgraf.store.embedded import EmbeddedStore
>>> with tempfile.TemporaryDirectory() as folder, EmbeddedStore(folder):
...     serve(Settings(store=folder, port=0))
Traceback (most recent call last):
referatgraf.store.base.StoreLockedError: ...
"""

from __future__ import annotations

import sys

from referatgraf.read.stats import interrupted_load
from referatgraf.settings import Settings


def serve(settings: Settings) -> None:
    """Open the store and serve until interrupted; a locked store fails before listening."""
    import uvicorn

    from referatgraf.web.app import create_app

    app = create_app(settings)
    store = app.state.ctx.store  # open now: "store is locked" is reported before the server starts
    if interrupted := interrupted_load(store):
        print(f"referatgraf: warning: {interrupted}", file=sys.stderr, flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
