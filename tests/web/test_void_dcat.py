"""The VoID/DCAT-AP description as a data-portal harvester reads it: valid against the DCAT-AP 3
constraints (tests/fixtures/dcat_ap_3_shapes.ttl, with pyshacl), with the licence, publisher and
contact point the settings give, dates from the store, and every vocabulary the data uses."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from fastapi.testclient import TestClient
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from conftest import ROOT
from graph_fixtures import seeded_store  # noqa: F401 - fixture
from referatgraf.ontology.vocab import VCARD
from referatgraf.read.demo import demo_settings, demo_store
from referatgraf.web.app import create_app
from referatgraf.web.void import VOCABULARIES, About, dataset_graph
from server_fixtures import live_server  # noqa: F401 - fixture

SHAPES = Graph().parse(ROOT / "tests" / "fixtures" / "dcat_ap_3_shapes.ttl", format="turtle")
SITE = "http://127.0.0.1:8000/"
LICENCE = "http://creativecommons.org/licenses/by/4.0/"
FULL = About(publisher_name="Eksempelby Kommune", publisher_iri="https://example.org/org/eksempelby",
             license=LICENCE, contact_email="data@example.org", issued=dt.date(2024, 1, 2),
             modified=dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc))


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _, report = validate(graph, shacl_graph=SHAPES)
    return ok, report


@pytest.mark.parametrize("info", [None, FULL], ids=["nothing-set", "everything-set"])
def test_description_meets_dcat_ap(info):
    ok, report = conforms(dataset_graph(SITE, "https://d.dk/", 10, 2, info))
    assert ok, report


def test_the_shapes_can_fail():
    g = dataset_graph(SITE, "https://d.dk/", 10, 2, FULL)
    dist = URIRef(f"{SITE}dumps/referatgraf.nq.gz#distribution")
    g.remove((dist, DCAT.accessURL, None))
    g.remove((URIRef(f"{SITE}dataset#catalog"), DCTERMS.publisher, None))
    ok, report = conforms(g)
    assert not ok and "accessURL" in report and "publisher" in report


def test_every_setting_is_stated():
    g = dataset_graph(SITE, "https://d.dk/", 10, 2, FULL)
    ds, catalog = URIRef(f"{SITE}dataset"), URIRef(f"{SITE}dataset#catalog")
    publisher = URIRef(FULL.publisher_iri)
    assert g.value(catalog, DCTERMS.publisher) == publisher == g.value(ds, DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == "Eksempelby Kommune"
    contact = g.value(ds, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g and g.value(contact, VCARD.hasEmail) == URIRef("mailto:data@example.org")
    assert g.value(ds, DCTERMS.issued) == Literal("2024-01-02", datatype=XSD.date)
    assert g.value(ds, DCTERMS.modified) == Literal("2024-05-06T07:08:09+00:00", datatype=XSD.dateTime)
    dists = set(g.objects(ds, DCAT.distribution))
    assert len(dists) == 3 and all(g.value(d, DCTERMS.license) == URIRef(LICENCE) for d in dists)
    for d in dists:
        assert g.value(d, DCAT.accessURL) is not None
    downloads = {str(g.value(d, DCAT.downloadURL)) for d in dists} - {"None"}
    assert downloads == {f"{SITE}dumps/referatgraf.nq.gz", f"{SITE}dumps/referatgraf.ttl.gz"}
    formats = {str(g.value(d, DCTERMS.format)) for d in dists} - {"None"}
    assert formats == {"http://www.iana.org/assignments/media-types/application/n-quads",
                       "http://www.iana.org/assignments/media-types/text/turtle"}


def test_nothing_is_claimed_that_was_not_set():
    g = dataset_graph(SITE, "https://d.dk/", 10, 2)
    assert not list(g.triples((None, DCTERMS.license, None)))
    assert not list(g.triples((None, DCAT.contactPoint, None)))
    assert not list(g.triples((None, DCTERMS.issued, None)))
    publisher = g.value(URIRef(f"{SITE}dataset#catalog"), DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == f"Operator of {SITE}"


def test_served_description_has_the_settings_and_the_store_dates():
    store = demo_store()
    try:
        settings = demo_settings().model_copy(update={"license": LICENCE, "contact_email": "data@example.org",
                                                       "publisher_name": "Eksempelby Kommune"})
        client = TestClient(create_app(settings, store))
        g = Graph().parse(data=client.get("/dataset", headers={"Accept": "text/turtle"}).content, format="turtle")
        ok, report = conforms(g)
        assert ok, report
        ds = URIRef("http://testserver/dataset")
        first, last = store.written()
        assert first is not None and g.value(ds, DCTERMS.issued).toPython() == first
        assert g.value(ds, DCTERMS.modified).toPython() == last
        assert g.value(URIRef("http://testserver/dumps/referatgraf.nq.gz#distribution"), DCTERMS.license) == URIRef(LICENCE)
    finally:
        store.close()


def test_live_description_meets_dcat_ap(live_server):
    r = httpx.get(f"{live_server.url}/dataset", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.content, format="turtle")
    ok, report = conforms(g)
    assert ok, report
    assert g.value(URIRef(f"{live_server.url}/dataset"), DCTERMS.modified) is not None


def test_every_vocabulary_used_is_listed(seeded_store):
    """Both ways: each namespace of a predicate or class in the data is a void:vocabulary, and
    each void:vocabulary is used."""
    iris = [r["p"] for r in seeded_store.select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
    iris += [r["c"] for r in seeded_store.select("SELECT DISTINCT ?c WHERE { ?s a ?c }")]
    used = {re.match(r".*[#/]", str(i)).group(0) for i in iris}
    assert used == set(VOCABULARIES)
    g = dataset_graph(SITE, "https://d.dk/", 10, 2)
    assert {str(v) for v in g.objects(URIRef(f"{SITE}dataset"), VOID.vocabulary)} == used
