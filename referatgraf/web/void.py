"""The dataset's self-description in VoID and DCAT: what it is, where to query it, how to get it.

Served at ``/.well-known/void`` (the VoID convention) and ``/dataset``. The IRIs use the address
the client reached (``site``), so the SPARQL endpoint and dumps named are the ones that answer;
the data's own IRIs stay under ``Settings.base_iri`` (``void:uriSpace``). :func:`dataset_info` is
the same description as a typed object, for the dataset page and its JSON twin.

>>> g = dataset_graph("http://127.0.0.1:8000/", "https://d.dk/", triples=10, graphs=2)
>>> str(g.value(URIRef("http://127.0.0.1:8000/dataset"), VOID.sparqlEndpoint))
'http://127.0.0.1:8000/sparql'
>>> dataset_info("http://127.0.0.1:8000/", "https://d.dk/", 10, 2).uri_space
'https://d.dk/id/'
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from referatgraf.ontology.vocab import RG_IRI, bind_prefixes
from referatgraf.graph.iris import Minter
from referatgraf.read.ids import id_space
from referatgraf.read.schemas import DatasetInfo

DUMPS = {
    "referatgraf.nq.gz": ("application/n-quads", "N-Quads (one named graph per meeting document), gzipped"),
    "referatgraf.ttl.gz": ("text/turtle", "Turtle (union of all graphs), gzipped"),
}


def dataset_graph(site: str, base: str, triples: int, graphs: int) -> Graph:
    """VoID + DCAT description; ``site`` is the server's root URL ending in '/'."""
    g = Graph()
    bind_prefixes(g)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    ds = URIRef(f"{site}dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("referatgraf: municipal meeting minutes as linked data", lang="en")))
    g.add((ds, DCTERMS.title, Literal("referatgraf: kommunale referater som linked data", lang="da")))
    g.add((ds, DCTERMS.description, Literal(
        "Meetings, agenda items, cases, decisions, attachments and the people and departments "
        "involved, parsed from published minutes (referater).", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{site}sparql")))
    g.add((ds, VOID.uriSpace, Literal(id_space(base))))
    g.add((ds, VOID.vocabulary, URIRef(RG_IRI)))
    g.add((ds, VOID.vocabulary, URIRef("http://data.vlaanderen.be/ns/besluit#")))
    g.add((ds, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((ds, VOID.documents, Literal(graphs, datatype=XSD.integer)))  # one graph per document
    g.add((ds, VOID.rootResource, URIRef(Minter(base).kle_scheme())))
    g.add((ds, FOAF.homepage, URIRef(site)))
    g.add((ds, DCAT.landingPage, URIRef(site)))
    service = URIRef(f"{site}sparql#service")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, URIRef(f"{site}sparql")))
    g.add((service, DCAT.servesDataset, ds))
    g.add((ds, DCAT.service, service))
    for name, (media, title) in DUMPS.items():
        url = URIRef(f"{site}dumps/{name}")
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{site}dumps/{name}#distribution")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(Minter(base).media_type(media))))
        g.add((dist, DCAT.compressFormat, URIRef(Minter(base).media_type("application/gzip"))))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
    return g


def dataset_info(site: str, base: str, triples: int, graphs: int) -> DatasetInfo:
    """The dataset's size, IRI space, endpoint and dumps; ``site`` as for :func:`dataset_graph`."""
    return DatasetInfo(triples=triples, graphs=graphs, uri_space=id_space(base), sparql_endpoint=f"{site}sparql",
                       dumps=[f"{site}dumps/{name}" for name in DUMPS])
