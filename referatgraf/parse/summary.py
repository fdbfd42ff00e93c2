"""What ``referatgraf parse`` shows: a human summary or JSON, and the problems to report.

>>> from referatgraf.parse import parse_text
>>> print(human(parse_text("REFERAT Byrådet d. 02-03-2021\\n\\nPunkt 1: Budget\\n\\nBeslutning\\n\\nGodkendt.")))
<text>: referat Byrådet 2021-03-02 — 1 item (layout referat)
   1. Budget
      decision
  no warnings
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import AgendaItem, Meeting


def parse_files(paths: Iterable[str | Path], municipality: str | None = None) -> tuple[list[Meeting], list[str]]:
    """Parse every file; bad files and incomplete documents become "file:line: message" problems."""
    from referatgraf.parse import parse_file

    meetings, problems = [], []
    for path in paths:
        try:
            meeting = parse_file(path, municipality)
        except ParseError as exc:
            exc.file = str(path)  # name the file as the user gave it
            problems.append(str(exc))
            continue
        except Exception as exc:  # a parser bug must still not end in a traceback for the user
            problems.append(f"{path}: internal parser error ({type(exc).__name__}: {exc}); please report it")
            continue
        meetings.append(meeting)
        problems += [str(ParseError(w.message, file=str(path), line=w.line))
                     for w in meeting.report.warnings if w.code == "incomplete"]
    return meetings, problems


def render(meetings: list[Meeting], as_json: bool = False) -> str:
    """JSON (one object, or a list when several) or the human summary of each meeting."""
    if as_json:
        data = [m.model_dump(mode="json") for m in meetings]
        return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
    return "\n\n".join(human(m) for m in meetings)


def human(meeting: Meeting) -> str:
    """A few lines per item: number, title, case, recommendation, decision, attachments."""
    when = " ".join(filter(None, [meeting.date.isoformat(), meeting.start_time]))
    where = f", {meeting.location}" if meeting.location else ""
    n = len(meeting.items)
    lines = [f"{meeting.source.file_name}: {meeting.kind} {meeting.body} {when}{where} — "
             f"{n} item{'s' if n != 1 else ''} (layout {meeting.report.layout})"]
    if meeting.attendance:
        absent = [a.name for a in meeting.attendance if a.status == "absent"]
        lines.append(f"  attendance: {len(meeting.attendance)} listed, absent: {', '.join(absent) or 'none'}")
    for item in meeting.items:
        lines += _item_lines(item)
    if not meeting.report.complete:
        lines.append("  INCOMPLETE: the document ends in the middle of an item")
    if meeting.report.warnings:
        lines.append(f"  {len(meeting.report.warnings)} warning(s):")
        lines += [f"    line {w.line or '?'}: [{w.code}] {w.message}" for w in meeting.report.warnings]
    else:
        lines.append("  no warnings")
    return "\n".join(lines)


def _item_lines(item: AgendaItem) -> list[str]:
    flags = [item.case_number or "", "LUKKET" if item.closed else ""]
    head = f"  {item.number:>2}. {item.title}" + "".join(f"  [{f}]" for f in flags if f)
    facts = []
    if item.planned_start or item.planned_minutes:
        facts.append(f"planned {item.planned_start or ''}{'-' + item.planned_end if item.planned_end else ''}"
                     f"{f'{item.planned_minutes} min' if item.planned_minutes else ''}")
    if item.presenters:
        facts.append("by " + ", ".join(item.presenters))
    if item.participants:
        facts.append("with " + ", ".join(item.participants))
    if item.recommendation:
        facts.append(f"recommendation: {item.recommendation.proposer or '(no proposer)'}, "
                     f"{len(item.recommendation.points)} point(s)")
    if item.decisions:
        answers = sum(len(d.answers) for d in item.decisions)
        facts.append(f"decision{'s' if len(item.decisions) > 1 else ''}"
                     + (f" ({answers} answer(s) per point)" if answers else ""))
    if item.attachments:
        facts.append(f"{len(item.attachments)} attachment(s)")
    return [head] + ([f"      {'; '.join(facts)}"] if facts else [])
