"""Project parts of the RDF graph into a typed networkx graph, reading the store through SPARQL.

A projection starts from a *selector*: a fixed SPARQL pattern that binds ``?item`` (agenda
items) from an ``?anchor`` the caller passes as a binding (a case, a person, a body …; never
pasted into the query text). The facts around those items (meetings, decisions, attachments,
actors, cases and KLE subjects) are then read hop by hop with simple queries, so a view costs
about a dozen queries whatever its size.

Nodes are keyed by IRI and carry ``type`` (a :class:`NodeType` value), ``label`` (full text),
``date`` (ISO date of the meeting, or None) and optional ``detail`` (a decision's text) and
``iri``; edges carry ``kind`` (an :class:`EdgeType` value).

>>> g = new_graph()
>>> add_node(g, "https://x/id/a/case/1", NodeType.CASE, "1")
>>> g.nodes["https://x/id/a/case/1"]["type"]
'case'
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.term import Node

from referatgraf.store.sparql import term_n3
from referatgraf.ontology.vocab import (BESLUIT, DCTERMS, FOAF, ORG, PROV, RDF, RG, SDO, SKOS,
                                        sparql_prologue)

if TYPE_CHECKING:
    import networkx as nx

    from referatgraf.store.base import Row, Store


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

# rdf:type → node type for actors (the only nodes whose type the queries read from the data).
_ACTOR_CLASSES = {
    "http://xmlns.com/foaf/0.1/Person": NodeType.PERSON,
    "http://www.w3.org/ns/org#Post": NodeType.POST,
    "http://www.w3.org/ns/org#OrganizationalUnit": NodeType.DEPARTMENT,
}
_ROLE_EDGES = {
    "https://w3id.org/referatgraf/ns#proposer": EdgeType.PROPOSER,
    "https://w3id.org/referatgraf/ns#presenter": EdgeType.PRESENTER,
    "https://w3id.org/referatgraf/ns#participant": EdgeType.PARTICIPANT,
    "https://w3id.org/referatgraf/ns#mentions": EdgeType.MENTIONS,
    "https://w3id.org/referatgraf/ns#absentee": EdgeType.ABSENTEE,
    "http://data.vlaanderen.be/ns/besluit#heeftAanwezige": EdgeType.ATTENDEE,
    "http://data.vlaanderen.be/ns/besluit#heeftAanwezigeBijStart": EdgeType.ATTENDEE,
    "http://data.vlaanderen.be/ns/besluit#heeftAfwezige": EdgeType.ABSENTEE,
    "http://data.vlaanderen.be/ns/besluit#heeftAfwezigeBijStart": EdgeType.ABSENTEE,
}

# -- selectors: fixed patterns binding ?item from ?anchor --------------------------------------
SELECT_CASE_ITEMS = "?item rg:case ?anchor ."
SELECT_ACTOR_ITEMS = ("?item ?anchorRole ?anchor ."
                      " FILTER(?anchorRole IN (rg:proposer, rg:presenter, rg:participant, rg:mentions))")
SELECT_BODY_ITEMS = "?anchorMeeting besluit:isGehoudenDoor ?anchor ; besluit:behandelt ?item ."
SELECT_KLE_ITEMS = "?anchorCase dct:subject/skos:broader* ?anchor . ?item rg:case ?anchorCase ."
SELECT_ALL_ITEMS = "?item a besluit:Agendapunt ."

PARTS = ("decisions", "attachments", "actors", "meeting_actors", "cases", "organisation")
DEFAULT_PARTS = frozenset(PARTS)

_ITEM_ROLES = (RG.proposer, RG.presenter, RG.participant, RG.mentions, RG.absentee)
_MEETING_ROLES = (BESLUIT.heeftAanwezige, BESLUIT.heeftAanwezigeBijStart, BESLUIT.heeftAfwezige,
                  BESLUIT.heeftAfwezigeBijStart, RG.absentee, RG.mentions)
_NAMES = (RDF.type, FOAF.name, SKOS.prefLabel)
_CHUNK = 500


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


# -- reading: the selector once, then simple fact queries over VALUES blocks ------------------
# Oxigraph plans joins of typed patterns with OPTIONALs badly (seconds at 300 meetings), while
# one triple pattern with its subject (or object) bound by VALUES answers in milliseconds. So a
# projection asks which items the selector picks, then fetches facts hop by hop and joins them
# here. The IRIs in VALUES came out of the store and are serialised by store.sparql.term_n3.
Facts = dict[str, dict[str, list[Node]]]


def select_items(store: "Store", selector: str, anchor: str | None) -> list[URIRef]:
    """The items ``selector`` picks with ``?anchor`` bound to ``anchor`` (as a binding)."""
    query = sparql_prologue() + f"SELECT DISTINCT ?item WHERE {{ {selector} }}"
    rows = store.select(query, bindings={"anchor": URIRef(anchor)} if anchor else None)
    return [row["item"] for row in rows if isinstance(row.get("item"), URIRef)]


def facts_out(store: "Store", subjects: Iterable[Node], predicates: Iterable[URIRef]) -> Facts:
    """subject → predicate → objects, for the given subjects and predicates."""
    return _facts(store, subjects, predicates, "?s ?p ?o", "s", "o")


def facts_in(store: "Store", objects: Iterable[Node], predicates: Iterable[URIRef]) -> Facts:
    """object → predicate → subjects pointing at it."""
    return _facts(store, objects, predicates, "?s ?p ?o", "o", "s")


def _facts(store: "Store", keys: Iterable[Node], predicates: Iterable[URIRef], pattern: str,
           key: str, value: str) -> Facts:
    iris = sorted({k for k in keys if isinstance(k, URIRef)})
    preds = ", ".join(term_n3(p) for p in predicates)
    out: Facts = {}
    for start in range(0, len(iris), _CHUNK):
        values = " ".join(term_n3(i) for i in iris[start:start + _CHUNK])
        query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?{key} {{ {values} }} {pattern} FILTER(?p IN ({preds})) }}"
        for row in store.select(query):
            out.setdefault(str(row[key]), {}).setdefault(str(row["p"]), []).append(row[value])
    return out


def _s(row: "Row", name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def _first(facts: Facts, node: str, predicate: URIRef) -> str | None:
    values = facts.get(node, {}).get(str(predicate))
    return str(sorted(values)[0]) if values else None


def _all(facts: Facts, node: str, predicates: Iterable[URIRef]) -> list[tuple[str, URIRef]]:
    """(predicate, object IRI) pairs of ``node`` for the predicates, objects that are IRIs."""
    found = facts.get(node, {})
    return [(str(p), o) for p in predicates for o in found.get(str(p), []) if isinstance(o, URIRef)]


def project_items(store: "Store", selector: str, anchor: str | None = None,
                  parts: Iterable[str] = DEFAULT_PARTS) -> "nx.DiGraph":
    """The items ``selector`` picks (``?anchor`` bound to ``anchor``) with their meetings and
    bodies, plus the ``parts`` (a subset of :data:`PARTS`) around them."""
    parts = set(parts)
    g = new_graph()
    items = select_items(store, selector, anchor)
    item_facts = facts_out(store, items, (DCTERMS.title, SDO.position, RG.itemNumber, BESLUIT.openbaar, RG.case,
                                          RG.attachment,
                                          *_ITEM_ROLES))
    dates, actor_links = _add_meetings(store, g, items, item_facts, "meeting_actors" in parts)
    if "decisions" in parts:
        _add_decisions(store, g, items, dates)
    if "attachments" in parts:
        _add_attachments(store, g, item_facts, dates)
    if "actors" in parts:
        actor_links += [(str(item), _ROLE_EDGES[role], actor)
                        for item in items for role, actor in _all(item_facts, str(item), _ITEM_ROLES)]
    if "cases" in parts:
        _add_cases(store, g, item_facts)
    _add_actors(store, g, actor_links, "organisation" in parts)
    return g


ActorLink = tuple[str, EdgeType, URIRef]  # (item or meeting, role, actor)


def _add_meetings(store: "Store", g: "nx.DiGraph", items: list[URIRef], item_facts: Facts,
                  with_actors: bool) -> tuple[dict[str, str | None], list[ActorLink]]:
    """Items with their meetings and bodies; returns each item's date and, with ``with_actors``,
    the meetings' attendees and mentions."""
    treated_by = facts_in(store, items, (BESLUIT.behandelt,))
    meetings = {m for item in items for m in treated_by.get(str(item), {}).get(str(BESLUIT.behandelt), [])}
    meeting_facts = facts_out(store, meetings, (BESLUIT.geplandeStart, BESLUIT.isGehoudenDoor,
                                                *(_MEETING_ROLES if with_actors else ())))
    bodies = {b for m in meetings for b in meeting_facts.get(str(m), {}).get(str(BESLUIT.isGehoudenDoor), [])}
    body_facts = facts_out(store, bodies, (SKOS.prefLabel,))
    dates: dict[str, str | None] = {}
    links: list[ActorLink] = []
    seen: set[str] = set()
    for item in map(str, items):
        for meeting in sorted(map(str, treated_by.get(item, {}).get(str(BESLUIT.behandelt), []))):
            date = (_first(meeting_facts, meeting, BESLUIT.geplandeStart) or "")[:10] or None
            body = _first(meeting_facts, meeting, BESLUIT.isGehoudenDoor)
            body_label = _first(body_facts, body, SKOS.prefLabel) if body else None
            add_node(g, meeting, NodeType.MEETING, " ".join(x for x in (body_label, date) if x) or meeting,
                     date=date, body=body_label)
            open_ = _first(item_facts, item, BESLUIT.openbaar)
            add_node(g, item, NodeType.ITEM, _first(item_facts, item, DCTERMS.title), date=date,
                     position=_int(_first(item_facts, item, SDO.position)),
                     number=_first(item_facts, item, RG.itemNumber), closed=open_ in ("false", "0"))
            add_edge(g, meeting, item, EdgeType.TREATS)
            if body:
                add_node(g, body, NodeType.BODY, body_label)
                add_edge(g, meeting, body, EdgeType.HELD_BY)
            dates[item] = date
            if with_actors and meeting not in seen:
                seen.add(meeting)
                links += [(meeting, _ROLE_EDGES[role], actor) for role, actor in _all(meeting_facts, meeting, _MEETING_ROLES)]
    return dates, links


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _add_decisions(store: "Store", g: "nx.DiGraph", items: list[URIRef], dates: dict[str, str | None]) -> None:
    treatments = facts_in(store, items, (DCTERMS.subject,))
    generated = facts_out(store, {t for f in treatments.values() for t in f.get(str(DCTERMS.subject), [])},
                          (PROV.generated,))
    texts = facts_out(store, {d for f in generated.values() for d in f.get(str(PROV.generated), [])}, (PROV.value,))
    for item in map(str, items):
        if item not in g:
            continue
        for treatment in treatments.get(item, {}).get(str(DCTERMS.subject), []):
            for decision in map(str, generated.get(str(treatment), {}).get(str(PROV.generated), [])):
                add_node(g, decision, NodeType.DECISION, "Beslutning", date=dates.get(item),
                         detail=_first(texts, decision, PROV.value))
                add_edge(g, item, decision, EdgeType.DECISION)


