"""The per-document unit of every ingest: one document read into its graphs, ready to be written.

Atomic ingest (:mod:`.pipeline`) writes a unit with the store's ``replace_graph``; bulk ingest
(:mod:`.bulk`) writes the same unit as N-Quads (graph.quads). Both read documents here, with the
one split (graph.mapping.own_rule), so a bulk-loaded store and an atomically ingested one
hold the same quads. The triples are pyoxigraph terms (graph.terms): the mapper writes them
straight, with no rdflib term on the ingest path.

>>> from pathlib import Path
>>> unit = read_document(Path("examples/minutes/chefforum_2019-09-05.txt"), Settings(municipality="Egebjerg"))
>>> unit.graph
'https://data.referatgraf.dk/graph/egebjerg/meeting/chefforum/2019-09-05/1030'
>>> unit.triples == len(unit.own) + len(unit.shared), len(unit.meeting.items)
(True, 9)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import graph_iri, map_meeting, meeting_iri, own_rule, shared_facts
from referatgraf.graph.terms import OXIGRAPH, QuadSink
from referatgraf.index.model import ItemRecord
from referatgraf.index.records import records_of
from referatgraf.parse.errors import ParseError
from referatgraf.parse.limits import Limits
from referatgraf.parse.model import Meeting
from referatgraf.settings import Settings


Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]


@dataclass(frozen=True)
class DocumentGraph:
    """One document as the store receives it: its own triples replace the meeting's named graph
    ``graph``; the shared triples are added to ``shared_graph`` (see graph.mapping.split_shared).
    Triples are pyoxigraph terms (``str()`` of each is its N-Triples form)."""

    name: str  # the file (or upload) it was read from
    meeting: Meeting
    meeting_iri: str
    graph: str
    own: tuple[Triple, ...]
    shared_graph: str
    shared: tuple[Triple, ...]
    records: tuple[ItemRecord, ...] = ()  # its items for the full-text index (index.records)

    @property
    def triples(self) -> int:
        """Mapped triples, own plus shared (shared ones may already be in the store)."""
        return len(self.own) + len(self.shared)

    @property
    def warnings(self) -> list[str]:
        """The parser's warnings, each with its line when known."""
        return [f"line {w.line}: {w.message}" if w.line else w.message for w in self.meeting.report.warnings]


def read_document(source: Path | bytes, settings: Settings, name: str | None = None) -> DocumentGraph:
    """Parse a file (or an upload's bytes, named ``name``) and map it. Raises ParseError (naming
    the file and line) when the document cannot be read."""
    return map_document(parse_document(source, settings, name), settings, name or str(source))


def parse_document(source: Path | bytes, settings: Settings, name: str | None = None) -> Meeting:
    """A file or an upload's bytes parsed as minutes of ``settings.municipality``."""
    from referatgraf.parse import parse_bytes, parse_file

    if isinstance(source, bytes):
        return parse_bytes(source, name or "upload", settings.municipality, Limits.of(settings))
    if not Path(source).exists():
        raise ParseError("no such file", file=str(source))
    return parse_file(source, settings.municipality, Limits.of(settings))


def map_document(meeting: Meeting, settings: Settings, name: str | None = None) -> DocumentGraph:
    """Extract and map a parsed meeting, split into its own and the shared triples."""
    from referatgraf.extract import extract

    minter = minter_for(settings.base_iri, settings.municipality)
    extraction = extract(meeting, settings)
    mapped = map_meeting(meeting, extraction, minter, QuadSink(), OXIGRAPH)
    own, shared = split_document(list(dict.fromkeys(mapped)), meeting, minter)
    Limits.of(settings).check("max_triples", len(own) + len(shared), file=name or meeting.source.file_name)
    graph = str(graph_iri(meeting, minter))
    return DocumentGraph(name or meeting.source.file_name, meeting, str(meeting_iri(meeting, minter)),
                         graph, own, minter.shared_graph(), shared,
                         tuple(records_of(meeting, extraction, minter, graph)))


def split_document(triples: list[Triple], meeting: Meeting, minter: Minter) -> tuple[tuple[Triple, ...], tuple[Triple, ...]]:
    """(own, shared) triples by graph.mapping's rule (split_shared's: own_rule, asked once per
    subject, and shared_facts)."""
    is_own, facts = own_rule(meeting, minter), shared_facts(meeting, minter)
    own_subjects = {s for s in {t[0] for t in triples} if is_own(s.value)}
    mine = [t[0] in own_subjects and not (facts and (t[0].value, t[1].value) in facts) for t in triples]
    return tuple(t for t, m in zip(triples, mine) if m), tuple(t for t, m in zip(triples, mine) if not m)


@functools.lru_cache(maxsize=256)
def minter_for(base_iri: str, municipality: str | None) -> Minter:
    """The IRI minter of one base and municipality (kept: a corpus mints with a few)."""
    return Minter(base_iri, municipality)
