"""What one generated meeting says, before it is written in a layout: the items, their cases,
sections, recommendation, decision, attachments, presenters and references.

A plan is built from the :class:`~referatgraf.synth.world.Municipality` and a
:class:`SeriesState` (what earlier meetings of the same body dealt with), so cases recur and
minutes refer back to earlier meetings. Layout modules only decide how a plan is written.

>>> import random, datetime as dt
>>> from referatgraf.synth.world import Municipality, BODIES
>>> w = Municipality.build(seed=1, index=0)
>>> p = plan_meeting(w, BODIES[0], 0, dt.date(2017, 6, 1), SeriesState(), random.Random(3))
>>> p.items[0].title
'Godkendelse af dagsorden og referat'
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from referatgraf.synth import kle, prose
from referatgraf.synth.world import BODIES, Body, Case, Municipality

Variant = str  # "none" | "durations" | "slots"


@dataclass
class Holding:
    """A person named with their post in the text ("Kommunaldirektør Vibeke Holmgaard")."""

    person: str
    post: str


@dataclass
class PlannedItem:
    number: int
    title: str
    kind: str  # approval | case | closed | evt
    prefix: str | None = None
    case: str | None = None
    department: str | None = None  # canonical name of the department behind the case
    presenters: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    slot: tuple[str, str | None] | None = None  # ("13:45", "13:55") or ("13:15", None)
    minutes: int | None = None
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (kind, paragraphs)
    proposer: str | None = None  # as written, e.g. "Chefen for Økonomi og Stab"
    proposer_line: str | None = None  # "Chefen for Økonomi og Stab indstiller,"
    points: list[str] = field(default_factory=list)
    recommendation_heading: bool = True  # False: the "Indstilling" heading is missing
    decision: list[str] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    references: list[dt.date] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.kind == "closed"

    def raw_title(self) -> str:
        """The title as an item heading and the contents write it."""
        if self.closed:
            return "Lukket"
        text = f"{self.prefix} - {self.title}" if self.prefix else self.title
        if self.presenters:
            text += " v. " + join_names(self.presenters)
        if self.participants:
            text += f" ({join_names(self.participants)} deltager)"
        if self.slot:
            start, end = self.slot
            text += f" ({start}-{end})" if end else f" ({start})"
        elif self.minutes:
            text += f" ({self.minutes} min)"
        return text


@dataclass
class MeetingPlan:
    municipality: str
    body: Body
    date: dt.date
    start_time: str
    location: str
    variant: Variant
    items: list[PlannedItem]
    holdings: list[Holding]


@dataclass
class SeriesState:
    """What a body's earlier meetings did: the last meeting and when each case was last treated."""

    previous: dt.date | None = None
    last_treated: dict[str, dt.date] = field(default_factory=dict)
    treatments: dict[str, int] = field(default_factory=dict)

    def remember(self, plan: MeetingPlan) -> None:
        self.previous = plan.date
        for item in plan.items:
            if item.kind == "case" and item.case:
                self.last_treated[item.case] = plan.date
                self.treatments[item.case] = self.treatments.get(item.case, 0) + 1
        horizon = plan.date - dt.timedelta(days=4 * 365)
        for number in [n for n, d in self.last_treated.items() if d < horizon]:
            del self.last_treated[number]
            self.treatments.pop(number, None)


