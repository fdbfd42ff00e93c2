"""The full-text index on tantivy: :class:`TantivyIndex` keeps agenda items in a folder.

Each record is one tantivy document: its searched fields as text, analysed inside tantivy by
the project's Danish analysis (:mod:`referatgraf.index.tantivy_analysis`), its facet values as raw
fast fields (counted with a terms aggregation over *all* matches), the meeting day for ranges
and sorting, and the whole record as stored JSON so a hit gives the record back. A document's
records are replaced in one commit (rolled back on failure); tantivy's lock file makes a second
writer an :class:`~referatgraf.index.base.IndexLockedError`. The folder records the analysis
version it was built with (``referatgraf-index.json``); an index built with another one answers
with a :class:`~referatgraf.index.base.TextIndexError` saying to rebuild it, and the rebuild
(:meth:`TantivyIndex.clear`) starts it afresh.

>>> import tempfile, datetime as dt
>>> from referatgraf.index.model import ItemRecord, SearchRequest
>>> idx = TantivyIndex(tempfile.mkdtemp())
>>> idx.replace_document("d1", [ItemRecord("i1", "d1", "m1", title="Budgetopfølgning 2025",
...                                        body="Byrådet", date=dt.date(2025, 3, 4))])
>>> a = idx.search(SearchRequest("budget"))
>>> a.total, a.hits[0].record.title, a.facets["body"][0].value, idx.documents()
(1, 'Budgetopfølgning 2025', 'Byrådet', {'d1': 1})
>>> idx.close()
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import orjson
import tantivy

from referatgraf.index import highlight
from referatgraf.index.analysis import FIELDS, field_texts, spell_out
from referatgraf.index.base import IndexLockedError, QuerySyntaxError, TextIndex, TextIndexError
from referatgraf.index.cache import LRU
from referatgraf.index.model import FACETS, SORTS, FacetValue, Hit, ItemRecord, SearchAnswer, SearchRequest
from referatgraf.index.query import ParsedQuery, parse
from referatgraf.index.tantivy_analysis import ANALYSIS_VERSION, STEMS, WORDS, register
from referatgraf.index.tantivy_query import build

HEAP = 64_000_000  # writer memory, bytes, shared by its threads
# Indexing threads (analysis runs in them, beside Python): two keep a build from waiting on one.
WRITER_THREADS = max(1, min(4, os.cpu_count() or 1))
FACET_LIMIT = 200  # values per facet in an answer (counts are over all matches regardless)
FACET_CACHE = 128  # searches whose facet counts are kept (per index generation; ~250 KB each at most)
MAX_PAGE = 1000  # largest limit a search may ask for
MARKER = "referatgraf-index.json"  # {"analysis": ANALYSIS_VERSION}, written when an index is created


def schema() -> tantivy.Schema:
    """Keys, searched fields (words and stems), facets, the day, the stored record."""
    b = tantivy.SchemaBuilder()
    b.add_text_field("item", tokenizer_name="raw")
    b.add_text_field("document", tokenizer_name="raw")
    for field in FIELDS:
        b.add_text_field(field + "_w", tokenizer_name=WORDS, index_option="position")
        b.add_text_field(field + "_s", tokenizer_name=STEMS, index_option="freq")
    for facet in FACETS:
        b.add_text_field("f_" + facet, tokenizer_name="raw", fast=True, index_option="basic")
    b.add_integer_field("day", indexed=True, fast=True)  # date.toordinal(), 0 when undated
    b.add_bytes_field("record", stored=True)
    return b.build()


def to_document(record: ItemRecord) -> tantivy.Document:
    """One record as a tantivy document."""
    doc = tantivy.Document()
    doc.add_text("item", record.item)
    doc.add_text("document", record.document)
    for field, text in field_texts(record).items():
        text = spell_out(text)  # then analysed in Rust, twice: words and stems
        doc.add_text(field + "_w", text)
        doc.add_text(field + "_s", text)
    for facet in FACETS:
        for value in record.facet_values(facet):
            doc.add_text("f_" + facet, value)
    doc.add_integer("day", record.date.toordinal() if record.date else 0)
    doc.add_bytes("record", encode(record))
    return doc


def encode(record: ItemRecord) -> bytes:
    """The record as JSON (the date as ISO text): orjson, as stdlib json took 40 % of a build.

    >>> decode(encode(ItemRecord("i", "d", "m", cases=("1/2",), date=dt.date(2025, 1, 2)))).date
    datetime.date(2025, 1, 2)
    """
    return orjson.dumps(vars(record))  # flat: tuples become JSON lists, the date ISO text


def decode(raw: bytes) -> ItemRecord:
    data = orjson.loads(raw)
    data["date"] = dt.date.fromisoformat(data["date"]) if data["date"] else None
    return ItemRecord(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


class TantivyIndex(TextIndex):
    """A tantivy index in ``path`` (created on first write); ``read_only`` never takes the lock."""

    def __init__(self, path: str | Path, read_only: bool = False, facet_limit: int = FACET_LIMIT,
                 facet_cache: int = FACET_CACHE) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.facet_limit = facet_limit
        self._facet_cache = LRU(facet_cache)  # see _cached_facets
        self._index = self._open()
        self._write_lock = threading.Lock()  # one writing thread at a time within the process
        self._writer = None if read_only else self._lock()

    def _open(self) -> tantivy.Index:
        if self.path.is_dir() and tantivy.Index.exists(str(self.path)):
            index = tantivy.Index.open(str(self.path))
            self.version = _built_with(self.path)
        elif self.read_only:
            raise TextIndexError(f"There is no full-text index at {self.path} yet (build it with `referatgraf index`).")
        else:
            index = self._create()
        register(index)
        self._schema = index.schema
        return index

    def _create(self) -> tantivy.Index:
        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(schema(), path=str(self.path))
        (self.path / MARKER).write_text(json.dumps({"analysis": ANALYSIS_VERSION}))
        self.version = ANALYSIS_VERSION
        return index

    def _check_version(self) -> None:
        if self.version != ANALYSIS_VERSION:
            raise TextIndexError(
                f"The full-text index at {self.path} was built by an older referatgraf (analysis version "
                f"{self.version}, now {ANALYSIS_VERSION}); rebuild it with `referatgraf index`.")

    def _lock(self) -> tantivy.IndexWriter:
        try:
            return self._index.writer(heap_size=HEAP, num_threads=WRITER_THREADS)
        except ValueError as e:
            if "LockBusy" not in str(e):
                raise TextIndexError(f"Cannot write the full-text index at {self.path}: {e}") from e
            raise IndexLockedError(f"The full-text index at {self.path} is being written by another process; "
                                   "wait for it to finish, or open the index read-only.") from e

    def _writing(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise TextIndexError(f"The full-text index at {self.path} is open read-only (or closed).")
        return self._writer

    # --- writing ---------------------------------------------------------------------------
    def replace_document(self, document: str, records: Sequence[ItemRecord]) -> None:
        self.replace_documents([(document, records)])

    def replace_documents(self, documents: Iterable[tuple[str, Sequence[ItemRecord]]]) -> None:
        """Replace several documents in one commit (a rebuild's batch): all or nothing."""
        self._check_version()
        with self._write_lock:
            self._replace(self._writing(), documents)
        self._index.reload()

    def _replace(self, writer: tantivy.IndexWriter, documents: Iterable[tuple[str, Sequence[ItemRecord]]]) -> None:
        try:
            for document, records in documents:
                writer.delete_documents_by_term("document", document)
                for record in records:
                    _check_belongs(document, record)
                    writer.add_document(to_document(record))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise

    def clear(self) -> None:
        with self._write_lock:
            writer = self._writing()
            if self.version != ANALYSIS_VERSION:  # another schema: start the folder afresh
                self._recreate(writer)
                return
            writer.delete_all_documents()
            writer.commit()
        self._index.reload()

    def _recreate(self, writer: tantivy.IndexWriter) -> None:
        """Drop an index of an older analysis version and create an empty current one (a
        rebuild's first step; the old files go only once our writer holds, then releases, the lock)."""
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self._writer = None
        shutil.rmtree(self.path)
        self._index = self._create()
        register(self._index)
        self._schema = self._index.schema
        self._writer = self._lock()

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                writer, self._writer = self._writer, None
                writer.wait_merging_threads()  # drops the writer: releases the lock

    # --- reading ---------------------------------------------------------------------------
    def _searcher(self) -> tantivy.Searcher:
        self._index.reload()  # see other processes' commits
        return self._index.searcher()

    def count(self) -> int:
        return self._searcher().num_docs

    def documents(self) -> dict[str, int]:
        searcher = self._searcher()
        return dict(searcher.terms_with_prefix("document", "", filter_query=tantivy.Query.all_query()))

    def search(self, request: SearchRequest) -> SearchAnswer:
        self._check_version()
        filters = _checked_filters(request)
        _check_page(request)
        parsed = parse(request.q)
        query = build(self._schema, parsed, filters, request.date_from, request.date_to)
        searcher = self._searcher()
        try:
            result = self._page(searcher, query, request)
            facets = self._cached_facets(searcher, query, request, filters) if request.facets else {}
        except ValueError as e:  # the engine refused the query: say so, do not crash the page
            raise TextIndexError(f"The full-text index could not answer {request.q!r}: {e}") from e
        page = result.hits if request.limit else []  # tantivy wants a limit above 0: see _page
        hits = tuple(self._hit(searcher, key, address, parsed, request.sort) for key, address in page)
        return SearchAnswer(request, result.count or 0, hits, facets)

    def _page(self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest) -> tantivy.SearchResult:
        limit = max(request.limit, 1)  # a limit of 0 (only the total) panics in tantivy
        if request.sort == "relevance":
            return searcher.search(query, limit, count=True, offset=request.offset)
        order = tantivy.Order.Asc if request.sort == "date" else tantivy.Order.Desc
        return searcher.search(query, limit, count=True, offset=request.offset, order_by_field="day", order=order)

    def _hit(self, searcher: tantivy.Searcher, key: object, address: tantivy.DocAddress,
             parsed: ParsedQuery, sort: str) -> Hit:
        record = decode(searcher.doc(address)["record"][0])
        score = float(key) if sort == "relevance" else 0.0
        return Hit(record, score, *highlight.describe(record, parsed))

    def _cached_facets(self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest,
                       filters: dict[str, tuple[str, ...]]) -> dict[str, tuple[FacetValue, ...]]:
        """Facet counts, from the cache when this index generation has counted the same search:
        counting facets over all matches is a broad search's largest cost, and a search tends to
        come again (its next page, a reload, another user), as Elasticsearch's request cache
        keeps aggregations per refresh for the same reason."""
        key = (self.generation(), request.q, tuple(sorted(filters.items())), request.date_from, request.date_to)
        found = self._facet_cache.get(key)
        if found is None:
            found = self._facet_cache.put(key, self._facets(searcher, query))
        return dict(found)  # the caller's to change

    def generation(self) -> bytes:
        """What changes with every commit, from any process: tantivy rewrites meta.json then
        (its opstamp counts commits); a few KB read from the page cache."""
        try:
            return (self.path / "meta.json").read_bytes()
        except OSError:
            return b""

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, tuple[FacetValue, ...]]:
        spec = {f: {"terms": {"field": "f_" + f, "size": self.facet_limit}} for f in FACETS}
        found = searcher.aggregate(query, spec)
        return {f: _values(found.get(f, {}).get("buckets", [])) for f in FACETS}


