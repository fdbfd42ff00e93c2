"""The reads behind the graph pages: which agenda items a view is about, then their facts hop by hop.

A graph page starts from a :class:`Selector`: a fixed pattern binding ``?item`` (agenda items)
from an ``?anchor`` (a case, an actor, a body, a KLE subject) that enters as a binding, never as
query text. The facts around those items (meetings, decisions, attachments, actors, cases, KLE
subjects) are then read hop by hop, each hop one constant query whose subjects (or objects) are
a ``VALUES`` block of IRIs that came out of the store, serialised by :func:`referatgraf.store.sparql.values_column`.

Oxigraph plans joins of typed patterns with OPTIONALs badly (seconds at 300 meetings), while one
triple pattern with its subject bound by VALUES answers in milliseconds: so a view costs about a
dozen queries whatever its size. Every function returns frozen dataclasses (or plain IRIs as
``str``); :mod:`referatgraf.viz.project` turns them into a networkx graph.

>>> from referatgraf.read.projection_example import EXAMPLE, MemorySource
>>> source = MemorySource.example()
>>> select_items(source, Selector.CASE_ITEMS, EXAMPLE.case) == [EXAMPLE.item]
True
>>> facts = item_facts(source, select_items(source, Selector.ALL_ITEMS))
>>> facts[EXAMPLE.item].title, facts[EXAMPLE.item].number, facts[EXAMPLE.item].closed
('Budget', '1', False)
>>> facts[EXAMPLE.item].roles == (Role("proposer", EXAMPLE.person),)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from referatgraf.ontology.vocab import BESLUIT, DCTERMS, FOAF, ORG, PROV, RDF, RG, SDO, SKOS
from referatgraf.read.queries import q, term
from referatgraf.store.sparql import is_iri, values_column

if TYPE_CHECKING:
    from referatgraf.store.base import Row


class Source(Protocol):
    """What the reads need of a store: ``select`` and ``ask`` with values passed as ``bindings``
    (every :class:`~referatgraf.store.base.Store`, and
    :class:`~referatgraf.read.projection_example.MemorySource`)."""

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[dict[str, Node]]: ...

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool: ...

_CHUNK = 500
"""IRIs per VALUES block (a block of thousands makes a slow query text)."""


# -- typed results ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Role:
    """An actor's part in an item or meeting; ``kind`` is one of :data:`ROLE_KINDS`."""

    kind: str
    actor: str


@dataclass(frozen=True)
class ItemFacts:
    iri: str
    title: str | None = None
    position: int | None = None
    number: str | None = None  # as written ("715", "1.1")
    closed: bool = False
    cases: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class MeetingFacts:
    iri: str
    date: str | None = None  # ISO date (dct:date)
    body: str | None = None
    body_label: str | None = None
    roles: tuple[Role, ...] = ()  # attendees, absentees and mentions (when asked for)


@dataclass(frozen=True)
class DecisionFacts:
    iri: str
    text: str | None = None


@dataclass(frozen=True)
class ActorFacts:
    """``kind`` is ``person``, ``post`` or ``department``, or None for anything else."""

    iri: str
    kind: str | None = None
    names: tuple[str, ...] = ()  # foaf:name first, then skos:prefLabel


@dataclass(frozen=True)
class OrgLink:
    """``source`` holds post ``target`` (``relation`` "holds") or post ``source`` is in unit
    ``target`` ("post in")."""

    source: str
    relation: str
    target: str


@dataclass(frozen=True)
class Membership:
    """A dated record that ``person`` held ``post`` (org:Membership)."""

    person: str
    post: str
    date: str


@dataclass(frozen=True)
class CaseFacts:
    iri: str
    identifier: str | None = None
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class KleFacts:
    iri: str
    notation: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class KleLink:
    """A KLE concept at or below an anchor, with the concept it is directly below."""

    concept: str
    notation: str | None
    broader: str | None


@dataclass(frozen=True)
class MeetingDate:
    iri: str
    date: str | None


# -- selectors ----------------------------------------------------------------------------------
class Selector(str, Enum):
    """Fixed patterns binding ``?item`` from ``?anchor``: which items a view is about."""

    CASE_ITEMS = "?item rg:case ?anchor ."
    ACTOR_ITEMS = ("?item ?anchorRole ?anchor ."
                   " FILTER(?anchorRole IN (rg:proposer, rg:presenter, rg:participant, rg:mentions))")
    BODY_ITEMS = "?anchorMeeting besluit:isGehoudenDoor ?anchor ; besluit:behandelt ?item ."
    KLE_ITEMS = "?anchorCase dct:subject/skos:broader* ?anchor . ?item rg:case ?anchorCase ."
    ALL_ITEMS = "?item a besluit:Agendapunt ."


