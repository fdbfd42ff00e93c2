"""Extraction → RDF: actors, their roles in items, post holdings and references to other meetings.

What is written into a meeting document's graph (all IRIs from the Minter; no blank nodes):

* actors — ``foaf:Person`` (``foaf:name`` = the longest form this document writes, other
  forms as ``skos:altLabel``), ``org:Post`` (``skos:prefLabel`` "Kommunaldirektør",
  ``org:postIn`` its department or the municipality), ``org:OrganizationalUnit``
  (``skos:prefLabel``, ``skos:altLabel`` per alias, ``org:unitOf`` the municipality),
  ``besluit:Bestuursorgaan`` for bodies and external ``org:Organization``; the municipality's own
  name ("Albertslund Kommune") becomes an ``skos:altLabel`` of the municipality node;
* roles, each as its own property from the item (or the meeting, for header mentions):
  ``rg:proposer`` → post or department, ``rg:presenter``, ``rg:participant``, ``rg:absentee``
  (plus ``besluit:heeftAanwezigeBijStart`` for who attends the meeting; the besluit vocabulary
  has no term for the absent, so they are ``rg:absentee`` of the meeting),
  ``rg:mentions`` for everything else; ``rg:refersToMeeting`` → an ``rg:ReferencedMeeting`` stub
  (``besluit:isGehoudenDoor``, ``dct:date``; graph.stubs.add_referenced_meeting) for a referenced meeting;
* provenance: every mention is an ``rg:Mention`` node with ``rg:mentionText``, ``rg:mentionKind``,
  ``rg:mentionRole``, ``rg:line``/``rg:startOffset``/``rg:endOffset``, ``dct:isPartOf`` the item
  or meeting, ``prov:wasDerivedFrom`` the document, ``rg:mentionOf`` the entity when resolved,
  and ``rdf:value`` for dates (xsd:date), money (DKK) and hours (xsd:decimal);
* post holdings: ``org:Membership`` (``org:member``, ``org:role`` the post's ``org:Role``,
  ``dct:date``) and ``person org:holds post``; each post is ``org:role`` its role (an ``org:Role``
  with the post's name), since ORG's ``org:role`` ranges over roles, not posts.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from referatgraf.extract.model import Entity, Extraction, Mention
from referatgraf.graph.iris import Minter, slugify
from referatgraf.graph.stubs import add_referenced_meeting
from referatgraf.graph.terms import RDFLIB, Terms
from referatgraf.ontology.vocab import (BESLUIT, DCTERMS, FOAF, ORG, PROV, RDF, RG, SKOS, XSD)
from referatgraf.parse.model import Meeting

ROLE_PROPERTY = {
    "proposer": RG.proposer, "presenter": RG.presenter, "participant": RG.participant,
    "absent": RG.absentee, "mentioned": RG.mentions,
}
CLASS = {
    "person": FOAF.Person, "post": ORG.Post, "department": ORG.OrganizationalUnit,
    "body": BESLUIT.Bestuursorgaan, "organisation": ORG.Organization,
}


class _Writer:
    def __init__(self, graph: Graph, meeting: Meeting, extraction: Extraction, minter: Minter,
                 document_iri: str, terms: Terms) -> None:
        self.g, self.m, self.x, self.minter, self.t, self.iri = graph, meeting, extraction, minter, terms, terms.iri
        self.doc = self.iri(document_iri)
        self.scope = minter.meeting(meeting.body, meeting.date, meeting.start_time)  # as text
        self.meeting = self.iri(self.scope)
        self.municipality = self.iri(minter.municipality())
        self.own_body = self.iri(minter.body(meeting.body))

    # -- IRIs -------------------------------------------------------------------------------
    def entity_iri(self, kind: str, key: str) -> URIRef:
        if kind == "person":
            return self.iri(self.minter.person(key))
        if kind == "post":
            return self.iri(self.minter.post(key))
        if kind == "department":
            return self.iri(self.minter.department(key))
        if kind == "body":
            return self.iri(self.minter.body(key))
        if self._is_municipality(key):
            return self.municipality
        return self.iri(self.minter.organisation(key))

    def _is_municipality(self, name: str) -> bool:
        own = self.m.municipality
        return bool(own) and slugify(name) in (slugify(own), slugify(f"{own} Kommune"))

    def subject(self, mention: Mention) -> URIRef:
        return self.iri(self.minter.item(self.scope, mention.item)) if mention.item else self.meeting

    # -- writing ----------------------------------------------------------------------------
    def write(self) -> None:
        for entity in self.x.entities:
            self.entity(entity)
        for k, mention in enumerate(self.x.mentions, start=1):
            self.mention(k, mention)
        for h in self.x.holdings:
            self.holding(h.person, h.post, h.date, h.line)

    def entity(self, e: Entity) -> None:
        node, g = self.entity_iri(e.kind, e.key), self.g
        if node == self.municipality:  # the municipality's own name: its node is mapped elsewhere
            g.add((node, SKOS.altLabel, self.t.text(e.name)))
            return
        g.add((node, RDF.type, CLASS[e.kind]))
        if e.kind == "person":
            g.add((node, FOAF.name, self.t.text(e.name)))
        else:
            g.add((node, SKOS.prefLabel, self.t.text(e.name)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, self.t.text(alias)))
        if e.kind == "post":
            unit = self.iri(self.minter.department(e.unit)) if e.unit else self.municipality
            g.add((node, ORG.postIn, unit))
            self.role(node, e.key, e.name)
        elif e.kind == "department":
            g.add((node, ORG.unitOf, self.municipality))

    def mention(self, k: int, m: Mention) -> None:
        node, g = self.iri(self.minter.mention(self.scope, k)), self.g
        g.add((node, RDF.type, RG.Mention))
        t = self.t
        g.add((node, RG.mentionText, t.text(m.text)))
        g.add((node, RG.mentionKind, t.text(m.kind)))
        g.add((node, RG.mentionRole, t.text(m.role)))
        g.add((node, RG.line, t.integer(m.span.line)))
        g.add((node, RG.startOffset, t.integer(m.span.start)))
        g.add((node, RG.endOffset, t.integer(m.span.end)))
        g.add((node, DCTERMS.isPartOf, self.subject(m)))
        g.add((node, PROV.wasDerivedFrom, self.doc))
        if m.role == "absent" and m.value:
            g.add((node, RG.absenceReason, t.text(m.value)))
        if m.kind == "meeting_ref":
            self.reference(node, m)
        elif m.kind in ("date", "money", "hours"):
            g.add((node, RDF.value, _value(m, t)))
        elif m.entity is not None:
            target = self.entity_iri(m.kind, m.entity)
            g.add((node, RG.mentionOf, target))
            g.add((self.subject(m), ROLE_PROPERTY[m.role], target))
            if m.item is None and m.role == "participant":
                g.add((self.meeting, BESLUIT.heeftAanwezigeBijStart, target))

    def reference(self, node: URIRef, m: Mention) -> None:
        """``rg:refersToMeeting`` a stub meeting (the real one fills it in when ingested)."""
        body = m.entity or self.m.body
        target = self.iri(self.minter.meeting(body, m.value))
        g, t = self.g, self.t
        g.add((node, RDF.value, t.typed(m.value, XSD.date)))
        if target == self.meeting:
            return
        g.add((node, RG.mentionOf, target))
        g.add((self.subject(m), RG.refersToMeeting, target))
        add_referenced_meeting(g, t, target, self.iri(self.minter.body(body)), body, m.value)

    def role(self, post_iri: URIRef, key: str, name: str) -> None:
        """The post's ``org:Role``, named as the post."""
        role = self.iri(self.minter.role(key))
        self.g.add((post_iri, ORG.role, role))
        self.g.add((role, RDF.type, ORG.Role))
        self.g.add((role, SKOS.prefLabel, self.t.text(name)))

    def holding(self, person: str, post: str, date, line: int) -> None:  # noqa: ANN001 - dt.date
        node = self.iri(self.minter.membership(person, post, date))
        p, post_iri, g = self.entity_iri("person", person), self.entity_iri("post", post), self.g
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, p))
        g.add((node, ORG.role, self.iri(self.minter.role(post))))
        g.add((node, ORG.organization, self.municipality))
        g.add((node, DCTERMS.date, self.t.typed(date.isoformat(), XSD.date)))
        g.add((node, RG.line, self.t.integer(line)))
        g.add((node, PROV.wasDerivedFrom, self.doc))
        g.add((p, ORG.holds, post_iri))


def _value(m: Mention, t: Terms):  # noqa: ANN202 - a literal of ``t``
    """rdf:value of a date (xsd:date), an amount in DKK or hours (xsd:decimal; ranges as text)."""
    if m.kind == "date":
        return t.typed(m.value, XSD.date)
    if m.value and "-" not in m.value:
        return t.typed(m.value, XSD.decimal)
    return t.text(m.value or "")


def add_mention_triples(graph: Graph, meeting: Meeting, extraction: Extraction, minter: Minter,
                        document_iri: str, terms: Terms = RDFLIB) -> None:
    """Add the actors, roles, post holdings and meeting references of one document to ``graph``.

    An extraction that found no one adds nothing:

    >>> from referatgraf.extract.model import Extraction
    >>> from referatgraf.graph.iris import Minter
    >>> from referatgraf.parse import parse_text
    >>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
    >>> g = Graph()
    >>> add_mention_triples(g, meeting, Extraction(), Minter("https://example.org/"), "urn:doc")
    >>> len(g)
    0
    """
    _Writer(graph, meeting, extraction, minter, document_iri, terms).write()
