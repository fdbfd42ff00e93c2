"""Stage 5: files → parse → extract → graph → store, one atomic write per document.

* ``unit`` — one document read into its graphs (own and shared triples): what every ingest writes;
* ``pipeline`` — collect files, read each one into its unit, replace its graph in the store atomically;
* ``bulk`` — the initial load of a large corpus: the same units, as N-Quads (graph.quads), in bulk;
* ``harvest`` — fetch a FirstAgenda portal's meetings, keep them as fetched, ingest the new ones;
* ``progress`` — the callbacks all three report through; the command line's output is built
  from them one layer up, never here.
"""
