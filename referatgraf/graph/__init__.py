"""Stage 3: typed model (+ extraction) → RDF with rdflib, and the store behind one interface.

* ``mapping`` — a meeting → the triples of its named graph (``mentions`` adds the actors);
* ``iris`` — the one place IRIs are minted;
* ``store`` — the Store interface; ``embedded`` (pyoxigraph on disk) and ``remote`` (SPARQL 1.1
  Protocol + Graph Store Protocol) implement it; ``terms``, ``bindings``, ``formats`` help them;
* ``ingest`` — files → parse → extract → map → one atomic write per document (``bulk`` for
  initial loads of large corpora);
* ``validate`` (SHACL), ``export``, ``stats``, ``console`` (what the CLI prints).
"""
