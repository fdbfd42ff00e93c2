"""A tiny graph and an in-memory source to show and test the graph pages' reads without a store.

:meth:`MemorySource.example` is one meeting of "Udvalg" in municipality "By" treating one item
of one case (KLE 00.01), proposed by Bo Berg, who also attends; its IRIs, minted like ingest
mints them, are in :data:`EXAMPLE`.

>>> from referatgraf.read.projection import find_case
>>> find_case(MemorySource.example(), "00.01.00-A00-7-21") == EXAMPLE.case
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from referatgraf.graph.iris import Minter
from referatgraf.ontology.vocab import BESLUIT, DCTERMS, FOAF, PROV, RDF, RG, SDO, SKOS, XSD


class MemorySource:
    """An rdflib graph read through the same typed reads as a store (examples, tests, or a graph
    not stored yet): it answers ``select`` and ``ask`` with ``bindings`` like a Store does."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[dict[str, Node]]:
        result = self.graph.query(query, initBindings=dict(bindings or {}))
        return [{str(k): v for k, v in row.asdict().items()} for row in result]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        return bool(self.graph.query(query, initBindings=dict(bindings or {})).askAnswer)

    @classmethod
    def example(cls) -> "MemorySource":
        """The example meeting (see the module); IRIs in :data:`EXAMPLE`."""
        return cls(example_graph())


EXAMPLE_BASE = "https://example.org/"
"""The base IRI of the example graph (``Settings.base_iri`` for views over it)."""


def _example_iris() -> SimpleNamespace:
    minter = Minter(EXAMPLE_BASE, "By")
    meeting = minter.meeting("Udvalg", "2021-03-04")
    return SimpleNamespace(body=minter.body("Udvalg"), meeting=meeting, item=minter.item(meeting, 1),
                           treatment=minter.treatment(meeting, 1), decision=minter.decision(meeting, 1),
                           case=minter.case("00.01.00-A00-7-21"), person=minter.person("Bo Berg"),
                           kle=minter.kle("00.01"), kle_group=minter.kle("00"))


EXAMPLE = _example_iris()
"""The IRIs of :meth:`MemorySource.example`, minted by a :class:`~referatgraf.graph.iris.Minter`."""


def example_graph() -> Graph:
    """The triples of :meth:`MemorySource.example`."""
    e = {k: URIRef(v) for k, v in vars(EXAMPLE).items()}
    g = Graph()
    for s, p, o in [
        (e["body"], RDF.type, BESLUIT.Bestuursorgaan), (e["body"], SKOS.prefLabel, Literal("Udvalg")),
        (e["meeting"], RDF.type, BESLUIT.Zitting), (e["meeting"], BESLUIT.isGehoudenDoor, e["body"]),
        (e["meeting"], BESLUIT.geplandeStart, Literal("2021-03-04T09:30:00+01:00", datatype=XSD.dateTime)),
        (e["meeting"], DCTERMS.date, Literal("2021-03-04", datatype=XSD.date)),
        (e["meeting"], BESLUIT.behandelt, e["item"]), (e["meeting"], BESLUIT.heeftAanwezige, e["person"]),
        (e["item"], RDF.type, BESLUIT.Agendapunt), (e["item"], DCTERMS.title, Literal("Budget")),
        (e["item"], SDO.position, Literal(1)), (e["item"], RG.itemNumber, Literal("1")),
        (e["item"], BESLUIT.geplandOpenbaar, Literal(True)), (e["item"], RG.case, e["case"]),
        (e["item"], RG.proposer, e["person"]),
        (e["treatment"], DCTERMS.subject, e["item"]), (e["treatment"], PROV.generated, e["decision"]),
        (e["decision"], PROV.value, Literal("Godkendt.")),
        (e["case"], RDF.type, RG.Case), (e["case"], DCTERMS.identifier, Literal("00.01.00-A00-7-21")),
        (e["case"], DCTERMS.subject, e["kle"]),
        (e["kle"], SKOS.notation, Literal("00.01")), (e["kle"], SKOS.prefLabel, Literal("Kommunens styrelse")),
        (e["kle"], SKOS.broader, e["kle_group"]), (e["kle_group"], SKOS.notation, Literal("00")),
        (e["person"], RDF.type, FOAF.Person), (e["person"], FOAF.name, Literal("Bo Berg")),
    ]:
        g.add((s, p, o))
    return g
