"""A parsed meeting's checkable facts, in the shape of the hand-written expected-facts files
(tests/expected/corpus/README.md), and the comparison of the two.

This is what "an item read fully right" means everywhere (tests, ``benchmarks/corpus.py``):
every fact of the item equals the expected one.

>>> from referatgraf.parse import parse_text
>>> m = parse_text("REFERAT Kulturudvalget d. 01-02-2020\\n\\nPunkt 1: Budget\\n\\nBeslutning\\n\\nGodkendt.")
>>> facts = meeting_facts(m)
>>> facts["items"][0]["title"], facts["items"][0]["has_decision"]
('Budget', True)
>>> item_differences(facts["items"][0], {**facts["items"][0], "title": "Regnskab"})
["title: 'Regnskab' expected, got 'Budget'"]
"""

from __future__ import annotations

from typing import Any

from referatgraf.parse.model import AgendaItem, Attendance, Meeting

MEETING_KEYS = ("kind", "body", "date", "start", "location", "participants", "absent")


def meeting_facts(meeting: Meeting) -> dict[str, Any]:
    """The meeting's facts and its items' facts."""
    return {
        "meeting": {
            "kind": meeting.kind, "body": meeting.body, "date": meeting.date.isoformat(),
            "start": meeting.start_time, "location": meeting.location,
            "participants": [a.name for a in meeting.attendance],
            "absent": _absent(meeting.attendance),
        },
        "items": [item_facts(item) for item in meeting.items],
    }


def item_facts(item: AgendaItem) -> dict[str, Any]:
    decision, rec = item.decision, item.recommendation
    return {
        "number": item.number, "order": item.order, "title": item.title, "closed": item.closed,
        "case_numbers": item.case_numbers, "has_decision": decision is not None,
        "decision_body": decision.body if decision else None,
        "decision_date": decision.date.isoformat() if decision and decision.date else None,
        "attachments": [a.title for a in item.attachments],
        "absent": _absent(item.attendance),
        "sections": [s.heading for s in item.sections if s.heading],
        "proposer": rec.proposer if rec else None,
        "points": len(rec.points) if rec else 0,
        "history": [{"date": h.date.isoformat(), "body": h.body} for h in item.history],
        "decisions": [{"body": d.body, "date": d.date.isoformat() if d.date else None} for d in item.decisions],
    }


def _absent(entries: list[Attendance]) -> list[dict[str, Any]]:
    return [{"name": a.name, "reason": a.reason} for a in entries if a.status == "absent"]


# Absentees are a set: a document may name them in its text and in a structured list, in any order.
UNORDERED = {"absent"}


def _same(key: str, got: Any, want: Any) -> bool:
    if key in UNORDERED and isinstance(got, list) and isinstance(want, list):
        return sorted(map(repr, got)) == sorted(map(repr, want))
    return got == want


def meeting_differences(got: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Differences of the meeting-level facts (items aside)."""
    return [f"meeting {key}: {expected[key]!r} expected, got {got.get(key)!r}"
            for key in MEETING_KEYS if key in expected and not _same(key, got.get(key), expected[key])]


def item_differences(got: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Differences of one item's facts; keys the expected file leaves out are not compared."""
    return [f"{key}: {want!r} expected, got {got.get(key)!r}" for key, want in expected.items()
            if not _same(key, got.get(key), want)]


def differences(meeting: Meeting, expected: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """(meeting-level differences, per expected item its differences) — an item missing from
    the parse counts as wrong, extra parsed items are a meeting-level difference."""
    facts = meeting_facts(meeting)
    top = meeting_differences(facts["meeting"], expected["meeting"])
    got_items, want_items = facts["items"], expected["items"]
    if len(got_items) != len(want_items):
        top.append(f"{len(want_items)} items expected, got {len(got_items)}")
    per_item = [item_differences(got_items[k], want) if k < len(got_items) else ["missing"]
                for k, want in enumerate(want_items)]
    return top, per_item
