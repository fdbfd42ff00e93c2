"""A throwaway in-memory TextIndex for tests (NOT the engine: index.tantivy_index is).

It keeps records by document and answers a search with every record whose folded text holds
every query word; enough to test the code around the engine, and to inject faults.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from referatgraf.index.base import TextIndex
from referatgraf.index.model import FACETS, FacetValue, Fragment, Hit, ItemRecord, SearchAnswer, SearchRequest
from referatgraf.read.search import words


class MemoryIndex(TextIndex):
    def __init__(self, fail_on: str | None = None) -> None:
        self.docs: dict[str, tuple[ItemRecord, ...]] = {}
        self.fail_on = fail_on  # a document IRI whose write raises half way

    def replace_document(self, document: str, records: Sequence[ItemRecord]) -> None:
        if document == self.fail_on:
            raise OSError("injected: the index disk is full")
        if records:
            self.docs[document] = tuple(records)
        else:
            self.docs.pop(document, None)

    def search(self, request: SearchRequest) -> SearchAnswer:
        wanted = words(request.q)
        found = [r for recs in self.docs.values() for r in recs if _matches(r, wanted, request)]
        if request.sort == "date":
            found.sort(key=lambda r: (r.date, r.item))
        elif request.sort == "-date":
            found.sort(key=lambda r: (r.date, r.item), reverse=True)
        page = found[request.offset:request.offset + request.limit]
        hits = tuple(Hit(r, 1.0, (Fragment(r.title, True),), ("title",)) for r in page)
        facets = {f: tuple(FacetValue(v, n) for v, n in Counter(v for r in found for v in r.facet_values(f)).most_common())
                  for f in FACETS} if request.facets else {}
        return SearchAnswer(request, len(found), hits, facets)

    def documents(self) -> dict[str, int]:
        return {d: len(r) for d, r in self.docs.items()}

    def count(self) -> int:
        return sum(len(r) for r in self.docs.values())

    def clear(self) -> None:
        self.docs.clear()


def _matches(r: ItemRecord, wanted: list[str], request: SearchRequest) -> bool:
    text = set(words(" ".join([r.title, r.text, r.decision, *r.cases, *r.attachments])))
    if not all(any(t.startswith(w) for t in text) for w in wanted):
        return False
    if request.date_from and (r.date is None or r.date < request.date_from):
        return False
    if request.date_to and (r.date is None or r.date > request.date_to):
        return False
    return all(set(values) & set(r.facet_values(name)) for name, values in request.filters if values)


def engine_available() -> bool:
    try:
        import referatgraf.index.open  # noqa: F401
    except ImportError:
        return False
    return True


def built_index(store, settings):  # noqa: ANN001, ANN201 - Store, Settings → TextIndex
    """The store's index as `referatgraf index` builds it: the engine's at ``settings.index_dir``
    when the engine is there, else a MemoryIndex (callers then patch it in)."""
    from referatgraf.read.index_records import rebuild

    if engine_available():
        from referatgraf.index.open import open_index

        with open_index(settings) as index:
            rebuild(store, index)
        return open_index(settings, read_only=True)
    index = MemoryIndex()
    rebuild(store, index)
    return index
