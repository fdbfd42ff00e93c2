"""Counts that describe a store: graphs, triples, quads, nodes per class and stub meetings; and
whether a bulk load into it stopped half way (the mark ingest.load_mark leaves until a load
finishes), which ``stats``, ``validate`` and ``serve`` report.

Honest counts: ``triples`` is the number of distinct triples in the union of our graphs (what a
client querying the union default graph sees), ``quads`` the number of (graph, triple) pairs
stored; the two differ when a triple is stated in more than one graph. Meetings are counted
apart: ``besluit:Zitting`` counts meetings read from their own document, ``stub_meetings`` those
known only from references (read.queries.STUB).

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> stats = store_stats(store)
>>> stats.graphs, stats.classes["besluit:Agendapunt"], stats.interrupted, stats.stub_meetings
(2, 2, None, 0)
>>> stats.triples == stats.quads
True
>>> store.close()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from referatgraf.graph.iris import Minter
from referatgraf.store.base import Store
from referatgraf.ontology.vocab import PREFIXES, sparql_prologue
from referatgraf.read.queries import STUB
from referatgraf.store.paged import TRIPLES, count_query, graphs_filter

#: nodes per class in our graphs (a server's own graphs, e.g. Virtuoso's, left out: ``$graphs``)
CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?g { ?node a ?class } $graphs }
GROUP BY ?class ORDER BY DESC(?n) ?class
"""

#: meetings known only from references (graph.mapping.add_referenced_meeting), not yet read
STUB_COUNT = """
SELECT (COUNT(DISTINCT ?meeting) AS ?n) WHERE {
  GRAPH ?g { ?meeting a <https://w3id.org/referatgraf/ns#ReferencedMeeting> } $graphs
  FILTER($stub)
}
"""

INTERRUPTED_LOAD = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?started (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?mark { ?mark prov:startedAtTime ?started OPTIONAL { ?mark prov:generated ?g } }
} GROUP BY ?started
"""


@dataclass(frozen=True)
class InterruptedLoad:
    """A bulk load that has not finished: when it started, and the documents it fully loaded."""

    started: str
    documents: int

    def __str__(self) -> str:
        return (f"the store is incomplete: a bulk load started {self.started} did not finish "
                f"({self.documents} document(s) fully loaded); run `referatgraf bulk-ingest --resume` "
                "with the same folders to finish it, or `--replace` to start over")


@dataclass
class StoreStats:
    graphs: int
    triples: int  # distinct triples in the union of our graphs
    classes: dict[str, int] = field(default_factory=dict)
    interrupted: InterruptedLoad | None = None
    quads: int = 0  # (graph, triple) pairs: ``triples`` plus every repeat of a triple in another graph
    stub_meetings: int = 0  # referenced meetings whose own document is not in the store


def compact(iri: str) -> str:
    """``besluit:Zitting`` for a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def store_stats(store: Store) -> StoreStats:
    classes = {compact(iri): n for iri, n in class_counts(store).items()}
    return StoreStats(graphs=len(store.graphs()), triples=distinct_triples(store), classes=classes,
                      interrupted=interrupted_load(store), quads=store.triple_count(),
                      stub_meetings=stub_meetings(store))


def class_counts(store: Store) -> dict[str, int]:
    """Nodes per class IRI, most first: what ``stats`` and VoID's class partitions show."""
    rows = store.select(CLASS_COUNTS.replace("$graphs", graphs_filter(store.graph_base)))
    return {str(r["class"]): int(r["n"]) for r in rows}


def distinct_triples(store: Store) -> int:
    """Distinct triples in the union of our graphs (``void:triples``), not the quad count."""
    return int(store.select(count_query(TRIPLES, store.graph_base))[0]["n"])


def stub_meetings(store: Store) -> int:
    """How many referenced meetings have no document of their own in the store."""
    query = sparql_prologue() + STUB_COUNT.replace("$graphs", graphs_filter(store.graph_base)).replace("$stub", STUB)
    return int(store.select(query)[0]["n"])


def interrupted_load(store: Store) -> InterruptedLoad | None:
    """The bulk load that stopped half way in ``store``, if one did."""
    rows = store.select(INTERRUPTED_LOAD, bindings={"mark": URIRef(Minter.bulk_load_graph())})
    return InterruptedLoad(str(rows[0]["started"]), int(rows[0]["n"])) if rows else None
