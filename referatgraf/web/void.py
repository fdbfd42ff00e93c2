"""The dataset's self-description in VoID and DCAT-AP: what it is, who publishes it under which
licence, where to query it, how to download it, when it changed.

Served at ``/.well-known/void`` (the VoID convention) and ``/dataset``. The IRIs use the address
the client reached (``site``), so the SPARQL endpoint and dumps named are the ones that answer;
the data's own IRIs stay under ``Settings.base_iri`` (``void:uriSpace``). :func:`dataset_info` is
the same description as a typed object, for the dataset page and its JSON twin.

What a data-portal harvester needs (DCAT-AP 3; tests/fixtures/dcat_ap_3_shapes.ttl checks it):

* a ``dcat:Catalog`` (``/dataset#catalog``) holding the dataset and the SPARQL service, with a
  ``dct:publisher`` (``Settings.publisher_name`` / ``publisher_iri``; unset → "Operator of
  <address>", so the mandatory publisher is never missing and never invented);
* ``dct:license`` on the catalogue, the service and every distribution when ``Settings.license``
  is set, and no licence claimed when it is not;
* ``dcat:contactPoint`` (a ``vcard:Kind`` with an e-mail) when ``Settings.contact_email`` is set;
* ``dct:issued`` (``Settings.issued``, else the store's first write) and ``dct:modified`` (the
  store's last write, :meth:`~referatgraf.store.base.Store.written`), left out where unknown;
* per dump a ``dcat:Distribution`` with ``dcat:accessURL`` and ``dcat:downloadURL``, and one for
  the SPARQL endpoint (``dcat:accessService``); media types and formats as IANA's IRIs;
* ``void:vocabulary`` for every vocabulary the data uses (:data:`VOCABULARIES`).

Counts (:class:`Counts`, from read.stats): ``void:triples`` is the number of distinct triples in
the union of the graphs, ``rg:quads`` the stored (graph, triple) pairs, ``void:classPartition``
the nodes per class — ``besluit:Zitting`` only meetings read from their own document,
``rg:ReferencedMeeting`` every meeting referred to — and ``rg:stubMeetings`` the referenced
meetings whose document is not in the store.

>>> g = dataset_graph("http://127.0.0.1:8000/", "https://d.dk/", triples=10, graphs=2)
>>> str(g.value(URIRef("http://127.0.0.1:8000/dataset"), VOID.sparqlEndpoint))
'http://127.0.0.1:8000/sparql'
>>> dataset_info("http://127.0.0.1:8000/", "https://d.dk/", 10, 2).uri_space
'https://d.dk/id/'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from referatgraf.graph.iris import Minter
from referatgraf.ontology.vocab import BESLUIT, RG, RG_IRI, VCARD, bind_prefixes
from referatgraf.read.ids import id_space
from referatgraf.read.schemas import DatasetInfo

if TYPE_CHECKING:
    from referatgraf.settings import Settings
    from referatgraf.store.base import Store

DUMPS = {
    "referatgraf.nq.gz": ("application/n-quads", "N-Quads (one named graph per meeting document), gzipped"),
    "referatgraf.ttl.gz": ("text/turtle", "Turtle (union of all graphs), gzipped"),
}
#: every vocabulary the mapping writes terms of (tests/web/test_void_dcat.py checks it against the data)
VOCABULARIES = (str(BESLUIT), str(DCTERMS), str(FOAF), str(ORG), str(PROV), str(RDF), str(RDFS), str(SDO),
                str(SKOS), RG_IRI)
DANISH = "http://publications.europa.eu/resource/authority/language/DAN"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
_RESULTS_TYPE = "application/sparql-results+json"


@dataclass(frozen=True)
class Counts:
    """What the description counts beyond ``void:triples`` and ``void:documents`` (read.stats)."""

    quads: int | None = None
    classes: tuple[tuple[str, int], ...] = ()  # (class IRI, nodes)
    stub_meetings: int | None = None


def counts(store: "Store") -> Counts:
    """The store's quads, nodes per class and stub meetings."""
    from referatgraf.read.stats import class_counts, stub_meetings

    return Counts(store.triple_count(), tuple(class_counts(store).items()), stub_meetings(store))


