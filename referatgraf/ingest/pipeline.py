"""Ingest: documents → parse → extract → map → one atomic ``replace_graph`` per document.

Each document's own triples replace its meeting's named graph; descriptions of nodes several
documents share (cases, KLE, bodies, actors) are added to one shared graph in the same
transaction (graph.mapping.split_shared). A document that fails (bad file, unknown layout, store error) is reported with its file (and
line, when the parser knows it) and leaves the store exactly as before; the other documents go
on. Re-ingesting a document replaces its meeting's graph with identical triples, so counts do
not change.

>>> summary = ingest_paths(["minutes/"], store, Settings(municipality="Albertslund"))  # doctest: +SKIP
>>> summary.meetings, summary.items, summary.failures  # doctest: +SKIP
(5, 42, [])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import graph_iri, map_meeting, meeting_iri, split_shared
from referatgraf.store.base import Store, StoreError
from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Meeting
from referatgraf.settings import Settings

#: file types the parser reads (others in a folder are skipped)
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".json", ".xml", ".html", ".htm", ".zip")


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


@dataclass
class IngestSummary:
    documents: list[DocumentResult] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)

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


def minter_for(settings: Settings) -> Minter:
    return Minter(settings.base_iri, settings.municipality)


def ingest_meeting(meeting: Meeting, store: Store, settings: Settings, path: str | None = None) -> DocumentResult:
    """Extract, map and store one parsed meeting (one atomic graph replacement)."""
    from referatgraf.extract import extract

    minter = minter_for(settings)
    graph = map_meeting(meeting, extract(meeting, settings), minter)
    target = str(graph_iri(meeting, minter))
    own, shared = split_shared(graph, meeting, minter)
    store.replace_graph(target, own, shared=(minter.shared_graph(), shared))
    warnings = [f"line {w.line}: {w.message}" if w.line else w.message for w in meeting.report.warnings]
    return DocumentResult(path or meeting.source.file_name, str(meeting_iri(meeting, minter)), target,
                          len(meeting.items), len(graph), warnings)


def ingest_file(path: Path, store: Store, settings: Settings) -> DocumentResult:
    """Parse one file and ingest it. Raises ParseError/StoreError/OSError on failure."""
    from referatgraf.parse import parse_file

    if not path.exists():
        raise ParseError("no such file", file=str(path))
    meeting = parse_file(path, municipality=settings.municipality)
    return ingest_meeting(meeting, store, settings, str(path))


def ingest_bytes(data: bytes, name: str, store: Store, settings: Settings) -> tuple[Meeting, DocumentResult]:
    """Parse an in-memory document (an upload named ``name``) and ingest it atomically.
    Returns the parsed meeting (for its parse report) and what was stored."""
    from referatgraf.parse import parse_bytes

    meeting = parse_bytes(data, name, municipality=settings.municipality)
    return meeting, ingest_meeting(meeting, store, settings, name)


def ingest_paths(paths: Iterable[str | Path], store: Store, settings: Settings,
                 progress: Callable[[Path], None] | None = None) -> IngestSummary:
    """Ingest files and folders; each document is all-or-nothing, failures are collected."""
    summary = IngestSummary()
    for path in collect_files(paths):
        try:
            summary.documents.append(ingest_file(path, store, settings))
        except (ParseError, StoreError) as exc:
            summary.failures.append(IngestFailure(str(path), _with_file(str(exc), path)))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            summary.failures.append(IngestFailure(str(path), f"{path}: {type(exc).__name__}: {exc}"))
        if progress:
            progress(path)
    return summary


def _with_file(message: str, path: Path) -> str:
    return message if str(path) in message or path.name in message else f"{path}: {message}"
