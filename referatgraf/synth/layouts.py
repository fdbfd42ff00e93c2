"""Write a :class:`~referatgraf.synth.plan.MeetingPlan` as text in one of the three seed layouts.

* ``"2014"``     — markdown; attachments (*Bilag*) right after each item heading, the heading
  repeated, *Baggrund*, ``INDSTILLING`` and ``BESLUTNING I <BODY> DEN dd-mm-yyyy`` under rules;
* ``"plain"``    — plain text (2016–2020 style); durations or time slots in titles when the plan
  has them; closed items read "Lukket";
* ``"markdown"`` — markdown with ``**bold**`` headings at mixed levels (2017 style).

The same plan gives the same text: any randomness (heading levels, bullet style) comes from a
``random.Random`` the caller passes in.

>>> LAYOUTS
('2014', 'plain', 'markdown')
"""

from __future__ import annotations

import random

from referatgraf.synth import prose
from referatgraf.synth.plan import MeetingPlan, PlannedItem

LAYOUTS = ("2014", "plain", "markdown")
SECTION_HEADINGS = {"anledning": "Anledning", "sagsfremstilling": "Sagsfremstilling", "okonomi": "Økonomi"}


def layout_for_year(year: int) -> str:
    """The layout a municipality published in, by year (as the seeds did)."""
    if year <= 2014:
        return "2014"
    if 2017 <= year <= 2018:
        return "markdown"
    return "plain"


def render(plan: MeetingPlan, layout: str, rng: random.Random) -> str:
    """The document text (ending in a newline)."""
    writer = {"2014": _render_2014, "plain": _render_plain, "markdown": _render_markdown}[layout]
    blocks = writer(plan, rng)
    return "\n\n" + "\n\n".join(blocks) + "\n"


def decision_heading_2014(plan: MeetingPlan) -> str:
    return f"BESLUTNING I {plan.body.name.upper()} DEN {plan.date:%d-%m-%Y}"


def decision_heading_plain(plan: MeetingPlan) -> str:
    return f"Beslutning i {plan.body.name} den {plan.date:%d-%m-%Y}" if plan.body.political else "Beslutning"


# -- shared pieces ----------------------------------------------------------------------------------

def _header(plan: MeetingPlan, md: bool) -> list[str]:
    weekday = prose.WEEKDAYS[plan.date.weekday()]
    month = prose.MONTHS[plan.date.month - 1]
    when = f"{weekday} d. {plan.date.day:02d}. {month} {plan.date.year} kl. {plan.start_time}"
    title = f"REFERAT {plan.body.name} d. {plan.date:%d-%m-%Y}"
    if md:
        return [f"# {title}", f"**Mødedato** {when}", f"**Mødested** {plan.location}"]
    return [title, f"Mødedato {when}", f"Mødested {plan.location}"]


def _toc(plan: MeetingPlan) -> str:
    page, lines = 3, []
    for item in plan.items:
        lines.append(f"{item.raw_title().rstrip('.')}.....\t{page}")
        page += 1 + (len(item.sections) + len(item.points)) // 4
    return "\n".join(lines)


def _points(item: PlannedItem, bullets: bool) -> list[str]:
    if bullets:
        return ["\n".join(f"- {p[0].upper()}{p[1:]}" for p in item.points)]
    return ["\n".join(f"{k}. {p}" for k, p in enumerate(item.points, start=1))]


def _decision_body(plan: MeetingPlan, item: PlannedItem, bullets: bool) -> list[str]:
    if not item.answers:
        return list(item.decision)
    lead = f"{plan.body.name} behandlede indstillingen med følgende bemærkninger:"
    if bullets:
        return [lead, "\n".join(f"- Ad {k}: {text}" for k, text in item.answers)]
    return [lead] + [f"Ad {k}: {text}" for k, text in item.answers]


def _table(rng: random.Random) -> str:
    """A small tab-separated finance table with <b> totals, as converted PDFs show them."""
    rows = [("Personale", rng.randint(2, 9) * 100), ("Konsulentbistand", rng.randint(1, 5) * 100),
            ("Drift og licenser", rng.randint(1, 4) * 50)]
    lines = ["Post\tBeløb (1.000 kr.)"] + [f"{name}\t{value}" for name, value in rows]
    lines.append(f"<b>I alt</b>\t<b>{sum(v for _, v in rows)}</b>")
    return "\n".join(lines)


# -- 2014: markdown, attachments first -------------------------------------------------------------

