"""Package data: our ontology (Turtle), SHACL shapes, JSON-LD context; and the vocabularies as
closed rdflib namespaces (see :mod:`referatgraf.ontology.vocab`).

The files are read with :mod:`importlib.resources`, so they work from an installed wheel too.

>>> len(load_ontology()) > 100
True
>>> "rg" in load_context()["@context"]
True
"""

from __future__ import annotations

import json
from importlib import resources

from rdflib import Graph

ONTOLOGY_FILE = "referatgraf.ttl"
SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"


def read_text(name: str) -> str:
    """The text of one ontology package file."""
    return resources.files("referatgraf.ontology").joinpath(name).read_text(encoding="utf-8")


def load_ontology() -> Graph:
    """The rg: ontology as an rdflib graph."""
    return Graph().parse(data=read_text(ONTOLOGY_FILE), format="turtle")


def load_shapes() -> Graph:
    """The SHACL shapes as an rdflib graph."""
    return Graph().parse(data=read_text(SHAPES_FILE), format="turtle")


def load_context() -> dict:
    """The JSON-LD context document (``{"@context": {...}}``)."""
    return json.loads(read_text(CONTEXT_FILE))
