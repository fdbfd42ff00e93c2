"""Project parts of the RDF graph into a typed networkx graph, reading the store through SPARQL.

A projection starts from a *selector*: a fixed SPARQL pattern that binds ``?item`` (agenda
items) from an ``?anchor`` the caller passes as a binding (a case, a person, a body …; never
pasted into the query text). Every part query (meetings, decisions, attachments, actors,
cases and KLE subjects) joins the same selector, so a view costs a handful of queries
whatever its size.

Nodes are keyed by IRI and carry ``type`` (a :class:`NodeType` value), ``label`` (full text),
``date`` (ISO date of the meeting, or None) and optional ``detail`` (a decision's text) and
``iri``; edges carry ``kind`` (an :class:`EdgeType` value).

>>> g = new_graph()
>>> add_node(g, "https://x/id/a/case/1", NodeType.CASE, "1")
>>> g.nodes["https://x/id/a/case/1"]["type"]
'case'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from referatgraf.ontology.vocab import sparql_prologue

if TYPE_CHECKING:
    import networkx as nx

    from referatgraf.graph.store import Row, Store


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
SELECT_ACTOR_ITEMS = ("?item ?anchorRole ?anchor . ?item a besluit:Agendapunt ."
                      " VALUES ?anchorRole { rg:proposer rg:presenter rg:participant rg:mentions }")
SELECT_BODY_ITEMS = "?anchorMeeting besluit:isGehoudenDoor ?anchor ; besluit:behandelt ?item ."
SELECT_KLE_ITEMS = "?anchorCase dct:subject/skos:broader* ?anchor . ?item rg:case ?anchorCase ."
SELECT_ALL_ITEMS = "?item a besluit:Agendapunt ."

# Oxigraph joins an OPTIONAL's group on its own before joining it, so each OPTIONAL below is
# one triple pattern whose subject the required part has bound (nested or multi-pattern
# OPTIONALs and UNIONs of unbound patterns took seconds at 300 meetings).
_Q_MEETINGS = """SELECT DISTINCT ?item ?title ?pos ?open ?meeting ?start ?body ?bodyLabel WHERE {
  %(sel)s
  ?meeting besluit:behandelt ?item ; besluit:isGehoudenDoor ?body .
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?item schema:position ?pos }
  OPTIONAL { ?item besluit:openbaar ?open }
  OPTIONAL { ?meeting besluit:geplandeStart ?start }
  OPTIONAL { ?body skos:prefLabel ?bodyLabel }
}"""
_Q_DECISIONS = """SELECT DISTINCT ?item ?decision ?text WHERE {
  %(sel)s
  ?treatment dct:subject ?item ; prov:generated ?decision .
  OPTIONAL { ?decision prov:value ?text }
}"""
_Q_ATTACHMENTS = """SELECT DISTINCT ?item ?attachment ?title WHERE {
  %(sel)s
  ?item rg:attachment ?attachment .
  OPTIONAL { ?attachment dct:title ?title }
}"""
_ACTOR_CLASSES_VALUES = "VALUES ?class { foaf:Person org:Post org:OrganizationalUnit }"
_Q_ACTORS = """SELECT DISTINCT ?item ?role ?actor ?class ?name WHERE {
  VALUES ?role { rg:proposer rg:presenter rg:participant rg:mentions rg:absentee }
  %(sel)s
  ?item ?role ?actor .
  ?actor a ?class .
  """ + _ACTOR_CLASSES_VALUES + """
  OPTIONAL { ?actor foaf:name ?name }
  OPTIONAL { ?actor skos:prefLabel ?name }
}"""
_Q_MEETING_ACTORS = """SELECT DISTINCT ?meeting ?role ?actor ?class ?name WHERE {
  VALUES ?role { besluit:heeftAanwezige besluit:heeftAanwezigeBijStart besluit:heeftAfwezige
                 besluit:heeftAfwezigeBijStart rg:absentee rg:mentions }
  %(sel)s
  ?meeting besluit:behandelt ?item .
  ?meeting ?role ?actor .
  ?actor a ?class .
  """ + _ACTOR_CLASSES_VALUES + """
  OPTIONAL { ?actor foaf:name ?name }
  OPTIONAL { ?actor skos:prefLabel ?name }
}"""
_Q_CASES = """SELECT DISTINCT ?item ?case ?identifier WHERE {
  %(sel)s
  ?item rg:case ?case .
  OPTIONAL { ?case dct:identifier ?identifier }
}"""
_Q_SUBJECTS = """SELECT DISTINCT ?case ?kle ?notation ?kleLabel WHERE {
  %(sel)s
  ?item rg:case ?case .
  ?case dct:subject ?kle .
  ?kle skos:notation ?notation .
  OPTIONAL { ?kle skos:prefLabel ?kleLabel }
}"""
# who holds which post (org:holds) and which unit a post is in (org:postIn), both directions
_Q_ORGANISATION = """SELECT DISTINCT ?actor ?p ?other ?otherClass ?otherName WHERE {
  VALUES ?role { rg:proposer rg:presenter rg:participant rg:mentions }
  VALUES ?p { org:holds org:postIn }
  %(sel)s
  ?item ?role ?actor .
  ?actor ?p ?other .
  ?other a ?otherClass .
  VALUES ?otherClass { foaf:Person org:Post org:OrganizationalUnit }
  OPTIONAL { ?other foaf:name ?otherName }
  OPTIONAL { ?other skos:prefLabel ?otherName }
}"""
_Q_ORGANISATION_IN = _Q_ORGANISATION.replace("?actor ?p ?other .", "?other ?p ?actor .")

PARTS = ("meetings", "decisions", "attachments", "actors", "meeting_actors", "cases", "organisation")
DEFAULT_PARTS = frozenset(PARTS)


def new_graph() -> "nx.DiGraph":
    """An empty directed graph (networkx imported here, not at module import)."""
    import networkx as nx

    return nx.DiGraph()


def add_node(g: "nx.DiGraph", key: str, type_: NodeType, label: str | None, **attrs: Any) -> None:
    """Add or enrich a node: existing non-empty attributes are kept, missing ones filled in."""
    fields = {"type": type_.value, "label": label or "", **attrs}
    if key not in g:
        g.add_node(key, iri=key, **{k: v for k, v in fields.items()})
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


def _s(row: "Row", name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def _date(row: "Row", name: str) -> str | None:
    value = _s(row, name)
    return value[:10] if value else None


def _run(store: "Store", template: str, selector: str, anchor: str | None) -> list["Row"]:
    query = sparql_prologue() + template % {"sel": selector}
    bindings: Mapping[str, URIRef] | None = {"anchor": URIRef(anchor)} if anchor else None
    return store.select(query, bindings=bindings)


def project_items(store: "Store", selector: str, anchor: str | None = None,
                  parts: Iterable[str] = DEFAULT_PARTS) -> "nx.DiGraph":
    """The items ``selector`` picks (``?anchor`` bound to ``anchor``) and the parts around them.

    ``parts`` is a subset of :data:`PARTS`; items (with their meeting and body) are always there.
    """
    parts = set(parts)
    g = new_graph()
    item_dates = _add_meetings(g, _run(store, _Q_MEETINGS, selector, anchor))
    if "decisions" in parts:
        _add_decisions(g, _run(store, _Q_DECISIONS, selector, anchor), item_dates)
    if "attachments" in parts:
        _add_attachments(g, _run(store, _Q_ATTACHMENTS, selector, anchor), item_dates)
    if "actors" in parts:
        _add_actors(g, _run(store, _Q_ACTORS, selector, anchor), "item")
    if "meeting_actors" in parts:
        _add_actors(g, _run(store, _Q_MEETING_ACTORS, selector, anchor), "meeting")
    if "cases" in parts:
        _add_cases(g, _run(store, _Q_CASES, selector, anchor), _run(store, _Q_SUBJECTS, selector, anchor))
    if "organisation" in parts:
        _add_organisation(g, _run(store, _Q_ORGANISATION, selector, anchor), forward=True)
        _add_organisation(g, _run(store, _Q_ORGANISATION_IN, selector, anchor), forward=False)
    return g


def _add_meetings(g: "nx.DiGraph", rows: list["Row"]) -> dict[str, str | None]:
    dates: dict[str, str | None] = {}
    for row in rows:
        item, meeting, date = _s(row, "item"), _s(row, "meeting"), _date(row, "start")
        body_label = _s(row, "bodyLabel")
        add_node(g, meeting, NodeType.MEETING, " ".join(x for x in (body_label, date) if x) or meeting,
                 date=date, body=body_label)
        closed = _s(row, "open") in ("false", "0")
        add_node(g, item, NodeType.ITEM, _s(row, "title"), date=date, position=_int(row, "pos"),
                 closed=closed)
        add_edge(g, meeting, item, EdgeType.TREATS)
        if row.get("body") is not None:
            add_node(g, _s(row, "body"), NodeType.BODY, body_label)
            add_edge(g, meeting, _s(row, "body"), EdgeType.HELD_BY)
        dates[item] = date
    return dates


def _int(row: "Row", name: str) -> int | None:
    value = _s(row, name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _add_decisions(g: "nx.DiGraph", rows: list["Row"], dates: dict[str, str | None]) -> None:
    for row in rows:
        item, decision = _s(row, "item"), _s(row, "decision")
        if item not in g:
            continue
        add_node(g, decision, NodeType.DECISION, "Beslutning", date=dates.get(item),
                 detail=_s(row, "text"))
        add_edge(g, item, decision, EdgeType.DECISION)


def _add_attachments(g: "nx.DiGraph", rows: list["Row"], dates: dict[str, str | None]) -> None:
    for row in rows:
        item, attachment = _s(row, "item"), _s(row, "attachment")
        if item not in g:
            continue
        add_node(g, attachment, NodeType.ATTACHMENT, _s(row, "title"), date=dates.get(item))
        add_edge(g, item, attachment, EdgeType.ATTACHMENT)


def _add_actors(g: "nx.DiGraph", rows: list["Row"], holder: str) -> None:
    for row in rows:
        source, actor = _s(row, holder), _s(row, "actor")
        type_ = _ACTOR_CLASSES.get(_s(row, "class") or "")
        kind = _ROLE_EDGES.get(_s(row, "role") or "")
        if source not in g or type_ is None or kind is None:
            continue
        add_node(g, actor, type_, None)
        prefer_label(g, actor, _s(row, "name"))
        add_edge(g, source, actor, kind)


def _add_organisation(g: "nx.DiGraph", rows: list["Row"], forward: bool) -> None:
    """Who holds which post and which department a post is in, for the actors already drawn."""
    kinds = {"http://www.w3.org/ns/org#holds": EdgeType.HOLDS, "http://www.w3.org/ns/org#postIn": EdgeType.POST_IN}
    for row in rows:
        actor, other = _s(row, "actor"), _s(row, "other")
        type_ = _ACTOR_CLASSES.get(_s(row, "otherClass") or "")
        if actor not in g or type_ is None:
            continue
        add_node(g, other, type_, None)
        prefer_label(g, other, _s(row, "otherName"))
        add_edge(g, actor if forward else other, other if forward else actor, kinds[_s(row, "p")])


def _add_cases(g: "nx.DiGraph", rows: list["Row"], subjects: list["Row"]) -> None:
    for row in rows:
        item, case = _s(row, "item"), _s(row, "case")
        if item not in g:
            continue
        add_node(g, case, NodeType.CASE, _s(row, "identifier"), identifier=_s(row, "identifier"))
        add_edge(g, item, case, EdgeType.CASE)
    for row in subjects:
        case, kle = _s(row, "case"), _s(row, "kle")
        if case not in g:
            continue
        add_node(g, kle, NodeType.KLE, _s(row, "notation"), notation=_s(row, "notation"), name=_s(row, "kleLabel"))
        add_edge(g, case, kle, EdgeType.SUBJECT)


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
