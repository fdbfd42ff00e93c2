"""Typed model → RDF: the triples of ONE meeting document's named graph.

``map_meeting`` turns a :class:`~referatgraf.parse.model.Meeting` (plus its extraction) into an
rdflib graph using standard vocabularies first (LBLOD besluit, ORG, FOAF, DCTERMS, SKOS,
PROV-O, schema.org) and ``rg:`` only where nothing fits (docs/ontology.md). It is a pure
function: the same meeting always gives the same triples (every IRI comes from the
:class:`~referatgraf.graph.iris.Minter`; there are no blank nodes).

Provenance design: every node read from the text (item, treatment, decision, attachment,
section, recommendation and its points) carries ``prov:wasDerivedFrom`` the source document
(``prov:Entity`` keyed by sha256) and its line range as ``rg:firstLine``/``rg:lastLine``
directly on the node. Those nodes are meeting-scoped (their IRIs start with the meeting IRI),
so each has exactly one source range and no separate location node is needed. Shared nodes
(cases, KLE concepts, bodies) carry no line range: the items pointing at them do.

Body and municipality: the body is a ``besluit:Bestuursorgaan`` that is
``org:subOrganizationOf`` the municipality (``org:Organization`` and ``rg:Municipality``) —
ORG's standard "part of" link. LBLOD's ``besluit:bestuurt`` is not used: a forum such as
Chefforum does not govern the municipality.

>>> from referatgraf.graph.iris import Minter
>>> from referatgraf.parse import parse_text
>>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
>>> g = map_meeting(meeting, None, Minter("https://example.org/", "Albertslund"))
>>> from referatgraf.ontology.vocab import BESLUIT
>>> len(list(g.subjects(predicate=None, object=BESLUIT.Agendapunt)))
1
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from referatgraf.extract.model import Extraction
from referatgraf.graph.iris import Minter
from referatgraf.graph.stubs import add_referenced_meeting
from referatgraf.graph.terms import RDFLIB, Terms
from referatgraf.ontology.vocab import (BESLUIT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, RG, SDO, SKOS, XSD,
                                        bind_prefixes)
from referatgraf.parse.case_number import CaseNumber
from referatgraf.parse.model import AgendaItem, Decision, EarlierTreatment, Meeting, Recommendation

LineRange = tuple[int, int]
DANISH = "da"  # the language tag of the documents' own text
DANISH_TIME = ZoneInfo("Europe/Copenhagen")  # the offset (+01:00/+02:00) of every planned time


def meeting_iri(meeting: Meeting, minter: Minter) -> URIRef:
    """IRI of the meeting a document records."""
    return URIRef(minter.meeting(meeting.body, meeting.date, meeting.start_time))


def graph_iri(meeting: Meeting, minter: Minter) -> URIRef:
    """IRI of the named graph that holds one meeting document (keyed by meeting, not file)."""
    return URIRef(minter.graph(meeting.body, meeting.date, meeting.start_time))


def document_iri(meeting: Meeting, minter: Minter) -> URIRef:
    """IRI of the source document (``prov:Entity``)."""
    return URIRef(minter.document(meeting.source.sha256))


def map_meeting(meeting: Meeting, extraction: Extraction | None, minter: Minter, graph: Graph | None = None,
                terms: Terms = RDFLIB) -> Graph:
    """All triples of one meeting document, ready for ``Store.replace_graph``: the core
    (:func:`map_core`) plus actors, roles and meeting references (graph.mentions).
    ``graph``: where to add them (default a new Graph); ingest passes a
    :class:`~referatgraf.graph.terms.QuadSink` with ``terms=OXIGRAPH`` (pyoxigraph terms, no
    rdflib on its hot path; graph.terms)."""
    from referatgraf.graph.mentions import add_mention_triples

    graph = map_core(meeting, minter, graph, terms)
    add_mention_triples(graph, meeting, extraction or Extraction(), minter, str(document_iri(meeting, minter)), terms)
    return graph


def split_shared(graph: Graph, meeting: Meeting, minter: Minter) -> tuple[Graph, Graph]:
    """(document's own triples, shared triples) of a mapped meeting.

    Own: triples about the meeting, its meeting-scoped nodes (items, decisions, attachments,
    mentions …) and the source document — they go to the document's named graph and are
    replaced with it. Shared: triples about nodes several documents describe (cases, KLE
    concepts, bodies, the municipality, actors, memberships, referenced meetings). They go once
    into the shared graph (``Minter.shared_graph``) instead of once per document graph, because
    a union default graph repeats a triple for every graph holding it (Oxigraph does), which
    multiplies join sizes. Shared triples are only ever added: re-ingesting a corrected
    document leaves a description it no longer makes in the shared graph. The facts a stub of
    the meeting's own IRI states too (:func:`shared_facts`) are shared as well, so they are
    stored once whichever document comes first.
    """
    is_own, facts = own_rule(meeting, minter), shared_facts(meeting, minter)
    own, shared = Graph(), Graph()
    for triple in graph:
        (own if is_own(str(triple[0])) and (str(triple[0]), str(triple[1])) not in facts else shared).add(triple)
    return own, shared


def shared_facts(meeting: Meeting, minter: Minter) -> frozenset[tuple[str, str]]:
    """(subject, predicate) pairs of the meeting's own node that go to the shared graph: when the
    meeting's IRI is its day's IRI (no start time), references by body and day describe the same
    node with the same body and date (graph.stubs.add_referenced_meeting); both are fixed by the IRI.

    >>> from referatgraf.parse import parse_text
    >>> m = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
    >>> sorted(p.rsplit("/", 1)[-1] for _, p in shared_facts(m, Minter("https://example.org/", "Albertslund")))
    ['besluit#isGehoudenDoor', 'date']
    """
    iri = str(meeting_iri(meeting, minter))
    if iri != minter.meeting(meeting.body, meeting.date):
        return frozenset()
    return frozenset({(iri, str(DCTERMS.date)), (iri, str(BESLUIT.isGehoudenDoor))})


def own_rule(meeting: Meeting, minter: Minter) -> Callable[[str], bool]:
    """The rule of :func:`split_shared` as a test on a subject's IRI: True for the document's own.

    >>> from referatgraf.parse import parse_text
    >>> m = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
    >>> minter = Minter("https://example.org/", "Albertslund")
    >>> is_own = own_rule(m, minter)
    >>> is_own(minter.item(str(meeting_iri(m, minter)), 1)), is_own(minter.case("13/13893"))
    (True, False)
    """
    scope = str(meeting_iri(meeting, minter))
    own_subjects = {scope, str(document_iri(meeting, minter))}
    prefix = scope + "/"
    return lambda s: s in own_subjects or s.startswith(prefix)


def map_core(meeting: Meeting, minter: Minter, graph: Graph | None = None, terms: Terms = RDFLIB) -> Graph:
    """The document's own structure: meeting, body, items, cases, KLE, decisions, provenance."""
    if graph is None:
        graph = Graph()
        bind_prefixes(graph)
    _Mapper(graph, meeting, minter, terms).map()
    return graph


def planned_start(date: dt.date, start_time: str | None) -> Literal | None:
    """A planned time on a day as ``xsd:dateTime`` with the Danish offset of that day
    (``besluit:geplandeStart`` of a meeting, ``rg:plannedStart``/``rg:plannedEnd`` of an item);
    None without a (valid) clock time: a date alone is ``dct:date``, never a made-up midnight.

    >>> str(planned_start(dt.date(2014, 5, 15), "09:00")), str(planned_start(dt.date(2014, 1, 9), "9.05"))
    ('2014-05-15T09:00:00+02:00', '2014-01-09T09:05:00+01:00')
    >>> planned_start(dt.date(2014, 5, 15), None) is None
    True
    """
    return planned_time(date, start_time, RDFLIB)


def planned_time(date: dt.date, start_time: str | None, terms: Terms):  # noqa: ANN201 - a term of ``terms``
    """:func:`planned_start` as a term of ``terms`` (graph.terms)."""
    clock = _clock(start_time) if start_time else None
    if clock is None:
        return None
    moment = dt.datetime.combine(date, clock, tzinfo=DANISH_TIME)
    return terms.typed(moment.isoformat(), XSD.dateTime)


def authority_class(name: str | None) -> URIRef:
    """``rg:Region`` for a region ("Region Hovedstaden", "Regionsrådet i Region Sjælland"),
    else ``rg:Municipality``: the setting names a public authority, a kommune or a region.

    >>> str(authority_class("Region Hovedstaden")).rsplit("#", 1)[-1], str(authority_class("Greve")).rsplit("#", 1)[-1]
    ('Region', 'Municipality')
    """
    return RG.Region if name and re.match(r"^\s*region(?:en|s)?\b", name, re.IGNORECASE) else RG.Municipality


def _clock(text: str) -> dt.time | None:
    """ "9:05", "13.15" → the time; None for what is not a clock time ("24:00", "kl")."""
    hours, _, minutes = text.replace(".", ":").partition(":")
    try:
        return dt.time(int(hours), int(minutes or 0))
    except ValueError:
        return None


class _Mapper:
    """Adds one meeting's triples to ``graph``; one short method per kind of node."""

    def __init__(self, graph: Graph, meeting: Meeting, minter: Minter, terms: Terms) -> None:
        self.g, self.m, self.minter, self.t, self.iri = graph, meeting, minter, terms, terms.iri
        self.scope = str(meeting_iri(meeting, minter))  # the meeting's IRI, as text
        self.meeting = self.iri(self.scope)
        self.doc = self.iri(str(document_iri(meeting, minter)))
        self.municipality = self.iri(minter.municipality())

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def text(self, s: Node, p: Node, value: str | None, lang: str | None = None) -> None:
        if value is not None and value.strip():
            self.g.add((s, p, self.t.text(value, lang)))

    def danish(self, s: Node, p: Node, value: str | None) -> None:
        """Text in the document's language (titles, section and decision texts): tagged ``@da``."""
        self.text(s, p, value, DANISH)

    def derived(self, node: URIRef, lines: LineRange) -> None:
        """Provenance: the node comes from the source document, lines ``first..last``."""
        self.add(node, PROV.wasDerivedFrom, self.doc)
        self.add(node, RG.firstLine, self.t.integer(lines[0]))
        self.add(node, RG.lastLine, self.t.integer(lines[1]))

    # -- meeting-level nodes -------------------------------------------------------------------
    def map(self) -> None:
        self.source_document()
        self.municipality_and_body()
        self.meeting_node()
        previous = None
        for item in self.m.items:
            previous = self.item(item, previous)

    def source_document(self) -> None:
        src, doc = self.m.source, self.doc
        self.add(doc, RDF.type, PROV.Entity)
        self.add(doc, RDF.type, FOAF.Document)
        self.text(doc, RG.sourceFile, src.file_name)
        self.text(doc, RG.sha256, src.sha256)
        if src.media_type:
            media = self.iri(self.minter.media_type(src.media_type))
            self.add(doc, DCTERMS.format, media)
            self.add(media, RDF.type, DCTERMS.MediaType)
        self.text(doc, RG.layout, self.m.report.layout)
        self.add(doc, RG.complete, self.t.boolean(self.m.report.complete))
        for w in self.m.report.warnings:
            where = f" (line {w.line})" if w.line else ""
            self.text(doc, RG.warning, f"{w.code}: {w.message}{where}")

    def municipality_and_body(self) -> None:
        mun, body = self.municipality, self.iri(self.minter.body(self.m.body))
        self.add(mun, RDF.type, ORG.Organization)
        self.add(mun, RDF.type, RG.Authority)
        self.add(mun, RDF.type, authority_class(self.m.municipality))
        self.text(mun, SKOS.prefLabel, self.m.municipality)
        self.add(body, RDF.type, BESLUIT.Bestuursorgaan)
        self.text(body, SKOS.prefLabel, self.m.body)
        self.add(body, ORG.subOrganizationOf, mun)
        self.add(body, RG.municipality, mun)

    def meeting_node(self) -> None:
        m, node = self.m, self.meeting
        self.add(node, RDF.type, BESLUIT.Zitting)
        self.add(node, BESLUIT.isGehoudenDoor, self.iri(self.minter.body(m.body)))
        self.add(node, BESLUIT.geplandeStart, planned_time(m.date, m.start_time, self.t))
        self.add(node, DCTERMS.date, self.t.typed(m.date.isoformat(), XSD.date))
        self.place(node, m.location)
        self.text(node, DCTERMS.identifier, m.system_id)
        day = self.iri(self.minter.meeting(m.body, m.date))
        if day != node:  # references that know only the day (graph.mentions, Sagens forløb) meet here
            self.add(node, RG.referencedAs, day)
        self.text(node, RG.documentKind, m.kind)
        self.add(node, RG.municipality, self.municipality)
        self.add(node, PROV.wasDerivedFrom, self.doc)
        if m.header_lines:
            self.add(node, RG.firstLine, self.t.integer(m.header_lines[0]))
            self.add(node, RG.lastLine, self.t.integer(m.header_lines[1]))

    def place(self, meeting: URIRef, name: str | None) -> None:
        """``prov:atLocation`` a ``prov:Location`` node named as written (PROV's range for it)."""
        if not name or not name.strip():
            return
        place = self.iri(self.minter.place(name))
        self.add(meeting, PROV.atLocation, place)
        self.add(place, RDF.type, PROV.Location)
        self.text(place, RDFS.label, name.strip())
        self.text(place, SDO.name, name.strip())

    # -- agenda items ----------------------------------------------------------------------
    def item(self, item: AgendaItem, previous: URIRef | None) -> URIRef:
        node = self.iri(self.minter.item(self.scope, item.order))
        self.add(self.meeting, BESLUIT.behandelt, node)
        self.add(node, RDF.type, BESLUIT.Agendapunt)
        self.danish(node, DCTERMS.title, item.title)
        self.danish(node, RG.rawTitle, item.raw_title)
        self.add(node, SDO.position, self.t.integer(item.order))
        self.text(node, RG.itemNumber, item.number)
        self.add(node, BESLUIT.geplandOpenbaar, self.t.boolean(not item.closed))
        self.add(node, BESLUIT.aangebrachtNa, previous)
        self.derived(node, item.lines)
        self.planning(node, item)
        for case in item.cases:
            self.add(node, RG.case, self.case(case))
        for k, att in enumerate(item.attachments, start=1):
            self.attachment(node, item.order, k, att.title, att.line)
        for k, section in enumerate(item.sections, start=1):
            self.section(node, item.order, k, section)
        if item.recommendation:
            self.recommendation(node, item.order, item.recommendation)
        for k, earlier in enumerate(item.history, start=1):
            self.earlier_treatment(node, item, k, earlier)
        if item.decisions:
            self.treatment(node, item)
        return node

    def planning(self, node: URIRef, item: AgendaItem) -> None:
        if item.planned_start:
            self.add(node, RG.plannedStart, planned_time(self.m.date, item.planned_start, self.t))
        if item.planned_end:
            self.add(node, RG.plannedEnd, planned_time(self.m.date, item.planned_end, self.t))
        if item.planned_minutes is not None:
            self.add(node, RG.plannedMinutes, self.t.integer(item.planned_minutes))
        for name in item.presenters:
            self.text(node, RG.presenterName, name)
        for name in item.participants:
            self.text(node, RG.participantName, name)

    def attachment(self, item: URIRef, number: int, k: int, title: str, line: int) -> None:
        node = self.iri(self.minter.attachment(self.scope, number, k))
        self.add(item, RG.attachment, node)
        self.add(node, RDF.type, FOAF.Document)
        self.danish(node, DCTERMS.title, title)
        self.add(node, SDO.position, self.t.integer(k))
        self.derived(node, (line, line))

    def section(self, item: URIRef, number: int, k: int, section) -> None:  # noqa: ANN001
        node = self.iri(self.minter.section(self.scope, number, k))
        self.add(item, RG.section, node)
        self.add(node, RDF.type, RG.Section)
        self.text(node, RG.sectionKind, section.kind)
        self.danish(node, RG.heading, section.heading)
        self.danish(node, RG.text, section.text)
        self.add(node, SDO.position, self.t.integer(k))
        self.derived(node, section.lines)

    def recommendation(self, item: URIRef, number: int, rec: Recommendation) -> None:
        node = self.iri(self.minter.recommendation(self.scope, number))
        self.add(item, RG.recommendation, node)
        self.add(node, RDF.type, RG.Recommendation)
        self.text(node, RG.proposerName, rec.proposer)
        self.danish(node, RG.text, rec.text)
        self.derived(node, rec.lines)
        for point in rec.points:
            p = self.iri(self.minter.recommendation_point(self.scope, number, point.number))
            self.add(node, RG.point, p)
            self.add(p, RDF.type, RG.RecommendationPoint)
            self.add(p, RG.pointNumber, self.t.integer(point.number))
            self.danish(p, RG.text, point.text)
            self.derived(p, (point.line, point.line))

    def earlier_treatment(self, item: URIRef, ai: AgendaItem, k: int, earlier: EarlierTreatment) -> None:
        """An earlier treatment the item lists, pointing at the meeting it names. That meeting
        is known by body and day only, so it is the day's stub IRI; the read core matches it to
        the real meeting by body and date (a real meeting's IRI may carry its start time)."""
        node = self.iri(self.minter.earlier_treatment(self.scope, ai.order, k))
        self.add(item, RG.earlierTreatment, node)
        self.add(node, RDF.type, RG.EarlierTreatment)
        self.text(node, RG.treatmentBodyName, earlier.body)
        self.add(node, DCTERMS.date, self.t.typed(earlier.date.isoformat(), XSD.date))
        self.danish(node, PROV.value, earlier.decision)
        self.add(node, SDO.position, self.t.integer(k))
        self.derived(node, (earlier.line, earlier.line))
        self.refers_to_meeting(node, earlier.body, earlier.date, own=True)

    def refers_to_meeting(self, node: URIRef, body_name: str, date: dt.date, own: bool = False) -> None:
        """``node rg:refersToMeeting`` the meeting a body held on a day, known by body and day
        only: the day's stub IRI (a real meeting with a start time is ``rg:referencedAs`` it).
        When that is this document's own meeting: the meeting itself if ``own``, else nothing."""
        target = self.iri(self.minter.meeting(body_name, date))
        if target in (self.meeting, self.iri(self.minter.meeting(self.m.body, self.m.date))):
            if own:  # "Sagens forløb" lists the treatment at this very meeting too
                self.add(node, RG.refersToMeeting, self.meeting)
            return
        self.add(node, RG.refersToMeeting, target)
        add_referenced_meeting(self.g, self.t, target, self.iri(self.minter.body(body_name)), body_name, date.isoformat())

    def treatment(self, item: URIRef, ai: AgendaItem) -> None:
        node = self.iri(self.minter.treatment(self.scope, ai.order))
        self.add(node, RDF.type, BESLUIT.BehandelingVanAgendapunt)
        self.add(node, DCTERMS.subject, item)
        self.add(node, BESLUIT.openbaar, self.t.boolean(not ai.closed))
        self.derived(node, ai.lines)
        for k, decision in enumerate(ai.decisions, start=1):
            made = self.decision(ai.order, k, decision)
            self.add(node, PROV.generated, made)
            self.add(item, RG.decision, made)  # the shortcut of item ^dct:subject/prov:generated

    def decision(self, number: int, k: int, decision: Decision) -> URIRef:
        iri = self.minter.decision(self.scope, number, k)
        node = self.iri(iri)
        self.add(node, RDF.type, BESLUIT.Besluit)
        self.danish(node, PROV.value, decision.text)
        self.text(node, RG.decisionBody, decision.body)
        if decision.date:
            self.add(node, RG.decisionDate, self.t.typed(decision.date.isoformat(), XSD.date))
            if decision.body:  # a decision of another meeting (Acadre lists a case's treatments in a row)
                self.refers_to_meeting(node, decision.body, decision.date)
        self.derived(node, decision.lines)
        for answer in decision.answers:
            a = self.iri(self.minter.point_answer(iri, answer.point))
            self.add(node, RG.answer, a)
            self.add(a, RDF.type, RG.PointAnswer)
            self.add(a, RG.answersPoint, self.iri(self.minter.recommendation_point(self.scope, number, answer.point)))
            self.danish(a, RG.text, answer.text)
            self.derived(a, (answer.line, answer.line))
        return node

    # -- shared nodes ----------------------------------------------------------------------
    def case(self, case: CaseNumber) -> URIRef:
        node = self.iri(self.minter.case(case.raw))
        self.add(node, RDF.type, RG.Case)
        self.text(node, DCTERMS.identifier, case.raw)
        self.text(node, RG.caseNumberScheme, case.scheme)
        self.add(node, RG.caseYear, self.t.integer(case.year))
        self.add(node, RG.caseSerial, self.t.integer(case.serial))
        self.text(node, RG.facet, case.facet)
        self.text(node, RG.prefix, case.prefix)
        self.add(node, RG.municipality, self.municipality)
        if case.kle_subject:
            self.add(node, DCTERMS.subject, self.kle(case.kle_subject))
        return node

    def kle(self, notation: str) -> URIRef:
        """The KLE concept and its broader concepts up to the main group (00.01.00 → 00.01 → 00)."""
        scheme = self.iri(self.minter.kle_scheme())
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, self.t.text("KLE", "da"))
        parts = notation.split(".")
        narrower = None
        for depth in range(len(parts), 0, -1):
            code = ".".join(parts[:depth])
            node = self.iri(self.minter.kle(code))
            self.add(node, RDF.type, SKOS.Concept)
            self.add(node, SKOS.notation, self.t.text(code))
            self.add(node, SKOS.inScheme, scheme)
            if narrower is not None:
                self.add(narrower, SKOS.broader, node)
            if depth == 1:
                self.add(node, SKOS.topConceptOf, scheme)
                self.add(scheme, SKOS.hasTopConcept, node)
            narrower = node
        return self.iri(self.minter.kle(notation))
