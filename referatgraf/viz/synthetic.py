"""Synthetic projected graphs of a chosen size, shaped like a body's history (for benchmarks/tests).

Each meeting treats items; items carry a decision, sometimes an attachment, a case (cases recur
across meetings), a proposer department and a presenter; cases have KLE subjects. Seeded, so
the same size always gives the same graph.

>>> g = synthetic_graph(200)
>>> g.number_of_nodes()
200
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from referatgraf.viz.model import EdgeType, NodeType, add_edge, add_node, new_graph

if TYPE_CHECKING:
    import networkx as nx

BASE = "https://data.referatgraf.dk/id/synth/"


def synthetic_graph(n_nodes: int, seed: int = 7) -> "nx.DiGraph":
    """A typed graph with exactly ``n_nodes`` nodes."""
    rnd = random.Random(seed)
    g = new_graph()
    add_node(g, BASE + "body/chefforum", NodeType.BODY, "Chefforum")
    people = [f"{BASE}person/p{i}" for i in range(max(3, n_nodes // 40))]
    departments = [f"{BASE}department/d{i}" for i in range(max(2, n_nodes // 200))]
    subjects = [f"https://data.referatgraf.dk/id/kle/{i:02d}.{j:02d}" for i in range(10) for j in range(5)]
    cases: list[str] = []
    meeting_no = 0
    while g.number_of_nodes() < n_nodes:
        meeting_no += 1
        date = f"{2000 + meeting_no // 24:04d}-{1 + meeting_no % 12:02d}-{1 + meeting_no % 27:02d}"
        meeting = f"{BASE}meeting/chefforum/{date}-{meeting_no}"
        add_node(g, meeting, NodeType.MEETING, f"Chefforum {date}", date=date)
        add_edge(g, meeting, BASE + "body/chefforum", EdgeType.HELD_BY)
        for number in range(1, rnd.randint(4, 9)):
            if g.number_of_nodes() >= n_nodes:
                break
            _synthetic_item(g, rnd, meeting, number, date, cases, people, departments, subjects, n_nodes)
    return g


def _synthetic_item(g: "nx.DiGraph", rnd: random.Random, meeting: str, number: int, date: str,
                    cases: list[str], people: list[str], departments: list[str], subjects: list[str],
                    limit: int) -> None:
    item = f"{meeting}/item/{number}"
    add_node(g, item, NodeType.ITEM, f"Punkt {number} om emne {rnd.randint(1, 999)}", date=date, position=number)
    add_edge(g, meeting, item, EdgeType.TREATS)
    extras = [("decision", NodeType.DECISION, EdgeType.DECISION, "Beslutning"),
              ("attachment", NodeType.ATTACHMENT, EdgeType.ATTACHMENT, "Bilag")]
    for suffix, type_, kind, label in extras:
        if g.number_of_nodes() < limit and (type_ is NodeType.DECISION or rnd.random() < 0.4):
            add_node(g, f"{item}/{suffix}", type_, label, date=date, detail=f"{label} til punkt {number}")
            add_edge(g, item, f"{item}/{suffix}", kind)
    if g.number_of_nodes() < limit:
        if cases and rnd.random() < 0.5:
            case = rnd.choice(cases)
        else:
            case = f"{BASE}case/00.01.00-A00-{len(cases) + 1}-20"
            cases.append(case)
            add_node(g, case, NodeType.CASE, case.rsplit("/", 1)[1])
            subject = rnd.choice(subjects)
            add_node(g, subject, NodeType.KLE, subject.rsplit("/", 1)[1], notation=subject.rsplit("/", 1)[1])
            add_edge(g, case, subject, EdgeType.SUBJECT)
        add_edge(g, item, case, EdgeType.CASE)
    for pool, kind in ((departments, EdgeType.PROPOSER), (people, EdgeType.PRESENTER)):
        actor = rnd.choice(pool)
        if actor not in g and g.number_of_nodes() >= limit:
            continue
        type_ = NodeType.DEPARTMENT if kind is EdgeType.PROPOSER else NodeType.PERSON
        add_node(g, actor, type_, f"{type_.value.title()} {actor.rsplit('/', 1)[1]}")
        add_edge(g, item, actor, kind)
