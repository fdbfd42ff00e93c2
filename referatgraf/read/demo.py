"""A tiny store of invented minutes, so the read core's examples run anywhere (no seed needed).

Two agenda items of "Chefforum" on 12 March 2021 in the plain layout, ingested through the
library's own pipeline into a fresh embedded store in a temporary directory.

>>> store = demo_store()
>>> reader = Reader(store, BASE)
>>> [m.date.isoformat() for m in reader.meetings(None, None, None, None, 10, 0).meetings]
['2021-03-12']
>>> store.close()
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from referatgraf.ingest.pipeline import ingest_bytes
from referatgraf.read.reader import Reader  # noqa: F401 - for the examples
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

BASE = "https://example.org/"
MUNICIPALITY = "Eksempelby"
MINUTES = "\n\n".join([
    "", "REFERAT Chefforum d. 12-03-2021",
    "Mødedato Fredag d. 12. marts 2021 kl. 09:00", "Mødested Mødelokale 7", "Deltagere Anna Holm, Bo Berg",
    "Indholdsfortegnelse", "Punkt 1: Budget for skoleområdet.....\t3\nPunkt 2: Orientering om økonomi v. Carl Dam.....\t4",
    "Punkt 1: Budget for skoleområdet", "Sagsnr. 21/12345",
    "Sagsfremstilling", "Budgettet for skoleområdet skal godkendes.",
    "Beslutning", "Godkendt.",
    "Punkt 2: Orientering om økonomi v. Carl Dam", "Sagsnr. 21/12346", "Sagsfremstilling", "Økonomien følger planen.",
    "Beslutning", "Taget til efterretning.",
]) + "\n"


def demo_settings(store_dir: Path | None = None) -> Settings:
    """Settings for the demo: base IRI ``https://example.org/``, municipality Eksempelby."""
    return Settings(base_iri=BASE, municipality=MUNICIPALITY, **({"store": store_dir} if store_dir else {}))


class DemoStore(EmbeddedStore):
    """An embedded store in its own temporary directory, removed again on :meth:`close`."""

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.path.parent, ignore_errors=True)


def demo_store() -> DemoStore:
    """A new embedded store (in a temporary directory) holding the demo minutes."""
    store = DemoStore(Path(tempfile.mkdtemp(prefix="referatgraf-demo-")) / "store")
    ingest_bytes(MINUTES.encode("utf-8"), "chefforum-2021-03-12.txt", store, demo_settings())
    return store
