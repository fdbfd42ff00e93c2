"""Compare a parsed Meeting with a fixture's ``.expected.json`` and list every difference.

Shared by the layout tests. An expected decision ``body``/``date`` of null also accepts the
meeting's own body/date (a plain *Beslutning* heading is the decision of this meeting, and a
layout may fill that in); bodies compare case-insensitively ("BESLUTNING I BYRÅDET …").
"""

from __future__ import annotations

import json
from pathlib import Path

from referatgraf.parse.model import AgendaItem, Attendance, Decision, Meeting

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "layouts"
DOCUMENT_SUFFIXES = (".txt", ".md", ".json", ".xml")


def fixture_documents() -> list[Path]:
    """Every fixture document that has an ``.expected.json`` next to it."""
    return sorted(p for p in FIXTURE_DIR.iterdir()
                  if p.suffix in DOCUMENT_SUFFIXES and not p.name.endswith(".expected.json")
                  and expected_path(p).exists())


def expected_path(document: Path) -> Path:
    return document.with_name(document.name.rsplit(".", 1)[0] + ".expected.json")


def load_expected(document: Path) -> dict:
    return json.loads(expected_path(document).read_text(encoding="utf-8"))


def differences(meeting: Meeting, expected: dict) -> list[str]:
    """Human-readable differences; empty when the meeting is as expected."""
    out: list[str] = []
    if "layout" in expected and meeting.report.layout != expected["layout"]:
        out.append(f"layout: {meeting.report.layout!r} != {expected['layout']!r}")
    for key in ("kind", "body", "start_time", "location"):
        if key in expected and getattr(meeting, key) != expected[key]:
            out.append(f"{key}: {getattr(meeting, key)!r} != {expected[key]!r}")
    if "date" in expected and meeting.date.isoformat() != expected["date"]:
        out.append(f"date: {meeting.date} != {expected['date']}")
    if "attendance" in expected:
        out += _attendance("meeting", meeting.attendance, expected["attendance"])
    got = [i.number for i in meeting.items]
    want = [str(i["number"]) for i in expected["items"]]
    if got != want:
        out.append(f"item numbers: {got} != {want}")
    by_number = {i.number: i for i in meeting.items}
    for exp in expected["items"]:
        item = by_number.get(str(exp["number"]))
        if item is not None:
            out += [f"item {item.number}: {d}" for d in _item(item, exp, meeting)]
    return out


def _item(item: AgendaItem, exp: dict, meeting: Meeting) -> list[str]:
    out: list[str] = []
    for key in ("title", "closed"):
        if key in exp and getattr(item, key) != exp[key]:
            out.append(f"{key}: {getattr(item, key)!r} != {exp[key]!r}")
    if "case" in exp:
        out += _case(item, exp["case"])
    if "decisions" in exp:
        if len(item.decisions) != len(exp["decisions"]):
            out.append(f"decisions: {[(d.body, d.date) for d in item.decisions]} != {exp['decisions']}")
        else:
            for k, (dec, want) in enumerate(zip(item.decisions, exp["decisions"]), start=1):
                out += [f"decision {k}: {d}" for d in _decision(dec, want, meeting)]
    if "attachments" in exp and [a.title for a in item.attachments] != exp["attachments"]:
        out.append(f"attachments: {[a.title for a in item.attachments]} != {exp['attachments']}")
    if "attendance" in exp:
        out += _attendance("attendance", item.attendance, exp["attendance"])
    if "recommendation_points" in exp:
        got = len(item.recommendation.points) if item.recommendation else 0
        if got != exp["recommendation_points"]:
            out.append(f"recommendation points: {got} != {exp['recommendation_points']}")
    return out


def _case(item: AgendaItem, want: dict | None) -> list[str]:
    if want is None:
        return [] if item.case is None else [f"case: {item.case.raw!r} found, none expected"]
    if item.case is None:
        return [f"case: none found, {want['raw']!r} expected"]
    got = item.case.model_dump()
    return [f"case {k}: {got[k]!r} != {v!r}" for k, v in want.items() if got[k] != v]


def _decision(dec: Decision, want: dict, meeting: Meeting) -> list[str]:
    out: list[str] = []
    body, date = want.get("body"), want.get("date")
    got_body = (dec.body or "").casefold()
    if body is None and dec.body is not None and got_body != meeting.body.casefold():
        out.append(f"body: {dec.body!r} != None")
    if body is not None and got_body != body.casefold():
        out.append(f"body: {dec.body!r} != {body!r}")
    got_date = dec.date.isoformat() if dec.date else None
    if date is None and got_date not in (None, meeting.date.isoformat()):
        out.append(f"date: {got_date} != None")
    if date is not None and got_date != date:
        out.append(f"date: {got_date} != {date}")
    if "text" in want and " ".join(dec.text.split()) != " ".join(want["text"].split()):
        out.append(f"text: {dec.text!r} != {want['text']!r}")
    if "answers" in want and [a.point for a in dec.answers] != want["answers"]:
        out.append(f"answers: {[a.point for a in dec.answers]} != {want['answers']}")
    return out


def _attendance(where: str, got: list[Attendance], want: list[dict]) -> list[str]:
    got_set = sorted((a.name, a.status, a.item) for a in got)
    want_set = sorted((w["name"], w["status"], w.get("item")) for w in want)
    return [] if got_set == want_set else [f"{where}: {got_set} != {want_set}"]
