"""The full-text index interface: the web app, the CLI and ingest see only :class:`TextIndex`.

Semantics every implementation keeps:

* ``replace_document`` is atomic: afterwards the index holds exactly the given records for the
  document (none of its earlier ones), or, on any failure, the index is exactly as before;
* ``search`` ranks by BM25 with title and case-number matches first, counts facets over all
  matches (not only the page) and never raises for odd user input: a query it cannot read is a
  :class:`QuerySyntaxError` with a message for the user;
* one writer at a time (a second writer gets :class:`IndexLockedError`), any number of readers.

>>> issubclass(QuerySyntaxError, TextIndexError)
True
"""

from __future__ import annotations

import abc
from collections.abc import Sequence

from referatgraf.errors import ReferatgrafError
from referatgraf.index.model import ItemRecord, SearchAnswer, SearchRequest


class TextIndexError(ReferatgrafError):
    """The index could not do what was asked; the message says why in plain words."""


class IndexLockedError(TextIndexError):
    """Another process is writing to the index."""


class QuerySyntaxError(TextIndexError, ValueError):
    """A search query that cannot be read (an unclosed quote, an unknown facet …)."""


class TextIndex(abc.ABC):
    """A full-text index of agenda items (:class:`~referatgraf.index.model.ItemRecord`)."""

    @abc.abstractmethod
    def replace_document(self, document: str, records: Sequence[ItemRecord]) -> None:
        """Atomically make ``records`` the document's items (an empty sequence removes them)."""

    def remove_document(self, document: str) -> None:
        self.replace_document(document, ())

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchAnswer:
        """One page of hits with snippets, and the facet counts of all matches."""

    @abc.abstractmethod
    def documents(self) -> dict[str, int]:
        """Every indexed document → how many items it has (to find a stale or missing index)."""

    @abc.abstractmethod
    def count(self) -> int:
        """Items in the index."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove everything (before a rebuild)."""

    def generation(self) -> object | None:
        """A value that changes with every commit, by any process (answers may be cached under
        it); None when the index cannot tell, and then nothing is cached."""
        return None

    def close(self) -> None:
        """Release files and locks."""

    def __enter__(self) -> "TextIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
