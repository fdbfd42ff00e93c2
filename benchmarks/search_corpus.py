"""ItemRecords for N generated meetings, straight from the generator's plans (no rendering, no
parsing, no store), for the search benchmark (benchmarks/search.py).

The meetings are the ones ``referatgraf generate`` would write for the same ``n`` and seed (same
series, same dates, same plans); each planned item becomes one
:class:`~referatgraf.index.model.ItemRecord` with its title, sections, recommendation points,
decision, per-point answers, attachments, case number, KLE subject, body, date, municipality,
proposer and the people it names. Items carry a few hundred words: the plan's sections plus
extra background paragraphs drawn (seeded) from the generator's own sentence templates.

100,000 meetings (≈ 700,000 items) take a minute or two; nothing is kept in memory but the
current series (``iter_records`` is a generator).

>>> recs = list(iter_records(3, seed=1))
>>> len(recs) > 10, recs[0].kind, bool(recs[0].cases)
(True, 'referat', True)
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from referatgraf.graph.iris import slugify
from referatgraf.index.model import ItemRecord
from referatgraf.synth import kle, prose
from referatgraf.synth.corpus import meeting_dates, plan_series
from referatgraf.synth.plan import MeetingPlan, PlannedItem, SeriesState, plan_meeting
from referatgraf.synth.world import BODIES, Municipality

BASE = "https://data.referatgraf.dk"
_HEAD = {"anledning": "Anledning", "sagsfremstilling": "Sagsfremstilling", "okonomi": "Økonomi"}


def iter_records(n: int, seed: int = 0) -> Iterator[ItemRecord]:
    """The records of ``n`` generated meetings, series by series, each in date order."""
    world: Municipality | None = None
    for k, s in enumerate(plan_series(n)):
        if world is None or world.index != s.municipality:
            world = Municipality.build(seed, s.municipality)
        body = BODIES[s.body]
        rng = random.Random(f"referatgraf-synth/{seed}/series/{s.municipality}/{s.body}/{s.length}")
        extra = random.Random(f"referatgraf-bench/{seed}/records/{s.municipality}/{s.body}")
        state = SeriesState()
        for date in meeting_dates(body, s.length, k, rng):
            plan = plan_meeting(world, body, s.body, date, state, rng)
            state.remember(plan)
            yield from meeting_records(world, plan, extra)


def meeting_records(world: Municipality, plan: MeetingPlan, rng: random.Random) -> list[ItemRecord]:
    muni = slugify(plan.municipality)
    body_slug = slugify(plan.body.name)
    meeting = f"{BASE}/id/{muni}/meeting/{body_slug}-{plan.date}"
    document = f"{BASE}/graph/{muni}/{body_slug}-{plan.date}"
    kind = "referat" if rng.random() < 0.8 else "dagsorden"
    people = sorted({h.person for h in plan.holdings})
    out = []
    for item in plan.items:
        out.append(_record(world, plan, item, meeting, document, kind, muni, people, rng))
    return out


def _record(world: Municipality, plan: MeetingPlan, item: PlannedItem, meeting: str, document: str,
            kind: str, muni: str, people: list[str], rng: random.Random) -> ItemRecord:
    parts: list[str] = []
    for section, paragraphs in item.sections:
        parts.append(_HEAD.get(section, section.capitalize()))
        parts.extend(paragraphs)
    if item.kind == "case":
        values = dict(body=plan.body.name, topic=item.title[0].lower() + item.title[1:],
                      dept=item.department or "Forvaltningen", dept2=rng.choice(world.departments).name,
                      amount=prose.amount(rng), month=rng.choice(prose.MONTHS), year=str(plan.date.year),
                      other=world.council, person=_someone(world, plan, rng), k="1")
        # background: the generator's own sentences, so an item reads a few hundred words
        for template in rng.sample(prose.SAGSFREMSTILLING, min(len(prose.SAGSFREMSTILLING), rng.randint(4, 8))):
            parts.append(template.format(**values))
        parts.append(prose.fill(prose.OKONOMI, rng, **values))
    if item.points:
        parts.append("Indstilling")
        if item.proposer_line:
            parts.append(item.proposer_line)
        parts.extend(item.points)
    decision = list(item.decision) + [f"Ad {k}: {text}" for k, text in item.answers]
    closed = item.closed
    if closed:
        parts, decision = [], []
    subject = None
    if item.case:
        subject = next((s for s in kle.BY_NOTATION if item.case.startswith(s)), None)
    named = tuple(p for p in people if any(p in t for t in parts + decision)) + tuple(item.participants)
    return ItemRecord(
        item=f"{meeting}/item/{item.number}", document=document, meeting=meeting,
        title=item.raw_title() if not closed else "Lukket punkt", number=str(item.number),
        text="\n".join(parts), decision="\n".join(decision) if kind == "referat" else "",
        attachments=tuple(item.attachments), cases=(item.case,) if item.case else (),
        municipality=muni, body=plan.body.name, date=plan.date, kind=kind,
        kle=(subject,) if subject else (), kle_groups=(subject[:2],) if subject else (),
        proposer=item.proposer, people=tuple(dict.fromkeys(named)), closed=closed,
        has_decision=bool(decision) and kind == "referat")


def _someone(world: Municipality, plan: MeetingPlan, rng: random.Random) -> str:
    person = world.holder("Kommunaldirektør", plan.date)
    return f"Kommunaldirektør {person.short}" if person else "Kommunaldirektøren"


if __name__ == "__main__":  # python benchmarks/search_corpus.py 1000: counts and a sample
    import sys
    import time

    t = time.perf_counter()
    n = words = items = 0
    sample = None
    for r in iter_records(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        items += 1
        words += len((r.title + " " + r.text + " " + r.decision).split())
        sample = sample or (r if r.decision and len(r.text) > 500 else None)
    print(f"{items} items, {words / items:.0f} words/item, {time.perf_counter() - t:.1f} s")
    print(sample)
