"""Stage 4 (beside store/): the full-text index of agenda items, embedded by default.

The SPARQL store stays the source of truth; the index is derived from it and can always be
rebuilt from it (``referatgraf index``). Ingest keeps the two in step: a document's items are
replaced in the index when its graph is replaced in the store, and a failed ingest leaves both
as they were.

* ``model`` — what is indexed (:class:`~referatgraf.index.model.ItemRecord`), what is asked
  (:class:`~referatgraf.index.model.SearchRequest`) and answered (:class:`~referatgraf.index.model.SearchAnswer`);
* ``base`` — the :class:`~referatgraf.index.base.TextIndex` interface and its errors;
* ``tantivy_index`` — the engine (tantivy, chosen by measurement: docs/search.md);
* ``analysis`` — Danish analysis shared by indexing and querying; ``query`` — the query syntax;
  ``tantivy_query`` — a parsed query as the engine's query; ``highlight`` — snippets and the
  fields a hit matched in, by the same analysis;
* ``records`` — the records of one parsed meeting; ``open`` — the index the settings name.
"""
