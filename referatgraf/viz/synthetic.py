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

from referatgraf.graph.iris import Minter
from referatgraf.settings import Settings
from referatgraf.viz.model import EdgeType, NodeType, add_edge, add_node, new_graph

if TYPE_CHECKING:
    import networkx as nx

MINT = Minter(Settings.model_fields["base_iri"].default, "synth")
"""IRIs as ingest would mint them for municipality "synth" under the default base."""


def synthetic_graph(n_nodes: int, seed: int = 7) -> "nx.DiGraph":
    """A typed graph with exactly ``n_nodes`` nodes."""
    rnd = random.Random(seed)
    g = new_graph()
    body = MINT.body("Chefforum")
    add_node(g, body, NodeType.BODY, "Chefforum")
    people = [MINT.person(f"p{i}") for i in range(max(3, n_nodes // 40))]
    departments = [MINT.department(f"d{i}") for i in range(max(2, n_nodes // 200))]
    subjects = [MINT.kle(f"{i:02d}.{j:02d}") for i in range(10) for j in range(5)]
    cases: list[str] = []
    meeting_no = 0
    while g.number_of_nodes() < n_nodes:
        meeting_no += 1
        date = f"{2000 + meeting_no // 24:04d}-{1 + meeting_no % 12:02d}-{1 + meeting_no % 27:02d}"
        meeting = MINT.meeting("Chefforum", date)  # one meeting a date (24 a year, no two alike)
        add_node(g, meeting, NodeType.MEETING, f"Chefforum {date}", date=date)
        add_edge(g, meeting, body, EdgeType.HELD_BY)
        for number in range(1, rnd.randint(4, 9)):
            if g.number_of_nodes() >= n_nodes:
                break
            _synthetic_item(g, rnd, meeting, number, date, cases, people, departments, subjects, n_nodes)
    return g


def _synthetic_item(g: "nx.DiGraph", rnd: random.Random, meeting: str, number: int, date: str,
                    cases: list[str], people: list[str], departments: list[str], subjects: list[str],
                    limit: int) -> None:
    item = MINT.item(meeting, number)
    add_node(g, item, NodeType.ITEM, f"Punkt {number} om emne {rnd.randint(1, 999)}", date=date, position=number)
    add_edge(g, meeting, item, EdgeType.TREATS)
    extras = [(MINT.decision(meeting, number), NodeType.DECISION, EdgeType.DECISION, "Beslutning"),
              (MINT.attachment(meeting, number, 1), NodeType.ATTACHMENT, EdgeType.ATTACHMENT, "Bilag")]
    for extra, type_, kind, label in extras:
        if g.number_of_nodes() < limit and (type_ is NodeType.DECISION or rnd.random() < 0.4):
            add_node(g, extra, type_, label, date=date, detail=f"{label} til punkt {number}")
            add_edge(g, item, extra, kind)
    if g.number_of_nodes() < limit:
        if cases and rnd.random() < 0.5:
            case = rnd.choice(cases)
        else:
            number_as_written = f"00.01.00-A00-{len(cases) + 1}-20"
            case = MINT.case(number_as_written)
            cases.append(case)
            add_node(g, case, NodeType.CASE, number_as_written)
            subject = rnd.choice(subjects)
            notation = subject.rsplit("/", 1)[1]
            add_node(g, subject, NodeType.KLE, notation, notation=notation)
            add_edge(g, case, subject, EdgeType.SUBJECT)
        add_edge(g, item, case, EdgeType.CASE)
    for pool, kind in ((departments, EdgeType.PROPOSER), (people, EdgeType.PRESENTER)):
        actor = rnd.choice(pool)
        if actor not in g and g.number_of_nodes() >= limit:
            continue
        type_ = NodeType.DEPARTMENT if kind is EdgeType.PROPOSER else NodeType.PERSON
        add_node(g, actor, type_, f"{type_.value.title()} {actor.rsplit('/', 1)[1]}")
        add_edge(g, item, actor, kind)
