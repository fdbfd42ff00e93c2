"""List the actors in a store: every entity with its mention count and the meetings it appears in.

Reads only what graph.mentions wrote (``rg:Mention`` nodes with ``rg:mentionOf``), through the
:class:`~referatgraf.store.base.Store` interface, so it works on the embedded store and on any
SPARQL 1.1 server alike. The kind filter is passed as a binding, never pasted into the query.

>>> rows = list_actors(store, kind="person")  # doctest: +SKIP
>>> rows[0].name, rows[0].mentions, rows[0].meetings  # doctest: +SKIP
('Mie Louise Kragh Thorup', 11, ['2016-09-01', '2017-06-01'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Identifier, Node

from referatgraf.ontology.vocab import sparql_prologue

KINDS = ("person", "post", "department", "body", "organisation")

ACTORS_QUERY = sparql_prologue() + """
SELECT ?entity ?kind (COUNT(DISTINCT ?mention) AS ?mentions)
       (GROUP_CONCAT(DISTINCT STR(?date); separator="|") AS ?dates)
       (GROUP_CONCAT(DISTINCT ?label; separator="|") AS ?labels)
WHERE {
  ?mention a rg:Mention ; rg:mentionOf ?entity ; rg:mentionKind ?kind ; dct:isPartOf ?where .
  FILTER(?kind != "meeting_ref")
  { ?where a besluit:Zitting . BIND(?where AS ?meeting) } UNION { ?meeting besluit:behandelt ?where }
  ?meeting dct:date ?date .
  OPTIONAL { ?entity foaf:name|skos:prefLabel ?label }
}
GROUP BY ?entity ?kind
"""

Select = Callable[[str, Mapping[str, Identifier] | None], list[dict[str, Node]]]


@dataclass(frozen=True)
class ActorRow:
    iri: str
    kind: str
    name: str  # the longest name any document gives it
    mentions: int
    meetings: list[str]  # ISO dates of the meetings that mention it, sorted


def list_actors(store, kind: str | None = None) -> list[ActorRow]:  # noqa: ANN001 - Store
    """Actors of ``kind`` (all kinds when None) in ``store``, most mentioned first."""
    return actors_from_select(store.select, kind)


def list_actors_in_graph(graph: Graph, kind: str | None = None) -> list[ActorRow]:
    """The same listing over an in-memory rdflib graph (tests, or before anything is stored)."""

    def select(query: str, bindings: Mapping[str, Identifier] | None) -> list[dict[str, Node]]:
        return [{str(k): v for k, v in row.asdict().items()}
                for row in graph.query(query, initBindings=dict(bindings or {}))]

    return actors_from_select(select, kind)


def actors_from_select(select: Select, kind: str | None) -> list[ActorRow]:
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown actor type {kind!r}; choose one of {', '.join(KINDS)}")
    bindings = {"kind": Literal(kind)} if kind else None
    rows = [_row(r) for r in select(ACTORS_QUERY, bindings)]
    return sorted(rows, key=lambda r: (-r.mentions, r.kind, r.name))


def _row(r: dict[str, Node]) -> ActorRow:
    labels = [x for x in str(r.get("labels", "")).split("|") if x]
    name = max(labels, key=lambda t: (len(t.split()), len(t), t)) if labels else str(r["entity"])
    dates = sorted({d for d in str(r.get("dates", "")).split("|") if d})
    return ActorRow(str(r["entity"]), str(r["kind"]), name, int(r["mentions"]), dates)


def render_actors(rows: list[ActorRow]) -> str:
    """A plain text table: type, name, mentions, meetings."""
    if not rows:
        return "no actors found\n"
    width = max(len(r.name) for r in rows)
    lines = [f"{'type':13} {'name':{width}} {'mentions':>8}  meetings"]
    for r in rows:
        lines.append(f"{r.kind:13} {r.name:{width}} {r.mentions:>8}  {', '.join(r.meetings)}")
    return "\n".join(lines) + "\n"
