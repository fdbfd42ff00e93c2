"""Counts that describe a store: graphs, triples, and nodes per class.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> stats = store_stats(store)
>>> stats.graphs, stats.classes["besluit:Agendapunt"]
(2, 2)
>>> store.close()
"""

from __future__ import annotations

from dataclasses import dataclass, field

from referatgraf.store.base import Store
from referatgraf.store.paged import graphs_filter
from referatgraf.ontology.vocab import PREFIXES

#: nodes per class in our graphs (a server's own graphs, e.g. Virtuoso's, left out: ``$graphs``)
CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE { GRAPH ?g { ?node a ?class } $graphs }
GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@dataclass
class StoreStats:
    graphs: int
    triples: int
    classes: dict[str, int] = field(default_factory=dict)


def compact(iri: str) -> str:
    """``besluit:Zitting`` for a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def store_stats(store: Store) -> StoreStats:
    rows = store.select(CLASS_COUNTS.replace("$graphs", graphs_filter(store.graph_base)))
    classes = {compact(str(r["class"])): int(r["n"]) for r in rows}
    return StoreStats(graphs=len(store.graphs()), triples=store.triple_count(), classes=classes)