def _add_attachments(store: "Store", g: "nx.DiGraph", item_facts: Facts, dates: dict[str, str | None]) -> None:
    links = [(item, a) for item in item_facts for _, a in _all(item_facts, item, (RG.attachment,)) if item in g]
    titles = facts_out(store, {a for _, a in links}, (DCTERMS.title,))
    for item, attachment in links:
        add_node(g, str(attachment), NodeType.ATTACHMENT, _first(titles, str(attachment), DCTERMS.title),
                 date=dates.get(item))
        add_edge(g, item, str(attachment), EdgeType.ATTACHMENT)


def _add_actors(store: "Store", g: "nx.DiGraph", links: list[ActorLink], organisation: bool) -> None:
    """Actors with a role in an item or meeting (only people, posts and departments), and with
    ``organisation`` who holds which post (org:holds) and which unit a post is in (org:postIn)."""
    actors = {a for _, _, a in links}
    names = facts_out(store, actors, _NAMES)
    for source, kind, actor in links:
        if source in g and _actor_type(names, str(actor)):
            _add_actor(g, names, str(actor))
            add_edge(g, source, str(actor), kind)
    if not organisation:
        return
    drawn = [URIRef(n) for n, a in g.nodes(data=True) if a["type"] in {t.value for t in ACTOR_TYPES}]
    kinds = {str(ORG.holds): EdgeType.HOLDS, str(ORG.postIn): EdgeType.POST_IN}
    out, into = facts_out(store, drawn, (ORG.holds, ORG.postIn)), facts_in(store, drawn, (ORG.holds,))
    edges = [(str(a), p, str(o)) for a in drawn for p, o in _all(out, str(a), (ORG.holds, ORG.postIn))]
    edges += [(str(s), str(ORG.holds), str(a)) for a in drawn for _, s in _all(into, str(a), (ORG.holds,))]
    edges = _holdings_in_view(store, g, edges)
    others = facts_out(store, {URIRef(x) for s, _, o in edges for x in (s, o) if x not in g}, _NAMES)
    for source, predicate, target in edges:
        for node in (source, target):
            if node not in g and _actor_type(others, node):
                _add_actor(g, others, node)
        if source in g and target in g:
            add_edge(g, source, target, kinds[predicate])


