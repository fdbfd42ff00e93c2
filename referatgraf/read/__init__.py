"""Stage 6: the one read core — typed queries over a store, used by the CLI, the web app and the
graph pages alike. No SPARQL text lives above this stage.

* ``queries`` — the constant SPARQL; ``reader`` — typed results (``schemas``) from it;
* ``actors``, ``search``, ``stats``, ``validate`` — listings, full text, counts, SHACL;
* ``ids`` — between an IRI and the local id the web app serves it under.
"""