def _render_2014(plan: MeetingPlan, rng: random.Random) -> list[str]:
    blocks = _header(plan, md=True) + ["## Indholdsfortegnelse", _toc(plan)]
    for item in plan.items:
        level = "#" if item.number == 1 else "##"
        blocks.append(f"{level} **Punkt {item.number}: {item.raw_title()}**")
        if item.case:
            blocks.append(item.case)
        if item.closed:
            continue
        if item.attachments:
            blocks += [f"{'##' if item.number == 1 else '###'} **Bilag**"] + item.attachments
        title = f"{item.prefix} - {item.title}" if item.prefix else item.title
        blocks.append(f"{rng.choice(('#', '##'))} {title}")
        background = [p for kind, paras in item.sections if kind in ("anledning", "sagsfremstilling")
                      for p in paras] if item.kind == "case" else []
        if background:
            blocks += ["## Baggrund"] + background
        for kind, paras in item.sections:
            if kind == "okonomi":
                blocks += ["## Økonomi og finansiering"] + paras
                if rng.random() < 0.4:
                    blocks.append(_table(rng))
        if item.points:
            bold = rng.random() < 0.3
            blocks += ["## **INDSTILLING**" if bold else "## INDSTILLING", "---",
                       _semicolon(item.proposer_line)]
            blocks += _points(item, bullets=rng.random() < 0.4)
        if item.decision or item.answers:
            heading = decision_heading_2014(plan)
            blocks += [f"## **{heading}**" if rng.random() < 0.3 else f"## {heading}", "---"]
            blocks += _decision_body(plan, item, bullets=False)
    return [b for b in blocks if b != ""]


def _semicolon(line: str | None) -> str:
    """2014 minutes end the proposer line with ';' ("Kommunaldirektøren indstiller;")."""
    return line[:-1] + ";" if line and line.endswith(",") else (line or "")


# -- plain text (2016-2020) ---------------------------------------------------------------------------

def _render_plain(plan: MeetingPlan, rng: random.Random) -> list[str]:
    blocks = _header(plan, md=False) + ["Indholdsfortegnelse", _toc(plan)]
    recommendation_first = plan.date.year < 2019
    for item in plan.items:
        blocks.append(f"Punkt {item.number}: {item.raw_title()}")
        if item.case:
            blocks.append(item.case)
        if item.closed:
            continue
        sections = dict(item.sections)
        headless = recommendation_first and not item.recommendation_heading and bool(item.proposer)
        if "anledning" in sections:
            blocks += ([] if headless else ["Anledning"]) + sections["anledning"]
        if recommendation_first:
            blocks += _plain_recommendation(item, headless)
        if "sagsfremstilling" in sections:
            blocks += ["Sagsfremstilling"] + sections["sagsfremstilling"]
        if "okonomi" in sections:
            blocks += ["Økonomi"] + sections["okonomi"]
        if not recommendation_first:
            blocks += _plain_recommendation(item, False)
        if item.decision or item.answers:
            blocks += [decision_heading_plain(plan)] + _decision_body(plan, item, bullets=True)
        if item.attachments:
            blocks += ["Bilag"] + item.attachments
    return blocks


def _plain_recommendation(item: PlannedItem, headless: bool) -> list[str]:
    """The recommendation; ``headless``: no "Indstilling" heading (nor "Anledning" before it),
    the proposer line follows the occasion directly, as some 2016 minutes have it."""
    if not item.points:
        return []
    heading = [] if headless else ["Indstilling"]
    return heading + [item.proposer_line or "Det indstilles,"] + _points(item, bullets=False)


# -- markdown with bold headings (2017) ---------------------------------------------------------------

def _render_markdown(plan: MeetingPlan, rng: random.Random) -> list[str]:
    blocks = _header(plan, md=True) + ["## **Indholdsfortegnelse**", _toc(plan)]
    for item in plan.items:
        bold = rng.random() < 0.6
        level = rng.choice(("##", "##", "#"))
        heading = f"Punkt {item.number}: {item.raw_title()}"
        blocks.append(f"{level} **{heading}**" if bold else f"{level} {heading}")
        if item.case:
            blocks.append(item.case)
        if item.closed:
            continue
        sub = "#" * (len(level) + 1)

        def h(text: str) -> str:
            return f"{sub} **{text}**" if bold else f"{sub} {text}"

        for kind, paras in item.sections:
            blocks += [h(SECTION_HEADINGS[kind])] + paras
            if kind == "okonomi" and rng.random() < 0.4:
                blocks.append(_table(rng))
        if item.points:
            blocks += [h("Indstilling"), item.proposer_line or "Det indstilles,"] + _points(item, bullets=False)
        if item.decision or item.answers:
            blocks += [h("Beslutning")] + _decision_body(plan, item, bullets=rng.random() < 0.5)
        if item.attachments:
            blocks += [f"{level} **Bilag**" if bold else f"{level} Bilag"] + item.attachments
    return blocks
