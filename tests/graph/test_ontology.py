"""The ontology files: vocab.py and referatgraf.ttl in step, labels in both languages, shapes
and JSON-LD context usable."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from referatgraf.ontology import load_context, load_ontology, load_shapes
from referatgraf.ontology.vocab import BESLUIT, DOSSIER, ODA, OPARL, PREFIXES, RG, RG_IRI

ONTOLOGY = load_ontology()
TTL_TERMS = {str(s)[len(RG_IRI):] for s in ONTOLOGY.subjects(RDF.type, None)
             if str(s).startswith(RG_IRI) and len(str(s)) > len(RG_IRI)}
PY_TERMS = set(dir(RG))


def test_every_vocab_term_is_defined_in_the_ontology() -> None:
    assert PY_TERMS - TTL_TERMS == set()


def test_every_ontology_term_is_in_the_closed_namespace() -> None:
    assert TTL_TERMS - PY_TERMS == set()


@pytest.mark.parametrize("term", sorted(PY_TERMS))
def test_term_has_english_and_danish_label_and_comment(term: str) -> None:
    iri = RG[term]
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in ONTOLOGY.objects(iri, prop) if isinstance(o, Literal)}
        assert {"en", "da"} <= langs, f"{term} lacks {prop} in en/da"
    types = set(ONTOLOGY.objects(iri, RDF.type))
    expected = OWL.Class if term[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert types & ({expected} if not isinstance(expected, set) else expected)


def test_case_is_close_to_dossier_oparl_paper_and_oda_sag() -> None:
    matches = set(ONTOLOGY.objects(RG.Case, SKOS.closeMatch))
    assert {DOSSIER.Dossier, OPARL.Paper, ODA.Sag} <= matches
    assert BESLUIT.Bestuurseenheid in set(ONTOLOGY.objects(RG.Municipality, SKOS.closeMatch))


def test_shapes_are_shacl_and_only_use_known_rg_terms() -> None:
    shapes = load_shapes()
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) >= 15
    used = {str(o)[len(RG_IRI):] for t in shapes for o in t if isinstance(o, URIRef) and str(o).startswith(RG_IRI)}
    assert used and used <= PY_TERMS


def test_context_expands_to_known_terms() -> None:
    context = load_context()["@context"]
    for prefix, iri in PREFIXES.items():
        if prefix in context:
            assert context[prefix] == iri
    for key, value in context.items():
        target = value["@id"] if isinstance(value, dict) else value
        if isinstance(target, str) and target.startswith("rg:"):
            assert target[3:] in PY_TERMS, key


def test_context_compacts_a_real_graph() -> None:
    g = Graph()
    item = URIRef("https://example.org/id/x/meeting/cf/2020-01-01/item/1")
    g.add((item, RDF.type, BESLUIT.Agendapunt))
    g.add((item, RG.case, URIRef("https://example.org/id/x/case/1")))
    doc = json.loads(g.serialize(format="json-ld", context=load_context()["@context"]))
    assert doc["type"] == "AgendaItem"
    assert doc["case"] == "https://example.org/id/x/case/1"
