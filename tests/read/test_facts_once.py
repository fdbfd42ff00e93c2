"""Each fact is stored once: shared nodes only in the shared graph, a meeting's facts only in its
own graph (graph.mapping.split_shared), so the union default graph gives one row per fact and
the example queries and the read core's queries need no DISTINCT to be right.

Two stores: the seeds plus examples/minutes, and invented meetings that all point at the same
shared nodes (a case, KLE concepts, a body, a referenced meeting) — including the referenced
meeting's own document, whose IRI is its day's IRI (no start time), read in both orders.
Stub meetings (known only from references) are ``rg:ReferencedMeeting``, not ``besluit:Zitting``,
until their own document arrives, and are counted apart (read.stats)."""

from __future__ import annotations

import collections
import datetime as dt
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from conftest import EXAMPLES_DIR, SEED_FILES
from graph_fixtures import small_meeting
from referatgraf.ingest.pipeline import ingest_meeting, ingest_paths
from referatgraf.ontology.vocab import BESLUIT, FOAF, RG, sparql_prologue
from referatgraf.read import queries as Q
from referatgraf.read.reader import Reader
from referatgraf.read.stats import store_stats
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

BASE = "https://example.org/"
EXAMPLE_QUERIES = sorted((EXAMPLES_DIR / "queries").glob("*.rq"))
MINUTES = sorted(p for p in (EXAMPLES_DIR / "minutes").iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
IN_SEVERAL_GRAPHS = """
SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1)
"""
#: read.queries that project away what tells rows apart when nothing is bound (their DISTINCT
#: merges different facts, not repeats of one); they are checked bound, as the read core runs them
PROJECTING = {"ACTORS_OF_MEETING", "ALT_LABELS", "APPEARANCES", "INCOMING", "MEETINGS_OF_KLE", "OUTGOING", "TYPES"}


def without_distinct(query: str) -> str:
    """The query with every ``SELECT DISTINCT`` a plain ``SELECT`` (COUNT(DISTINCT …) stays)."""
    return re.sub(r"SELECT\s+DISTINCT\b", "SELECT", query, flags=re.IGNORECASE)


def repeated_rows(rows: list[dict]) -> list[tuple]:
    counts = collections.Counter(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)
    return [row for row, n in counts.items() if n > 1]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory):
    """The seeds and the example minutes in one embedded store."""
    store = EmbeddedStore(tmp_path_factory.mktemp("facts-once") / "store")
    summary = ingest_paths(SEED_FILES + MINUTES, store, Settings(municipality="Albertslund"))
    assert summary.failures == []
    yield store
    store.close()


def referenced_meeting():
    """The meeting small_meeting's third item cites (Økonomiudvalget, 1 March 2021), read from its
    own document; no start time, so its IRI is the day's IRI the references use."""
    m = small_meeting(sha="cd" * 32, day=1)
    return m.model_copy(update={"body": "Økonomiudvalget", "start_time": None, "items": m.items[:2]})


def on_day(day: int):
    """small_meeting on ``day`` March, its item titles naming the day (so that a query's row that
    leaves out the meeting still tells the meetings apart)."""
    m = small_meeting(sha=f"{day:02x}" * 32, day=day)
    return m.model_copy(update={"items": [i.model_copy(update={"title": f"{i.title} ({day}. marts)"}) for i in m.items]})


def shared_store(path: Path, order: list[str]) -> EmbeddedStore:
    """Three meetings on 3, 4 and 5 March sharing a case, KLE concepts, bodies and a referenced
    meeting, and (``"real"``) that meeting's own document, ingested in ``order``."""
    meetings = {f"day{d}": on_day(d) for d in (3, 4, 5)}
    meetings["real"] = referenced_meeting()
    store = EmbeddedStore(path)
    for name in order:
        ingest_meeting(meetings[name], store, Settings(base_iri=BASE, municipality="Eksempelby"), f"{name}.txt")
    return store


@pytest.fixture(scope="module")
def shared_stores(tmp_path_factory: pytest.TempPathFactory):
    """(referenced meeting last, referenced meeting first, referenced meeting never ingested)."""
    root = tmp_path_factory.mktemp("shared-nodes")
    stores = (shared_store(root / "last", ["day3", "day4", "day5", "real"]),
              shared_store(root / "first", ["real", "day5", "day4", "day3"]),
              shared_store(root / "none", ["day3", "day4", "day5"]))
    yield stores
    for store in stores:
        store.close()


def test_no_triple_is_in_two_graphs(corpus_store, shared_stores) -> None:
    for store in (corpus_store, *shared_stores):
        assert store.select(IN_SEVERAL_GRAPHS) == []


def test_void_triples_count_is_the_distinct_triples_of_the_union(corpus_store) -> None:
    stats = store_stats(corpus_store)
    distinct = corpus_store.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert stats.triples == int(distinct[0]["n"]) > 0
    assert stats.quads == corpus_store.triple_count() >= stats.triples


