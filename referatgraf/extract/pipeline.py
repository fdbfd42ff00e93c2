"""One meeting → one :class:`Extraction`: read every line once, then resolve.

Steps: (1) the lines of the meeting (titles, every section, decisions, attachments — each line
once) are joined and scanned in two passes (extract.scanner): organisations, then quantities and
people together;
(2) roles come from where a mention stands — a title's "v. …" part makes presenters, its
"(… deltager)" participants, the recommendation's proposer a proposer, attendance absentees and
participants; (3) people are resolved within the document and the aliases file is applied.

>>> from referatgraf.extract import extract
>>> from referatgraf.parse import parse_text
>>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Budget v. Mie Thorup\\n\\n"
...                      "Indstilling\\n\\nKommunaldirektøren indstiller, at sagen godkendes.\\n")
>>> sorted((e.kind, e.name) for e in extract(meeting).entities)
[('person', 'Mie Thorup'), ('post', 'Kommunaldirektør')]
"""

from __future__ import annotations

import re
from bisect import bisect_right

from referatgraf.extract.aliases import Aliases, load_aliases
from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer
from referatgraf.extract.draft import Draft
from referatgraf.extract.model import Entity, Extraction, PostHolding
from referatgraf.extract.organisations import OrgHit, OrgMatcher
from referatgraf.extract.people import PersonHit, people_in_runs
from referatgraf.extract.references import quantity_hit
from referatgraf.extract.scanner import Document, scanner_for
from referatgraf.extract.resolve import PersonCandidate, dedupe, resolve_people
from referatgraf.extract.units import TextUnit, aligned, meeting_units
from referatgraf.parse.limits import Limits
from referatgraf.parse.model import AgendaItem, Meeting

_PRESENTER = re.compile(r"\b(?:v\.|ved)\s")
_PARTICIPANT = re.compile(r"\(([^()]*)\bdeltager\w*\)")


