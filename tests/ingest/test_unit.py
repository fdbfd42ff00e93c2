"""The per-document unit: one split, one writer, and atomic and bulk ingest giving the same store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import EXAMPLES_DIR, SEED_FILES, SEEDS_DIR
from referatgraf.graph.iris import Minter
from referatgraf.graph.mapping import graph_iri, map_meeting, split_shared
from referatgraf.graph.quads import quad_lines
from referatgraf.ingest.bulk import LoadedDocument, bulk_ingest
from referatgraf.ingest.pipeline import DocumentResult, IngestFailure, IngestSummary, ingest_paths
from referatgraf.ingest.progress import Progress
from referatgraf.ingest.unit import read_document
from referatgraf.parse.errors import ParseError
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.store.terms import rdflib_triples

SETTINGS = Settings(municipality="Albertslund", base_iri="https://example.org/")
MINUTES = EXAMPLES_DIR / "minutes"
#: (folder, municipality): the real seeds and the generated examples
CORPORA = [(SEEDS_DIR, "Albertslund"), (MINUTES, "Egebjerg")]


def store_quads(path: Path) -> set[str]:
    """Every quad of an embedded store as its canonical N-Quads text."""
    return {str(q) for q in ox.Store.read_only(str(path))}


def test_the_unit_splits_as_split_shared_does(seed_file: Path) -> None:
    from referatgraf.extract import extract

    unit = read_document(seed_file, SETTINGS)
    minter = Minter(SETTINGS.base_iri, SETTINGS.municipality)
    mapped = map_meeting(unit.meeting, extract(unit.meeting, SETTINGS), minter)
    own, shared = split_shared(mapped, unit.meeting, minter)  # rdflib terms; the unit's are pyoxigraph's
    assert set(rdflib_triples(unit.own)) == set(own) and set(rdflib_triples(unit.shared)) == set(shared)
    assert unit.triples == len(mapped) == len(unit.own) + len(unit.shared)  # no triple twice
    assert (unit.graph, unit.shared_graph) == (str(graph_iri(unit.meeting, minter)), minter.shared_graph())
    assert unit.name == str(seed_file)


def test_bytes_and_file_give_the_same_unit() -> None:
    path = SEED_FILES[0]
    from_file = read_document(path, SETTINGS)
    from_bytes = read_document(path.read_bytes(), SETTINGS, path.name)
    assert from_bytes.name == path.name and from_bytes.graph == from_file.graph
    assert set(from_bytes.own) == set(from_file.own) and set(from_bytes.shared) == set(from_file.shared)


def test_a_missing_file_is_a_parse_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="missing.txt"):
        read_document(tmp_path / "missing.txt", SETTINGS)


def test_the_writer_gives_what_the_store_holds(tmp_path: Path) -> None:
    """The unit's N-Quads lines, parsed by Oxigraph, are exactly what an atomic ingest stored."""
    unit = read_document(SEED_FILES[1], SETTINGS)
    lines = quad_lines(unit.own, unit.graph) + quad_lines(unit.shared, unit.shared_graph)
    with EmbeddedStore(tmp_path / "atomic") as store:
        ingest_paths([SEED_FILES[1]], store, SETTINGS)
    written = {str(q) for q in ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)}
    assert written == store_quads(tmp_path / "atomic")
    assert len(lines) == unit.triples == len(written)


def test_atomic_and_bulk_ingest_give_identical_stores(tmp_path: Path) -> None:
    """Seeds and examples: one by one, atomically, into one store; bulk (two workers, each folder
    its municipality) into another. The two hold the same quads."""
    with EmbeddedStore(tmp_path / "atomic") as store:
        for folder, municipality in CORPORA:
            summary = ingest_paths([folder], store, Settings(municipality=municipality))
            assert summary.failures == [] and summary.documents
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for folder, municipality in CORPORA:
        (corpus / municipality).symlink_to(folder, target_is_directory=True)
    loaded = bulk_ingest([corpus], Settings(store=tmp_path / "bulk"), by_folder=True, workers=2)
    assert loaded.failures == [] and loaded.documents == len(SEED_FILES) + 30
    atomic, bulk = store_quads(tmp_path / "atomic"), store_quads(tmp_path / "bulk")
    assert not any("_:" in q for q in atomic)  # no blank nodes: equal sets are isomorphic datasets
    assert len(atomic) > 40_000
    assert bulk == atomic, (len(bulk - atomic), len(atomic - bulk))


def recorder() -> tuple[Progress, list[tuple]]:
    calls: list[tuple] = []
    progress = Progress(started=lambda total: calls.append(("started", total)),
                        document_done=lambda path, outcome: calls.append(("done", Path(path).name, type(outcome))),
                        finished=lambda summary: calls.append(("finished", type(summary))))
    return progress, calls


def test_atomic_ingest_reports_through_the_callbacks(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_text("hello\nworld\n", encoding="utf-8")
    progress, calls = recorder()
    with EmbeddedStore(tmp_path / "s") as store:
        ingest_paths([SEED_FILES[0], bad], store, SETTINGS, progress)
    assert calls == [("started", 2), ("done", SEED_FILES[0].name, DocumentResult),
                     ("done", "broken.txt", IngestFailure), ("finished", IngestSummary)]


def test_bulk_ingest_reports_through_the_callbacks(tmp_path: Path) -> None:
    from referatgraf.ingest.bulk import BulkSummary

    bad = tmp_path / "broken.txt"
    bad.write_text("hello\nworld\n", encoding="utf-8")
    progress, calls = recorder()
    bulk_ingest([SEED_FILES[0], bad], Settings(store=tmp_path / "s", municipality="Albertslund"), workers=1,
                progress=progress, optimize=False)
    assert calls == [("started", None), ("done", SEED_FILES[0].name, LoadedDocument),
                     ("done", "broken.txt", IngestFailure), ("finished", BulkSummary)]
    running: list[int] = []  # the older form: a callable handed the running summary
    bulk_ingest([SEED_FILES[0]], Settings(store=tmp_path / "t", municipality="Albertslund"), workers=1,
                progress=lambda summary: running.append(summary.documents), optimize=False)
    assert running == [1]


def test_callbacks_default_to_nothing(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as store:
        summary = ingest_paths([SEED_FILES[0]], store, SETTINGS, Progress(started=lambda total: None))
    assert summary.failures == [] and len(summary.documents) == 1
