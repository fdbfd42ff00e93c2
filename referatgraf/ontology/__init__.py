"""Package data: our ontology (Turtle), SHACL shapes, JSON-LD context; and the vocabularies as
closed rdflib namespaces (see :mod:`referatgraf.ontology.vocab`)."""
