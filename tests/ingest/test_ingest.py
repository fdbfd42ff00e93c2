"""Ingesting the real seeds: counts, SHACL validity, idempotence, and all-or-nothing failures."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import SEED_FILES
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.ingest.pipeline import collect_files, ingest_paths
from referatgraf.graph.mapping import graph_iri, map_meeting, split_shared
from referatgraf.graph.iris import Minter
from referatgraf.read.validate import validate_store
from referatgraf.ontology.vocab import BESLUIT, RDF, RG
from referatgraf.settings import Settings

SETTINGS = Settings(municipality="Albertslund", base_iri="https://example.org/")
P = "PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> PREFIX rg: <https://w3id.org/referatgraf/ns#>\n"

COUNTS = P + """
SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?i) AS ?items) (COUNT(DISTINCT ?c) AS ?cases)
       (COUNT(DISTINCT ?a) AS ?attachments) (COUNT(DISTINCT ?closed) AS ?closedItems)
WHERE {
  ?m a besluit:Zitting ; besluit:behandelt ?i .
  ?i a besluit:Agendapunt .
  OPTIONAL { ?i rg:case ?c }
  OPTIONAL { ?i rg:attachment ?a }
  OPTIONAL { ?i besluit:geplandOpenbaar false . BIND(?i AS ?closed) }
}"""
EXPECTED = {"meetings": 5, "items": 42, "cases": 31, "attachments": 43, "closedItems": 2}


def counts(store: EmbeddedStore) -> dict[str, int]:
    return {k: int(v) for k, v in store.select(COUNTS)[0].items()}


def snapshot(store: EmbeddedStore) -> set[str]:
    """The store's exact content: every quad as a line."""
    return set(store.dump("application/n-quads").decode().splitlines())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore(tmp_path_factory.mktemp("ingest") / "store")
    summary = ingest_paths(SEED_FILES, store, SETTINGS)
    yield store, summary
    store.close()


def test_seeds_give_the_expected_graph(seeded) -> None:
    store, summary = seeded
    assert summary.failures == []
    assert (summary.meetings, summary.items) == (5, 42)
    assert counts(store) == EXPECTED
    shared = "https://example.org/graph/shared"
    assert len(store.graphs()) == 6 and shared in store.graphs()
    # shared nodes are described once: no triple is in the shared graph and a document graph.
    # (A reference by day, 2017 → "mødet den 1. september 2016", describes the day's stub in the
    # shared graph; the 2016 meeting's own IRI carries its start time and is rg:referencedAs it.)
    overlap = store.select("SELECT DISTINCT ?s WHERE { GRAPH <%s> { ?s ?p ?o } GRAPH ?g { ?s ?p ?o } "
                           "FILTER(?g != <%s>) }" % (shared, shared))
    assert overlap == []
    linked = store.select(P + "SELECT ?real WHERE { ?real rg:referencedAs ?day . ?x rg:refersToMeeting ?day }")
    assert {str(r["real"]).rsplit("/", 2)[-2] for r in linked} == {"2016-09-01"}


def test_seeds_conform_to_the_shapes(seeded) -> None:
    store, _ = seeded
    report = validate_store(store)
    assert report.conforms, [str(v) for v in report.violations[:20]]


def test_reingest_changes_nothing(seeded) -> None:
    store, _ = seeded
    before_count, before = store.triple_count(), snapshot(store)
    again = ingest_paths(SEED_FILES, store, SETTINGS)
    assert again.failures == [] and again.triples >= store.triple_count()
    assert store.triple_count() == before_count
    assert snapshot(store) == before
    assert counts(store) == EXPECTED


def test_each_seed_fills_exactly_its_meeting_graph(seed_file: Path, seed_meetings, tmp_path) -> None:
    meeting = seed_meetings[seed_file.name]
    minter = Minter(SETTINGS.base_iri, SETTINGS.municipality)
    with EmbeddedStore(tmp_path / "one") as store:
        summary = ingest_paths([seed_file], store, SETTINGS)
        assert summary.failures == []
        [doc] = summary.documents
        assert doc.graph == str(graph_iri(meeting, minter))
        assert doc.items == len(meeting.items)
        from referatgraf.extract import extract

        mapped = map_meeting(meeting, extract(meeting), minter)
        own, shared = split_shared(mapped, meeting, minter)
        assert len(own) + len(shared) == len(mapped) == doc.triples
        assert store.triple_count(doc.graph) == len(own)
        assert store.triple_count(minter.shared_graph()) == len(shared)
        assert store.graphs() == sorted([doc.graph, minter.shared_graph()])
        items = set(own.subjects(RDF.type, BESLUIT.Agendapunt))
        assert len(items) == len(meeting.items) and not set(shared.subjects(RDF.type, BESLUIT.Agendapunt))
        assert set(shared.subjects(RDF.type, RG.Case)) >= {URIRef(minter.case(i.case.raw)) for i in meeting.items if i.case}


