"""What a graph page is made of: typed nodes and edges in a networkx graph, and the :class:`View`
(graph, title, side panels) that views shape and render draws; shared by both, imported by both.

Nodes are keyed by IRI and carry ``type`` (a :class:`NodeType` value), ``label`` (full text),
``date`` (ISO date of the meeting, or None) and optional ``detail`` (a decision's text) and
``iri``; edges carry ``kind`` (an :class:`EdgeType` value).

>>> from referatgraf.graph.iris import Minter
>>> case = Minter("https://example.org/", "By").case("1")
>>> g = new_graph()
>>> add_node(g, case, NodeType.CASE, "1")
>>> add_node(g, case, NodeType.CASE, "ignored", identifier="1")
>>> g.nodes[case]["type"], g.nodes[case]["label"], g.nodes[case]["identifier"]
('case', '1', '1')
>>> View("case", "Case 1", g, [case]).layout
'force'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


class NodeType(str, Enum):
    """What a node stands for; the value is what pages and the JSON API show."""

    MEETING = "meeting"
    ITEM = "item"
    CASE = "case"
    DECISION = "decision"
    PERSON = "person"
    POST = "post"
    DEPARTMENT = "department"
    BODY = "body"
    ATTACHMENT = "attachment"
    KLE = "kle"


class EdgeType(str, Enum):
    """How two nodes relate, read from subject to object."""

    HELD_BY = "held by"
    TREATS = "treats"
    CASE = "case"
    DECISION = "decision"
    ATTACHMENT = "attachment"
    PROPOSER = "proposer"
    PRESENTER = "presenter"
    PARTICIPANT = "participant"
    MENTIONS = "mentions"
    ATTENDEE = "attendee"
    ABSENTEE = "absentee"
    SUBJECT = "subject"
    BROADER = "broader"
    HOLDS = "holds"
    POST_IN = "post in"
    REFERS_TO = "refers to"


ACTOR_TYPES = (NodeType.PERSON, NodeType.POST, NodeType.DEPARTMENT)


def new_graph() -> "nx.DiGraph":
    """An empty directed graph (networkx imported here, not at module import)."""
    import networkx as nx

    return nx.DiGraph()


def add_node(g: "nx.DiGraph", key: str, type_: NodeType, label: str | None, **attrs: Any) -> None:
    """Add or enrich a node: existing non-empty attributes are kept, missing ones filled in."""
    fields = {"type": type_.value, "label": label or "", **attrs}
    if key not in g:
        g.add_node(key, iri=key, **fields)
        return
    node = g.nodes[key]
    for name, value in fields.items():
        if value not in (None, "") and node.get(name) in (None, ""):
            node[name] = value


def add_edge(g: "nx.DiGraph", source: str, target: str, kind: EdgeType) -> None:
    """Add a typed edge; a second kind between the same nodes is kept in ``kinds``."""
    if g.has_edge(source, target):
        kinds = g.edges[source, target].setdefault("kinds", [g.edges[source, target]["kind"]])
        if kind.value not in kinds:
            kinds.append(kind.value)
        return
    g.add_edge(source, target, kind=kind.value)


def prefer_label(g: "nx.DiGraph", node: str, name: str | None) -> None:
    """Keep the longest name an actor has (then the first alphabetically), whatever the row order."""
    current = g.nodes[node].get("label") or ""
    if name and (len(name), current) > (len(current), name):
        g.nodes[node]["label"] = name


def short(text: str | None, limit: int = 28) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis.

    >>> short("Forskningsmæssigt oplæg om tværgående organiseringsformer", 20)
    'Forskningsmæssigt o…'
    """
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the page model ------------------------------------------------------------------------------
@dataclass
class PanelRow:
    label: str
    value: str = ""
    iri: str | None = None


@dataclass
class Panel:
    heading: str
    rows: list[PanelRow] = field(default_factory=list)


@dataclass
class View:
    kind: str  # case | person | department | body | kle
    title: str
    graph: "nx.DiGraph"
    focus: list[str]
    layout: str = "force"  # force | timeline (hierarchical, left to right by date)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