def _built_with(path: Path) -> int:
    """The analysis version an index folder was built with (1: before versions were recorded)."""
    try:
        return int(json.loads((path / MARKER).read_text())["analysis"])
    except (OSError, ValueError, KeyError, TypeError):
        return 1


def _values(buckets: list[dict]) -> tuple[FacetValue, ...]:
    """Most first, then by value (tantivy's order among equal counts is not fixed)."""
    values = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
    return tuple(sorted(values, key=lambda v: (-v.count, v.value)))


def _check_belongs(document: str, record: ItemRecord) -> None:
    """A record filed under another document could never be replaced or removed with it."""
    if record.document != document:
        raise TextIndexError(f"Item {record.item} belongs to document {record.document}, not {document}.")


def _checked_filters(request: SearchRequest) -> dict[str, tuple[str, ...]]:
    """The request's filters by facet, values merged; an unknown facet is the user's error."""
    out: dict[str, tuple[str, ...]] = {}
    for facet, values in request.filters:
        if facet not in FACETS:
            raise QuerySyntaxError(f"There is no filter called {facet!r} (there are: {', '.join(FACETS)}).")
        if values:
            out[facet] = tuple(dict.fromkeys(out.get(facet, ()) + tuple(values)))
    return out


def _check_page(request: SearchRequest) -> None:
    if request.sort not in SORTS:
        raise QuerySyntaxError(f"Results cannot be sorted by {request.sort!r} (only by: {', '.join(SORTS)}).")
    if not 0 <= request.limit <= MAX_PAGE or request.offset < 0:
        raise QuerySyntaxError(f"A page is 0 to {MAX_PAGE} results from an offset of 0 or more.")
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise QuerySyntaxError("The date range ends before it begins.")
