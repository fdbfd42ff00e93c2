"""Counts that describe a store: graphs, triples, and nodes per class; and whether a bulk load
into it stopped half way (the mark ingest.load_mark leaves until a load finishes), which
``stats``, ``validate`` and ``serve`` report.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> stats = store_stats(store)
>>> stats.graphs, stats.classes["besluit:Agendapunt"], stats.interrupted
(2, 2, None)
>>> store.close()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from referatgraf.graph.iris import Minter
from referatgraf.store.base import Store
from referatgraf.store.paged import graphs_filter
from referatgraf.ontology.vocab import PREFIXES

#: nodes per class in our graphs (a server's own graphs, e.g. Virtuoso's, left out: ``$graphs``)
CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?g { ?node a ?class } $graphs }
GROUP BY ?class ORDER BY DESC(?n) ?class
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
    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    interrupted: InterruptedLoad | None = None


def compact(iri: str) -> str:
    """``besluit:Zitting`` for a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def store_stats(store: Store) -> StoreStats:
    rows = store.select(CLASS_COUNTS.replace("$graphs", graphs_filter(store.graph_base)))
    classes = {compact(str(r["class"])): int(r["n"]) for r in rows}
    return StoreStats(graphs=len(store.graphs()), triples=store.triple_count(), classes=classes,
                      interrupted=interrupted_load(store))


def interrupted_load(store: Store) -> InterruptedLoad | None:
    """The bulk load that stopped half way in ``store``, if one did."""
    rows = store.select(INTERRUPTED_LOAD, bindings={"mark": URIRef(Minter.bulk_load_graph())})
    return InterruptedLoad(str(rows[0]["started"]), int(rows[0]["n"])) if rows else None
