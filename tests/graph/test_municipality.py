"""Municipality and body are data: two municipalities' case "23-013402" stay two cases, bodies
become nodes, the minutes of a meeting replace its agenda's graph keeping every IRI, and
attendance (who was absent from which meeting or item) lands in the graph as person links.
Runs against the real embedded Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from layout_expectations import FIXTURE_DIR
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.ingest.pipeline import ingest_file
from referatgraf.graph.iris import Minter
from referatgraf.settings import Settings

PREFIXES = """
PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rg: <https://w3id.org/referatgraf/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

BYRAAD = FIXTURE_DIR / "byraad_referat.txt"  # Byrådet, item 4 has case 23-013402
TU_AGENDA = FIXTURE_DIR / "teknisk_udvalg_dagsorden.txt"
TU_MINUTES = FIXTURE_DIR / "teknisk_udvalg_referat.md"  # Teknisk Udvalg, item 4 has case 23-013402
BASE = Settings().base_iri


@pytest.fixture()
def store(tmp_path: Path):
    with EmbeddedStore(tmp_path / "store") as s:
        yield s


def ingest(path: Path, store: EmbeddedStore, municipality: str):
    return ingest_file(path, store, Settings(store=Path("unused"), municipality=municipality))


def _meeting_graphs(store: EmbeddedStore) -> list[str]:
    """Named graphs of meeting documents (the store may hold others, e.g. shared nodes)."""
    return sorted(g for g in store.graphs() if "/meeting/" in g)


def select(store: EmbeddedStore, query: str, **bindings) -> list[dict]:
    return store.select(PREFIXES + query, bindings or None)


def test_two_municipalities_same_case_number_are_two_cases(store: EmbeddedStore) -> None:
    ingest(BYRAAD, store, "Egeskov")
    ingest(TU_MINUTES, store, "Bøgelund")
    rows = select(store, "SELECT DISTINCT ?case ?mun WHERE { ?case a rg:Case ; dct:identifier ?id ;"
                         " rg:municipality ?mun }", id=Literal("23-013402"))
    cases = {str(r["case"]) for r in rows}
    assert cases == {Minter(BASE, "Egeskov").case("23-013402"), Minter(BASE, "Bøgelund").case("23-013402")}
    assert {str(r["mun"]) for r in rows} == {Minter(BASE, "Egeskov").municipality(),
                                             Minter(BASE, "Bøgelund").municipality()}
    # each municipality's item points at its own case only
    rows = select(store, "SELECT ?item ?case WHERE { ?item rg:case ?case . ?case dct:identifier ?id }",
                  id=Literal("23-013402"))
    for row in rows:
        assert str(row["item"]).split("/meeting/")[0] == str(row["case"]).split("/case/")[0]


def test_municipality_and_bodies_are_nodes(store: EmbeddedStore) -> None:
    ingest(BYRAAD, store, "Egeskov")
    ingest(TU_MINUTES, store, "Egeskov")
    mun = URIRef(Minter(BASE, "Egeskov").municipality())
    assert store.ask(PREFIXES + "ASK { ?m a org:Organization ; skos:prefLabel ?name }",
                     {"m": mun, "name": Literal("Egeskov")})
    rows = select(store, "SELECT ?body ?label WHERE { ?body a besluit:Bestuursorgaan ; skos:prefLabel ?label ;"
                         " org:subOrganizationOf ?m . ?z besluit:isGehoudenDoor ?body }", m=mun)
    assert {str(r["label"]) for r in rows} == {"Byrådet", "Teknisk Udvalg"}
    minter = Minter(BASE, "Egeskov")
    assert {str(r["body"]) for r in rows} == {minter.body("Byrådet"), minter.body("Teknisk Udvalg")}


def test_minutes_replace_the_agenda_graph_and_keep_iris(store: EmbeddedStore) -> None:
    first = ingest(TU_AGENDA, store, "Egeskov")
    items_q = "SELECT ?item WHERE { GRAPH ?g { ?z besluit:behandelt ?item } }"
    agenda_items = {str(r["item"]) for r in select(store, items_q, g=URIRef(first.graph))}
    kind_q = "SELECT ?kind WHERE { GRAPH ?g { ?z rg:documentKind ?kind } }"
    assert [str(r["kind"]) for r in select(store, kind_q, g=URIRef(first.graph))] == ["dagsorden"]
    decisions_q = "SELECT ?d ?body WHERE { GRAPH ?g { ?d a besluit:Besluit . OPTIONAL { ?d rg:decisionBody ?body } } }"
    # the agenda only carries the earlier body's decision (Klima- og Miljøudvalget on item 2)
    assert {str(r["body"]) for r in select(store, decisions_q, g=URIRef(first.graph))} == {"Klima- og Miljøudvalget"}

    second = ingest(TU_MINUTES, store, "Egeskov")
    assert second.graph == first.graph and second.meeting == first.meeting
    assert _meeting_graphs(store) == [first.graph]
    minutes_items = {str(r["item"]) for r in select(store, items_q, g=URIRef(first.graph))}
    assert minutes_items == agenda_items and len(minutes_items) == 5
    assert [str(r["kind"]) for r in select(store, kind_q, g=URIRef(first.graph))] == ["referat"]
    assert len(select(store, decisions_q, g=URIRef(first.graph))) == 6
    # nothing of the agenda document is left
    sources = select(store, "SELECT DISTINCT ?file WHERE { ?doc rg:sourceFile ?file }")
    assert [str(r["file"]) for r in sources] == [TU_MINUTES.name]


