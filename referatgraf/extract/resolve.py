"""Resolution: turn the candidate mentions of one document into entities, never by guessing.

Rules (docs/actors.md):

* a person's key is first + last name, so "Mie Thorup", "Mie Kragh Thorup" and
  "Mie Louise Kragh Thorup" are one person in every document; the canonical name is the longest
  form the document writes;
* a genitive ("Mie Thorups") is the person whose name the document also writes without the s;
* a lone first name ("Mie", "v. Jette") is linked only when the document writes exactly one
  full name with that first name; otherwise it stays unresolved (``entity=None``) — or, outside
  a title role, is not a mention at all;
* the user's aliases file wins over all of this (merge/split);
* posts, departments, bodies and organisations are keyed by their canonical gazetteer name.

>>> import datetime as dt
>>> people = [candidate("Mie Kragh Thorup", ("Mie", "Kragh", "Thorup"), 3),
...           candidate("Mie", ("Mie",), 5, single=True)]
>>> ext = resolve_people(people, dt.date(2016, 9, 1), Aliases())
>>> [(m.text, m.entity) for m in ext[0]], [e.name for e in ext[1]]
([('Mie Kragh Thorup', 'Mie Thorup'), ('Mie', 'Mie Thorup')], ['Mie Kragh Thorup'])
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from referatgraf.extract.aliases import Aliases
from referatgraf.extract.draft import Draft
from referatgraf.extract.model import Entity

ROLE_RANK = {"proposer": 5, "presenter": 4, "participant": 3, "absent": 3, "mentioned": 1}


@dataclass
class PersonCandidate:
    mention: Draft
    tokens: tuple[str, ...]
    single: bool = False
    post: str | None = None  # a post the title before the name names ("kommunaldirektør")
    keep_unresolved: bool = False  # a title role or attendance: keep even if not certain


def candidate(text: str, tokens: tuple[str, ...], line: int, *, single: bool = False,
              role: str = "mentioned") -> PersonCandidate:
    """A small helper for tests and examples."""
    mention = Draft("person", text, line, 0, len(text), role=role)
    return PersonCandidate(mention, tokens, single, keep_unresolved=role != "mentioned")


def person_key(tokens: tuple[str, ...]) -> str:
    return f"{tokens[0]} {tokens[-1]}" if len(tokens) > 1 else tokens[0]


def resolve_people(cands: list[PersonCandidate], date: dt.date,
                   aliases: Aliases) -> tuple[list[Draft], list[Entity]]:
    """Resolved person mentions and the person entities of one document."""
    full = [c for c in cands if not c.single]
    written_keys = {person_key(c.tokens) for c in full}
    forms: dict[str, list[str]] = defaultdict(list)
    for c in full:
        _strip_genitive(c, written_keys)
        key = _full_key(c, date, aliases)
        c.mention.entity = key
        forms[key].append(c.mention.text)
    by_first: dict[str, set[str]] = defaultdict(set)
    for key in forms:
        by_first[key.split(" ")[0]].add(key)
    out = [c.mention for c in full]
    for c in (c for c in cands if c.single):
        key = _single_key(c, date, aliases, by_first)
        if key is None and not c.keep_unresolved:
            continue
        c.mention.entity = key
        out.append(c.mention)
    entities = [_entity(key, texts) for key, texts in forms.items()]
    for m in out:  # a first name forced by the aliases file to a person not written in full
        if m.entity is not None and m.entity not in forms:
            forms[m.entity] = [m.entity]
            entities.append(_entity(m.entity, [m.entity]))
    return out, entities


def _strip_genitive(c: PersonCandidate, known: set[str]) -> None:
    """"Mie Thorups" → "Mie Thorup" when the document also writes "Mie Thorup"."""
    last = c.tokens[-1]
    if last.endswith("s") and person_key((*c.tokens[:-1], last[:-1])) in known:
        c.tokens = (*c.tokens[:-1], last[:-1])
        c.mention.text = c.mention.text[:-1]
        c.mention.end -= 1


def _full_key(c: PersonCandidate, date: dt.date, aliases: Aliases) -> str:
    text = c.mention.text
    if aliases.is_split("person", text):
        return text
    return aliases.merged("person", text, date) or person_key(c.tokens)


def _single_key(c: PersonCandidate, date: dt.date, aliases: Aliases,
                by_first: dict[str, set[str]]) -> str | None:
    first = c.tokens[0]
    forced = aliases.merged("person", first, date)
    if forced:
        return forced
    keys = by_first.get(first) or (by_first.get(first[:-1]) if first.endswith("s") else None)
    if keys and len(keys) == 1:
        if first not in by_first:  # "Eriks" → "Erik"
            c.mention.text = first[:-1]
            c.mention.end -= 1
        return next(iter(keys))
    return None


def _entity(key: str, texts: list[str]) -> Entity:
    """Canonical = the longest form written (most words, then most letters, then alphabetical)."""
    distinct = sorted(set(texts), key=lambda t: (-len(t.split()), -len(t), t))
    return Entity(key=key, kind="person", name=distinct[0], aliases=distinct[1:])


def dedupe(mentions: list[Draft]) -> list[Draft]:
    """One mention per span and kind; the strongest role wins (proposer over mentioned)."""
    best: dict[tuple, Draft] = {}
    for m in mentions:
        k = (m.line, m.start, m.end, m.kind, m.item)
        if k not in best or ROLE_RANK[m.role] > ROLE_RANK[best[k].role]:
            best[k] = m
    return sorted(best.values(), key=lambda m: (m.line, m.start, m.kind, m.role))
