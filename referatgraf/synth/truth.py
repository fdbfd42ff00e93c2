"""The ground truth of a generated document: what a correct parse must find.

A small JSON object per document (written next to it under ``truth/``), so tests can compare
the parser's output with what the generator meant, item by item::

    {"file": "chefforum_2017-06-01.md", "layout": "markdown", "body": "Chefforum",
     "date": "2017-06-01", "items": [{"number": 1, "title": "Godkendelse af dagsorden og referat",
     "case": "00.01.00-A00-3-17", "closed": false, "proposer": "Kommunaldirektøren", ...}]}

Titles are clean (no "CF - " prefix, presenter, duration or time slot), as ``AgendaItem.title``.

>>> TRUTH_VERSION
1
"""

from __future__ import annotations

from typing import Any

from referatgraf.synth.plan import MeetingPlan, PlannedItem

TRUTH_VERSION = 1


def meeting_truth(plan: MeetingPlan, file_name: str, layout: str, media: str) -> dict[str, Any]:
    """The truth of one document."""
    return {
        "version": TRUTH_VERSION,
        "file": file_name,
        "layout": layout,
        "media": media,
        "municipality": plan.municipality,
        "body": plan.body.name,
        "date": plan.date.isoformat(),
        "start_time": plan.start_time,
        "location": plan.location,
        "items": [item_truth(item, layout) for item in plan.items],
        "holdings": [{"person": h.person, "post": h.post, "date": plan.date.isoformat()} for h in plan.holdings],
    }


def item_truth(item: PlannedItem, layout: str) -> dict[str, Any]:
    start, end = item.slot if item.slot else (None, None)
    decided = bool(item.decision or item.answers)
    return {
        "number": item.number,
        "title": item.title,
        "raw_title": item.raw_title(),
        "case": item.case,
        "closed": item.closed,
        "proposer": item.proposer if item.points else None,
        "department": item.department,
        "points": len(item.points),
        "answers": [k for k, _ in item.answers],
        "decision": decided,
        "attachments": [] if item.closed else list(item.attachments),
        "presenters": list(item.presenters),
        "participants": list(item.participants),
        "planned_start": start,
        "planned_end": end,
        "planned_minutes": item.minutes,
        "references": [d.isoformat() for d in item.references],
    }