def _counts(g: Graph, site: str, ds: URIRef, numbers: Counts) -> None:
    """``rg:quads``, ``rg:stubMeetings`` and a ``void:classPartition`` per class."""
    if numbers.quads is not None:
        g.add((ds, RG.quads, Literal(numbers.quads, datatype=XSD.integer)))
    if numbers.stub_meetings is not None:
        g.add((ds, RG.stubMeetings, Literal(numbers.stub_meetings, datatype=XSD.integer)))
    for k, (cls, n) in enumerate(numbers.classes, start=1):
        part = URIRef(f"{site}dataset#classes-{k}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))


@dataclass(frozen=True)
class About:
    """Who publishes the dataset, under which licence, whom to ask, and when it changed."""

    publisher_name: str | None = None
    publisher_iri: str | None = None
    license: str | None = None
    contact_email: str | None = None
    issued: dt.date | dt.datetime | None = None
    modified: dt.datetime | None = None


def about(settings: "Settings", store: "Store") -> About:
    """The settings' publisher, licence and contact, with the store's first and last write."""
    first, last = store.written()
    return About(settings.publisher_name, settings.publisher_iri, settings.license, settings.contact_email,
                 settings.issued or first, last)


def _date(value: dt.date | dt.datetime) -> Literal:
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def _typed(g: Graph, iri: str, *types: URIRef) -> URIRef:
    node = URIRef(iri)
    for t in types:
        g.add((node, RDF.type, t))
    return node


def _rights(g: Graph, node: URIRef, site: str, info: About) -> None:
    """Licence and publisher, as every described resource states them."""
    if info.license:
        g.add((node, DCTERMS.license, _typed(g, info.license, DCTERMS.LicenseDocument)))
    g.add((node, DCTERMS.publisher, URIRef(info.publisher_iri or f"{site}dataset#publisher")))


def _dates(g: Graph, node: URIRef, info: About) -> None:
    if info.issued is not None:
        g.add((node, DCTERMS.issued, _date(info.issued)))
    if info.modified is not None:
        g.add((node, DCTERMS.modified, _date(info.modified)))


def _agents(g: Graph, site: str, ds: URIRef, info: About) -> None:
    """The publisher (a ``foaf:Agent``) and, when set, the contact point (a ``vcard:Kind``)."""
    name = info.publisher_name or f"Operator of {site}"
    publisher = _typed(g, info.publisher_iri or f"{site}dataset#publisher", FOAF.Agent)
    g.add((publisher, FOAF.name, Literal(name)))
    if info.contact_email:
        contact = _typed(g, f"{site}dataset#contact", VCARD.Kind)
        g.add((contact, VCARD.fn, Literal(name)))
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{info.contact_email}")))
        g.add((ds, DCAT.contactPoint, contact))


def _distribution(g: Graph, site: str, base: str, ds: URIRef, info: About, name: str) -> None:
    media, title = DUMPS[name]
    minter = Minter(base)
    url = URIRef(f"{site}dumps/{name}")
    dist = _typed(g, f"{site}dumps/{name}#distribution", DCAT.Distribution)
    g.add((ds, VOID.dataDump, url))
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, DCAT.accessURL, url))
    g.add((dist, DCAT.downloadURL, url))
    g.add((dist, DCAT.mediaType, _typed(g, minter.media_type(media), DCTERMS.MediaType)))
    g.add((dist, DCTERMS.format, _typed(g, minter.media_type(media), DCTERMS.MediaTypeOrExtent)))
    g.add((dist, DCAT.compressFormat, _typed(g, minter.media_type("application/gzip"), DCTERMS.MediaType)))
    g.add((dist, DCTERMS.title, Literal(title, lang="en")))
    _dates(g, dist, info)
    if info.license:
        g.add((dist, DCTERMS.license, _typed(g, info.license, DCTERMS.LicenseDocument)))


