"""The index records read back from the store: what ``referatgraf index`` rebuilds from.

The store is the source of truth; these records must equal what
:func:`referatgraf.index.records.records_of` builds from the parsed meeting (a test ingests the
seeds and the examples and compares), so one aspect per query (``Q.INDEX_*``) is read inside each
document's own graph and joined here by item.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> [(r.title, r.cases, r.decision) for r in records_from_store(store)]
[('Budget for skoleområdet', ('21/12345',), 'Godkendt.'), ('Orientering om økonomi', ('21/12346',), 'Taget til efterretning.')]
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from rdflib import URIRef

from referatgraf.extract.resolve import person_key
from referatgraf.index.model import ItemRecord
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
