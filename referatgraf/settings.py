"""One settings object with every default; the CLI and the web app only override fields.

Values come from keyword arguments, then environment variables prefixed ``REFERATGRAF_``
(``REFERATGRAF_STORE``, ``REFERATGRAF_ENDPOINT``, ``REFERATGRAF_WRITE_TOKEN`` …).

>>> Settings(store="/tmp/x").backend
'embedded'
>>> Settings(endpoint="http://localhost:7878").backend
'remote'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REFERATGRAF_", extra="ignore")

    # --- graph -----------------------------------------------------------------------------
    base_iri: str = "https://data.referatgraf.dk/"
    """Every minted IRI starts with this (see graph.iris). Must end with '/'."""
    municipality: str | None = None
    """Municipality of ingested documents (part of every IRI); None → 'ukendt' (unknown)."""

    # --- store -----------------------------------------------------------------------------
    store: Path = Path("referatgraf-store")
    """Directory of the embedded Oxigraph store (created on first use)."""
    endpoint: str | None = None
    """SPARQL 1.1 query endpoint of a remote store; when set, it is used instead of ``store``."""
    update_endpoint: str | None = None
    """SPARQL 1.1 update endpoint; default derived from ``endpoint`` (see graph.remote)."""
    graph_store_endpoint: str | None = None
    """SPARQL 1.1 Graph Store Protocol endpoint; default derived from ``endpoint``."""

    # --- full-text index -------------------------------------------------------------------
    index: Path | None = None
    """Directory of the full-text index; None → beside the embedded store (``<store>.index``),
    or ``./referatgraf-index`` with a remote ``endpoint``."""

    # --- serving ---------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    """Seconds a public SPARQL query may run before it is cancelled."""
    result_cap: int = 10_000
    """Most rows (or triples) a public SPARQL query may return."""
    query_workers: int = 4
    """Public SPARQL queries that may run at once; with the embedded store each runs in its own
    worker process, killed at ``query_timeout``. 0 → queries run in threads (not stoppable)."""
    query_per_client: int = 2
    """Public SPARQL queries one client (peer address) may run at once; more → 429."""
    write_token: str | None = None
    """Bearer token for POST /api/documents; None → writing is off."""
    upload_limit: int | None = None
    """Largest accepted upload in bytes (413 above it); None → ``max_document_bytes``. A document
    uploaded is also held to every limit below."""
    page_size: int = 50

    # --- dataset description (VoID + DCAT-AP at /dataset, see web.void) ---------------------
    publisher_name: str | None = None
    """Who makes the data available (``dct:publisher``); None → "Operator of <the served address>"."""
    publisher_iri: str | None = None
    """The publisher's own IRI (e.g. the municipality in a register); None → ``<address>dataset#publisher``."""
    license: str | None = None
    """IRI of the data's licence (e.g. ``http://creativecommons.org/licenses/by/4.0/``); None → no
    ``dct:license`` is stated (referatgraf cannot know what the source documents allow)."""
    contact_email: str | None = None
    """E-mail of the ``dcat:contactPoint`` (a ``vcard:Kind``); None → no contact point."""
    issued: dt.date | None = None
    """``dct:issued`` of the dataset; None → the store's first write where it is known (the
    embedded store), else not stated. ``dct:modified`` is always the store's last write."""

    # --- visualisation ---------------------------------------------------------------------
    viz_node_limit: int = 1500
    """Above this many nodes a view is aggregated instead of drawn node by node."""

    # --- limits per document (parse.limits; docs/parsing.md) ---------------------------------
    # A document over one is refused, naming the limit and this setting; the defaults keep the
    # largest admitted document's ingest under 1 GB of memory (benchmarks/results/reliability.md).
    max_document_bytes: int = 20 * 1024 * 1024
    """Largest document file (or upload) in bytes."""
    max_pages: int = 2_000
    """Most pages of a PDF (counted before its text is read)."""
    max_items: int = 1_000
    """Most agenda items in one document."""
    max_section_chars: int = 1_000_000
    """Longest section of an item, in characters."""
    max_mentions: int = 40_000
    """Most mentions (people, organisations, amounts, dates …) found in one document."""
    max_triples: int = 300_000
    """Most triples one document maps to (what the store write needs memory for)."""

    # --- extraction ------------------------------------------------------------------------
    gazetteer_dirs: list[Path] = Field(default_factory=list)
    """Extra gazetteer folders (same format as referatgraf/extract/data) merged over the defaults."""
    aliases_file: Path | None = None
    """A user's merge/split file for actors (see docs/actors.md)."""

    @property
    def index_dir(self) -> Path:
        """Where the full-text index lives.

        >>> Settings(store="/tmp/s").index_dir, Settings(endpoint="http://h/q").index_dir
        (PosixPath('/tmp/s.index'), PosixPath('referatgraf-index'))
        """
        if self.index is not None:
            return self.index
        return Path("referatgraf-index") if self.endpoint else self.store.with_name(self.store.name + ".index")

    @property
    def upload_bytes(self) -> int:
        """The largest upload accepted: ``upload_limit``, never above ``max_document_bytes``.

        >>> Settings(max_document_bytes=100).upload_bytes, Settings(upload_limit=50, max_document_bytes=100).upload_bytes
        (100, 50)
        """
        return min(self.upload_limit or self.max_document_bytes, self.max_document_bytes)

    @property
    def backend(self) -> str:
        return "remote" if self.endpoint else "embedded"