def select_items(source: Source, selector: Selector, anchor: str | None = None) -> list[str]:
    """The items ``selector`` picks with ``?anchor`` bound to ``anchor``."""
    query = q("SELECT DISTINCT ?item WHERE { " + Selector(selector).value + " }")
    rows = source.select(query, bindings={"anchor": URIRef(anchor)} if anchor else None)
    return [str(row["item"]) for row in rows if isinstance(row.get("item"), URIRef)]


# -- hop by hop: one constant query per hop, subjects or objects in a VALUES block ---------------
Facts = dict[str, dict[str, list[Node]]]

ITEM_FACTS = """SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (dct:title, schema:position,
  rg:itemNumber, besluit:geplandOpenbaar, rg:case, rg:attachment, rg:proposer, rg:presenter, rg:participant,
  rg:mentions, rg:absentee)) }"""
MEETINGS_OF_ITEMS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (besluit:behandelt)) }"
MEETING_FACTS = """SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o
  FILTER(?p IN (dct:date, besluit:isGehoudenDoor)) }"""
MEETING_FACTS_WITH_ROLES = """SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o
  FILTER(?p IN (dct:date, besluit:isGehoudenDoor, besluit:heeftAanwezige,
  besluit:heeftAanwezigeBijStart, rg:absentee,
  rg:mentions)) }"""
LABELS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (skos:prefLabel)) }"
TITLES = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (dct:title)) }"
TREATMENTS_OF_ITEMS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (dct:subject)) }"
GENERATED = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (prov:generated)) }"
DECISION_TEXTS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (prov:value)) }"
# The prologue has no rdf: prefix (and `a` is no expression), so rdf:type is written out from the vocabulary.
NAMES = ("SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (" + term(RDF.type)
         + ", foaf:name, skos:prefLabel)) }")
ORG_OUT = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (org:holds, org:postIn)) }"
HOLDERS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (org:holds)) }"
CASE_FACTS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (dct:identifier, dct:subject)) }"
KLE_FACTS = "SELECT DISTINCT ?s ?p ?o WHERE { {values} ?s ?p ?o FILTER(?p IN (skos:notation, skos:prefLabel)) }"
MEMBERSHIPS = """SELECT DISTINCT ?person ?post ?date WHERE { {values}
  ?m org:member ?person ; org:role ?role ; dct:date ?date . ?post a org:Post ; org:role ?role }"""

# How each role predicate shows on a page (the value of viz.model.EdgeType).
ROLE_KINDS = {
    str(RG.proposer): "proposer", str(RG.presenter): "presenter", str(RG.participant): "participant",
    str(RG.mentions): "mentions", str(RG.absentee): "absentee",
    str(BESLUIT.heeftAanwezige): "attendee", str(BESLUIT.heeftAanwezigeBijStart): "attendee",
}
_ITEM_ROLES = (RG.proposer, RG.presenter, RG.participant, RG.mentions, RG.absentee)
_MEETING_ROLES = (BESLUIT.heeftAanwezige, BESLUIT.heeftAanwezigeBijStart, RG.absentee, RG.mentions)
ACTOR_KINDS = {str(FOAF.Person): "person", str(ORG.Post): "post", str(ORG.OrganizationalUnit): "department"}


def _facts(source: Source, query: str, keys: Iterable[object], key: str = "s") -> Facts:
    """key → predicate → values for the IRIs ``keys`` bound to ``?key`` (``s`` or ``o``)."""
    value = "o" if key == "s" else "s"
    iris = sorted({str(k) for k in keys if isinstance(k, URIRef)})
    out: Facts = {}
    for start in range(0, len(iris), _CHUNK):
        text = query.replace("{values}", values_column(key, [URIRef(i) for i in iris[start:start + _CHUNK]]))
        for row in source.select(q(text)):
            out.setdefault(str(row[key]), {}).setdefault(str(row["p"]), []).append(row[value])
    return out


def _first(facts: Facts, node: str | None, predicate: URIRef) -> str | None:
    values = facts.get(node or "", {}).get(str(predicate))
    return str(sorted(values)[0]) if values else None


def _iris(facts: Facts, node: str, *predicates: URIRef) -> list[str]:
    found = facts.get(node, {})
    return [str(o) for p in predicates for o in found.get(str(p), []) if isinstance(o, URIRef)]


def _roles(facts: Facts, node: str, predicates: Iterable[URIRef]) -> tuple[Role, ...]:
    found = facts.get(node, {})
    return tuple(Role(ROLE_KINDS[str(p)], str(o)) for p in predicates for o in found.get(str(p), [])
                 if isinstance(o, URIRef))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# -- items and meetings ---------------------------------------------------------------------------
