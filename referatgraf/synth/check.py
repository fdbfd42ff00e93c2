"""Compare a parsed :class:`~referatgraf.parse.model.Meeting` with a generated document's truth.

Used by the tests (every layout must parse back to what the generator meant) and by the
benchmarks (a fast parser that is wrong is no use). Returns readable differences, empty when
the parse is right.

>>> from referatgraf.parse import parse_text
>>> meeting = parse_text("REFERAT Chefforum d. 01-02-2020\\n\\nPunkt 1: CF - Evt.\\n\\nBeslutning\\n\\nIntet.\\n")
>>> truth = {"body": "Chefforum", "date": "2020-02-01", "start_time": None, "location": None, "items": []}
>>> differences(meeting, truth)
['0 items expected, got 1']
"""

from __future__ import annotations

from typing import Any

from referatgraf.parse.model import AgendaItem, Meeting

MEETING_FIELDS = ("body", "date", "start_time", "location")


def differences(meeting: Meeting, truth: dict[str, Any]) -> list[str]:
    """What the parse got wrong, one line per difference."""
    out = []
    for name in MEETING_FIELDS:
        got = getattr(meeting, name)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        if got != truth[name]:
            out.append(f"{name}: {truth[name]!r} expected, got {got!r}")
    if len(meeting.items) != len(truth["items"]):
        out.append(f"{len(truth['items'])} items expected, got {len(meeting.items)}")
    for item, expected in zip(meeting.items, truth["items"]):
        out += [f"item {expected['number']}: {d}" for d in item_differences(item, expected)]
    return out


def item_differences(item: AgendaItem, truth: dict[str, Any]) -> list[str]:
    decision = item.decision
    got = {
        "number": item.number,
        "title": item.title,
        "case": item.case.raw if item.case else None,
        "closed": item.closed,
        "proposer": item.recommendation.proposer if item.recommendation else None,
        "points": len(item.recommendation.points) if item.recommendation else 0,
        "answers": [a.point for a in decision.answers] if decision else [],
        "decision": decision is not None,
        "attachments": [a.title for a in item.attachments],
        "presenters": list(item.presenters),
        "participants": list(item.participants),
        "planned_start": item.planned_start,
        "planned_end": item.planned_end,
        "planned_minutes": item.planned_minutes,
    }
    want = {**truth, "number": str(truth["number"])}  # truth files hold the generator's integers
    return [f"{key}: {truth[key]!r} expected, got {value!r}" for key, value in got.items() if want[key] != value]