def _holdings_in_view(store: "Store", g: "nx.DiGraph", edges: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Keep a "holds post" edge only when a membership dated within the view's span says so.

    ``org:holds`` carries no date: drawn as is, a post holder recorded in 2020 would appear in a
    2016 case as if she held the post then. Views without dated nodes keep every holding."""
    dates = sorted(str(d) for _, d in g.nodes(data="date") if d)
    holds = {(s, o) for s, p, o in edges if p == str(ORG.holds)}
    if not dates or not holds:
        return edges
    people = " ".join(term_n3(URIRef(s)) for s in sorted({s for s, _ in holds}))
    rows = store.select(
        "SELECT DISTINCT ?person ?post ?date WHERE { VALUES ?person { " + people + " } "
        f"?m {term_n3(ORG.member)} ?person ; {term_n3(ORG.role)} ?post ; {term_n3(DCTERMS.date)} ?date }}")
    dated = {(str(r["person"]), str(r["post"])) for r in rows if dates[0] <= str(r["date"])[:10] <= dates[-1]}
    return [(s, p, o) for s, p, o in edges if p != str(ORG.holds) or (s, o) in dated]


def _actor_type(facts: Facts, node: str) -> NodeType | None:
    for rdf_class in facts.get(node, {}).get(str(RDF.type), []):
        if str(rdf_class) in _ACTOR_CLASSES:
            return _ACTOR_CLASSES[str(rdf_class)]
    return None


def _add_actor(g: "nx.DiGraph", facts: Facts, node: str) -> None:
    add_node(g, node, _actor_type(facts, node), None)
    for predicate in (FOAF.name, SKOS.prefLabel):
        for name in facts.get(node, {}).get(str(predicate), []):
            prefer_label(g, node, str(name))


def _add_cases(store: "Store", g: "nx.DiGraph", item_facts: Facts) -> None:
    links = [(item, c) for item in item_facts for _, c in _all(item_facts, item, (RG.case,)) if item in g]
    case_facts = facts_out(store, {c for _, c in links}, (DCTERMS.identifier, DCTERMS.subject))
    subjects = {s for f in case_facts.values() for s in f.get(str(DCTERMS.subject), [])}
    kle_facts = facts_out(store, subjects, (SKOS.notation, SKOS.prefLabel))
    for item, case in links:
        identifier = _first(case_facts, str(case), DCTERMS.identifier)
        add_node(g, str(case), NodeType.CASE, identifier, identifier=identifier)
        add_edge(g, item, str(case), EdgeType.CASE)
        for _, kle in _all(case_facts, str(case), (DCTERMS.subject,)):
            notation = _first(kle_facts, str(kle), SKOS.notation)
            if notation is None:  # not a KLE subject
                continue
            add_node(g, str(kle), NodeType.KLE, notation, notation=notation,
                     name=_first(kle_facts, str(kle), SKOS.prefLabel))
            add_edge(g, str(case), str(kle), EdgeType.SUBJECT)


# -- looking things up by what users type ------------------------------------------------------
_Q_CASE_BY_ID = """SELECT DISTINCT ?case WHERE { ?case a rg:Case ; dct:identifier ?id . } ORDER BY ?case LIMIT 1"""
_Q_KLE_BY_NOTATION = """SELECT DISTINCT ?kle WHERE { ?kle skos:notation ?id . } ORDER BY ?kle LIMIT 1"""


def find_case(store: "Store", case_number: str) -> str | None:
    """The IRI of the case whose identifier is ``case_number`` as written, or None."""
    from rdflib import Literal

    rows = store.select(sparql_prologue() + _Q_CASE_BY_ID, bindings={"id": Literal(case_number.strip())})
    return _s(rows[0], "case") if rows else None


def find_kle(store: "Store", notation: str) -> str | None:
    """The IRI of the KLE subject with this notation ("00.01"), or None."""
    from rdflib import Literal

    rows = store.select(sparql_prologue() + _Q_KLE_BY_NOTATION, bindings={"id": Literal(notation.strip())})
    return _s(rows[0], "kle") if rows else None


def exists(store: "Store", iri: str, rdf_class: URIRef) -> bool:
    """Whether ``iri`` is typed ``rdf_class`` in the store."""
    return store.ask("ASK { ?s a ?class }", bindings={"s": URIRef(iri), "class": rdf_class})


def kle_hierarchy(store: "Store", anchor: str) -> list[tuple[str, str | None, str | None]]:
    """(concept, notation, broader) for ``anchor`` and every concept below it that has a case."""
    query = sparql_prologue() + """SELECT DISTINCT ?kle ?notation ?broader ?label WHERE {
      ?kle skos:broader* ?anchor .
      OPTIONAL { ?kle skos:notation ?notation } OPTIONAL { ?kle skos:prefLabel ?label }
      OPTIONAL { ?kle skos:broader ?broader }
    }"""
    rows = store.select(query, bindings={"anchor": URIRef(anchor)})
    return [(_s(r, "kle"), _s(r, "notation"), _s(r, "broader")) for r in rows]
