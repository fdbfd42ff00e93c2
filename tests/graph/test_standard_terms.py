"""Every term we use in a standard namespace exists in that vocabulary.

"Used" means: written into the graph of the ingested seeds, named in the SHACL shapes, mapped by
the JSON-LD context, declared in our closed namespaces (vocab.py), written into the VoID/DCAT
description, or named in a read-core or example query. The vocabularies' term lists are in
tests/fixtures/vocabulary_terms.yaml (written from their published term lists; see its
comments), since the vocabularies themselves cannot be fetched here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import URIRef

from conftest import ROOT
from graph_fixtures import seeded_store  # noqa: F401 - fixture
from referatgraf.ontology import load_context, load_shapes
from referatgraf.ontology.vocab import BESLUIT, ELI, MANDAAT, PREFIXES

VOCABULARIES = yaml.safe_load((ROOT / "tests" / "fixtures" / "vocabulary_terms.yaml").read_text(encoding="utf-8"))
NAMESPACES = {name: v["namespace"] for name, v in VOCABULARIES.items()}
TERMS = {v["namespace"]: set(v["terms"]) for v in VOCABULARIES.values()}
QUERY_SOURCES = [*sorted((ROOT / "examples" / "queries").glob("*.rq")),
                 *sorted((ROOT / "referatgraf" / "read").glob("*.py"))]
_PREFIXED = re.compile(r"(?<![\w/#:.-])(" + "|".join(NAMESPACES) + r"):([A-Za-z_][\w.-]*[\w])")


def unknown(iris) -> set[str]:
    """The IRIs in a standard namespace that its term list does not have (the namespace IRI
    itself, as void:vocabulary names it, is not a term)."""
    out = set()
    for iri in map(str, iris):
        for ns, terms in TERMS.items():
            if iri.startswith(ns) and iri != ns and iri[len(ns):] not in terms:
                out.add(iri)
    return out


def test_fixture_namespaces_are_the_projects_prefixes() -> None:
    for name, ns in NAMESPACES.items():
        if name in PREFIXES:
            assert PREFIXES[name] == ns, name


def test_the_check_finds_a_term_that_does_not_exist() -> None:
    assert unknown([URIRef(NAMESPACES["besluit"] + "heeftAfwezigeBijStart"), URIRef(NAMESPACES["org"] + "role")]) \
        == {NAMESPACES["besluit"] + "heeftAfwezigeBijStart"}
    assert _PREFIXED.findall("?m besluit:heeftAfwezige ?p ; dct:date ?d . <http://x/org:no>") == [
        ("besluit", "heeftAfwezige"), ("dct", "date")]


def test_every_predicate_and_class_in_the_ingested_seeds_exists(seeded_store) -> None:  # noqa: F811
    rows = seeded_store.select("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")
    used = {str(r["t"]) for r in rows}
    assert any(u.startswith(NAMESPACES["besluit"]) for u in used)
    assert unknown(used) == set()


def test_every_iri_in_the_shapes_exists() -> None:
    used = {term for triple in load_shapes() for term in triple if isinstance(term, URIRef)}
    assert unknown(used) == set()


def test_every_term_the_json_ld_context_maps_exists() -> None:
    context = load_context()["@context"]
    used = set()
    for value in context.values():
        target = value.get("@id") if isinstance(value, dict) else value
        if isinstance(target, str) and ":" in target and target.split(":", 1)[0] in NAMESPACES:
            prefix, local = target.split(":", 1)
            used.add(NAMESPACES[prefix] + local)
    assert used and unknown(used) == set()


def test_every_term_of_our_closed_lblod_namespaces_exists() -> None:
    used = {str(ns[t]) for ns in (BESLUIT, MANDAAT, ELI) for t in dir(ns)}
    assert unknown(used) == set()


def test_every_term_in_the_dataset_description_exists() -> None:
    from referatgraf.web.void import dataset_graph

    graph = dataset_graph("https://example.org/", "https://example.org/", 10, 2)
    assert unknown({t for triple in graph for t in triple if isinstance(t, URIRef)}) == set()


@pytest.mark.parametrize("path", QUERY_SOURCES, ids=lambda p: p.name)
def test_every_term_a_query_names_exists(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    used = {NAMESPACES[prefix] + local for prefix, local in _PREFIXED.findall(text)}
    assert unknown(used) == set()
