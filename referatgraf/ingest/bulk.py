"""Bulk ingest: load a large corpus into an EMPTY embedded store fast, in bounded memory.

The pipeline is the same as :mod:`referatgraf.ingest.pipeline` (parse → extract → map, one named
graph per meeting, keyed by ``Minter.graph(body, date)``), but:

* documents are streamed from disk (folders are walked lazily, never listed whole);
* parsing, extraction and mapping run in worker processes, a chunk of documents per task,
  with at most ``2 × workers`` chunks in flight, so memory does not grow with the corpus;
* workers return N-Quads; the parent writes them in large batches with pyoxigraph's
  ``bulk_load``, which skips per-write transactions.

Trade-off: ``bulk_load`` is NOT transactional. A crash midway leaves the batches written so
far, and a document is not replaced atomically. Bulk mode is therefore for initial loads into
an empty store (it refuses a non-empty one unless ``replace=True``, where it drops each
meeting's graph before loading the new one); use ``referatgraf ingest`` for day-to-day
updates, which keeps one transaction per document.

A load that stops half way leaves the store marked incomplete (ingest.load_mark) until a load
finishes: ``resume=True`` skips the files already fully loaded, drops the graph of each other
one and loads it again; ``replace=True`` starts over. The worker processes end with the parent,
however it ends (ingest.lifetime), and an interrupt (KeyboardInterrupt) stops them at once.

Each document is read by :func:`referatgraf.ingest.unit.read_document`, the unit atomic ingest
stores too, and written by the one N-Quads writer (graph.quads), so both give the same quads.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = bulk_ingest(["examples/minutes/chefforum_2019-09-05.txt"],
...                           Settings(store=Path(tmp) / "store", municipality="Egebjerg"), workers=1)
>>> summary.documents, summary.quads > 500, summary.failures
(1, True, [])
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import queue
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from referatgraf.graph.quads import quad_lines
from referatgraf.index.base import TextIndex
from referatgraf.index.model import ItemRecord
from referatgraf.ingest import load_mark
from referatgraf.ingest.lifetime import stop_pool, worker_start
from referatgraf.ingest.pipeline import IngestFailure, is_document
from referatgraf.ingest.progress import SILENT, Progress
from referatgraf.ingest.unit import read_document
from referatgraf.settings import Settings
from referatgraf.store.base import StoreError, StoreLockedError

BATCH_BYTES = 48 * 1024 * 1024
"""N-Quads gathered before one ``bulk_load`` call (about 250,000 quads)."""
CHUNK = 16
"""Documents per worker task."""

Task = tuple[str, str | None]  # (path, municipality)


@dataclass
class BulkSummary:
    documents: int = 0
    quads: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    skipped: int = 0  # documents a resumed load found loaded already

    @property
    def meetings_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class LoadedDocument:
    """One document sent to the store: its named graph and its mapped triples (own + shared)."""

    path: str
    graph: str
    quads: int
    records: tuple[ItemRecord, ...] = ()  # its items for the full-text index


@dataclass
class _ChunkResult:
    nquads: bytes  # the documents' own quads
    shared: list[str]  # N-Quads lines for the shared graph (unique within the chunk)
    outcomes: list[LoadedDocument | IngestFailure]  # one per document, in order
    bytes_read: int

    @property
    def loaded(self) -> list[LoadedDocument]:
        return [o for o in self.outcomes if isinstance(o, LoadedDocument)]

    @property
    def failures(self) -> list[tuple[str, str]]:
        return [(o.path, o.message) for o in self.outcomes if isinstance(o, IngestFailure)]


def iter_documents(paths: Iterable[str | Path], by_folder: bool = False,
                   municipality: str | None = None) -> Iterator[Task]:
    """(path, municipality) for every document under ``paths``, depth first, sorted, lazily.

    ``by_folder``: each folder directly under a given folder is one municipality, named as
    the folder (the layout ``referatgraf generate`` writes for several municipalities)."""
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            yield from _walk(root, root, by_folder, municipality)
        else:
            yield str(root), municipality


def _walk(folder: Path, root: Path, by_folder: bool, municipality: str | None) -> Iterator[Task]:
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir():
            yield from _walk(path, root, by_folder, path.name if by_folder and folder == root else municipality)
        elif is_document(entry.name) and not (by_folder and folder == root):
            yield entry.path, municipality


def bulk_ingest(paths: Iterable[str | Path], settings: Settings, *, by_folder: bool = False,
                workers: int | None = None, replace: bool = False, resume: bool = False,
                batch_bytes: int = BATCH_BYTES,
                progress: Progress | Callable[[BulkSummary], None] | None = None,
                optimize: bool = True, index: TextIndex | None = None) -> BulkSummary:
    """Parse, map and bulk-load every document under ``paths`` into the embedded store, then
    (``optimize``) compact it: ~30 s per 10 million quads, and a group-by query on 11,680
    meetings went from 415 to 90 ms.

    ``progress``: callbacks (ingest.progress; ``started(None)``, the corpus is streamed); a bare
    callable instead gets the running summary as it goes (as benchmarks/stages.py uses it).

    ``index``: each chunk's items are indexed once its quads are handed to the writer (memory
    stays one chunk). Bulk ingest is for initial loads: when it stops half way, run
    ``referatgraf index`` to rebuild the index from what the store holds.

    ``resume``: go on with a load that stopped half way (files it fully loaded are skipped)."""
    if settings.endpoint:
        raise StoreError("bulk ingest writes to the embedded store only; use `referatgraf ingest` for a remote store")
    summary = BulkSummary()
    report = _callbacks(progress, summary)
    store = _open(settings.store)
    try:
        done = _already_loaded(store, settings.store, replace, resume)
        report.started(None)
        tasks = _skip_loaded(iter_documents(paths, by_folder, settings.municipality), done, summary)
        _load_all(store, tasks, settings, _Run(workers or os.cpu_count() or 1, replace or resume, batch_bytes,
                                               optimize, index, report, summary))
    except BaseException as exc:
        traceback.clear_frames(exc.__traceback__)  # so the store goes now, not with the exception
        raise
    finally:
        del store  # RocksDB releases the directory lock when the store is dropped
    report.finished(summary)
    return summary


@dataclass
class _Run:
    """How one bulk load runs, and what it has done so far."""

    workers: int
    drop: bool  # drop each document's graph before loading it (replace, resume)
    batch_bytes: int
    optimize: bool
    index: TextIndex | None
    report: Progress
    summary: BulkSummary
    started: float = field(default_factory=time.perf_counter)


def _load_all(store: ox.Store, tasks: Iterator[Task], settings: Settings, run: _Run) -> None:
    """Mark the store incomplete, load every task, remove the mark, compact."""
    batch, seen, summary, started = _Batch(), _SeenLines(), run.summary, run.started
    load_mark.begin(store)
    with _Writer(store) as writer, contextlib.closing(_run_chunks(tasks, settings, run.workers)) as results:
        for result in results:
            if run.drop:  # a stopped load may have left part of a document
                _drop(store, [d.graph for d in result.loaded])
            _tally(summary, result, started)
            batch.add(result, seen.fresh(result.shared))
            if batch.size >= run.batch_bytes:
                writer.put(batch)
                batch = _Batch()
            if run.index is not None:
                for loaded in result.loaded:
                    run.index.replace_document(loaded.graph, loaded.records)
            for outcome in result.outcomes:
                run.report.document_done(outcome.path, outcome)
        writer.put(batch)
    store.flush()
    load_mark.finish(store)  # before optimize: the data is complete, compacting only speeds it up
    if run.optimize:
        store.optimize()  # compact the many files bulk_load leaves: ~4× faster queries afterwards
    summary.seconds = time.perf_counter() - started


def _skip_loaded(tasks: Iterator[Task], done: set[str], summary: BulkSummary) -> Iterator[Task]:
    for task in tasks:
        if os.path.abspath(task[0]) in done:
            summary.skipped += 1
        else:
            yield task


def _already_loaded(store: ox.Store, path: Path, replace: bool, resume: bool) -> set[str]:
    """The files to skip (absolute paths); raises when this load may not write to the store."""
    if load_mark.is_marked(store):
        if resume:
            return load_mark.loaded_files(store)
        if replace:
            load_mark.finish(store)  # starting over: what the stopped load had loaded is reloaded
            return set()
        raise StoreError(f"store {path} holds a bulk load that did not finish "
                         f"({len(load_mark.loaded_files(store))} documents loaded): continue it with --resume, "
                         "or start over with --replace")
    if len(store) and resume:
        raise StoreError(f"store {path} holds no unfinished bulk load to resume")
    if len(store) and not replace:
        raise StoreError(f"store {path} is not empty; bulk ingest is for initial loads "
                         "(use `referatgraf ingest`, or replace=True / --replace to reload graphs)")
    return set()


@dataclass
class _Batch:
    """N-Quads gathered for one ``bulk_load``, and the documents they complete."""

    parts: list[bytes] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, graph)
    size: int = 0

    def add(self, result: _ChunkResult, shared: bytes) -> None:
        self.parts += [result.nquads, shared]
        self.size += len(result.nquads) + len(shared)
        self.documents += [(os.path.abspath(d.path), d.graph) for d in result.loaded]


def _tally(summary: BulkSummary, result: _ChunkResult, started: float) -> None:
    summary.documents += len(result.loaded)
    summary.quads += sum(d.quads for d in result.loaded)
    summary.bytes_read += result.bytes_read
    summary.failures += result.failures
    summary.seconds = time.perf_counter() - started


def _callbacks(progress: Progress | Callable[[BulkSummary], None] | None, summary: BulkSummary) -> Progress:
    """``progress`` as callbacks; a bare callable is handed the running summary after each
    document (the summary moves on once per chunk)."""
    if progress is None or isinstance(progress, Progress):
        return progress or SILENT
    return Progress(document_done=lambda path, outcome: progress(summary))


class _Writer:
    """Loads batches in a background thread (``bulk_load`` releases the GIL), so workers keep
    parsing while a batch is written. At most one batch waits, which bounds memory. After each
    batch its documents are marked loaded (ingest.load_mark). When the caller fails or is
    interrupted, the batch being written is finished and a waiting one dropped."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is None and not self.stopping:
                try:
                    _load(self.store, batch.parts)
                    load_mark.mark_loaded(self.store, batch.documents)
                except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                    self.error = exc

    def put(self, batch: _Batch) -> None:
        self._check()
        self.queue.put(batch)

    def _check(self) -> None:
        if self.error is not None:
            raise StoreError(f"bulk load failed: {self.error}") from self.error

    def __enter__(self) -> "_Writer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping = exc[0] is not None
        self.queue.put(None)
        self.thread.join()
        if exc[0] is None:
            self._check()


