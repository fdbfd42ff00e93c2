"""Ingest: documents → parse → extract → map → one atomic ``replace_graph`` per document.

Each document is read into its unit (ingest.unit: its own triples and the shared ones); the own
triples replace its meeting's named graph and the shared ones (cases, KLE, bodies, actors) are
added to one shared graph in the same transaction. A document that fails (bad file, unknown
layout, store error) is reported with its file (and line, when the parser knows it) and leaves
the store exactly as before; the other documents go on. Re-ingesting a document replaces its
meeting's graph with identical triples, so counts do not change; a re-ingest that would lose
data the stored version has (fewer items or sections, a cut-off parse) is refused as a failure
naming what would be lost, unless ``force`` (ingest.keep). A store that stops answering (a remote
server gone) stops the run at once: the summary says so once (``stopped``), with the document
whose write was under way when it went, which it may or may not have stored, and the documents
not ingested.

>>> import tempfile
>>> from referatgraf.store.embedded import EmbeddedStore
>>> with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "store") as store:
...     summary = ingest_paths(["examples/minutes/chefforum_2019-09-05.txt"], store, Settings(municipality="Egebjerg"))
...     graphs = len(store.graphs())
>>> summary.meetings, summary.items, summary.failures, graphs
(1, 9, [], 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from referatgraf.index.base import TextIndex, TextIndexError
from referatgraf.ingest.indexing import write_both
from referatgraf.ingest.keep import WouldLoseData
from referatgraf.ingest.progress import SILENT, Progress
from referatgraf.ingest.unit import DocumentGraph, map_document, read_document
from referatgraf.parse.reader import DOCUMENT_SUFFIXES
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Meeting
from referatgraf.settings import Settings
from referatgraf.store.base import Store, StoreError, StoreUnavailable


@dataclass
class DocumentResult:
    """One document that made it into the store."""

    path: str
    meeting: str  # meeting IRI
    graph: str  # named graph IRI
    items: int
    triples: int  # mapped triples (own + shared; shared ones may already be in the store)
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestFailure:
    """One document that did not; ``message`` names the file (and line)."""

    path: str
    message: str


@dataclass(frozen=True)
class StoreLost:
    """The store stopped answering, and the run stopped with it."""

    message: str  # the store's error, said once
    uncertain: str | None  # the document being written when it went: stored or not, nobody knows
    not_ingested: tuple[str, ...]  # the documents after it (and the one being read, if no write was on its way)

    @classmethod
    def at(cls, error: StoreUnavailable, rest: list[Path]) -> "StoreLost":
        """The run stopped by ``error`` on ``rest[0]``, with ``rest`` not done."""
        names = tuple(str(p) for p in rest)
        if error.maybe_written:
            return cls(str(error), names[0], names[1:])
        return cls(str(error), None, names)

    def __str__(self) -> str:
        """One line for the user.

        >>> print(StoreLost("cannot reach http://s/", "b.txt", ("c.txt",)))
        the store stopped answering (cannot reach http://s/): b.txt may or may not be stored, 1 document(s) not ingested; run the same ingest again once the store is back
        """
        maybe = f"{self.uncertain} may or may not be stored, " if self.uncertain else ""
        return (f"the store stopped answering ({self.message}): {maybe}{len(self.not_ingested)} document(s) "
                "not ingested; run the same ingest again once the store is back")


@dataclass
class IngestSummary:
    documents: list[DocumentResult] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)
    stopped: StoreLost | None = None  # the store went away: the run ended early

    @property
    def meetings(self) -> int:
        return len({d.meeting for d in self.documents})

    @property
    def items(self) -> int:
        return sum(d.items for d in self.documents)

    @property
    def triples(self) -> int:
        return sum(d.triples for d in self.documents)

    @property
    def warnings(self) -> list[str]:
        return [f"{d.path}: {w}" for d in self.documents for w in d.warnings]


def is_document(name: str) -> bool:
    """A file a folder ingest reads: a document suffix, and not a folder's README
    (seeds/README.md, examples/minutes/README.md describe the folder)."""
    return name.lower().endswith(DOCUMENT_SUFFIXES) and not name.lower().startswith("readme.")


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus documents in named folders (recursively, sorted). Missing paths are
    kept, so ingest reports them as failures."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_document(p.name)))
        else:
            files.append(path)
    return files


def store_document(document: DocumentGraph, store: Store, index: TextIndex | None = None,
                   force: bool = False) -> DocumentResult:
    """Write one unit: its graph replaced and its shared triples added, in one transaction;
    with an ``index``, its records replace the document's there too, or neither is written
    (ingest.indexing). Raises WouldLoseData when the stored version has more, unless ``force``."""
    write_both(document, store, index, force)
    return DocumentResult(document.name, document.meeting_iri, document.graph, len(document.meeting.items),
                          document.triples, document.warnings)


def ingest_meeting(meeting: Meeting, store: Store, settings: Settings, path: str | None = None,
                   index: TextIndex | None = None, force: bool = False) -> DocumentResult:
    """Extract, map and store one parsed meeting (one atomic graph replacement)."""
    return store_document(map_document(meeting, settings, path), store, index, force)


def ingest_file(path: Path, store: Store, settings: Settings, index: TextIndex | None = None,
                force: bool = False) -> DocumentResult:
    """Parse one file and ingest it. Raises ParseError/WouldLoseData/StoreError/TextIndexError/OSError on failure."""
    return store_document(read_document(Path(path), settings, str(path)), store, index, force)


def ingest_bytes(data: bytes, name: str, store: Store, settings: Settings,
                 index: TextIndex | None = None, force: bool = False) -> tuple[Meeting, DocumentResult]:
    """Parse an in-memory document (an upload named ``name``) and ingest it atomically.
    Returns the parsed meeting (for its parse report) and what was stored."""
    document = read_document(data, settings, name)
    return document.meeting, store_document(document, store, index, force)


def ingest_paths(paths: Iterable[str | Path], store: Store, settings: Settings,
                 progress: Progress | None = None, index: TextIndex | None = None,
                 force: bool = False) -> IngestSummary:
    """Ingest files and folders; each document is all-or-nothing (in the store and the
    ``index`` alike), failures are collected; ``force`` replaces stored versions that have more."""
    progress = progress or SILENT
    files = collect_files(paths)
    progress.started(len(files))
    summary = IngestSummary()
    for position, path in enumerate(files):
        try:
            outcome = _ingest_one(path, store, settings, index, force)
        except StoreUnavailable as exc:  # every later document would fail the same way
            summary.stopped = StoreLost.at(exc, files[position:])
            break
        (summary.failures if isinstance(outcome, IngestFailure) else summary.documents).append(outcome)
        progress.document_done(str(path), outcome)
    progress.finished(summary)
    return summary


def _ingest_one(path: Path, store: Store, settings: Settings, index: TextIndex | None,
                force: bool) -> DocumentResult | IngestFailure:
    try:
        return ingest_file(path, store, settings, index, force)
    except StoreUnavailable:
        raise
    except (ParseError, WouldLoseData, StoreError, TextIndexError) as exc:
        return IngestFailure(str(path), _with_file(str(exc), path))
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return IngestFailure(str(path), f"{path}: {type(exc).__name__}: {exc}")


def _with_file(message: str, path: Path) -> str:
    """The message naming the file as it was given (readers name it by its bare name, which is
    ambiguous when a folder tree is ingested).

    >>> _with_file("x.txt:12: bad", Path("a/x.txt")), _with_file("bad", Path("a/x.txt"))
    ('a/x.txt:12: bad', 'a/x.txt: bad')
    """
    if message.startswith(path.name + ":") and str(path) != path.name:
        return str(path) + message[len(path.name):]
    return message if str(path) in message or path.name in message else f"{path}: {message}"