def test_bad_file_is_reported_and_leaves_the_store_as_before(seeded, tmp_path) -> None:
    store, _ = seeded
    bad = tmp_path / "not-minutes.txt"
    bad.write_text("Indkøbsliste\n\nmælk\nbrød\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    before_count, before = store.triple_count(), snapshot(store)
    summary = ingest_paths([bad, missing], store, SETTINGS)
    assert [f.path for f in summary.failures] == [str(bad), str(missing)]
    assert summary.failures[0].message.startswith(f"{bad}:1: ")  # the file as it was given, and its line
    assert str(missing) in summary.failures[1].message
    assert store.triple_count() == before_count
    assert snapshot(store) == before


class FaultyStore(EmbeddedStore):
    """A real embedded store whose graph writer breaks half-way through one document."""

    fail_on: str = ""

    def replace_graph(self, graph_iri: str, triples: Graph | Iterable, shared=None) -> None:  # noqa: ANN001
        if self.fail_on not in graph_iri:
            return super().replace_graph(graph_iri, triples, shared)
        name, shared_triples = shared
        items = list(shared_triples)

        def half_then_fault():
            yield from items[: len(items) // 2]
            raise OSError("disk unplugged (injected)")

        # the document's own triples are complete; the fault hits half-way through the shared ones
        return super().replace_graph(graph_iri, triples, (name, half_then_fault()))


@pytest.mark.parametrize("chunk", [EmbeddedStore.chunk, 100], ids=["one-transaction", "chunked"])
def test_fault_half_way_through_a_document_leaves_it_as_before(tmp_path, chunk: int) -> None:
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        ingest_paths(SEED_FILES, store, SETTINGS)
        before_count, before = store.triple_count(), snapshot(store)
    with FaultyStore(path) as faulty:
        faulty.fail_on, faulty.chunk = "2017-06-01", chunk
        summary = ingest_paths(SEED_FILES, faulty, SETTINGS)
        assert len(summary.failures) == 1 and "injected" in summary.failures[0].message
        assert summary.failures[0].path.endswith("000_e238d50f5ff6400a.txt")
        assert len(summary.documents) == 4  # the others went on
        assert faulty.triple_count() == before_count
        assert snapshot(faulty) == before


def test_fault_on_first_ingest_leaves_no_trace(tmp_path) -> None:
    with FaultyStore(tmp_path / "store") as faulty:
        faulty.fail_on = "2014-05-15"
        summary = ingest_paths(SEED_FILES, faulty, SETTINGS)
        assert len(summary.failures) == 1
        assert not any("2014-05-15" in g for g in faulty.graphs())
        assert not faulty.ask(P + "ASK { ?m besluit:behandelt ?i . FILTER(CONTAINS(STR(?m), '2014-05-15')) }")


def test_chunked_writes_give_the_store_one_transaction_gives(seeded, tmp_path) -> None:
    """Graphs over ``chunk`` quads are written in chunks (store.chunked): the seeds ingested so,
    then ingested again (each graph replaced in chunks), hold exactly the quads of the seeded store."""
    store, _ = seeded
    with EmbeddedStore(tmp_path / "chunked") as chunked:
        chunked.chunk = 100
        for _ in range(2):
            assert ingest_paths(SEED_FILES, chunked, SETTINGS).failures == []
            assert snapshot(chunked) == snapshot(store)


def test_folders_are_walked_and_non_documents_skipped(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "notes.docx").write_bytes(b"x")
    assert [p.name for p in collect_files([tmp_path])] == ["b.pdf", "a.txt"]


def test_municipality_is_part_of_every_iri(tmp_path) -> None:
    with EmbeddedStore(tmp_path / "s") as store:
        ingest_paths(SEED_FILES[:1], store, Settings(municipality="Ballerup", base_iri="https://example.org/"))
        ingest_paths(SEED_FILES[:1], store, SETTINGS)
        rows = store.select(P + "SELECT DISTINCT ?c WHERE { ?i rg:case ?c }")
        municipalities = {str(r["c"]).split("/")[4] for r in rows}
        assert municipalities == {"ballerup", "albertslund"}
        assert len(store.graphs()) == 3  # two meeting graphs and the shared graph
        assert store.ask(P + "ASK { ?m rg:municipality ?x }", {"x": URIRef("https://example.org/id/ballerup")})
        assert not store.ask(P + "ASK { ?c rg:caseYear ?y }", {"y": Literal(1900)})
