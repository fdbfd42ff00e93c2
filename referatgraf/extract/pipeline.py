"""One meeting → one :class:`Extraction`: read every line once, then resolve.

Steps: (1) each line of the meeting (titles, every section, decisions, attachments) is read
once by the compiled organisation matcher, the person finder and the quantity finder;
(2) roles come from where a mention stands — a title's "v. …" part makes presenters, its
"(… deltager)" participants, the recommendation's proposer a proposer, attendance absentees and
participants; (3) people are resolved within the document and the aliases file is applied.
"""

from __future__ import annotations

import re

from referatgraf.extract.aliases import Aliases, load_aliases
from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer
from referatgraf.extract.model import Entity, Extraction, Mention, PostHolding, Span
from referatgraf.extract.organisations import OrgHit, OrgMatcher, matcher_for
from referatgraf.extract.people import PersonHit, find_people
from referatgraf.extract.references import find_quantities
from referatgraf.extract.resolve import PersonCandidate, dedupe, resolve_people
from referatgraf.extract.units import TextUnit, meeting_units
from referatgraf.parse.model import AgendaItem, Meeting

_PRESENTER = re.compile(r"\b(?:v\.|ved)\s")
_PARTICIPANT = re.compile(r"\(([^()]*)\bdeltager\w*\)")


