"""The SPARQL the API and pages run. Request values enter only through :func:`values`.

Every query here is a constant; a request's values (an IRI, a case number, a date) are added as
a ``VALUES`` block built by :func:`values` from rdflib terms, after :func:`check_iri` has
validated every IRI — nothing from a request is ever pasted into query text. ``VALUES`` is put
at the start of the ``WHERE`` group (the ``{values}`` slot), so FILTERs in the group see it on
every back end.

>>> values(m=URIRef("https://example.org/id/x"), d=Literal('a " } ; INSERT DATA {'))
'VALUES (?m ?d) { (<https://example.org/id/x> "a \\\\" } ; INSERT DATA {") }'
"""

from __future__ import annotations

from rdflib import Literal, URIRef  # noqa: F401 - for the example above and callers
from rdflib.term import Identifier

from referatgraf.ontology.vocab import FOAF, ORG, sparql_prologue
from referatgraf.store import sparql
from referatgraf.store.sparql import BadIri, check_iri  # noqa: F401 - the one IRI check, re-exported

term = sparql.term_n3


def values(**bound: Identifier) -> str:
    """A one-row ``VALUES`` block binding each keyword's variable (see store.sparql.values_block)."""
    return sparql.values_block(bound)


def q(text: str, /, **bound: Identifier) -> str:
    """Prologue + ``text`` with ``{values}`` replaced by the VALUES block of ``bound``."""
    return sparql_prologue() + text.replace("{values}", values(**bound) if bound else "")


# The kinds of actor the read core lists, by the class that types them.
ACTOR_TYPES = {"person": FOAF.Person, "post": ORG.Post, "department": ORG.OrganizationalUnit,
               "organisation": ORG.Organization}
LABEL = "skos:prefLabel|dct:title|foaf:name|dct:identifier|skos:notation|rdfs:label"

# -- meetings -----------------------------------------------------------------------------------
# The meeting list is read whole (once per store generation, see deps.AppState.cached) and
# filtered and paged in Python: the same triple stated in several documents' graphs repeats in
# the union default graph, and these two small queries stay fast where a filtered, grouped join
# over meetings does not. Only meetings that treat items are listed (stub meetings, the
# rg:ReferencedMeeting nodes made for references to other meetings, have none and are no Zitting).
MEETING_ITEM_COUNTS = """
SELECT ?meeting (COUNT(DISTINCT ?item) AS ?items) WHERE { ?meeting besluit:behandelt ?item } GROUP BY ?meeting
"""
MEETING_FACTS = """
SELECT DISTINCT ?meeting ?date ?body ?location WHERE {
  ?meeting a besluit:Zitting ; dct:date ?date ; besluit:isGehoudenDoor ?body .
  OPTIONAL { ?meeting prov:atLocation/rdfs:label ?location }
}
"""
BODY_LABELS = """
SELECT DISTINCT ?body ?label WHERE { ?body a besluit:Bestuursorgaan ; skos:prefLabel ?label }
"""
# The meetings that treat a case under a KLE subject or group (bind ?kle), walked from the concept.
MEETINGS_OF_KLE = """
SELECT DISTINCT ?meeting WHERE {
  {values}
  ?concept skos:notation ?kle .
  ?subject skos:broader* ?concept .
  ?case dct:subject ?subject .
  ?item rg:case ?case .
  ?meeting besluit:behandelt ?item .
}
"""
# A stub meeting: referenced by body and day (rg:ReferencedMeeting) and neither read from its own
# document (a besluit:Zitting) nor the day a meeting read from its document is rg:referencedAs.
# GRAPH patterns, so it holds with or without a union default graph. Bind ?meeting.
STUB = """(NOT EXISTS { GRAPH ?stubZ { ?meeting a besluit:Zitting } }
  && NOT EXISTS { GRAPH ?stubR { ?stubReal rg:referencedAs ?meeting } })"""
