"""What extraction produces: mentions with spans, and the entities they resolve to.

Mentions keep exactly where they were found (line and character offsets in the decoded
document), so the graph can cite them. An entity is one real-world actor; its ``key`` is stable
across documents (for people: first and last name, so "Mie Thorup", "Mie Kragh Thorup" and
"Mie Louise Kragh Thorup" share a key) and is what graph.iris mints IRIs from.

>>> Extraction().entities, Extraction().mentions
([], [])
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MentionKind = Literal["person", "post", "department", "body", "organisation",
                      "meeting_ref", "date", "money", "hours"]
EntityKind = Literal["person", "post", "department", "body", "organisation"]
Role = Literal["proposer", "presenter", "participant", "mentioned", "absent"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where a mention is: 1-based line in the decoded document, 0-based character offsets."""

    line: int
    start: int
    end: int


class Mention(_Model):
    kind: MentionKind
    text: str  # as written
    span: Span
    item: int | None = None  # agenda item number; None for the meeting header
    section: str | None = None  # section kind ("beslutning"), "title", "header" or "table"
    role: Role = "mentioned"
    entity: str | None = None  # Entity.key when resolved; None = unresolved, never guessed;
    # for a meeting_ref: the key of the body whose meeting is referred to
    value: str | None = None  # normalised: ISO date, amount in DKK, hours, referenced meeting date;
    # for an absent person: the reason as written ("Afbud", "Fraværende")
    context: str | None = None  # a function/title next to a name ("konsulent", "ph.d.")


class PostHolding(_Model):
    """A person holding a post at a date, as a document states ("kommunaldirektør Jette Runchel")."""

    person: str  # Entity.key
    post: str  # Entity.key
    date: dt.date
    line: int


class Entity(_Model):
    key: str
    kind: EntityKind
    name: str  # canonical (longest certain form)
    aliases: list[str] = Field(default_factory=list)
    unit: str | None = None  # for a post: the department key it belongs to ("Chef for X" → X)


class Extraction(_Model):
    mentions: list[Mention] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    holdings: list[PostHolding] = Field(default_factory=list)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