def item_facts(source: Source, items: Iterable[str]) -> dict[str, ItemFacts]:
    """Title, order, number as written, openness, cases, attachments and roles of each item (in
    the order the store answers, then items without facts)."""
    items = list(items)
    facts = _facts(source, ITEM_FACTS, map(URIRef, items))
    out = {}
    for item in [*facts, *(i for i in items if i not in facts)]:
        open_ = _first(facts, item, BESLUIT.geplandOpenbaar)
        out[item] = ItemFacts(item, _first(facts, item, DCTERMS.title),
                              _int(_first(facts, item, SDO.position)), _first(facts, item, RG.itemNumber),
                              open_ in ("false", "0"), tuple(_iris(facts, item, RG.case)),
                              tuple(_iris(facts, item, RG.attachment)), _roles(facts, item, _ITEM_ROLES))
    return out


def meetings_of_items(source: Source, items: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """item → the meetings that treat it (besluit:behandelt)."""
    facts = _facts(source, MEETINGS_OF_ITEMS, map(URIRef, items), key="o")
    return {item: tuple(_iris(facts, item, BESLUIT.behandelt)) for item in facts}


def meeting_facts(source: Source, meetings: Iterable[str], with_roles: bool = False) -> dict[str, MeetingFacts]:
    """Date, body and body label of each meeting; with ``with_roles`` its attendees, absentees
    and mentions too."""
    facts = _facts(source, MEETING_FACTS_WITH_ROLES if with_roles else MEETING_FACTS, map(URIRef, meetings))
    bodies = {b for m in facts for b in facts[m].get(str(BESLUIT.isGehoudenDoor), [])}
    labels = _facts(source, LABELS, bodies)
    out = {}
    for meeting in facts:
        body = _first(facts, meeting, BESLUIT.isGehoudenDoor)
        out[meeting] = MeetingFacts(meeting, (_first(facts, meeting, DCTERMS.date) or "")[:10] or None,
                                    body, _first(labels, body, SKOS.prefLabel) if body else None,
                                    _roles(facts, meeting, _MEETING_ROLES) if with_roles else ())
    return out


def item_decisions(source: Source, items: Iterable[str]) -> dict[str, tuple[DecisionFacts, ...]]:
    """item → the decisions its treatments generated, with their text."""
    treatments = _facts(source, TREATMENTS_OF_ITEMS, map(URIRef, items), key="o")
    generated = _facts(source, GENERATED, {t for f in treatments.values() for t in f.get(str(DCTERMS.subject), [])})
    texts = _facts(source, DECISION_TEXTS, {d for f in generated.values() for d in f.get(str(PROV.generated), [])})
    return {item: tuple(DecisionFacts(str(d), _first(texts, str(d), PROV.value))
                        for t in treatments[item].get(str(DCTERMS.subject), [])
                        for d in generated.get(str(t), {}).get(str(PROV.generated), []))
            for item in treatments}


def attachment_titles(source: Source, attachments: Iterable[str]) -> dict[str, str | None]:
    """attachment → its title (None when it has none)."""
    attachments = list(attachments)
    facts = _facts(source, TITLES, map(URIRef, attachments))
    return {a: _first(facts, a, DCTERMS.title) for a in attachments}


# -- actors ---------------------------------------------------------------------------------------
def actor_facts(source: Source, actors: Iterable[str]) -> dict[str, ActorFacts]:
    """Kind and names of each actor (kind None for what is not a person, post or department)."""
    actors = list(dict.fromkeys(actors))
    facts = _facts(source, NAMES, map(URIRef, actors))
    return {a: ActorFacts(a, _actor_kind(facts, a),
                          tuple(str(n) for p in (FOAF.name, SKOS.prefLabel) for n in facts.get(a, {}).get(str(p), [])))
            for a in actors}


def _actor_kind(facts: Facts, actor: str) -> str | None:
    for rdf_class in facts.get(actor, {}).get(str(RDF.type), []):
        if str(rdf_class) in ACTOR_KINDS:
            return ACTOR_KINDS[str(rdf_class)]
    return None


def org_links(source: Source, actors: Iterable[str]) -> list[OrgLink]:
    """Who holds which post and which unit a post is in, for links that touch ``actors``: their
    own holdings and units first (in the order given), then who holds them."""
    actors = list(actors)
    out = _facts(source, ORG_OUT, map(URIRef, actors))
    into = _facts(source, HOLDERS, map(URIRef, actors), key="o")
    names = {str(ORG.holds): "holds", str(ORG.postIn): "post in"}
    links = [OrgLink(a, names[str(p)], str(o)) for a in actors for p in (ORG.holds, ORG.postIn)
             for o in out.get(a, {}).get(str(p), []) if isinstance(o, URIRef)]
    links += [OrgLink(str(s), "holds", a) for a in actors for s in into.get(a, {}).get(str(ORG.holds), [])
              if isinstance(s, URIRef)]
    return links


def memberships(source: Source, people: Iterable[str]) -> set[Membership]:
    """Dated memberships (org:member, org:role, dct:date) of ``people``, by the post whose
    org:Role the membership names; dates as ISO dates."""
    people = sorted(set(people))
    if not people:
        return set()
    rows = source.select(q(MEMBERSHIPS.replace("{values}", values_column("person", [URIRef(p) for p in people]))))
    return {Membership(str(r["person"]), str(r["post"]), str(r["date"])[:10]) for r in rows}


def attended_meetings(source: Source, actor: str) -> list[MeetingDate]:
    """The meetings that name ``actor`` in any role, with their date."""
    query = q("""SELECT DISTINCT ?meeting ?start WHERE {
      ?meeting ?role ?actor . ?meeting a besluit:Zitting .
      OPTIONAL { ?meeting dct:date ?start } }""")
    return [MeetingDate(str(r["meeting"]), str(r["start"])[:10] if r.get("start") else None)
            for r in source.select(query, bindings={"actor": URIRef(actor)})]


def name_of(source: Source, iri: str) -> str | None:
    """A name (foaf:name or skos:prefLabel) of ``iri``, or None."""
    rows = source.select(q("SELECT ?n WHERE { { ?s foaf:name ?n } UNION { ?s skos:prefLabel ?n } } LIMIT 1"),
                         bindings={"s": URIRef(iri)})
    return str(rows[0]["n"]) if rows else None


# -- cases and KLE subjects -------------------------------------------------------------------------
def case_facts(source: Source, cases: Iterable[str]) -> dict[str, CaseFacts]:
    """Identifier (the case number as written) and subjects of each case."""
    cases = list(dict.fromkeys(cases))
    facts = _facts(source, CASE_FACTS, map(URIRef, cases))
    return {c: CaseFacts(c, _first(facts, c, DCTERMS.identifier), tuple(_iris(facts, c, DCTERMS.subject)))
            for c in cases}


def kle_facts(source: Source, subjects: Iterable[str]) -> dict[str, KleFacts]:
    """Notation and label of each KLE subject; subjects without a notation are left out."""
    facts = _facts(source, KLE_FACTS, map(URIRef, subjects))
    out = {s: KleFacts(s, _first(facts, s, SKOS.notation), _first(facts, s, SKOS.prefLabel)) for s in facts}
    return {s: k for s, k in out.items() if k.notation is not None}


def find_case(source: Source, case_number: str) -> str | None:
    """The IRI of the case whose identifier is ``case_number`` as written, or None."""
    rows = source.select(q("SELECT DISTINCT ?case WHERE { ?case a rg:Case ; dct:identifier ?id . } "
                           "ORDER BY ?case LIMIT 1"), bindings={"id": Literal(case_number.strip())})
    return str(rows[0]["case"]) if rows else None


def find_kle(source: Source, notation: str) -> str | None:
    """The IRI of the KLE subject with this notation ("00.01"), or None."""
    rows = source.select(q("SELECT DISTINCT ?kle WHERE { ?kle skos:notation ?id . } ORDER BY ?kle LIMIT 1"),
                         bindings={"id": Literal(notation.strip())})
    return str(rows[0]["kle"]) if rows else None


def kle_hierarchy(source: Source, anchor: str) -> list[KleLink]:
    """``anchor`` and every KLE concept below it, each with the concept directly above it."""
    query = q("""SELECT DISTINCT ?kle ?notation ?broader ?label WHERE {
      ?kle skos:broader* ?anchor .
      OPTIONAL { ?kle skos:notation ?notation } OPTIONAL { ?kle skos:prefLabel ?label }
      OPTIONAL { ?kle skos:broader ?broader }
    }""")
    return [KleLink(str(r["kle"]), _text(r, "notation"), _text(r, "broader"))
            for r in source.select(query, bindings={"anchor": URIRef(anchor)})]


def _text(row: "Row", name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


# -- lookups by kind -------------------------------------------------------------------------------
def exists(source: Source, iri: str, rdf_class: URIRef) -> bool:
    """Whether ``iri`` is an IRI (by the store's one IRI check) typed ``rdf_class``; a candidate
    built from user input that is no IRI at all is simply not there."""
    if not is_iri(iri):
        return False
    return source.ask("ASK { ?s a ?class }", bindings={"s": URIRef(iri), "class": rdf_class})


def municipalities(source: Source) -> list[str]:
    """Municipality slugs that have bodies in the store (read off the body IRIs the minter made:
    ``{base}id/{municipality}/body/{body}``)."""
    rows = source.select("SELECT DISTINCT ?b WHERE { ?b a ?class }", bindings={"class": BESLUIT.Bestuursorgaan})
    slugs = []
    for row in rows:
        parts = str(row["b"]).split("/id/", 1)[-1].split("/")
        if len(parts) >= 3 and parts[1] == "body":
            slugs.append(parts[0])
    return sorted(set(slugs))
