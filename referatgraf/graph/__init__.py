"""Stage 3: typed model (+ extraction) → RDF with rdflib, and the store behind one interface."""
