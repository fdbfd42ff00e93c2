"""Project the typed reads of :mod:`referatgraf.read.projection` into one networkx graph.

A projection starts from a :class:`~referatgraf.read.projection.Selector` and an anchor (a case,
a person, a body …): the read core says which agenda items they pick and the facts around
those items, hop by hop; this module only adds nodes and edges for what it is handed, keyed by
IRI and typed as in :mod:`referatgraf.viz.model`. ``parts`` (a subset of :data:`PARTS`) says
which hops a view needs.

>>> from referatgraf.read.projection_example import EXAMPLE, MemorySource
>>> g = project_items(MemorySource.example(), Selector.CASE_ITEMS, EXAMPLE.case)
>>> sorted(g.nodes[n]["type"] for n in g)
['body', 'case', 'decision', 'item', 'kle', 'meeting', 'person']
>>> g.edges[EXAMPLE.item, EXAMPLE.person]["kind"], g.edges[EXAMPLE.meeting, EXAMPLE.person]["kind"]
('proposer', 'attendee')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from referatgraf.read import projection as read
from referatgraf.read.projection import ItemFacts, MeetingFacts, Selector
from referatgraf.viz.model import (ACTOR_TYPES, EdgeType, NodeType, add_edge, add_node,  # noqa: F401 - re-exported
                                   new_graph, prefer_label)

if TYPE_CHECKING:
    import networkx as nx

    from referatgraf.read.projection import Source

# The selectors under their former names (benchmarks and older callers use these).
SELECT_CASE_ITEMS = Selector.CASE_ITEMS
SELECT_ACTOR_ITEMS = Selector.ACTOR_ITEMS
SELECT_BODY_ITEMS = Selector.BODY_ITEMS
SELECT_KLE_ITEMS = Selector.KLE_ITEMS
SELECT_ALL_ITEMS = Selector.ALL_ITEMS

PARTS = ("decisions", "attachments", "actors", "meeting_actors", "cases", "organisation")
DEFAULT_PARTS = frozenset(PARTS)

ActorLink = tuple[str, EdgeType, str]  # (item or meeting, role, actor)
Dates = dict[str, str | None]  # item → its meeting's date


def project_items(source: "Source", selector: Selector, anchor: str | None = None,
                  parts: Iterable[str] = DEFAULT_PARTS) -> "nx.DiGraph":
    """The items ``selector`` picks (``?anchor`` bound to ``anchor``) with their meetings and
    bodies, plus the ``parts`` around them."""
    parts = set(parts)
    g = new_graph()
    items = read.select_items(source, selector, anchor)
    facts = read.item_facts(source, items)
    dates, actor_links = _add_meetings(source, g, items, facts, "meeting_actors" in parts)
    if "decisions" in parts:
        _add_decisions(source, g, items, dates)
    if "attachments" in parts:
        _add_attachments(source, g, facts, dates)
    if "actors" in parts:
        actor_links += [(item, EdgeType(role.kind), role.actor) for item in items for role in facts[item].roles]
    if "cases" in parts:
        _add_cases(source, g, facts)
    _add_actors(source, g, actor_links, "organisation" in parts)
    return g


def _add_meetings(source: "Source", g: "nx.DiGraph", items: list[str], facts: dict[str, ItemFacts],
                  with_actors: bool) -> tuple[Dates, list[ActorLink]]:
    """Items with their meetings and bodies; returns each item's date and, with ``with_actors``,
    the meetings' attendees, absentees and mentions."""
    treated_by = read.meetings_of_items(source, items)
    meetings = read.meeting_facts(source, {m for ms in treated_by.values() for m in ms}, with_actors)
    dates: Dates = {}
    links: list[ActorLink] = []
    seen: set[str] = set()
    for item in items:
        for meeting in sorted(treated_by.get(item, ())):
            held = meetings.get(meeting) or MeetingFacts(meeting)
            _add_item(g, facts[item], held)
            dates[item] = held.date
            if with_actors and meeting not in seen:
                seen.add(meeting)
                links += [(meeting, EdgeType(r.kind), r.actor) for r in held.roles]
    return dates, links


def _add_item(g: "nx.DiGraph", item: ItemFacts, meeting: MeetingFacts) -> None:
    """An item, the meeting that treats it and the body that held the meeting."""
    label = " ".join(x for x in (meeting.body_label, meeting.date) if x) or meeting.iri
    add_node(g, meeting.iri, NodeType.MEETING, label, date=meeting.date, body=meeting.body_label)
    add_node(g, item.iri, NodeType.ITEM, item.title, date=meeting.date, position=item.position,
             number=item.number, closed=item.closed)
    add_edge(g, meeting.iri, item.iri, EdgeType.TREATS)
    if meeting.body:
        add_node(g, meeting.body, NodeType.BODY, meeting.body_label)
        add_edge(g, meeting.iri, meeting.body, EdgeType.HELD_BY)