def test_reingesting_the_same_minutes_changes_nothing(store: EmbeddedStore) -> None:
    first = ingest(BYRAAD, store, "Egeskov")
    count = store.triple_count()
    second = ingest(BYRAAD, store, "Egeskov")
    assert store.triple_count() == count and second.triples == first.triples


def _person(store: EmbeddedStore, iri: str) -> str:
    rows = select(store, "SELECT ?name WHERE { ?p foaf:name ?name }", p=URIRef(iri))
    return str(rows[0]["name"]) if rows else ""


def test_attendance_becomes_data_who_was_absent_from_which_meeting_and_item(store: EmbeddedStore) -> None:
    result = ingest(BYRAAD, store, "Egeskov")
    meeting = URIRef(result.meeting)
    absent = select(store, "SELECT ?p WHERE { ?m rg:absentee ?p }", m=meeting)
    assert {_person(store, str(r["p"])) for r in absent} == {"Søren Kvist"}
    present = select(store, "SELECT ?p WHERE { ?m besluit:heeftAanwezigeBijStart ?p }", m=meeting)
    assert {_person(store, str(r["p"])) for r in present} == {"Anna Hansen", "Bo Jensen", "Carl Berg", "Tove Nygaard"}
    minter = Minter(BASE, "Egeskov")
    per_item = select(store, "SELECT ?item ?p WHERE { ?m besluit:behandelt ?item . ?item rg:absentee ?p }", m=meeting)
    got = {(str(r["item"]).rsplit("/", 1)[-1], _person(store, str(r["p"]))) for r in per_item}
    assert got == {("2", "Bo Jensen"), ("3", "Tove Nygaard")}
    assert all(str(r["p"]).startswith(minter.municipality() + "/person/") for r in per_item)


def test_the_same_person_absent_in_two_documents_is_one_node(store: EmbeddedStore) -> None:
    """Bo Jensen is absent from an item in the council minutes and present in the export of the
    same municipality: one person node links both meetings."""
    ingest(BYRAAD, store, "Egeskov")
    ingest(FIXTURE_DIR / "export_tmu_referat.txt", store, "Egeskov")
    rows = select(store, "SELECT DISTINCT ?p WHERE { ?p a foaf:Person ; foaf:name ?n }", n=Literal("Bo Jensen"))
    assert len(rows) == 1
    meetings = select(store, "SELECT DISTINCT ?m WHERE { { ?m besluit:heeftAanwezigeBijStart ?p } UNION "
                             "{ ?m besluit:behandelt ?i . ?i rg:absentee ?p } }", p=rows[0]["p"])
    assert len(meetings) == 2


def test_cli_ingest_with_municipality_option_keeps_municipalities_apart(tmp_path: Path) -> None:
    """``referatgraf ingest -m …`` twice into one store: the same export, two municipalities."""
    from typer.testing import CliRunner

    from referatgraf.cli import app

    store_dir = tmp_path / "store"
    export = FIXTURE_DIR / "export_bsu_referat.json"  # item 4 has case 23-013402
    for municipality in ("Egeskov", "Bøgelund"):
        result = CliRunner().invoke(app, ["ingest", "--store", str(store_dir), "-m", municipality, str(export)])
        assert result.exit_code == 0, result.output
    with EmbeddedStore(store_dir) as store:
        assert len(_meeting_graphs(store)) == 2
        rows = select(store, "SELECT DISTINCT ?case WHERE { ?case a rg:Case ; dct:identifier ?id }",
                      id=Literal("23-013402"))
        assert len(rows) == 2
        bodies = select(store, "SELECT DISTINCT ?body WHERE { ?body a besluit:Bestuursorgaan ; "
                               "skos:prefLabel ?label }", label=Literal("Børne- og Skoleudvalget"))
        assert len(bodies) == 2


def test_case_history_of_an_export_lands_as_decisions_of_each_body(store: EmbeddedStore) -> None:
    result = ingest(FIXTURE_DIR / "export_kb_referat.xml", store, "Egeskov")
    item = URIRef(Minter(BASE, "Egeskov").item(result.meeting, 2))
    rows = select(store, "SELECT ?body ?date WHERE { ?t dct:subject ?item ; prov:generated ?d . "
                         "?d rg:decisionBody ?body ; rg:decisionDate ?date }", item=item)
    assert sorted((str(r["date"]), str(r["body"])) for r in rows) == [
        ("2024-06-03", "Plan- og Boligudvalget"), ("2024-06-12", "Økonomiudvalget"),
        ("2024-06-19", "Kommunalbestyrelsen")]


def test_an_unrecognised_document_is_a_failure_and_leaves_the_store_as_it_was(store: EmbeddedStore) -> None:
    from referatgraf.ingest.pipeline import ingest_paths

    ingest(BYRAAD, store, "Egeskov")
    before = (store.graphs(), store.triple_count())
    summary = ingest_paths([FIXTURE_DIR / "unknown" / "nyhedsbrev.txt"], store, Settings(municipality="Egeskov"))
    assert summary.documents == [] and len(summary.failures) == 1
    assert "unrecognised layout" in summary.failures[0].message
    assert (store.graphs(), store.triple_count()) == before
