"""Vocabularies as closed namespaces, so a misspelt term fails at import time, not in the data.

rdflib already ships closed namespaces for ORG, FOAF, DCTERMS, SKOS, PROV, schema.org (SDO),
VOID and DCAT; the LBLOD vocabularies and our own ``rg:`` are declared here.

>>> str(BESLUIT.Zitting)
'http://data.vlaanderen.be/ns/besluit#Zitting'
>>> RG.nosuchterm  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'nosuchterm' not in namespace
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS,
                              VOID, XSD, ClosedNamespace)

BESLUIT = ClosedNamespace(
    "http://data.vlaanderen.be/ns/besluit#",
    [
        "Zitting", "Bestuursorgaan", "Agendapunt", "BehandelingVanAgendapunt", "Besluit",
        "isGehoudenDoor", "geplandeStart", "behandelt", "openbaar", "geplandOpenbaar",
        "heeftAanwezigeBijStart", "heeftAanwezige",
        "heeftNotulen", "heeftAgenda", "aangebrachtNa", "gebeurtNa", "motivering",
        "bestuurt", "classificatie", "Bestuurseenheid",
    ],
)
MANDAAT = ClosedNamespace(
    "http://data.vlaanderen.be/ns/mandaat#",
    ["Mandaat", "Mandataris", "isBestuurlijkeAliasVan", "isTijdspecialisatieVan", "start", "einde"],
)
ELI = ClosedNamespace("http://data.europa.eu/eli/ontology#", ["LegalResource", "title", "description"])
VCARD = ClosedNamespace("http://www.w3.org/2006/vcard/ns#", ["Kind", "Organization", "fn", "hasEmail"])
DOSSIER = Namespace("https://data.vlaanderen.be/ns/dossier#")  # only for skos:closeMatch targets
OPARL = Namespace("https://schema.oparl.org/1.1/")  # only for skos:closeMatch targets
ODA = Namespace("https://oda.ft.dk/api/")  # Folketingets åbne data, only for skos:closeMatch targets

RG_IRI = "https://w3id.org/referatgraf/ns#"

# Our own terms. Keep this list in step with ontology/referatgraf.ttl (a test checks both ways).
RG = ClosedNamespace(
    RG_IRI,
    [
        # classes
        "Case", "Municipality", "Region", "Authority", "SourceLocation", "Mention", "Presentation", "Attendance",
        "Recommendation", "RecommendationPoint", "PointAnswer", "Section", "EarlierTreatment", "ReferencedMeeting",
        # properties
        "case", "attachment", "proposer", "presenter", "participant", "mentions", "absentee",
        "caseNumberScheme", "caseYear", "caseSerial", "facet", "prefix",
        "plannedStart", "plannedEnd", "plannedMinutes",
        "recommendation", "point", "pointNumber", "answersPoint", "answer", "section", "sectionKind",
        "heading", "text", "refersToMeeting", "stub", "documentKind",
        "sourceFile", "sha256", "firstLine", "lastLine", "line", "startOffset", "endOffset",
        "location", "mentionText", "municipality", "decision", "decisionBody", "decisionDate",
        "layout", "complete", "warning", "rawTitle", "presenterName", "participantName",
        "proposerName", "itemNumber", "earlierTreatment", "treatmentBodyName", "absenceReason", "referencedAs",
        # the dataset's own counts (web.void)
        "quads", "stubMeetings",
        # mentions (graph.mentions): what a mention resolves to, its role and kind
        "mentionOf", "mentionRole", "mentionKind",
    ],
)

__all__ = [
    "BESLUIT", "DCAT", "DCTERMS", "DOSSIER", "ELI", "FOAF", "MANDAAT", "ODA", "OPARL", "ORG", "OWL",
    "PROV", "RDF", "RDFS", "RG", "RG_IRI", "SDO", "SH", "SKOS", "VCARD", "VOID", "XSD", "bind_prefixes",
]

PREFIXES = {
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "mandaat": "http://data.vlaanderen.be/ns/mandaat#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": str(ORG),
    "foaf": str(FOAF),
    "dct": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SDO),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "rg": RG_IRI,
}


def bind_prefixes(graph) -> None:  # noqa: ANN001 - rdflib Graph or Dataset
    """Bind the project's prefixes on an rdflib graph for readable serialisations."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above (for building queries)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