def _service(g: Graph, site: str, base: str, ds: URIRef, info: About) -> URIRef:
    """The SPARQL endpoint as a ``dcat:DataService``, and a distribution reached through it."""
    endpoint = URIRef(f"{site}sparql")
    service = _typed(g, f"{site}sparql#service", DCAT.DataService)
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCTERMS.conformsTo, _typed(g, SPARQL_PROTOCOL, DCTERMS.Standard)))
    g.add((service, DCAT.servesDataset, ds))
    _rights(g, service, site, info)
    g.add((ds, DCAT.service, service))
    dist = _typed(g, f"{site}sparql#distribution", DCAT.Distribution)
    g.add((dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((dist, DCAT.accessURL, endpoint))
    g.add((dist, DCAT.accessService, service))
    g.add((dist, DCAT.mediaType, _typed(g, Minter(base).media_type(_RESULTS_TYPE), DCTERMS.MediaType)))
    if info.license:
        g.add((dist, DCTERMS.license, _typed(g, info.license, DCTERMS.LicenseDocument)))
    g.add((ds, DCAT.distribution, dist))
    return service


def _catalog(g: Graph, site: str, ds: URIRef, service: URIRef, info: About) -> None:
    catalog = _typed(g, f"{site}dataset#catalog", DCAT.Catalog)
    g.add((catalog, DCTERMS.title, Literal("referatgraf catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "The municipal meeting minutes served by this referatgraf instance, as linked data.", lang="en")))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCAT.service, service))
    g.add((catalog, FOAF.homepage, _typed(g, site, FOAF.Document)))
    g.add((catalog, DCTERMS.language, _typed(g, DANISH, DCTERMS.LinguisticSystem)))
    _rights(g, catalog, site, info)
    _dates(g, catalog, info)


def dataset_graph(site: str, base: str, triples: int, graphs: int, info: About | None = None,
                  numbers: Counts | None = None) -> Graph:
    """VoID + DCAT-AP description; ``site`` is the server's root URL ending in '/'; ``triples``
    the distinct triples of the union (read.stats.distinct_triples)."""
    info = info or About()
    g = Graph()
    bind_prefixes(g)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("vcard", VCARD)
    ds = _typed(g, f"{site}dataset", VOID.Dataset, DCAT.Dataset)
    g.add((ds, DCTERMS.title, Literal("referatgraf: municipal meeting minutes as linked data", lang="en")))
    g.add((ds, DCTERMS.title, Literal("referatgraf: kommunale referater som linked data", lang="da")))
    g.add((ds, DCTERMS.description, Literal(
        "Meetings, agenda items, cases, decisions, attachments and the people and departments "
        "involved, parsed from published minutes (referater).", lang="en")))
    g.add((ds, DCTERMS.language, _typed(g, DANISH, DCTERMS.LinguisticSystem)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{site}sparql")))
    g.add((ds, VOID.uriSpace, Literal(id_space(base))))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.documents, Literal(graphs, datatype=XSD.integer)))  # one graph per document
    _counts(g, site, ds, numbers or Counts())
    g.add((ds, VOID.rootResource, URIRef(Minter(base).kle_scheme())))
    g.add((ds, FOAF.homepage, URIRef(site)))
    g.add((ds, DCAT.landingPage, _typed(g, site, FOAF.Document)))
    _rights(g, ds, site, info)
    _dates(g, ds, info)
    _agents(g, site, ds, info)
    service = _service(g, site, base, ds, info)
    for name in DUMPS:
        _distribution(g, site, base, ds, info, name)
    _catalog(g, site, ds, service, info)
    return g


def dataset_info(site: str, base: str, triples: int, graphs: int) -> DatasetInfo:
    """The dataset's size, IRI space, endpoint and dumps; ``site`` as for :func:`dataset_graph`."""
    return DatasetInfo(triples=triples, graphs=graphs, uri_space=id_space(base), sparql_endpoint=f"{site}sparql",
                       dumps=[f"{site}dumps/{name}" for name in DUMPS])
