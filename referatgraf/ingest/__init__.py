"""Stage 5: files → parse → extract → graph → store, one atomic write per document.

* ``pipeline`` — collect files, read each one into its graph, replace it in the store;
* ``bulk`` — the initial load of a large corpus, sharing the per-document unit;
* ``harvest`` — fetch a FirstAgenda portal's meetings, keep them as fetched, ingest the new ones.

Progress is reported through callbacks; what the CLI prints lives in :mod:`referatgraf.console`.
"""
