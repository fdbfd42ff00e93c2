"""Stage 4: one store interface, two back ends that never import each other.

* ``base`` — the :class:`~referatgraf.store.base.Store` interface, its errors and result cells;
* ``embedded`` — pyoxigraph on disk (the default); ``remote`` — any SPARQL 1.1 server;
* ``open`` — :func:`~referatgraf.store.open.open_store`, the only module that names both;
* ``sparql`` — the rules for SPARQL text (query forms, SERVICE, binding values, IRIs);
* ``statements`` — the SPARQL the back ends write themselves (replace, drop, count, dump);
* ``media`` — the registry of media types and serialising into them;
* ``terms`` — rdflib ↔ pyoxigraph; ``dump`` — whole-store exports.

This file imports nothing, so importing one module never loads a back end.
"""
