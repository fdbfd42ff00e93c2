"""Structural facts of a parsed meeting, for golden files and variant comparisons.

Only structure goes in (numbers, titles, case numbers, flags, proposers, counts, line ranges,
attachment titles, section kinds) — never long body text, so no seed text is copied into the repo.
"""

from __future__ import annotations

from referatgraf.parse.model import AgendaItem, Meeting


def structural(meeting: Meeting) -> dict:
    """Everything a golden file pins down for one meeting."""
    return {
        "kind": meeting.kind,
        "body": meeting.body,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time,
        "location": meeting.location,
        "complete": meeting.report.complete,
        "warnings": [w.code for w in meeting.report.warnings],
        "toc": [{"title": e.title, "page": e.page, "closed": e.closed, "line": e.line} for e in meeting.toc],
        "items": [_item(item) for item in meeting.items],
    }


def _item(item: AgendaItem) -> dict:
    rec = item.recommendation
    case = item.case
    return {
        "number": item.number,
        "order": item.order,
        "title": item.title,
        "raw_title": item.raw_title,
        "case_number": item.case_number,
        "case": None if case is None else {
            "scheme": case.scheme, "year": case.year, "serial": case.serial,
            "kle_subject": case.kle_subject, "facet": case.facet},
        "closed": item.closed,
        "planned_start": item.planned_start,
        "planned_end": item.planned_end,
        "planned_minutes": item.planned_minutes,
        "presenters": item.presenters,
        "participants": item.participants,
        "lines": list(item.lines),
        "proposer": rec.proposer if rec else None,
        "has_recommendation": rec is not None,
        "points": len(rec.points) if rec else 0,
        "decisions": [{"body": d.body, "date": d.date.isoformat() if d.date else None,
                       "answers": [a.point for a in d.answers], "lines": list(d.lines)} for d in item.decisions],
        "attachments": [a.title for a in item.attachments],
        "sections": [[s.kind, s.heading, list(s.lines)] for s in item.sections],
    }


def key_facts(meeting: Meeting) -> dict:
    """What must survive re-encoding and PDF rendering (line numbers and layout-only headings aside)."""
    return {
        "meeting": (meeting.kind, meeting.body, meeting.date, meeting.start_time, meeting.location),
        "toc": [(e.title, e.page, e.closed) for e in meeting.toc],
        "items": [
            (i.number, i.title, i.raw_title, i.case_number, i.closed, i.planned_start, i.planned_end,
             i.planned_minutes, i.presenters, i.participants,
             i.recommendation.proposer if i.recommendation else None,
             len(i.recommendation.points) if i.recommendation else 0,
             [[a.point for a in d.answers] for d in i.decisions],
             [(d.body, d.date) for d in i.decisions],
             [a.title for a in i.attachments],
             [s.kind for s in i.sections if s.kind not in ("other", "intro")])
            for i in meeting.items
        ],
    }
