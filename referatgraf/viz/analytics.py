"""networkx analytics over a projected graph: who is most connected, which cases recur, communities.

Actors (people, posts, departments) are *connected* when they appear in the same agenda item or
meeting (any role: proposer, presenter, participant, mentioned, attendee). The results are
pydantic models: the pages show them and the JSON API returns them as they are.

>>> from referatgraf.viz.model import new_graph, add_node, add_edge, NodeType, EdgeType
>>> g = new_graph()
>>> for n in ("a", "b", "c"): add_node(g, n, NodeType.PERSON, n.upper())
>>> add_node(g, "i", NodeType.ITEM, "x")
>>> for n in ("a", "b"): add_edge(g, "i", n, EdgeType.PRESENTER)
>>> [(s.label, s.degree) for s in most_connected(g, (NodeType.PERSON,), 2)]
[('A', 1), ('B', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING

from pydantic import BaseModel

from referatgraf.viz.model import ACTOR_TYPES, NodeType

if TYPE_CHECKING:
    import networkx as nx

BETWEENNESS_SAMPLE = 300
"""Above this many actors betweenness is estimated from this many sampled sources (seeded)."""
_CONTEXTS = (NodeType.ITEM.value, NodeType.MEETING.value)


class ActorScore(BaseModel):
    """An actor's place in the co-appearance network."""

    iri: str
    label: str
    type: str
    degree: int  # distinct actors met
    weighted_degree: int  # co-appearances counted with multiplicity
    betweenness: float  # normalised, 0..1
    appearances: int  # items and meetings the actor appears in


class CaseSpan(BaseModel):
    """A case and the meetings that treated it."""

    iri: str
    label: str
    meetings: int
    items: int
    first: str | None = None
    last: str | None = None
    meeting_iris: list[str] = []


class CoActor(BaseModel):
    iri: str
    label: str
    type: str
    shared: int  # items and meetings shared with the ego


class Member(BaseModel):
    iri: str
    label: str
    type: str


class Community(BaseModel):
    """Actors more connected to each other than to the rest (Louvain, seeded)."""

    index: int
    size: int
    members: list[Member]


def _actor_values(types: Iterable[NodeType]) -> set[str]:
    return {t.value for t in types}


def actor_graph(g: "nx.DiGraph", types: Iterable[NodeType] = ACTOR_TYPES) -> "nx.Graph":
    """Undirected co-appearance graph of the actors of ``types``; ``weight`` = shared contexts."""
    import networkx as nx

    wanted = _actor_values(types)
    out = nx.Graph()
    for node, attrs in g.nodes(data=True):
        if attrs["type"] in wanted:
            out.add_node(node, label=attrs.get("label") or node, type=attrs["type"], appearances=0)
    for context, attrs in g.nodes(data=True):
        if attrs["type"] not in _CONTEXTS:
            continue
        actors = sorted({a for a in g.successors(context) if a in out})
        for actor in actors:
            out.nodes[actor]["appearances"] += 1
        for a, b in combinations(actors, 2):
            weight = out.edges[a, b]["weight"] + 1 if out.has_edge(a, b) else 1
            out.add_edge(a, b, weight=weight)
    return out


def most_connected(g: "nx.DiGraph", types: Iterable[NodeType] = ACTOR_TYPES, top: int = 10) -> list[ActorScore]:
    """Actors ranked by degree, then betweenness, in the co-appearance graph."""
    import networkx as nx

    actors = actor_graph(g, types)
    if actors.number_of_nodes() == 0:
        return []
    k = BETWEENNESS_SAMPLE if actors.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(actors, k=k, seed=7)
    scores = [ActorScore(iri=n, label=a["label"], type=a["type"], degree=actors.degree(n),
                         weighted_degree=int(actors.degree(n, weight="weight")),
                         betweenness=round(betweenness[n], 4), appearances=a["appearances"])
              for n, a in actors.nodes(data=True)]
    scores.sort(key=lambda s: (-s.degree, -s.betweenness, -s.appearances, s.label))
    return scores[:top]


def case_spans(g: "nx.DiGraph") -> list[CaseSpan]:
    """Every case with the meetings that treated it, most meetings first."""
    spans = []
    for case, attrs in g.nodes(data=True):
        if attrs["type"] != NodeType.CASE.value:
            continue
        items = [i for i in g.predecessors(case) if g.nodes[i]["type"] == NodeType.ITEM.value]
        meetings = {m for i in items for m in g.predecessors(i) if g.nodes[m]["type"] == NodeType.MEETING.value}
        dates = sorted(g.nodes[m]["date"] for m in meetings if g.nodes[m].get("date"))
        spans.append(CaseSpan(iri=case, label=attrs.get("label") or case, meetings=len(meetings), items=len(items),
                              first=dates[0] if dates else None, last=dates[-1] if dates else None,
                              meeting_iris=sorted(meetings, key=lambda m: (g.nodes[m].get("date") or "", m))))
    spans.sort(key=lambda s: (-s.meetings, -s.items, s.label))
    return spans


def subject_meetings(g: "nx.DiGraph") -> dict[str, set[str]]:
    """KLE subject → the meetings that treated one of its cases."""
    out: dict[str, set[str]] = defaultdict(set)
    for span in case_spans(g):
        for subject in g.successors(span.iri):
            if g.nodes[subject]["type"] == NodeType.KLE.value:
                out[subject] |= set(span.meeting_iris)
    return dict(out)


def co_appearing(g: "nx.DiGraph", ego: str) -> list[CoActor]:
    """Actors who share an item or meeting with ``ego``, most shared first."""
    actors = actor_graph(g)
    if ego not in actors:
        return []
    rows = [CoActor(iri=n, label=actors.nodes[n]["label"], type=actors.nodes[n]["type"],
                    shared=actors.edges[ego, n]["weight"]) for n in actors.neighbors(ego)]
    rows.sort(key=lambda r: (-r.shared, r.label))
    return rows


def communities(g: "nx.DiGraph", types: Iterable[NodeType] = ACTOR_TYPES, min_size: int = 2) -> list[Community]:
    """Louvain communities of the co-appearance graph (greedy modularity if Louvain is missing)."""
    from networkx.algorithms import community as nx_community

    actors = actor_graph(g, types)
    actors.remove_nodes_from([n for n in list(actors) if actors.degree(n) == 0])
    if actors.number_of_edges() == 0:
        return []
    if hasattr(nx_community, "louvain_communities"):
        groups = nx_community.louvain_communities(actors, weight="weight", seed=7)
    else:  # pragma: no cover - networkx < 2.8
        groups = nx_community.greedy_modularity_communities(actors, weight="weight")
    groups = sorted((sorted(c, key=lambda n: actors.nodes[n]["label"]) for c in groups if len(c) >= min_size),
                    key=lambda c: (-len(c), actors.nodes[c[0]]["label"]))
    return [Community(index=i, size=len(c),
                      members=[Member(iri=n, label=actors.nodes[n]["label"], type=actors.nodes[n]["type"]) for n in c])
            for i, c in enumerate(groups, start=1)]