class _Run:
    """State of one extraction: the meeting, the lists in use and what was found so far."""

    def __init__(self, meeting: Meeting, gaz: Gazetteer, aliases: Aliases) -> None:
        self.meeting, self.gaz, self.aliases = meeting, gaz, aliases
        self.scanner = scanner_for(gaz)
        self.matcher: OrgMatcher = self.scanner.orgs
        self.mentions: list[Draft] = []
        self.people: list[PersonCandidate] = []
        self.units: dict[str, str | None] = {}  # post → department
        self._bodies: dict[int, list[OrgHit]] = {}  # line index → bodies on it (for references)

    # -- reading the document --------------------------------------------------------------
    def read(self, units: list[TextUnit]) -> None:
        """Scan all lines at once (see extract.scanner) and turn each hit into a mention."""
        doc = Document([u.text for u in units])
        text, starts = doc.text, doc.starts
        taken = self._read_organisations(units, text, starts)
        runs, quantities = self.scanner.people_and_quantities(text)
        self._read_quantities(units, text, starts, quantities)
        taken_starts = [s for s, _ in taken]
        for hit in people_in_runs(text, runs, self.gaz):
            k = bisect_right(taken_starts, hit.start) - 1
            if k >= 0 and taken[k][0] <= hit.start < taken[k][1]:
                continue  # "Erik" inside an organisation's name is not a person
            i = bisect_right(starts, hit.start) - 1
            self._person(hit, units[i], starts[i])

    def _read_organisations(self, units: list[TextUnit], text: str,
                            starts: list[int]) -> list[tuple[int, int]]:
        """Organisation mentions; returns the spans taken (a person is never inside one)."""
        taken, append, bodies, post_units = [], self.mentions.append, self._bodies, self.units
        keyed = self._org_key if self.aliases.merges else None
        for row in self.matcher.rows(text):
            kind, name, start, end, written, post_unit = row
            i = bisect_right(starts, start) - 1
            unit, base = units[i], starts[i]
            if start - base < unit.skip or "\n" in written:
                continue
            if kind == "post":
                post_units[name] = post_unit
            elif kind == "body":
                bodies.setdefault(i, []).append(OrgHit._make(row))
            if keyed:
                name = keyed(OrgHit._make(row))
            append(Draft(kind, written, unit.line, start - base, end - base, unit.item,
                         unit.section, "mentioned", name))
            taken.append((start, end))
        return taken

    def _read_quantities(self, units: list[TextUnit], text: str, starts: list[int],
                         matches: list[re.Match[str]]) -> None:
        own_body, date, bodies = self._body_name(), self.meeting.date, self._bodies
        for m in matches:
            i = bisect_right(starts, m.start()) - 1
            q = quantity_hit(m, text, 0, date, bodies.get(i, ()), own_body)
            if q is not None:
                unit, base = units[i], starts[i]
                self.mentions.append(Draft(q.kind, q.text, unit.line, q.start - base, q.end - base,
                                           unit.item, unit.section, "mentioned", q.body, q.value))

    def _body_name(self) -> str:
        return self.matcher.canonical("body", self.meeting.body) or self.meeting.body

    def _org_key(self, hit: OrgHit) -> str:
        if not self.aliases.merges:
            return hit.name
        return self.aliases.merged(hit.kind, hit.text, self.meeting.date) or hit.name

    def _person(self, hit: PersonHit, unit: TextUnit, base: int) -> None:
        start = hit.start - base
        role = self._title_role(unit, start)
        mention = _mention("person", hit.text, unit, start, hit.end - base, role=role,
                           context=hit.context)
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
            self.attendee(a.name, a.status, a.line, item.order, a.start, a.reason)

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
        self.mentions.append(Draft(
            kind, rec.proposer, line, start, start + len(rec.proposer), item=item.order,
            section="indstilling", role="proposer",
            entity=self.aliases.merged(kind, rec.proposer, self.meeting.date) or name))

    def _named(self, name: str, role: str, item: AgendaItem, title: TextUnit | None) -> None:
        """A presenter/participant the parser found; added when the title scan missed it."""
        line = title.line if title else item.lines[0]
        start = max(title.text.find(name), 0) if title else 0
        if any(p.mention.line == line and p.mention.start <= start < p.mention.end
               for p in self.people):
            return
        tokens = tuple(name.split())
        if not tokens:
            return
        mention = Draft("person", name, line, start, start + len(name), item=item.order,
                        section="title", role=role)
        self.people.append(PersonCandidate(mention, tokens, len(tokens) == 1, keep_unresolved=True))

    def attendee(self, name: str, status: str, line: int, item: int | None, start: int | None = None,
                 reason: str | None = None) -> None:
        """An attendance entry: role absent (with the reason as written, kept as the mention's
        value) or participant."""
        tokens = tuple(name.split())
        if not tokens:
            return
        role = "absent" if status == "absent" else "participant"
        start = start or 0  # several names share a line: their offsets keep them apart
        mention = Draft("person", name, line, start, start + len(name), item=item,
                        section="attendance", role=role, value=reason if role == "absent" else None)
        self.people.append(PersonCandidate(mention, tokens, len(tokens) == 1, keep_unresolved=True))

    # -- resolution -------------------------------------------------------------------------
    def finish(self) -> Extraction:
        people, persons = resolve_people(self.people, self.meeting.date, self.aliases)
        mentions = dedupe(self.mentions + people)
        holdings = self._holdings()
        return Extraction.model_validate({
            "mentions": [m.to_mention() for m in mentions],
            "entities": self._entities(mentions, persons, holdings), "holdings": holdings})

    def _holdings(self) -> list[PostHolding]:
        seen, out = set(), []
        for c in self.people:
            key = (c.mention.entity, c.post)
            if c.post and c.mention.entity and key not in seen:
                seen.add(key)
                out.append(PostHolding(person=c.mention.entity, post=c.post, date=self.meeting.date,
                                       line=c.mention.line))
        return out

    def _entities(self, mentions: list[Draft], persons: list[Entity],
                  holdings: list[PostHolding]) -> list[Entity | dict]:
        """People and the other entities (as dicts: validated once with the whole Extraction)."""
        forms: dict[tuple[str, str], set[str]] = {}
        for m in mentions:
            if m.kind in ("post", "department", "body", "organisation") and m.entity:
                text = m.text if "  " not in m.text and "\n" not in m.text else _clean(m.text)
                forms.setdefault((m.kind, m.entity), set()).add(text)
            if m.kind == "meeting_ref" and m.entity:
                forms.setdefault(("body", m.entity), set())
        for h in holdings:
            forms.setdefault(("post", h.post), set())
        for post, unit in self.units.items():
            if unit:
                forms.setdefault(("department", unit), set())
        referenced = {m.entity for m in mentions if m.kind == "person" and m.entity}
        out: list[tuple[str, str, Entity | dict]] = [
            (e.kind, e.key, e) for e in persons if e.key in referenced]
        for (kind, key), texts in forms.items():
            folded = key.casefold()
            aliases = sorted(t for t in texts if t.casefold() != folded)
            out.append((kind, key, {"key": key, "kind": kind, "name": key,
                                    "aliases": _unique_ci(aliases) if len(aliases) > 1 else aliases,
                                    "unit": self.units.get(key) if kind == "post" else None}))
        out.sort(key=lambda row: (row[0], row[1]))  # (kind, key) is unique
        return [row[2] for row in out]


def _mention(kind: str, text: str, unit: TextUnit, start: int, end: int, **fields) -> Draft:
    return Draft(kind, text, unit.line, start, end, item=unit.item, section=unit.section, **fields)


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
    for line, part in aligned(text, lines):
        pos = part.find(needle)
        if pos >= 0:
            return line, pos
    return lines[0], 0


def extract(meeting: Meeting, settings=None) -> Extraction:  # noqa: ANN001 - Settings | None
    """Every actor, reference, date and amount in ``meeting``, resolved (see module doc)."""
    gaz = load_gazetteer(tuple(settings.gazetteer_dirs) if settings else ())
    aliases = load_aliases(settings.aliases_file) if settings and settings.aliases_file else Aliases()
    run = _Run(meeting, gaz, aliases)
    units = meeting_units(meeting)
    run.read(units)
    titles = {u.item: u for u in units if u.section == "title" and u.item is not None}
    for item in meeting.items:
        run.item_roles(item, titles.get(item.order))
    for a in meeting.attendance:
        run.attendee(a.name, a.status, a.line, a.item, a.start, a.reason)
    limits = Limits.of(settings) if settings else Limits()  # before the mentions are built and mapped
    limits.check("max_mentions", len(run.mentions) + len(run.people), file=meeting.source.file_name)
    return run.finish()
