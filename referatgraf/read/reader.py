"""Read the graph into the typed API objects (schemas). Used by the JSON API and the HTML pages.

Each function runs the constant queries of :mod:`referatgraf.read.queries` with request values
bound through ``VALUES`` and returns pydantic objects, or None when the resource does not exist.

>>> from referatgraf.read.demo import BASE, demo_store
>>> store = demo_store()
>>> reader = Reader(store, BASE)
>>> meeting = reader.meeting(BASE + "id/eksempelby/meeting/chefforum/2021-03-12/0900")
>>> [(i.number, i.title, i.case.label) for i in meeting.items]
[(1, 'Budget for skoleområdet', '21/12345'), (2, 'Orientering om økonomi', '21/12346')]
>>> reader.meeting(BASE + "id/eksempelby/meeting/chefforum/1999-01-01") is None
True
>>> [e.decisions[0].text for e in reader.case_history("21/12346").events]
['Taget til efterretning.']
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from referatgraf.read import queries as Q
from referatgraf.read.ids import local_id
from referatgraf.read.schemas import (ActorDetail, ActorRole, Appearance,
                                     AttachmentOut, CaseEvent, CaseHistory, DecisionOut, EarlierTreatmentOut,
                                     ItemDetail, ItemSummary, Link, MeetingDetail, MeetingList, MeetingSummary, Ref,
                                     SectionOut, BodyDetail, KleCase, KleConcept)
from referatgraf.store.base import Store, Value
from referatgraf.ontology.vocab import FOAF, ORG

ACTOR_TYPES = Q.ACTOR_TYPES
_TYPE_NAMES = {str(v): k for k, v in ACTOR_TYPES.items()}
T = TypeVar("T")


def _s(row: Mapping[str, object], key: str) -> str | None:
    value = row.get(key)
    return str(value) if value is not None else None


def _int(row: Mapping[str, object], key: str) -> int | None:
    value = row.get(key)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _date(row: Mapping[str, object], key: str) -> dt.date | None:
    value = row.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _bool(row: Mapping[str, object], key: str, default: bool = True) -> bool:
    value = row.get(key)
    return default if value is None else str(value).lower() in ("true", "1")


def local_name(iri: str) -> str:
    """``http://…#heeftAanwezige`` → ``heeftAanwezige``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Reader:
    """Typed reads of one store under one base IRI."""

    def __init__(self, store: Store, base: str, cache: Callable[[str, Callable[[], T]], T] | None = None) -> None:
        self.store, self.base = store, base
        self.cache = cache or (lambda _key, build: build())

    def ref(self, iri: Node | str | None, label: Node | str | None = None) -> Ref | None:
        if iri is None:
            return None
        return Ref(iri=str(iri), id=local_id(self.base, str(iri)), label=str(label) if label is not None else None)

    def select(self, query: str, **bound: Node) -> list[dict[str, Value]]:
        """Rows of one of our queries (values bound through VALUES) as plain :class:`Value`s."""
        return self.rows(Q.q(query, **bound))

    def rows(self, query: str) -> list[dict[str, Value]]:
        """Rows as plain text cells: on hot paths, turning every cell into an rdflib term costs
        more than the query itself."""
        return self.store.select_values(query)

    # -- meetings ---------------------------------------------------------------------------
    def meeting_index(self) -> list[MeetingSummary]:
        """Every meeting that treats items, in date order (callers cache it per generation)."""
        counts = {str(r["meeting"]): _int(r, "items") or 0 for r in self.select(Q.MEETING_ITEM_COUNTS)}
        labels = {str(r["body"]): str(r["label"]) for r in self.select(Q.BODY_LABELS)}
        out: dict[str, MeetingSummary] = {}
        for r in self.select(Q.MEETING_FACTS):
            iri = str(r["meeting"])
            if iri in counts and iri not in out:  # first of any repeated facts wins
                body = str(r["body"])
                out[iri] = MeetingSummary(iri=iri, id=local_id(self.base, iri), date=_date(r, "date"),
                                          body=self.ref(body, labels.get(body)), location=_s(r, "location"),
                                          item_count=counts[iri])
        return sorted(out.values(), key=lambda m: (m.date or dt.date.max, m.iri))

    def meetings(self, body: str | None, date_from: dt.date | None, date_to: dt.date | None,
                 kle: str | None, limit: int, offset: int) -> MeetingList:
        """One page of the meeting list, filtered by body slug, date range and KLE notation."""
        chosen = self.cache("meeting-index", self.meeting_index)
        if body:
            chosen = [m for m in chosen if m.body and m.body.iri.endswith(f"/body/{body}")]
        if date_from:
            chosen = [m for m in chosen if m.date and m.date >= date_from]
        if date_to:
            chosen = [m for m in chosen if m.date and m.date <= date_to]
        if kle:
            treating = {str(r["meeting"]) for r in self.select(Q.MEETINGS_OF_KLE, kle=Literal(kle))}
            chosen = [m for m in chosen if m.iri in treating]
        total = len(chosen)
        nxt = offset + limit if offset + limit < total else None
        return MeetingList(total=total, limit=limit, offset=offset, next_offset=nxt,
                           meetings=chosen[offset:offset + limit])

    def meeting_summary(self, iri: str) -> MeetingSummary | None:
        rows = self.select(Q.MEETING, meeting=URIRef(iri))
        if not rows:
            return None
        r = rows[0]
        return MeetingSummary(iri=iri, id=local_id(self.base, iri), date=_date(r, "date"),
                              body=self.ref(r.get("body"), r.get("bodyLabel")), location=_s(r, "location"))

    def meeting(self, iri: str) -> MeetingDetail | None:
        rows = self.select(Q.MEETING, meeting=URIRef(iri))
        if not rows:
            return None
        r = rows[0]
        items = self.items(meeting=URIRef(iri))
        return MeetingDetail(
            iri=iri, id=local_id(self.base, iri), date=_date(r, "date"),
            body=self.ref(r.get("body"), r.get("bodyLabel")), location=_s(r, "location"),
            item_count=len(items), start=_s(r, "start"), kind=_s(r, "kind"), stub=_bool(r, "stub", False),
            source=self.ref(r.get("doc"), r.get("file")), items=items,
            actors=self.actors_of(URIRef(iri)))

    def items(self, **bound: Node) -> list[ItemSummary]:
        """Items of a meeting (``meeting=``) or one item (``item=``), with decisions and attachments."""
        decisions: dict[str, list[DecisionOut]] = defaultdict(list)
        for r in self.select(Q.DECISIONS, **bound):
            decisions[str(r["item"])].append(DecisionOut(iri=str(r["decision"]), text=_s(r, "text")))
        attachments: dict[str, list[AttachmentOut]] = defaultdict(list)
        for r in self.select(Q.ATTACHMENTS, **bound):
            attachments[str(r["item"])].append(AttachmentOut(iri=str(r["attachment"]), title=_s(r, "title")))
        out, seen = [], set()
        for r in self.select(Q.ITEMS, **bound):
            iri = str(r["item"])
            if iri in seen:  # an item with two titles or cases shows once
                continue
            seen.add(iri)
            out.append(ItemSummary(
                iri=iri, id=local_id(self.base, iri), number=_int(r, "position"),
                number_as_written=_s(r, "written"), title=_s(r, "title"),
                public=_bool(r, "public"), case=self.ref(r.get("case"), r.get("caseNumber")),
                decisions=decisions[iri], attachments=attachments[iri]))
        out.sort(key=lambda i: (i.number is None, i.number or 0))
        return out

    def item(self, iri: str) -> ItemDetail | None:
        found = self.items(item=URIRef(iri))
        if not found:
            return None
        meeting_iri = self.select(Q.ITEMS, item=URIRef(iri))[0]["meeting"]
        meeting = self.meeting_summary(str(meeting_iri))
        sections = [SectionOut(iri=str(r["section"]), kind=_s(r, "kind"), heading=_s(r, "heading"),
                               text=_s(r, "text")) for r in self.select(Q.SECTIONS, item=URIRef(iri))]
        actors = [a for a in self.actors_of(URIRef(str(meeting_iri))) if a.item == iri]
        return ItemDetail(**found[0].model_dump(), meeting=meeting, sections=sections, actors=actors)

    def actors_of(self, meeting: URIRef) -> list[ActorRole]:
        out = []
        for r in self.select(Q.ACTORS_OF_MEETING, meeting=meeting):
            kind = _TYPE_NAMES.get(str(r["type"]), "actor")
            out.append(ActorRole(actor=self.ref(r["actor"], r.get("label")), type=kind,
                                 role=local_name(str(r["role"])), item=_s(r, "item")))
        return out

    # -- cases ------------------------------------------------------------------------------
    def case_history(self, case_number: str) -> CaseHistory | None:
        """Every treatment of a case number, in date order, from one query (see Q.CASE_HISTORY)."""
        parts: dict[str, list[dict[str, Value]]] = defaultdict(list)
        for r in self.select(Q.CASE_HISTORY, caseNumber=Literal(case_number)):
            parts[str(r["part"])].append(r)
        if not parts["case"]:
            return None
        cases = {str(r["case"]): self.ref(r["case"], case_number) for r in parts["case"]}
        kle = next((self.ref(r["kle"], r.get("kleNotation")) for r in parts["kle"] + parts["case"]
                    if r.get("kle") is not None), None)
        events, order = self._case_events(parts["item"])
        for r in sorted(parts["decision"], key=lambda r: (r["item"], r["decision"])):
            event = events.get(str(r["item"]))
            if event and all(d.iri != str(r["decision"]) for d in event.decisions):
                event.decisions.append(DecisionOut(iri=str(r["decision"]), text=_s(r, "text")))
        attachments = {str(r["attachment"]): AttachmentOut(iri=str(r["attachment"]), title=_s(r, "attachmentTitle"))
                       for r in sorted(parts["attachment"], key=lambda r: (r["item"], r["attachment"]))}
        return CaseHistory(case_number=case_number, cases=list(cases.values()), kle=kle,
                           events=[events[k] for k in sorted(events, key=order.__getitem__)],
                           attachments=list(attachments.values()),
                           earlier=self._earlier(parts["earlier"], parts["day"], events))

    def _earlier(self, rows: list[dict[str, Value]], days: list[dict[str, Value]],
                 events: dict[str, CaseEvent]) -> list[EarlierTreatmentOut]:
        """One entry per body and day that the items list as earlier treatments, linked to the
        meeting when it is in the store (by rg:referencedAs, or the day's IRI is the meeting)."""
        real = {str(r["day"]): r["meeting"] for r in days}
        held = {e.meeting.iri for e in events.values()}
        out: dict[tuple, EarlierTreatmentOut] = {}
        for r in sorted(rows, key=lambda r: (str(r["date"]), str(r["bodyLabel"]), str(r["item"]))):
            key = (str(r["date"]), str(r["bodyLabel"]).casefold())
            day = str(r["day"]) if r.get("day") is not None else None
            meeting = real.get(day) if day else None
            if meeting is None and day in held:
                meeting = day
            entry = out.get(key)
            if entry is None:
                out[key] = EarlierTreatmentOut(date=_date(r, "date"), body=_s(r, "bodyLabel"), decision=_s(r, "text"),
                                               meeting=self.ref(meeting, _s(r, "date")) if meeting else None)
            elif entry.decision is None and r.get("text") is not None:
                entry.decision = _s(r, "text")
        return list(out.values())

    def _case_events(self, rows: list[dict[str, Value]]) -> tuple[dict[str, CaseEvent], dict[str, tuple]]:
        """One event per item, and the key that puts events in date order."""
        events: dict[str, CaseEvent] = {}
        order: dict[str, tuple] = {}
        for r in rows:
            key = str(r["item"])
            if key in events:
                continue
            date = _date(r, "date")
            order[key] = (date or dt.date.max, _int(r, "position") or 0, key)
            events[key] = CaseEvent(item=self.ref(r["item"], r.get("title")), meeting=self.ref(r["meeting"], _s(r, "date")),
                                    date=date, body=self.ref(r.get("body"), r.get("bodyLabel")))
        return events, order

    # -- actors -----------------------------------------------------------------------------
    def actor(self, iri: str, kind: str, types: list[str] | None = None,
              links: list[Link] | None = None) -> ActorDetail | None:
        """One actor of ``kind`` and where it appears; ``types``/``links`` when already read."""
        types = sorted(self.types(iri) if types is None else types)
        if str(ACTOR_TYPES[kind]) not in types:
            return None
        node, links = URIRef(iri), self.links(iri) if links is None else links
        label = next((l.literal for l in links if local_name(l.property) in ("prefLabel", "name")), None)
        alts = [l.literal for l in links if local_name(l.property) == "altLabel" and l.literal]
        appearances = [Appearance(meeting=self.ref(r["meeting"], _s(r, "date")), date=_date(r, "date"),
                                  item=self.ref(r.get("item"), r.get("title")), role=local_name(str(r["role"])))
                       for r in self.select(Q.APPEARANCES, actor=node)]
        meetings = {a.meeting.iri for a in appearances}
        return ActorDetail(iri=iri, id=local_id(self.base, iri), kind=kind, label=label, alt_labels=alts,
                           meeting_count=len(meetings), types=types, appearances=appearances,
                           links=links)

    # -- bodies, KLE --------------------------------------------------------------------------
    def body(self, iri: str, label: str | None = None) -> BodyDetail:
        """A body and the meetings it held that treat items, in date order."""
        meetings = [MeetingSummary(iri=str(r["meeting"]), id=local_id(self.base, str(r["meeting"])),
                                   date=_date(r, "date"), location=_s(r, "location"),
                                   item_count=_int(r, "items") or 0)
                    for r in self.select(Q.BODY_MEETINGS, body=URIRef(iri))]
        return BodyDetail(iri=iri, id=local_id(self.base, iri), label=label, meetings=meetings)

    def kle(self, iri: str) -> KleConcept | None:
        """A KLE concept with its broader and narrower concepts and the cases filed under it."""
        rows = self.select(Q.KLE_CONCEPT, concept=URIRef(iri))
        if not rows:
            return None
        r = rows[0]
        narrower = [self.ref(n["narrower"], n.get("notation")) for n in self.select(Q.KLE_NARROWER, concept=URIRef(iri))]
        cases = [KleCase(case=self.ref(c["case"], c.get("caseNumber")), item_count=_int(c, "items") or 0)
                 for c in self.select(Q.KLE_CASES, concept=URIRef(iri))]
        return KleConcept(iri=iri, id=local_id(self.base, iri), notation=_s(r, "notation"), label=_s(r, "label"),
                          broader=self.ref(r.get("broader"), r.get("broaderNotation")), narrower=narrower,
                          cases=cases)

    # -- generic ----------------------------------------------------------------------------
    def links(self, iri: str) -> list[Link]:
        out, seen = [], set()
        for r in self.select(Q.OUTGOING, s=URIRef(iri)):
            o = r["o"]
            if (r["p"], o) in seen:  # a second label of the same neighbour
                continue
            seen.add((r["p"], o))
            if o.is_literal:
                out.append(Link(property=str(r["p"]), literal=str(o)))
            else:
                out.append(Link(property=str(r["p"]), value=self.ref(o, r.get("label"))))
        return out

    def backlinks(self, iri: str) -> list[Link]:
        return [Link(property=str(r["p"]), value=self.ref(r["s"], r.get("label")))
                for r in self.select(Q.INCOMING, o=URIRef(iri))]

    def types(self, iri: str) -> list[str]:
        """The ``rdf:type``s of ``iri``, sorted."""
        return sorted(str(r["type"]) for r in self.select(Q.TYPES, s=URIRef(iri)))

    def describe(self, iri: str) -> list[ox.Triple]:
        """The Linked Data description of ``iri`` (see Q.DESCRIBE) as pyoxigraph triples."""
        body, got = self.store.query_raw(Q.q(Q.DESCRIBE, s=URIRef(iri)), "application/n-triples")
        fmt = ox.RdfFormat.from_media_type(got.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
        return [quad.triple for quad in ox.parse(body, format=fmt)]

    def size(self) -> tuple[int, int]:
        """(distinct triples in the union, named graphs) of the store: what the dataset
        description reports as ``void:triples`` and ``void:documents`` (read.stats)."""
        from referatgraf.read.stats import distinct_triples

        return distinct_triples(self.store), len(self.store.graphs())

    def exists(self, iri: str) -> bool:
        return self.store.ask(Q.q(Q.EXISTS, s=URIRef(iri)))
