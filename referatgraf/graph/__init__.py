"""Stage 3: the typed model (and its extracted actors) as RDF with rdflib — nothing else.

* ``iris`` — the one place IRIs are minted;
* ``mapping`` — a meeting → the triples of its named graph (``mentions`` adds the actors).

The stores are in :mod:`referatgraf.store`, the pipeline that calls parse, extract and this
stage in :mod:`referatgraf.ingest`.
"""