class _Run:
    """State of one extraction: the meeting, the lists in use and what was found so far."""

    def __init__(self, meeting: Meeting, gaz: Gazetteer, aliases: Aliases) -> None:
        self.meeting, self.gaz, self.aliases = meeting, gaz, aliases
        self.matcher: OrgMatcher = matcher_for(gaz)
        self.mentions: list[Mention] = []
        self.people: list[PersonCandidate] = []
        self.units: dict[str, str | None] = {}  # post → department

    # -- reading lines ----------------------------------------------------------------------
    def read(self, unit: TextUnit) -> None:
        text = unit.text
        orgs = [h for h in self.matcher.find(text) if h.start >= unit.skip]
        for hit in orgs:
            self._org(hit, unit)
        for hit in find_quantities(text, self.meeting.date, [h for h in orgs if h.kind == "body"],
                                   self._body_name()):
            self.mentions.append(Mention(
                kind=hit.kind, text=hit.text, span=Span(line=unit.line, start=hit.start, end=hit.end),
                item=unit.item, section=unit.section, value=hit.value, entity=hit.body))
        taken = [(h.start, h.end) for h in orgs]
        for hit in find_people(text, self.gaz):
            if any(s <= hit.start < e for s, e in taken):
                continue  # "Erik" inside an organisation's name is not a person
            self._person(hit, unit, self._title_role(unit, hit.start))

    def _body_name(self) -> str:
        return self.matcher.canonical("body", self.meeting.body) or self.meeting.body

    def _org(self, hit: OrgHit, unit: TextUnit, role: str = "mentioned") -> None:
        if hit.kind == "post":
            self.units[hit.name] = hit.unit
        self.mentions.append(Mention(
            kind=hit.kind, text=hit.text, span=Span(line=unit.line, start=hit.start, end=hit.end),
            item=unit.item, section=unit.section, role=role, entity=self._org_key(hit)))

    def _org_key(self, hit: OrgHit) -> str:
        forced = self.aliases.merged(hit.kind, hit.text, self.meeting.date)
        return forced or hit.name

    def _person(self, hit: PersonHit, unit: TextUnit, role: str) -> None:
        mention = Mention(kind="person", text=hit.text,
                          span=Span(line=unit.line, start=hit.start, end=hit.end),
                          item=unit.item, section=unit.section, role=role, context=hit.context)
        self.people.append(PersonCandidate(mention, hit.tokens, hit.single, hit.post,
                                           keep_unresolved=role != "mentioned"))

    @staticmethod
    def _title_role(unit: TextUnit, start: int) -> str:
        """In a title, names after "v."/"ved" present; names in "(… deltager)" take part."""
        if unit.section != "title":
            return "mentioned"
        for m in _PARTICIPANT.finditer(unit.text):
            if m.start(1) <= start < m.end(1):
                return "participant"
        presenter = _PRESENTER.search(unit.text)
        return "presenter" if presenter and start >= presenter.end() else "mentioned"

    # -- roles from the model ---------------------------------------------------------------
    def item_roles(self, item: AgendaItem, title_unit: TextUnit | None) -> None:
        self._proposer(item)
        for names, role in ((item.presenters, "presenter"), (item.participants, "participant")):
            for name in names:
                self._named(name, role, item, title_unit)
        for a in item.attendance:
            self._attendee(a.name, a.status, a.line, item.number)

    def _proposer(self, item: AgendaItem) -> None:
        rec = item.recommendation
        if rec is None or not rec.proposer:
            return
        found = self.matcher.resolve_proposer(rec.proposer)
        if found is None:
            return
        kind, name, unit = found
        if kind == "post":
            self.units[name] = unit
        line, start = _locate(rec.text, rec.lines, rec.proposer)
        self.mentions.append(Mention(
            kind=kind, text=rec.proposer, span=Span(line=line, start=start, end=start + len(rec.proposer)),
            item=item.number, section="indstilling", role="proposer",
            entity=self.aliases.merged(kind, rec.proposer, self.meeting.date) or name))

    def _named(self, name: str, role: str, item: AgendaItem, title: TextUnit | None) -> None:
        """A presenter/participant the parser found; added when the title scan missed it."""
        line = title.line if title else item.lines[0]
        start = max(title.text.find(name), 0) if title else 0
        if any(p.mention.span.line == line and p.mention.span.start <= start < p.mention.span.end
               for p in self.people):
            return
        tokens = tuple(name.split())
        if not tokens:
            return
        mention = Mention(kind="person", text=name, span=Span(line=line, start=start, end=start + len(name)),
                          item=item.number, section="title", role=role)
        self.people.append(PersonCandidate(mention, tokens, len(tokens) == 1, keep_unresolved=True))

    def _attendee(self, name: str, status: str, line: int, item: int | None) -> None:
        tokens = tuple(name.split())
        if not tokens:
            return
        role = "absent" if status == "absent" else "participant"
        mention = Mention(kind="person", text=name, span=Span(line=line, start=0, end=len(name)),
                          item=item, section="attendance", role=role)
        self.people.append(PersonCandidate(mention, tokens, len(tokens) == 1, keep_unresolved=True))

    # -- resolution -------------------------------------------------------------------------
    def finish(self) -> Extraction:
        people, persons = resolve_people(self.people, self.meeting.date, self.aliases)
        mentions = dedupe(self.mentions + people)
        holdings = self._holdings()
        return Extraction(mentions=mentions, entities=self._entities(mentions, persons, holdings),
                          holdings=holdings)

    def _holdings(self) -> list[PostHolding]:
        seen, out = set(), []
        for c in self.people:
            key = (c.mention.entity, c.post)
            if c.post and c.mention.entity and key not in seen:
                seen.add(key)
                out.append(PostHolding(person=c.mention.entity, post=c.post, date=self.meeting.date,
                                       line=c.mention.span.line))
        return out

    def _entities(self, mentions: list[Mention], persons: list[Entity],
                  holdings: list[PostHolding]) -> list[Entity]:
        forms: dict[tuple[str, str], set[str]] = {}
        for m in mentions:
            if m.kind in ("post", "department", "body", "organisation") and m.entity:
                forms.setdefault((m.kind, m.entity), set()).add(_clean(m.text))
            if m.kind == "meeting_ref" and m.entity:
                forms.setdefault(("body", m.entity), set())
        for h in holdings:
            forms.setdefault(("post", h.post), set())
        for post, unit in self.units.items():
            if unit:
                forms.setdefault(("department", unit), set())
        referenced = {m.entity for m in mentions if m.kind == "person" and m.entity}
        out = [e for e in persons if e.key in referenced]
        for (kind, key), texts in forms.items():
            aliases = sorted(t for t in texts if t.casefold() != key.casefold())
            out.append(Entity(key=key, kind=kind, name=key, aliases=_unique_ci(aliases),
                              unit=self.units.get(key) if kind == "post" else None))
        return sorted(out, key=lambda e: (e.kind, e.key))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _unique_ci(texts: list[str]) -> list[str]:
    seen, out = set(), []
    for t in texts:
        if t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return out


def _locate(text: str, lines: tuple[int, int], needle: str) -> tuple[int, int]:
    """Line and offset of ``needle`` in a section text aligned to its line range."""
    from referatgraf.extract.units import _aligned

    for line, part in _aligned(text, lines):
        pos = part.find(needle)
        if pos >= 0:
            return line, pos
    return lines[0], 0


def extract(meeting: Meeting, settings=None) -> Extraction:  # noqa: ANN001 - Settings | None
    """Every actor, reference, date and amount in ``meeting``, resolved (see module doc)."""
    gaz = load_gazetteer(tuple(settings.gazetteer_dirs) if settings else ())
    aliases = load_aliases(settings.aliases_file) if settings and settings.aliases_file else Aliases()
    run = _Run(meeting, gaz, aliases)
    titles: dict[int, TextUnit] = {}
    for unit in meeting_units(meeting):
        run.read(unit)
        if unit.section == "title" and unit.item is not None:
            titles[unit.item] = unit
    for item in meeting.items:
        run.item_roles(item, titles.get(item.number))
    for a in meeting.attendance:
        run._attendee(a.name, a.status, a.line, a.item)
    return run.finish()
