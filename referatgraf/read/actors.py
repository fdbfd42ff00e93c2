"""Actors — people, posts, departments, bodies, organisations — listed once for every reader.

:func:`actor_index` is the one listing: the JSON API and the pages page it (``Reader.actors``),
the CLI's ``referatgraf actors`` prints it (:func:`list_actors`, :func:`render_actors`). Each
actor comes with its names, the number of meetings it takes part in (its links from meetings
and items) and what graph.mentions wrote about it (``rg:Mention`` nodes: how often, on which
meeting dates). It reads through the :class:`~referatgraf.store.base.Store` interface, so it
works on the embedded store and on any SPARQL 1.1 server alike; the kind is bound through
``VALUES``, never pasted into the query.

>>> from referatgraf.read.demo import demo_store
>>> store = demo_store()
>>> rows = list_actors(store, kind="person")
>>> [(r.name, r.mentions, r.meetings) for r in rows][:2]
[('Anna Holm', 1, ['2021-03-12']), ('Bo Berg', 1, ['2021-03-12'])]
>>> print(render_actors(rows[:1]), end="")
type          name      mentions  meetings
person        Anna Holm        1  2021-03-12
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal

from referatgraf.ontology.vocab import BESLUIT
from referatgraf.read import queries as Q
from referatgraf.read.errors import BadId
from referatgraf.read.ids import local_id
from referatgraf.read.reader import Reader
from referatgraf.read.schemas import ActorList, ActorSummary
from referatgraf.store.base import Store

KINDS = ("person", "post", "department", "body", "organisation")
LISTED_TYPES = {**Q.ACTOR_TYPES, "body": BESLUIT.Bestuursorgaan}


def actor_index(reader: Reader, kind: str) -> list[ActorSummary]:
    """Every actor of ``kind`` with names, meeting count and mentions, by label (callers cache it).

    >>> from referatgraf.read.demo import BASE, demo_store
    >>> store = demo_store()
    >>> [(a.label, a.meeting_count, a.mentions) for a in actor_index(Reader(store, BASE), "person")]
    [('Anna Holm', 1, 1), ('Bo Berg', 1, 1), ('Carl Dam', 1, 1)]
    >>> [(a.label, a.mentions) for a in actor_index(Reader(store, BASE), "body")]
    [('Chefforum', 0)]
    >>> store.close()
    """
    if kind not in LISTED_TYPES:
        raise BadId(f"unknown actor type {kind!r}; choose one of {', '.join(KINDS)}")
    type_iri = LISTED_TYPES[kind]
    alts: dict[str, list[str]] = {}
    for r in reader.select(Q.ALT_LABELS, type=type_iri):
        names = alts.setdefault(str(r["actor"]), [])
        if str(r["alt"]) not in names:
            names.append(str(r["alt"]))
    mentions = {str(r["entity"]): r for r in reader.select(Q.ACTOR_MENTIONS, kind=Literal(kind))}
    out = [_summary(reader, kind, r, alts.get(str(r["actor"]), []), mentions.get(str(r["actor"])))
           for r in reader.select(Q.ACTORS, type=type_iri)]
    return sorted(out, key=lambda a: (a.label is not None, a.label or "", a.iri))


def actors_page(reader: Reader, kind: str, limit: int, offset: int) -> ActorList:
    """One page of :func:`actor_index` (the whole listing is cached per store generation).

    >>> from referatgraf.read.demo import BASE, demo_store
    >>> page = actors_page(Reader(demo_store(), BASE), "person", 1, 0)
    >>> page.limit, len(page.items), page.total >= len(page.items)
    (1, 1, True)
    """
    everyone = reader.cache(f"actors:{kind}", lambda: actor_index(reader, kind))
    nxt = offset + limit if offset + limit < len(everyone) else None
    return ActorList(total=len(everyone), limit=limit, offset=offset, next_offset=nxt,
                     items=everyone[offset:offset + limit])


def _summary(reader: Reader, kind: str, row: dict, alts: list[str], mention: dict | None) -> ActorSummary:
    iri = str(row["actor"])
    dates = sorted({dt.date.fromisoformat(d[:10]) for d in _split(mention, "dates")}) if mention else []
    return ActorSummary(iri=iri, id=local_id(reader.base, iri), kind=kind, label=longest(_split(row, "names")),
                        alt_labels=alts, meeting_count=int(row.get("meetings") or 0),
                        mentions=int(mention["mentions"]) if mention else 0, mentioned_on=dates)


def _split(row: dict, key: str) -> list[str]:
    return [x for x in str(row.get(key) or "").split("|") if x]


def longest(names: list[str]) -> str | None:
    """The fullest of an actor's names: most words, then most letters.

    >>> longest(["Bo", "Bo Berg", "Berg"])
    'Bo Berg'
    """
    return max(names, key=lambda t: (len(t.split()), len(t), t)) if names else None


# -- the CLI's view -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorRow:
    """One line of ``referatgraf actors``."""

    iri: str
    kind: str
    name: str  # the longest name any document gives it
    mentions: int
    meetings: list[str]  # ISO dates of the meetings that mention it, sorted

    @classmethod
    def of(cls, actor: ActorSummary) -> ActorRow:
        return cls(actor.iri, actor.kind or "", actor.label or actor.iri, actor.mentions,
                   [d.isoformat() for d in actor.mentioned_on])


def list_actors(store: Store, kind: str | None = None) -> list[ActorRow]:
    """The mentioned actors of ``kind`` (all kinds when None) in ``store``, most mentioned first."""
    reader = Reader(store, "")
    rows = [ActorRow.of(a) for k in ([kind] if kind else KINDS) for a in actor_index(reader, k) if a.mentions]
    return sorted(rows, key=lambda r: (-r.mentions, r.kind, r.name))


def render_actors(rows: list[ActorRow]) -> str:
    """A plain text table: type, name, mentions, meetings."""
    if not rows:
        return "no actors found\n"
    width = max(len(r.name) for r in rows)
    lines = [f"{'type':13} {'name':{width}} {'mentions':>8}  meetings"]
    for r in rows:
        lines.append(f"{r.kind:13} {r.name:{width}} {r.mentions:>8}  {', '.join(r.meetings)}")
    return "\n".join(lines) + "\n"