def join_names(names: list[str]) -> str:
    """'René, Birgit og Susanne'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def variant_for(year: int, body: Body) -> Variant:
    """Titles carry durations from 2019 and time slots with presenters from 2020 (management fora)."""
    if body.political or year < 2019:
        return "none"
    return "durations" if year == 2019 else "slots"


# -- building a plan -------------------------------------------------------------------------------

def plan_meeting(world: Municipality, body: Body, body_index: int, date: dt.date, state: SeriesState,
                 rng: random.Random, variant: Variant | None = None) -> MeetingPlan:
    """Plan one meeting of ``body`` on ``date``."""
    variant = variant or variant_for(date.year, body)
    start = rng.choice(("16:00", "17:00")) if body.political else rng.choice(("09:00", "09:00", "13:15", "10:30"))
    ctx = _Context(world, body, date, state, rng, [])
    items = [_approval(ctx, body_index)]
    for case in _pick_cases(ctx, rng.randint(3, 8)):
        items.append(_closed(ctx, case) if rng.random() < 0.09 else _case_item(ctx, case))
    items.append(_evt(ctx, body_index))
    for number, item in enumerate(items, start=1):
        item.number = number
        item.prefix = body.prefix if not item.closed else None
    _timing(ctx, items, variant, start)
    return MeetingPlan(world.name, body, date, start, rng.choice(world.rooms), variant, items, ctx.holdings)


@dataclass
class _Context:
    world: Municipality
    body: Body
    date: dt.date
    state: SeriesState
    rng: random.Random
    holdings: list[Holding]

    def dept(self, name: str | None = None) -> str:
        """A department as written (aliases included)."""
        d = self.world.department(name) if name else self.rng.choice(self.world.departments)
        return d.written(self.rng)

    def person_with_post(self, department: str | None) -> str:
        """'Chef for Økonomi & Stab Mette Juhl' (or the chief executive), remembered as a holding."""
        post = f"Chef for {department}" if department and self.rng.random() < 0.7 else "Kommunaldirektør"
        person = self.world.holder(post, self.date)
        assert person is not None
        self.holdings.append(Holding(person.short, post))
        return f"{post} {person.short}"

    def values(self, topic: str, department: str | None) -> dict[str, str]:
        bodies = [b.name for b in BODIES if b.political and b.name != self.body.name]
        other = self.world.council if self.rng.random() < 0.5 else self.rng.choice(bodies)
        others = [d.name for d in self.world.departments if d.name != department]
        return dict(body=self.body.name, topic=topic[0].lower() + topic[1:], dept=self.dept(department),
                    dept2=self.dept(self.rng.choice(others)), amount=prose.amount(self.rng), month=self.rng.choice(prose.MONTHS),
                    year=str(self.date.year), other=other.replace("Kommunalbestyrelsen", self.world.council),
                    person="{person}", k="1")


def _pick_cases(ctx: _Context, n: int) -> list[Case]:
    body = ctx.body
    pool = [c for c in ctx.world.cases_open(ctx.date.year)
            if (not body.subjects or c.subject in body.subjects)
            and (not body.political or kle.BY_NOTATION[c.subject].political)]
    seen = [c for c in pool if c.number in ctx.state.last_treated]
    fresh = [c for c in pool if c.number not in ctx.state.last_treated]
    ctx.rng.shuffle(seen)
    ctx.rng.shuffle(fresh)
    take_seen = min(len(seen), ctx.rng.randint(0, max(1, n // 2)))
    return (seen[:take_seen] + fresh + seen[take_seen:])[:n]


def _approval(ctx: _Context, body_index: int) -> PlannedItem:
    case = ctx.world.standing_case(body_index, ctx.date.year)
    if ctx.body.political:
        item = PlannedItem(0, "Godkendelse af dagsorden", "approval", case=case)
        item.decision = ["Godkendt."]
        return item
    item = PlannedItem(0, "Godkendelse af dagsorden og referat", "approval", case=case)
    item.sections = [("anledning", ["Godkendelse af dagsorden og referat"])]
    item.proposer, item.proposer_line = "Kommunaldirektøren", "Kommunaldirektøren indstiller,"
    body_l = ctx.body.name if ctx.rng.random() < 0.5 else ctx.body.name.lower()
    item.points = [f"at dagsordenen for dagens møde i {body_l} godkendes"]
    item.decision = ["Dagsordenen blev godkendt uden bemærkninger."]
    if ctx.state.previous:
        when = prose.date_text(ctx.state.previous)
        item.points.append(f"at referatet af mødet den {when} godkendes")
        item.decision.append(f"Referatet af mødet den {when} blev godkendt.")
        item.references.append(ctx.state.previous)
        if ctx.rng.random() < 0.5:
            item.attachments = [f"Referat {ctx.body.prefix or ctx.body.name} {ctx.state.previous:%d.%m.%Y}"]
    return item


def _closed(ctx: _Context, case: Case) -> PlannedItem:
    return PlannedItem(0, "Lukket", "closed", case=case.number, department=case.department.name)


def _case_item(ctx: _Context, case: Case) -> PlannedItem:
    rng = ctx.rng
    stage = ctx.state.treatments.get(case.number, 0)
    title = case.title + ("", " - status", " - opfølgning", " - endelig behandling")[min(stage, 3)]
    item = PlannedItem(0, title, "case", case=case.number, department=case.department.name)
    values = ctx.values(case.title, case.department.name)
    item.sections.append(("anledning", [prose.fill(prose.ANLEDNING, rng, **values)]))
    body_text = [t.format(**values) for t in rng.sample(prose.SAGSFREMSTILLING, rng.randint(2, 4))]
    last = ctx.state.last_treated.get(case.number)
    if last:
        body_text.insert(0, f"Sagen blev senest behandlet på mødet den {prose.date_text(last)}.")
        item.references.append(last)
    item.sections.append(("sagsfremstilling", _with_people(ctx, body_text, case)))
    if rng.random() < 0.35:
        item.sections.append(("okonomi", [prose.fill(prose.OKONOMI, rng, **values)]))
    _recommendation(ctx, item, values, case)
    _decision(ctx, item, values, case)
    attachments = {prose.fill(prose.ATTACHMENTS, rng, **{**values, "k": str(k)}) for k in range(1, rng.choice((1, 1, 2, 2, 3, 4)))}
    item.attachments = sorted(attachments)
    if ctx.body.prefix and rng.random() < 0.25:
        item.participants = [rng.choice(ctx.world.staff).short]
    return item


def _with_people(ctx: _Context, paragraphs: list[str], case: Case) -> list[str]:
    out = []
    for text in paragraphs:
        if "{person}" in text:
            text = text.replace("{person}", ctx.person_with_post(case.department.name))
        out.append(text)
    return out


def _recommendation(ctx: _Context, item: PlannedItem, values: dict[str, str], case: Case) -> None:
    rng = ctx.rng
    dept = values["dept"]
    if ctx.body.political:
        options = [("Forvaltningen", "Forvaltningen indstiller,"), (dept, f"{dept} indstiller,"),
                   ("Direktøren for By & Erhverv", "Direktøren for By & Erhverv indstiller,")]
    else:
        options = [("Kommunaldirektøren", "Kommunaldirektøren indstiller,"),
                   (f"Chefen for {dept}", f"Chefen for {dept} indstiller,"),
                   (f"Afdelingschefen for {dept}", f"Afdelingschefen for {dept} indstiller at,"),
                   (dept, f"{dept} indstiller at;"), (None, "Det indstilles,")]
    item.proposer, item.proposer_line = rng.choice(options)
    points = rng.sample(prose.POINTS, rng.randint(1, 4))
    item.points = [p.format(**values) for p in points]
    item.recommendation_heading = rng.random() > 0.03


def _decision(ctx: _Context, item: PlannedItem, values: dict[str, str], case: Case) -> None:
    rng = ctx.rng
    templates = prose.DECISION_POLITICAL if ctx.body.political else prose.DECISION
    text = prose.fill(templates, rng, **values)
    if "{person}" in text:
        text = text.replace("{person}", ctx.person_with_post(case.department.name))
    item.decision = [text]
    if len(item.points) >= 2 and rng.random() < 0.35:
        item.answers = [(k, prose.fill(prose.ANSWERS, rng, **values)) for k in range(1, len(item.points) + 1)]


def _evt(ctx: _Context, body_index: int) -> PlannedItem:
    title = "Eventuelt" if ctx.body.political else "Evt."
    item = PlannedItem(0, title, "evt", case=ctx.world.standing_case(body_index, ctx.date.year))
    r = ctx.rng.random()
    if r < 0.15:
        return item  # no decision written at all
    text = prose.fill(prose.EVT_DECISION, ctx.rng, person="{person}", dept=ctx.dept())
    if "{person}" in text:
        text = text.replace("{person}", ctx.person_with_post(None))
    item.decision = [text]
    return item


def _timing(ctx: _Context, items: list[PlannedItem], variant: Variant, start: str) -> None:
    """Durations ("(20 min)") or time slots ("(13:45-13:55)") with presenters in titles."""
    rng = ctx.rng
    if variant == "none":
        return
    clock = _minutes(start)
    for item in items:
        if item.closed or item.kind == "evt":
            continue
        if item.kind == "approval":
            if variant == "slots":
                item.slot = (start, None)
            continue
        length = rng.choice((10, 15, 20, 25, 30, 35))
        if variant == "durations":
            item.minutes = length
        else:
            item.slot = (_clock(clock), _clock(clock + length))
            if rng.random() < 0.7:
                item.presenters = _presenters(ctx, item.department)
        clock += length


def _presenters(ctx: _Context, department: str | None) -> list[str]:
    """First names of the chiefs presenting: the case's department first ("v. Søren")."""
    posts = [f"Chef for {d.name}" for d in ctx.world.departments if d.name != department]
    ctx.rng.shuffle(posts)
    posts = ([f"Chef for {department}"] if department else []) + posts
    names: list[str] = []
    for post in posts[: ctx.rng.choice((1, 1, 1, 2, 3))]:
        person = ctx.world.holder(post, ctx.date)
        if person and person.first not in names:
            names.append(person.first)
    return names


def _minutes(clock: str) -> int:
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


__all__ = ["Holding", "MeetingPlan", "PlannedItem", "SeriesState", "join_names", "plan_meeting", "variant_for"]
