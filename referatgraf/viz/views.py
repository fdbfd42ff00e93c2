"""The four kinds of graph page: case history, actor ego network, body overview, KLE topic map.

Each ``*_view`` function asks the read core (:mod:`referatgraf.read.projection`) through
:mod:`referatgraf.viz.project`, shapes the networkx graph for its question and returns a
:class:`~referatgraf.viz.model.View` (graph + title + side panels) that
:mod:`referatgraf.viz.render` turns into a page. Lookups that find nothing raise
:class:`ViewNotFound` with a message for the user.

>>> from referatgraf.read.projection_example import EXAMPLE_BASE, MemorySource
>>> from referatgraf.settings import Settings
>>> source, settings = MemorySource.example(), Settings(base_iri=EXAMPLE_BASE, municipality="By")
>>> view = case_view(source, settings, "00.01.00-A00-7-21")
>>> view.title, view.subtitle
('Case 00.01.00-A00-7-21', '1 meeting(s), 1 agenda item(s)')
>>> sorted(n["type"] for _, n in view.graph.nodes(data=True))
['body', 'case', 'decision', 'item', 'kle', 'meeting', 'person']
>>> actor_view(source, settings, "person", "bo-berg").title
'Person Bo Berg'
>>> [row.label for row in kle_view(source, settings, "00.01").panels[0].rows]
['00.01.00-A00-7-21']
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from referatgraf.errors import ReferatgrafError
from referatgraf.graph.iris import Minter, slugify
from referatgraf.ontology.vocab import BESLUIT, FOAF, ORG
from referatgraf.read import projection as read
from referatgraf.read.projection import Selector
from referatgraf.viz import analytics
from referatgraf.viz.model import (ACTOR_TYPES, EdgeType, NodeType, Panel, PanelRow, View,  # noqa: F401 - re-exported
                                   add_edge, add_node, new_graph, short)
from referatgraf.viz.project import project_items

if TYPE_CHECKING:
    import networkx as nx

    from referatgraf.read.projection import Source
    from referatgraf.settings import Settings

TOP = 10
"""Rows per side panel and recurring cases/subjects drawn in a body overview."""


class ViewNotFound(ReferatgrafError, LookupError):
    """Nothing in the store matches what was asked for (message is user facing)."""


# -- case history ------------------------------------------------------------------------------
def case_view(store: "Source", settings: "Settings", case_number: str) -> View:
    """The case, its items in date order across meetings, decisions, attachments and actors."""
    case = read.find_case(store, case_number)
    if case is None:
        raise ViewNotFound(f"no case with number {case_number!r} in the store")
    g = project_items(store, Selector.CASE_ITEMS, case)
    add_node(g, case, NodeType.CASE, case_number, identifier=case_number)
    _drop_other_cases(g, keep=case)
    set_timeline_levels(g)
    meetings = _sorted_meetings(g)
    g.nodes[case]["facts"] = [f"Treated at {len(meetings)} meeting(s)"]
    timeline = Panel("History", [PanelRow(f"{g.nodes[m].get('date') or '?'}", _item_summary(g, m, case), m)
                                  for m in meetings])
    return View("case", f"Case {case_number}", g, [case], layout="timeline",
                subtitle=f"{len(meetings)} meeting(s), {_count(g, NodeType.ITEM)} agenda item(s)",
                panels=[timeline, _actor_panel(g, "People and departments involved")])


def _drop_other_cases(g: "nx.DiGraph", keep: str) -> None:
    others = [n for n, a in g.nodes(data=True) if a["type"] == NodeType.CASE.value and n != keep]
    g.remove_nodes_from(others)
    g.remove_nodes_from([n for n, a in g.nodes(data=True)
                         if a["type"] == NodeType.KLE.value and g.degree(n) == 0])


def _item_summary(g: "nx.DiGraph", meeting: str, case: str) -> str:
    parts = []
    for item in sorted(g.successors(meeting), key=lambda n: g.nodes[n].get("position") or 0):
        if g.nodes[item]["type"] != NodeType.ITEM.value or not g.has_edge(item, case):
            continue
        decisions = [g.nodes[d].get("detail") for d in g.successors(item)
                     if g.nodes[d]["type"] == NodeType.DECISION.value and g.nodes[d].get("detail")]
        attrs = g.nodes[item]
        number = attrs.get("number") or attrs.get("position")
        text = f"Punkt {number}: {attrs.get('label') or ('Lukket' if attrs.get('closed') else '')}"
        parts.append(text + (f" — {short(decisions[0], 160)}" if decisions else ""))
    return " | ".join(parts)


def set_timeline_levels(g: "nx.DiGraph") -> None:
    """Columns left to right: subjects and bodies, then per meeting date the meeting, its items and
    their decisions/attachments, then the actors."""
    dates = sorted({a["date"] for _, a in g.nodes(data=True) if a.get("date")})
    rank = {d: i for i, d in enumerate(dates)}
    # A long history gets one column per date (meeting, items and decisions stacked), or the
    # page would be dozens of screens wide.
    width = 3 if len(dates) <= 6 else 1
    column = {NodeType.MEETING.value: 1, NodeType.ITEM.value: 2} if width == 3 else {}
    for _, attrs in g.nodes(data=True):
        type_ = attrs["type"]
        if attrs.get("date") and type_ in (NodeType.MEETING.value, NodeType.ITEM.value,
                                           NodeType.DECISION.value, NodeType.ATTACHMENT.value):
            attrs["level"] = width * rank[attrs["date"]] + column.get(type_, width)
        elif type_ in {t.value for t in ACTOR_TYPES}:
            attrs["level"] = width * len(dates) + 1
        else:
            attrs["level"] = 0


# -- ego networks ------------------------------------------------------------------------------
def actor_view(store: "Source", settings: "Settings", kind: str, ident: str) -> View:
    """A person's or department's ego network: meetings and items they appear in, cases, and the
    actors who appear in the same items."""
    type_ = NodeType(kind)
    actor = resolve(store, settings, type_, ident)
    g = project_items(store, Selector.ACTOR_ITEMS, actor, parts={"actors", "cases", "organisation"})
    _add_attended_meetings(store, g, actor)
    label = g.nodes[actor]["label"] if actor in g else read.name_of(store, actor) or ident
    add_node(g, actor, type_, label)
    co = analytics.co_appearing(g, actor)
    panel = Panel("Appears most often with",
                  [PanelRow(r.label, f"{r.shared} shared item(s)", r.iri) for r in co[:TOP]])
    items, meetings = _count(g, NodeType.ITEM), _count(g, NodeType.MEETING)
    return View(kind, f"{STYLE_NAMES[type_]} {label}", g, [actor],
                subtitle=f"{meetings} meeting(s), {items} agenda item(s), {len(co)} co-appearing actor(s)",
                panels=[panel, _case_panel(g)])


STYLE_NAMES = {NodeType.PERSON: "Person", NodeType.DEPARTMENT: "Department", NodeType.POST: "Post"}
_CLASSES = {NodeType.PERSON: FOAF.Person, NodeType.DEPARTMENT: ORG.OrganizationalUnit,
            NodeType.POST: ORG.Post, NodeType.BODY: BESLUIT.Bestuursorgaan}


def resolve(store: "Source", settings: "Settings", type_: NodeType, ident: str) -> str:
    """The IRI of an actor or body from what a URL gives: ``municipality/slug``, a bare slug
    (the configured municipality first, then any), or a full IRI we minted."""
    rdf_class = _CLASSES[type_]
    for candidate in _candidates(store, settings, type_, ident):
        if read.exists(store, candidate, rdf_class):
            return candidate
    raise ViewNotFound(f"no {type_.value} {ident!r} in the store")


def _candidates(store: "Source", settings: "Settings", type_: NodeType, ident: str) -> list[str]:
    ident = ident.strip().strip("/")
    if ident.startswith(settings.base_iri):
        return [ident]
    parts = ident.split("/")
    if len(parts) == 3 and parts[1] == type_.value:  # the API's id: "albertslund/person/mie-thorup"
        parts = [parts[0], parts[2]]
    if len(parts) == 2:
        return [_mint(settings.base_iri, parts[0], type_, parts[1])]
    known = [settings.municipality] if settings.municipality else []
    known += read.municipalities(store)
    return [_mint(settings.base_iri, m, type_, ident) for m in dict.fromkeys(known)]


def _mint(base: str, municipality: str, type_: NodeType, slug: str) -> str:
    minter = Minter(base, municipality)
    return {NodeType.PERSON: minter.person, NodeType.DEPARTMENT: minter.department,
            NodeType.POST: minter.post, NodeType.BODY: minter.body}[type_](slugify(slug))


def _add_attended_meetings(store: "Source", g: "nx.DiGraph", actor: str) -> None:
    """Meetings that name the actor in any role (attendance lists too), linked as attended."""
    for meeting in read.attended_meetings(store, actor):
        add_node(g, meeting.iri, NodeType.MEETING, meeting.date or meeting.iri, date=meeting.date)
        add_edge(g, meeting.iri, actor, EdgeType.ATTENDEE)


# -- body overview -----------------------------------------------------------------------------
def body_view(store: "Source", settings: "Settings", ident: str, top: int = TOP) -> View:
    """A body's meetings over time (one column per year) with its most recurring cases and KLE
    subjects; the side panels add the most connected people and the cases spanning most meetings."""
    body = resolve(store, settings, NodeType.BODY, ident)
    full = project_items(store, Selector.BODY_ITEMS, body, parts={"cases", "actors", "meeting_actors"})
    label = full.nodes[body]["label"] if body in full else read.name_of(store, body) or ident
    spans = analytics.case_spans(full)
    g = new_graph()
    add_node(g, body, NodeType.BODY, label)
    for meeting in _sorted_meetings(full):
        add_node(g, meeting, NodeType.MEETING, full.nodes[meeting]["label"], **_attrs(full, meeting, "date"))
        add_edge(g, meeting, body, EdgeType.HELD_BY)
    for span in spans[:top]:
        add_node(g, span.iri, NodeType.CASE, span.label, facts=[f"Treated at {span.meetings} meeting(s)"])
        for meeting in span.meeting_iris:
            add_edge(g, meeting, span.iri, EdgeType.CASE)
    _add_top_subjects(g, full, top)
    _year_levels(g)
    people = analytics.most_connected(full, (NodeType.PERSON, NodeType.DEPARTMENT), top)
    return View("body", f"Body {label}", g, [body], layout="timeline",
                subtitle=f"{_count(full, NodeType.MEETING)} meeting(s), {_count(full, NodeType.ITEM)} agenda "
                         f"item(s), {len(spans)} case(s); the {top} most recurring cases and subjects are drawn",
                panels=[Panel("Cases spanning the most meetings",
                              [PanelRow(s.label, f"{s.meetings} meetings, {s.first} – {s.last}", s.iri)
                               for s in spans[:top]]),
                        Panel("Most connected people and departments",
                              [PanelRow(a.label, f"degree {a.degree}, betweenness {a.betweenness:.2f}", a.iri)
                               for a in people]),
                        _community_panel(full)])


def _community_panel(g: "nx.DiGraph") -> Panel:
    """Groups of actors who appear together more than with the rest (Louvain)."""
    rows = []
    for community in analytics.communities(g)[:TOP]:
        names = [m.label for m in community.members]
        more = f" and {len(names) - 8} more" if len(names) > 8 else ""
        rows.append(PanelRow(f"{community.size} actors", ", ".join(names[:8]) + more))
    return Panel("Communities (who works together)", rows)


def _attrs(g: "nx.DiGraph", node: str, *names: str) -> dict:
    return {n: g.nodes[node].get(n) for n in names}


def _add_top_subjects(g: "nx.DiGraph", full: "nx.DiGraph", top: int) -> None:
    """Draw the ``top`` KLE subjects by meetings, linked to those meetings and to drawn cases."""
    meetings_of = analytics.subject_meetings(full)
    ranked = sorted(meetings_of, key=lambda s: (-len(meetings_of[s]), full.nodes[s]["label"]))
    for subject in ranked[:top]:
        add_node(g, subject, NodeType.KLE, full.nodes[subject]["label"],
                 facts=[f"Subject at {len(meetings_of[subject])} meeting(s)"],
                 **_attrs(full, subject, "notation", "name"))
        for meeting in sorted(meetings_of[subject]):
            add_edge(g, meeting, subject, EdgeType.SUBJECT)
        for case in full.predecessors(subject):
            if case in g:
                add_edge(g, case, subject, EdgeType.SUBJECT)


def _year_levels(g: "nx.DiGraph") -> None:
    years = sorted({a["date"][:4] for _, a in g.nodes(data=True) if a.get("date")})
    rank = {y: i + 1 for i, y in enumerate(years)}
    for _, attrs in g.nodes(data=True):
        if attrs["type"] == NodeType.MEETING.value:
            attrs["level"] = rank.get((attrs.get("date") or "")[:4], 0)
        elif attrs["type"] == NodeType.CASE.value:
            attrs["level"] = len(years) + 1
        elif attrs["type"] == NodeType.KLE.value:
            attrs["level"] = len(years) + 2
        else:
            attrs["level"] = 0


# -- KLE topic map -----------------------------------------------------------------------------
def kle_view(store: "Source", settings: "Settings", notation: str) -> View:
    """Subjects → cases → meetings for a KLE subject and every subject below it."""
    subject = read.find_kle(store, notation)
    if subject is None:
        raise ViewNotFound(f"no KLE subject {notation!r} in the store")
    full = project_items(store, Selector.KLE_ITEMS, subject, parts={"cases"})
    g = new_graph()
    for link in read.kle_hierarchy(store, subject):
        add_node(g, link.concept, NodeType.KLE, link.notation or link.concept, notation=link.notation)
        if link.broader and link.concept != subject:
            add_node(g, link.broader, NodeType.KLE, None)
            add_edge(g, link.broader, link.concept, EdgeType.BROADER)
    for case, attrs in full.nodes(data=True):
        if attrs["type"] != NodeType.CASE.value:
            continue
        add_node(g, case, NodeType.CASE, attrs["label"])
        for kle in full.successors(case):
            add_node(g, kle, NodeType.KLE, full.nodes[kle]["label"], **_attrs(full, kle, "notation", "name"))
            add_edge(g, kle, case, EdgeType.SUBJECT)
        for item in full.predecessors(case):
            for meeting in full.predecessors(item):
                add_node(g, meeting, NodeType.MEETING, full.nodes[meeting]["label"], **_attrs(full, meeting, "date"))
                add_edge(g, case, meeting, EdgeType.TREATS)
    _prune_empty_subjects(g, subject)
    _kle_levels(g)
    spans = analytics.case_spans(full)
    return View("kle", f"KLE {notation}", g, [subject], layout="timeline",
                subtitle=f"{_count(g, NodeType.KLE)} subject(s), {_count(g, NodeType.CASE)} case(s), "
                         f"{_count(g, NodeType.MEETING)} meeting(s)",
                panels=[Panel("Cases spanning the most meetings",
                              [PanelRow(s.label, f"{s.meetings} meetings", s.iri) for s in spans[:TOP]])])


def _prune_empty_subjects(g: "nx.DiGraph", keep: str) -> None:
    """Drop subjects with no case below them (the hierarchy query returns every narrower one)."""
    changed = True
    while changed:
        leaves = [n for n, a in g.nodes(data=True) if a["type"] == NodeType.KLE.value and n != keep
                  and g.out_degree(n) == 0]
        g.remove_nodes_from(leaves)
        changed = bool(leaves)


def _kle_levels(g: "nx.DiGraph") -> None:
    for _, attrs in g.nodes(data=True):
        if attrs["type"] == NodeType.KLE.value:
            attrs["level"] = (attrs.get("notation") or "").count(".")
        elif attrs["type"] == NodeType.CASE.value:
            attrs["level"] = 3
        else:
            attrs["level"] = 4


# -- shared ------------------------------------------------------------------------------------
def _count(g: "nx.DiGraph", type_: NodeType) -> int:
    return sum(1 for _, a in g.nodes(data=True) if a["type"] == type_.value)


def _sorted_meetings(g: "nx.DiGraph") -> list[str]:
    meetings = [n for n, a in g.nodes(data=True) if a["type"] == NodeType.MEETING.value]
    return sorted(meetings, key=lambda m: (g.nodes[m].get("date") or "", m))


def _actor_panel(g: "nx.DiGraph", heading: str) -> Panel:
    counts = Counter(t for _, t in g.edges() if g.nodes[t]["type"] in {x.value for x in ACTOR_TYPES})
    return Panel(heading, [PanelRow(g.nodes[a]["label"], f"{n} item(s)", a) for a, n in counts.most_common(TOP)])


def _case_panel(g: "nx.DiGraph") -> Panel:
    spans = analytics.case_spans(g)
    return Panel("Cases", [PanelRow(s.label, f"{s.meetings} meeting(s)", s.iri) for s in spans[:TOP]])


VIEW_KINDS = ("case", "person", "department", "body", "kle")


def build_view(store: "Source", settings: "Settings", kind: str, ident: str) -> View:
    """The view of ``kind`` for ``ident`` (case number, actor or body id, KLE notation)."""
    if kind == "case":
        return case_view(store, settings, ident)
    if kind in ("person", "department"):
        return actor_view(store, settings, kind, ident)
    if kind == "body":
        return body_view(store, settings, ident)
    if kind == "kle":
        return kle_view(store, settings, ident)
    raise ViewNotFound(f"unknown view {kind!r}; choose one of {', '.join(VIEW_KINDS)}")
