"""What ``referatgraf check`` says of each document: the reader that claimed it, items found
against the items the document lists, the headings it could not place, and its warnings — or
why it was refused. A refused document is an error (exit status 1); warnings are not.

>>> from referatgraf.parse import parse_text
>>> m = parse_text("REFERAT Byrådet d. 02-03-2021\\n\\nPunkt 1: Budget\\n\\nBeslutning\\n\\nGodkendt.")
>>> check_of(m)["reader"], check_of(m)["items_found"], check_of(m)["items_listed"]
('referat', 1, None)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from referatgraf.parse.errors import ParseError
from referatgraf.parse.model import Meeting

UNPLACED = {"unplaced-heading"}


def check_of(meeting: Meeting) -> dict[str, Any]:
    """The facts of one parsed document's check."""
    report = meeting.report
    listed, listed_by = report.listed_items, "the system's item list"
    if listed is None and meeting.toc:
        listed, listed_by = len(meeting.toc), "the contents list"
    return {
        "file": meeting.source.file_name, "ok": True, "reader": report.layout,
        "items_found": len(meeting.items), "items_listed": listed,
        "listed_by": listed_by if listed is not None else None, "complete": report.complete,
        "unplaced": [w.message for w in report.warnings if w.code in UNPLACED],
        "warnings": [{"code": w.code, "line": w.line, "message": w.message}
                     for w in report.warnings if w.code not in UNPLACED],
    }


def check_files(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """One check per file; a refused or unreadable file is ``ok: False`` with the error."""
    from referatgraf.parse import parse_file

    out = []
    for path in paths:
        try:
            out.append({**check_of(parse_file(path)), "file": str(path)})
        except ParseError as exc:
            exc.file = str(path)
            out.append({"file": str(path), "ok": False, "error": str(exc)})
        except Exception as exc:  # a reader bug is reported, never a traceback
            out.append({"file": str(path), "ok": False,
                        "error": f"{path}: internal parser error ({type(exc).__name__}: {exc}); please report it"})
    return out


def render_checks(checks: list[dict[str, Any]], as_json: bool = False) -> str:
    if as_json:
        return json.dumps(checks, ensure_ascii=False, indent=2)
    return "\n".join(_human(c) for c in checks)


def _human(c: dict[str, Any]) -> str:
    if not c["ok"]:
        return f"{c['file']}: REFUSED — {c['error']}"
    listed = f", {c['items_listed']} listed by {c['listed_by']}" if c["items_listed"] is not None else ", no item list to compare"
    lines = [f"{c['file']}: read by {c['reader']}: {c['items_found']} items found{listed}"
             + ("" if c["complete"] else " (document cut off)")]
    lines += [f"  could not place: {u}" for u in c["unplaced"]]
    lines += [f"  warning{' line ' + str(w['line']) if w['line'] else ''}: {w['code']}: {w['message']}" for w in c["warnings"]]
    return "\n".join(lines)