class _SeenLines:
    """Shared-graph lines already sent to the store, so each is written about once. Bounded:
    forgotten wholesale past ``limit`` lines (~100 MB); a line written twice is harmless, the
    store is a set."""

    def __init__(self, limit: int = 500_000) -> None:
        self.limit, self.seen = limit, set()

    def fresh(self, lines: list[str]) -> bytes:
        if len(self.seen) > self.limit:
            self.seen.clear()
        new = [line for line in lines if line not in self.seen]
        self.seen.update(new)
        return "".join(new).encode("utf-8")


def _open(path: Path) -> ox.Store:
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(f"store is locked by another process: {path}") from None
        raise StoreError(f"cannot open store at {path}: {exc}") from None


def _load(store: ox.Store, batch: list[bytes]) -> None:
    if batch:
        store.bulk_load(input=b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)


def _drop(store: ox.Store, graphs: list[str]) -> None:
    for iri in graphs:
        node = ox.NamedNode(iri)
        if store.contains_named_graph(node):
            store.remove_graph(node)


def _chunks(tasks: Iterator[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_chunks(tasks: Iterator[Task], settings: Settings, workers: int) -> Iterator[_ChunkResult]:
    """Results of every chunk, in order; never more than ``2 × workers`` chunks pending."""
    chunks = _chunks(tasks, CHUNK)
    if workers <= 1:
        for chunk in chunks:
            yield process_chunk(chunk, settings)
        return
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=worker_start, initargs=(os.getpid(),))
    try:
        pending: deque[cf.Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(process_chunk, chunk, settings))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # interrupted, closed early, or a worker failed: end the workers now
        stop_pool(pool)
        raise
    pool.shutdown()


def process_chunk(chunk: list[Task], settings: Settings) -> _ChunkResult:
    """Worker: read each document into its unit; N-Quads of the chunk (failures kept apart)."""
    parts, outcomes = [], []
    shared: dict[str, None] = {}
    read = 0
    for path, municipality in chunk:
        try:
            data, shared_lines, graph, count, records = document_nquads(path, municipality, settings)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the load
            outcomes.append(IngestFailure(path, _failure_message(path, exc)))
            continue
        parts.append(data)
        shared.update(dict.fromkeys(shared_lines))
        outcomes.append(LoadedDocument(path, graph, count, records))
        read += os.path.getsize(path)
    return _ChunkResult(b"".join(parts), list(shared), outcomes, read)


def _failure_message(path: str, exc: Exception) -> str:
    """A parse error names its file and line already; anything else gets the file and its type."""
    from referatgraf.parse.errors import ParseError

    return str(exc) if isinstance(exc, ParseError) else f"{path}: {type(exc).__name__}: {exc}"


def document_nquads(path: str, municipality: str | None,
                    settings: Settings) -> tuple[bytes, list[str], str, int, tuple[ItemRecord, ...]]:
    """One document as N-Quads: (its own quads in the meeting's named graph, the shared quad
    lines for ``Minter.shared_graph``, the graph IRI, number of mapped triples, its index
    records). The unit is
    ingest.unit's, as atomic ingest stores it; the lines are graph.quads'."""
    unit = read_document(Path(path), _for_municipality(settings, municipality), path)
    own = "".join(quad_lines(unit.own, unit.graph)).encode("utf-8")
    return own, quad_lines(unit.shared, unit.shared_graph), unit.graph, unit.triples, unit.records


def _for_municipality(settings: Settings, municipality: str | None) -> Settings:
    """The settings of a document whose municipality its folder names (``by_folder``)."""
    if municipality == settings.municipality:
        return settings
    return settings.model_copy(update={"municipality": municipality})