@pytest.mark.parametrize("path", EXAMPLE_QUERIES, ids=lambda p: p.stem)
def test_example_query_without_distinct_has_no_repeated_rows(corpus_store, shared_stores, path: Path) -> None:
    query = without_distinct(path.read_text(encoding="utf-8"))
    for store in (corpus_store, *shared_stores):
        rows = store.select(query, timeout=60)
        assert repeated_rows(rows) == [], path.name


READ_QUERIES = sorted(name for name in dir(Q) if name.isupper() and isinstance(getattr(Q, name), str)
                      and getattr(Q, name).lstrip().startswith("SELECT") and name not in PROJECTING)


@pytest.mark.parametrize("name", READ_QUERIES)
def test_read_query_without_distinct_has_no_repeated_rows(corpus_store, shared_stores, name: str) -> None:
    for store in (corpus_store, *shared_stores):
        rows = store.select(Q.q(without_distinct(getattr(Q, name))), timeout=60)
        assert repeated_rows(rows) == [], name


def test_projecting_read_queries_bound_as_the_read_core_runs_them(corpus_store) -> None:
    meetings = [str(r["m"]) for r in corpus_store.select(
        sparql_prologue() + "SELECT ?m WHERE { ?m a besluit:Zitting } ORDER BY ?m")]
    people = [str(r["p"]) for r in corpus_store.select(
        sparql_prologue() + "SELECT ?p WHERE { ?p a foaf:Person } ORDER BY ?p LIMIT 20")]
    assert len(meetings) == 35 and people
    runs = [(name, {key: URIRef(m)}) for m in meetings
            for name, key in (("ACTORS_OF_MEETING", "meeting"), ("TYPES", "s"), ("OUTGOING", "s"), ("INCOMING", "o"))]
    runs += [("APPEARANCES", {"actor": URIRef(p)}) for p in people]
    runs += [("ALT_LABELS", {"type": t}) for t in (FOAF.Person, URIRef("http://www.w3.org/ns/org#Organization"))]
    for name, bound in runs:
        rows = corpus_store.select(Q.q(without_distinct(getattr(Q, name)), **bound))
        assert repeated_rows(rows) == [], (name, bound)


# -- stub meetings --------------------------------------------------------------------------------

def types_of(store: EmbeddedStore, iri: str) -> set[str]:
    return {str(r["t"]) for r in store.select(f"SELECT ?t WHERE {{ <{iri}> a ?t }}")}


def test_a_referenced_meeting_is_a_stub_not_a_zitting_until_its_document_arrives(shared_stores) -> None:
    last, first, none = shared_stores
    day = BASE + "id/eksempelby/meeting/oekonomiudvalget/2021-03-01"
    assert day in {str(r["m"]) for r in none.select(sparql_prologue() + "SELECT ?m WHERE { ?x rg:refersToMeeting ?m }")}
    assert types_of(none, day) == {str(RG.ReferencedMeeting)}
    assert store_stats(none).stub_meetings == 1
    assert store_stats(none).classes["besluit:Zitting"] == 3
    for store in (last, first):
        assert types_of(store, day) == {str(RG.ReferencedMeeting), str(BESLUIT.Zitting)}
        assert store_stats(store).stub_meetings == 0
        assert store_stats(store).classes["besluit:Zitting"] == 4


def test_both_ingest_orders_give_the_same_store(shared_stores) -> None:
    last, first, _ = shared_stores
    quads = [sorted(store.dump("application/n-quads").decode("utf-8").splitlines()) for store in (last, first)]
    assert quads[0] and quads[0] == quads[1]


def test_the_reader_marks_a_stub_and_lists_only_real_meetings(shared_stores) -> None:
    last, _, none = shared_stores
    day = BASE + "id/eksempelby/meeting/oekonomiudvalget/2021-03-01"
    stub = Reader(none, BASE).meeting(day)
    assert stub is not None and stub.stub and stub.date == dt.date(2021, 3, 1) and stub.items == []
    assert [m.date.day for m in Reader(none, BASE).meeting_index()] == [3, 4, 5]
    real = Reader(last, BASE).meeting(day)
    assert real is not None and not real.stub and real.kind == "referat" and len(real.items) == 2
    assert Reader(last, BASE).meeting(BASE + "id/eksempelby/meeting/testudvalget/2021-03-03/0930").stub is False


def test_stats_of_the_corpus_count_stubs_apart(corpus_store) -> None:
    stats = store_stats(corpus_store)
    assert stats.classes["besluit:Zitting"] == 35  # the documents ingested, no stubs among them
    referenced = stats.classes["rg:ReferencedMeeting"]
    assert 0 < stats.stub_meetings < referenced
    assert Literal(stats.stub_meetings).value == stats.stub_meetings
