"""Where an exported value is written in the source text, so every fact keeps its line number.

Exports have no line structure of their own: a value is found by searching the source lines
forward from a cursor for its first line, as written plainly, JSON-escaped or XML-escaped.

>>> from referatgraf.parse.reader import read_bytes
>>> loc = LineLocator(read_bytes('{"a": "Byrådet",\\n "b": "Tove & Bo"}'.encode(), "x.json"))
>>> loc.find("Byrådet"), loc.find("Tove & Bo")
(1, 2)
"""

from __future__ import annotations

import json
from itertools import chain

from referatgraf.parse.source import SourceText


class LineLocator:
    """Finds the source line of a value, searching forward from a cursor (1-based lines)."""

    def __init__(self, source: SourceText) -> None:
        self.lines = source.lines
        self.cursor = 1
        self.ascii_only = all(line.isascii() for line in source.lines)  # JSON written with \\uXXXX

    def find(self, value: object, advance: bool = True, window: int | None = None, start: int | None = None) -> int:
        """Line of ``value`` at or after the cursor (within ``window`` lines, when given); with
        ``start`` before the cursor, the lines from ``start`` up to the cursor are tried last. The
        cursor itself when the value is not found."""
        needles = _needles(value, self.ascii_only)
        stop = len(self.lines) if window is None else min(len(self.lines), self.cursor + window)
        behind = range(start, self.cursor) if start is not None and start < self.cursor else range(0)
        for number in chain(range(self.cursor, stop + 1), behind):
            line = self.lines[number - 1]
            if any(n in line for n in needles):
                if advance:
                    self.cursor = number
                return number
        return self.cursor


def _needles(value: object, ascii_only: bool = False) -> list[str]:
    """The first line of ``value`` (≤ 40 characters) as it may be written: plain, JSON-escaped
    (\\uXXXX when the source is pure ASCII) and XML-escaped."""
    text = str(value)
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:40]
    if not first:
        return ["\0"]
    if ascii_only and not first.isascii():
        return [json.dumps(first, ensure_ascii=True)[1:-1]]
    needles = [first]
    if '"' in first or "\\" in first:
        needles.append(json.dumps(first, ensure_ascii=False)[1:-1])
    if "&" in first or "<" in first or ">" in first:
        needles.append(first.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return needles