def _add_decisions(source: "Source", g: "nx.DiGraph", items: list[str], dates: Dates) -> None:
    decisions = read.item_decisions(source, items)
    for item in items:
        if item not in g:
            continue
        for decision in decisions.get(item, ()):
            add_node(g, decision.iri, NodeType.DECISION, "Beslutning", date=dates.get(item), detail=decision.text)
            add_edge(g, item, decision.iri, EdgeType.DECISION)


def _add_attachments(source: "Source", g: "nx.DiGraph", facts: dict[str, ItemFacts], dates: Dates) -> None:
    links = [(item, a) for item in facts for a in facts[item].attachments if item in g]
    titles = read.attachment_titles(source, {a for _, a in links})
    for item, attachment in links:
        add_node(g, attachment, NodeType.ATTACHMENT, titles.get(attachment), date=dates.get(item))
        add_edge(g, item, attachment, EdgeType.ATTACHMENT)


def _add_cases(source: "Source", g: "nx.DiGraph", facts: dict[str, ItemFacts]) -> None:
    links = [(item, c) for item in facts for c in facts[item].cases if item in g]
    cases = read.case_facts(source, {c for _, c in links})
    subjects = read.kle_facts(source, {s for c in cases.values() for s in c.subjects})
    for item, case in links:
        identifier = cases[case].identifier
        add_node(g, case, NodeType.CASE, identifier, identifier=identifier)
        add_edge(g, item, case, EdgeType.CASE)
        for kle in cases[case].subjects:
            if kle in subjects:  # a KLE subject (it has a notation)
                add_node(g, kle, NodeType.KLE, subjects[kle].notation, notation=subjects[kle].notation,
                         name=subjects[kle].label)
                add_edge(g, case, kle, EdgeType.SUBJECT)


# -- actors and who holds which post ---------------------------------------------------------------
def _add_actors(source: "Source", g: "nx.DiGraph", links: list[ActorLink], organisation: bool) -> None:
    """Actors with a role in an item or meeting (only people, posts and departments), and with
    ``organisation`` who holds which post (org:holds) and which unit a post is in (org:postIn)."""
    actors = read.actor_facts(source, sorted({a for _, _, a in links}))
    for origin, kind, actor in links:
        if origin in g and actors[actor].kind:
            _add_actor(g, actors[actor])
            add_edge(g, origin, actor, kind)
    if organisation:
        _add_organisation(source, g)


def _add_organisation(source: "Source", g: "nx.DiGraph") -> None:
    drawn = [n for n, a in g.nodes(data=True) if a["type"] in {t.value for t in ACTOR_TYPES}]
    links = _holdings_in_view(source, g, read.org_links(source, drawn))
    others = read.actor_facts(source, sorted({x for link in links for x in (link.source, link.target) if x not in g}))
    kinds = {"holds": EdgeType.HOLDS, "post in": EdgeType.POST_IN}
    for link in links:
        for node in (link.source, link.target):
            if node not in g and others[node].kind:
                _add_actor(g, others[node])
        if link.source in g and link.target in g:
            add_edge(g, link.source, link.target, kinds[link.relation])


def _holdings_in_view(source: "Source", g: "nx.DiGraph", links: list[read.OrgLink]) -> list[read.OrgLink]:
    """Keep a "holds post" link only when a membership dated within the view's span says so.

    ``org:holds`` carries no date: drawn as is, a post holder recorded in 2020 would appear in a
    2016 case as if she held the post then. Views without dated nodes keep every holding."""
    dates = sorted(str(d) for _, d in g.nodes(data="date") if d)
    holds = {(link.source, link.target) for link in links if link.relation == "holds"}
    if not dates or not holds:
        return links
    dated = {(m.person, m.post) for m in read.memberships(source, {s for s, _ in holds})
             if dates[0] <= m.date <= dates[-1]}
    return [link for link in links if link.relation != "holds" or (link.source, link.target) in dated]


def _add_actor(g: "nx.DiGraph", actor: read.ActorFacts) -> None:
    add_node(g, actor.iri, NodeType(actor.kind), None)
    for name in actor.names:
        prefer_label(g, actor.iri, name)