MEETING = """
SELECT ?date ?start ?body ?bodyLabel ?location ?kind ?doc ?file ?stub WHERE {
  {values}
  { ?meeting a besluit:Zitting } UNION { ?meeting a rg:ReferencedMeeting }
  BIND(""" + STUB + """ AS ?stub)
  OPTIONAL { ?meeting dct:date ?date }
  OPTIONAL { ?meeting besluit:geplandeStart ?start }
  OPTIONAL { ?meeting besluit:isGehoudenDoor ?body OPTIONAL { ?body skos:prefLabel ?bodyLabel } }
  OPTIONAL { ?meeting prov:atLocation/rdfs:label ?location }
  OPTIONAL { ?meeting rg:documentKind ?kind }
  OPTIONAL { ?meeting prov:wasDerivedFrom ?doc OPTIONAL { ?doc rg:sourceFile ?file } }
} LIMIT 1
"""
# The items of one meeting, or one item (bind ?item instead of ?meeting).
ITEMS = """
SELECT ?meeting ?item ?position ?written ?title ?public ?case ?caseNumber WHERE {
  {values}
  ?meeting besluit:behandelt ?item .
  ?item a besluit:Agendapunt .
  OPTIONAL { ?item schema:position ?position }
  OPTIONAL { ?item rg:itemNumber ?written }
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?item besluit:geplandOpenbaar ?public }
  OPTIONAL { ?item rg:case ?case OPTIONAL { ?case dct:identifier ?caseNumber } }
} ORDER BY ?meeting ?position
"""
DECISIONS = """
SELECT ?item ?decision ?text WHERE {
  {values}
  ?meeting besluit:behandelt ?item .
  ?treatment dct:subject ?item ; prov:generated ?decision .
  OPTIONAL { ?decision prov:value ?text }
} ORDER BY ?item ?decision
"""
ATTACHMENTS = """
SELECT ?item ?attachment ?title ?position WHERE {
  {values}
  ?meeting besluit:behandelt ?item .
  ?item rg:attachment ?attachment .
  OPTIONAL { ?attachment dct:title ?title }
  OPTIONAL { ?attachment schema:position ?position }
} ORDER BY ?item ?position
"""
SECTIONS = """
SELECT ?section ?kind ?heading ?text ?position WHERE {
  {values}
  ?item rg:section ?section .
  OPTIONAL { ?section rg:sectionKind ?kind }
  OPTIONAL { ?section rg:heading ?heading }
  OPTIONAL { ?section rg:text ?text }
  OPTIONAL { ?section schema:position ?position }
} ORDER BY ?position
"""
# Actors linked to a meeting or its items: people, posts, departments, organisations.
ACTORS_OF_MEETING = """
SELECT DISTINCT ?actor ?label ?type ?role ?item WHERE {
  {values}
  { ?meeting ?role ?actor }
  UNION
  { ?meeting besluit:behandelt ?item . ?item ?role ?actor }
  ?actor a ?type .
  FILTER (?type IN (foaf:Person, org:Post, org:OrganizationalUnit, org:Organization))
  FILTER (?role != rg:municipality)
  OPTIONAL { ?actor skos:prefLabel|foaf:name ?label }
} ORDER BY ?label
"""
# -- cases ------------------------------------------------------------------------------------
# A case's whole history in one round trip: a UNION of branches that each start from the case
# number (bind ?caseNumber; "{values}" is repeated in every branch), so every branch is a chain of
# index lookups. ?part says which branch a row comes from. Two things keep it independent of the
# store's size on Oxigraph: every OPTIONAL holds one triple pattern (an OPTIONAL over two or more
# patterns is evaluated as a hash join over all their matches in the store; hence rg:decision,
# the item's shortcut to its decisions), and an item's meeting facts are read inside the meeting's
# own graph, where each is stated once (the shared graph repeats the date and body of meetings
# that other meetings refer to).
_CASE = "{values} ?case a rg:Case ; dct:identifier ?caseNumber ."
CASE_HISTORY = """
SELECT DISTINCT ?part ?case ?kle ?kleNotation ?item ?title ?position ?meeting ?date ?body ?bodyLabel
       ?decision ?text ?attachment ?attachmentTitle ?day WHERE {
  { CASE BIND("case" AS ?part) OPTIONAL { ?case dct:subject ?kle } }
  UNION
  { CASE ?case dct:subject ?kle . ?kle skos:notation ?kleNotation . BIND("kle" AS ?part) }
  UNION
  { CASE ?item rg:case ?case .
    GRAPH ?g { ?meeting besluit:behandelt ?item . ?item dct:title ?title ; schema:position ?position }
    ?meeting dct:date ?date ; besluit:isGehoudenDoor ?body .  # shared when the IRI fixes them (graph.mapping.shared_facts)
    OPTIONAL { ?body skos:prefLabel ?bodyLabel }
    BIND("item" AS ?part) }
  UNION
  { CASE ?item rg:case ?case ; rg:decision ?decision . ?decision prov:value ?text . BIND("decision" AS ?part) }
  UNION
  { CASE ?item rg:case ?case ; rg:attachment ?attachment .
    OPTIONAL { ?attachment dct:title ?attachmentTitle }
    BIND("attachment" AS ?part) }
  UNION
  # earlier treatments the items list ("Sagens forløb"): body, day and decision as written there;
  # the meeting is the day's IRI, which an ingested meeting is rg:referencedAs (or is itself)
  { CASE ?item rg:case ?case ; rg:earlierTreatment ?earlier .
    ?earlier dct:date ?date ; rg:treatmentBodyName ?bodyLabel .
    OPTIONAL { ?earlier prov:value ?text }
    OPTIONAL { ?earlier rg:refersToMeeting ?day }
    BIND("earlier" AS ?part) }
  UNION
  { CASE ?item rg:case ?case ; rg:earlierTreatment/rg:refersToMeeting ?day .
    ?meeting rg:referencedAs ?day . BIND("day" AS ?part) }
}
""".replace("CASE", _CASE)
# -- actors -----------------------------------------------------------------------------------
# Actors of one type (bind ?type), every name they go by ("|"-separated), and the number of
# meetings they appear in, directly or through an item; walked from the actor's incoming links,
# which is selective. read.actors picks the longest name as the label and sorts by it.
ACTORS = """
SELECT ?actor (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names) (COUNT(DISTINCT ?meeting) AS ?meetings)
WHERE {
  {values}
  ?actor a ?type .
  OPTIONAL { ?actor skos:prefLabel|foaf:name ?name }
  OPTIONAL {
    ?x ?p ?actor .
    { ?x a besluit:Zitting BIND(?x AS ?meeting) } UNION { ?meeting besluit:behandelt ?x }
  }
} GROUP BY ?actor
"""
# What the documents say of actors of one mention kind (bind ?kind): how often they are
# mentioned (graph.mentions' rg:Mention nodes) and the dates of the meetings that mention them.
ACTOR_MENTIONS = """
SELECT ?entity (COUNT(DISTINCT ?mention) AS ?mentions) (GROUP_CONCAT(DISTINCT STR(?date); separator="|") AS ?dates)
WHERE {
  {values}
  ?mention a rg:Mention ; rg:mentionOf ?entity ; rg:mentionKind ?kind ; dct:isPartOf ?where .
  { ?where a besluit:Zitting . BIND(?where AS ?meeting) } UNION { ?meeting besluit:behandelt ?where }
  ?meeting dct:date ?date .
} GROUP BY ?entity
"""
ALT_LABELS = """
SELECT ?actor ?alt WHERE { {values} ?actor a ?type ; skos:altLabel ?alt } ORDER BY ?actor ?alt
"""
# Where an actor appears: meeting-level (?item unbound) or item-level roles.
APPEARANCES = """
SELECT DISTINCT ?meeting ?date ?item ?title ?role WHERE {
  {values}
  ?x ?role ?actor .
  { ?x a besluit:Zitting BIND(?x AS ?meeting) }
  UNION
  { ?meeting besluit:behandelt ?x BIND(?x AS ?item) OPTIONAL { ?item dct:title ?title } }
  OPTIONAL { ?meeting dct:date ?date }
} ORDER BY ?date ?meeting ?item
"""
# Links out of and into any resource (generic page part and actor details).
OUTGOING = """
SELECT ?p ?o ?label WHERE {
  {values}
  ?s ?p ?o .
  OPTIONAL { ?o skos:prefLabel|dct:title|foaf:name|dct:identifier|skos:notation|rdfs:label ?label }
} ORDER BY ?p ?o LIMIT 2000
"""
INCOMING = """
SELECT ?s ?p ?label WHERE {
  {values}
  ?s ?p ?o .
  OPTIONAL { ?s skos:prefLabel|dct:title|foaf:name|dct:identifier|skos:notation|rdfs:label ?label }
} ORDER BY ?p ?s LIMIT 500
"""
TYPES = """
SELECT DISTINCT ?type WHERE { {values} ?s a ?type }
"""
# -- Linked Data documents ----------------------------------------------------------------------
# The description of a resource: every triple about it, the labels and types of the resources
# it points to (so a client can show names without a second request), and the links into it
# with the labels of their sources (so a case's description lists the items that treat it).
DESCRIBE = """
CONSTRUCT {
  ?s ?p ?o . ?o ?lp ?label . ?o a ?otype .
  ?x ?xp ?s . ?x ?xlp ?xlabel .
} WHERE {
  {values}
  {
    ?s ?p ?o .
    OPTIONAL { ?o ?lp ?label . FILTER (?lp IN (skos:prefLabel, dct:title, foaf:name, dct:identifier, skos:notation, rdfs:label)) }
    OPTIONAL { ?o a ?otype . FILTER (isIRI(?o)) }
  } UNION {
    ?x ?xp ?s .
    OPTIONAL { ?x ?xlp ?xlabel . FILTER (?xlp IN (skos:prefLabel, dct:title, foaf:name, dct:identifier, skos:notation, rdfs:label)) }
  }
}
"""
EXISTS = """
ASK { {values} { ?s ?p ?o } UNION { ?x ?y ?s } }
"""
# -- body, KLE ------------------------------------------------------------------------------------
BODY_MEETINGS = """
SELECT ?meeting ?date ?location (COUNT(DISTINCT ?item) AS ?items) WHERE {
  {values}
  ?meeting besluit:isGehoudenDoor ?body ; besluit:behandelt ?item .
  OPTIONAL { ?meeting dct:date ?date }
  OPTIONAL { ?meeting prov:atLocation/rdfs:label ?location }
} GROUP BY ?meeting ?date ?location ORDER BY ?date
"""
KLE_CONCEPT = """
SELECT ?notation ?label ?broader ?broaderNotation WHERE {
  {values}
  ?concept a skos:Concept .
  OPTIONAL { ?concept skos:notation ?notation }
  OPTIONAL { ?concept skos:prefLabel ?label }
  OPTIONAL { ?concept skos:broader ?broader OPTIONAL { ?broader skos:notation ?broaderNotation } }
} LIMIT 1
"""
KLE_NARROWER = """
SELECT ?narrower ?notation WHERE {
  {values}
  ?narrower skos:broader ?concept .
  OPTIONAL { ?narrower skos:notation ?notation }
} ORDER BY ?notation
"""
KLE_CASES = """
SELECT ?case ?caseNumber (COUNT(DISTINCT ?item) AS ?items) WHERE {
  {values}
  ?case a rg:Case ; dct:subject/skos:broader* ?concept .
  OPTIONAL { ?case dct:identifier ?caseNumber }
  OPTIONAL { ?item rg:case ?case }
} GROUP BY ?case ?caseNumber ORDER BY ?caseNumber
"""
# -- search ------------------------------------------------------------------------------------
SEARCH_CORPUS = """
SELECT ?item ?title ?meeting ?date ?bodyLabel ?caseNumber
       (GROUP_CONCAT(DISTINCT ?decisionText; SEPARATOR="\\n") AS ?decisions)
       (GROUP_CONCAT(DISTINCT ?sectionText; SEPARATOR="\\n") AS ?texts) WHERE {
  ?meeting besluit:behandelt ?item .
  ?item a besluit:Agendapunt .
  OPTIONAL { ?item dct:title ?title }
  OPTIONAL { ?meeting dct:date ?date }
  OPTIONAL { ?meeting besluit:isGehoudenDoor/skos:prefLabel ?bodyLabel }
  OPTIONAL { ?item rg:case/dct:identifier ?caseNumber }
  OPTIONAL { ?t dct:subject ?item ; prov:generated/prov:value ?decisionText }
  OPTIONAL { ?item rg:section/rg:text ?sectionText }
} GROUP BY ?item ?title ?meeting ?date ?bodyLabel ?caseNumber
"""
STATS = """
SELECT
  (COUNT(DISTINCT ?meeting) AS ?meetings)
  (COUNT(DISTINCT ?item) AS ?items)
WHERE { ?meeting besluit:behandelt ?item }
"""
# -- index records (read.index_records): the store's side of index.records ---------------------
# Each query reads one aspect of every agenda item inside its own document graph (?g); the
# shared descriptions (a body's label, a case's number, a person's name) come from any graph.
# Bind ?g to read one document only.
INDEX_ITEMS = """
SELECT ?g ?meeting ?item ?title ?number ?public ?date ?kind ?municipality
       (MIN(?bodyName) AS ?body) WHERE {
  {values}
  GRAPH ?g {
    ?meeting besluit:behandelt ?item .
    ?item a besluit:Agendapunt .
    OPTIONAL { ?meeting rg:documentKind ?kind }
    OPTIONAL { ?meeting rg:municipality ?municipality }
    OPTIONAL { ?item dct:title ?title }
    OPTIONAL { ?item rg:itemNumber ?number }
    OPTIONAL { ?item besluit:geplandOpenbaar ?public }
  }
  ?meeting dct:date ?date ; besluit:isGehoudenDoor ?bodyNode .  # in the shared graph when the IRI fixes them
  OPTIONAL { ?bodyNode skos:prefLabel ?bodyName }
} GROUP BY ?g ?meeting ?item ?title ?number ?public ?date ?kind ?municipality
"""
INDEX_SECTIONS = """
SELECT ?item ?text ?position WHERE {
  {values}
  GRAPH ?g { ?item a besluit:Agendapunt ; rg:section ?section . ?section rg:text ?text ; schema:position ?position }
}
"""
INDEX_DECISIONS = """
SELECT ?item ?decision ?text WHERE {
  {values}
  GRAPH ?g { ?item a besluit:Agendapunt ; rg:decision ?decision . OPTIONAL { ?decision prov:value ?text } }
}
"""
INDEX_ATTACHMENTS = """
SELECT ?item ?title ?position WHERE {
  {values}
  GRAPH ?g { ?item a besluit:Agendapunt ; rg:attachment ?attachment .
             ?attachment dct:title ?title ; schema:position ?position }
}
"""
INDEX_CASES = """
SELECT DISTINCT ?item ?caseNumber ?kle WHERE {
  {values}
  GRAPH ?g { ?item a besluit:Agendapunt ; rg:case ?case }
  ?case dct:identifier ?caseNumber .
  OPTIONAL { ?case dct:subject/skos:notation ?kle }
}
"""
INDEX_PROPOSERS = """
SELECT ?item ?proposer WHERE {
  {values}
  GRAPH ?g { ?item a besluit:Agendapunt ; rg:recommendation/rg:proposerName ?proposer }
}
"""
INDEX_PEOPLE = """
SELECT ?item ?person (MIN(?personName) AS ?name) WHERE {
  {values}
  GRAPH ?g { ?mention a rg:Mention ; rg:mentionKind "person" ; dct:isPartOf ?item ; rg:mentionOf ?person .
             ?item a besluit:Agendapunt }
  ?person foaf:name ?personName .
} GROUP BY ?item ?person
"""
# Document graph → its agenda items: what an up-to-date index holds (read.index_records.index_state).
INDEX_DOCUMENTS = """
SELECT ?g (COUNT(DISTINCT ?item) AS ?items) WHERE {
  GRAPH ?g { ?meeting besluit:behandelt ?item . ?item a besluit:Agendapunt }
} GROUP BY ?g
"""
