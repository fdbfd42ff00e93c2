"""The index records read back from the store: what ``referatgraf index`` rebuilds from.

The store is the source of truth; these records must equal what
:func:`referatgraf.index.records.records_of` builds from the parsed meeting (a test ingests the
seeds and the examples and compares), so one aspect per query (``Q.INDEX_*``) is read inside each
document's own graph and joined here by item.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> [(r.title, r.cases, r.decision) for r in records_from_store(store)]
[('Budget for skoleområdet', ('21/12345',), 'Godkendt.'), ('Orientering om økonomi', ('21/12346',), 'Taget til efterretning.')]
>>> list(store_documents(store).values())
[2]
>>> store.close()

:func:`rebuild` fills an index from the store (``referatgraf index``); :func:`index_state`
compares an index's documents with the store's, so the CLI and the pages can say "run
``referatgraf index``" instead of answering from a stale index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby

from rdflib import URIRef

from dataclasses import dataclass, field

from referatgraf.extract.resolve import person_key
from referatgraf.index.base import TextIndex
from referatgraf.index.model import ItemRecord
from referatgraf.ingest.progress import SILENT, Progress
from referatgraf.index.records import PARAGRAPH
from referatgraf.read import queries as Q
from referatgraf.store.base import Store


def records_from_store(store: Store, document: str | None = None) -> Iterator[ItemRecord]:
    """Every item record in the store (or of one document graph), grouped by document."""
    bound = {"g": URIRef(document)} if document else {}
    rows = _select(store, Q.INDEX_ITEMS, bound)
    parts = _Parts(store, bound)
    rows.sort(key=lambda r: (str(r["g"]), str(r["meeting"]), _order(str(r["item"]))))
    for row in rows:
        yield parts.record(row)


def _select(store: Store, query: str, bound: dict) -> list[dict]:
    return store.select_values(Q.q(query, **bound))


def _order(iri: str) -> int:
    """The item's order: the last segment of its IRI (``…/item/7``)."""
    tail = iri.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _decision_k(iri: str) -> int:
    """``…/decision`` is the first, ``…/decision/2`` the second (graph.iris.Minter.decision)."""
    tail = iri.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 1


class _Parts:
    """Every multi-valued aspect, read once and kept by item IRI."""

    def __init__(self, store: Store, bound: dict) -> None:
        def by_item(query: str) -> dict[str, list[dict]]:
            grouped: dict[str, list[dict]] = defaultdict(list)
            for r in _select(store, query, bound):
                grouped[str(r["item"])].append(r)
            return grouped

        self.sections, self.decisions = by_item(Q.INDEX_SECTIONS), by_item(Q.INDEX_DECISIONS)
        self.attachments, self.cases = by_item(Q.INDEX_ATTACHMENTS), by_item(Q.INDEX_CASES)
        self.proposers, self.people = by_item(Q.INDEX_PROPOSERS), by_item(Q.INDEX_PEOPLE)

    def record(self, row: dict) -> ItemRecord:
        item = str(row["item"])
        cases = self.cases.get(item, [])
        kle = sorted({str(r["kle"]) for r in cases if r.get("kle") is not None})
        proposer = next((str(r["proposer"]) for r in self.proposers.get(item, [])), None)
        return ItemRecord(
            item=item, document=str(row["g"]), meeting=str(row["meeting"]),
            title=_text(row, "title"), number=_text(row, "number") or None,
            text=PARAGRAPH.join(_ordered(self.sections.get(item, []), "position", "text")),
            decision=PARAGRAPH.join(str(r["text"]) for r in sorted(
                self.decisions.get(item, []), key=lambda r: _decision_k(str(r["decision"]))) if r.get("text") is not None),
            attachments=tuple(_ordered(self.attachments.get(item, []), "position", "title")),
            cases=tuple(sorted({str(r["caseNumber"]) for r in cases})),
            municipality=str(row["municipality"]).rstrip("/").rsplit("/", 1)[-1] if row.get("municipality") else "",
            body=_text(row, "body"), date=dt.date.fromisoformat(str(row["date"])[:10]),
            kind=_text(row, "kind") or "referat", kle=tuple(kle), kle_groups=tuple(sorted({k[:2] for k in kle})),
            proposer=proposer, people=tuple(sorted({_person_key(str(r["name"])) for r in self.people.get(item, [])})),
            closed=_text(row, "public") == "false", has_decision=bool(self.decisions.get(item)))


def _person_key(name: str) -> str:
    """A person's key from a name they go by (extract.resolve.person_key: first and last)."""
    return person_key(tuple(name.split()))


def _text(row: dict, name: str) -> str:
    value = row.get(name)
    return str(value) if value is not None else ""


def _ordered(rows: list[dict], position: str, name: str) -> list[str]:
    return [str(r[name]) for r in sorted(rows, key=lambda r: int(str(r[position])))]


def store_documents(store: Store) -> dict[str, int]:
    """Every document graph of the store → how many agenda items it holds."""
    return {str(r["g"]): int(str(r["items"])) for r in _select(store, Q.INDEX_DOCUMENTS, {})}


@dataclass
class IndexState:
    """How an index compares with the store: documents it lacks, has extra, or counts differently."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    differ: list[str] = field(default_factory=list)

    @property
    def fresh(self) -> bool:
        return not (self.missing or self.extra or self.differ)

    def describe(self) -> str:
        """One line for the user; empty when fresh."""
        if self.fresh:
            return ""
        parts = [f"{len(v)} {what}" for v, what in ((self.missing, "document(s) not indexed"),
                                                  (self.extra, "indexed document(s) no longer in the store"),
                                                  (self.differ, "document(s) changed since")) if v]
        return "the search index is out of date (" + ", ".join(parts) + "): run `referatgraf index`"


def index_state(store: Store, index: TextIndex) -> IndexState:
    """Compare ``index.documents()`` with the store's document graphs and their item counts."""
    held, wanted = index.documents(), store_documents(store)
    return IndexState(missing=sorted(set(wanted) - set(held)), extra=sorted(set(held) - set(wanted)),
                      differ=sorted(g for g in set(held) & set(wanted) if held[g] != wanted[g]))


def rebuild(store: Store, index: TextIndex, progress: Progress | None = None, batch: int = 500) -> int:
    """Empty ``index`` and fill it from the store; returns the items. The store is read in one
    pass (its records come grouped by document) and written ``batch`` documents per commit where
    the index can (a commit per document made a rebuild of 10,000 meetings take many minutes).
    ``progress`` gets ``started(documents)`` and one ``document_done(graph, items)`` each."""
    progress = progress or SILENT
    documents = store_documents(store)
    progress.started(len(documents))
    index.clear()
    count = 0
    pending: list[tuple[str, list[ItemRecord]]] = []
    for graph, records in groupby(records_from_store(store), key=lambda r: r.document):
        pending.append((graph, list(records)))
        if len(pending) >= batch:
            count += _write(index, pending, progress)
    count += _write(index, pending, progress)
    progress.finished(count)
    return count


def _write(index: TextIndex, pending: list[tuple[str, list[ItemRecord]]], progress: Progress) -> int:
    """Write and forget the pending documents (one commit when the index has batches)."""
    many = getattr(index, "replace_documents", None)
    if many is not None:
        many(pending)
    else:
        for graph, records in pending:
            index.replace_document(graph, records)
    for graph, records in pending:
        progress.document_done(graph, len(records))
    written = sum(len(r) for _, r in pending)
    pending.clear()
    return written
