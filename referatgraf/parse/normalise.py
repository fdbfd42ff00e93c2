"""Block stage 1 of the text layouts: raw lines → :class:`Line` records without decoration.

Markdown and HTML decoration (``#`` headings, ``**bold**``, ``*emphasis*``, ``<b>`` cells,
``\\_`` escapes, ``---`` rules) and page-break noise ("Side 3 af 12", form feeds) are removed;
what the markup *said* survives as ``level`` (ATX heading level) and ``marked`` (the line was a
heading: ``#`` or wholly bold). Line numbers are those of the source.

>>> [ (l.text, l.level, l.marked) for l in normalise(["# **Punkt 1: CF - Evt.**", "---", "Opsamling\\\\_net"]) ]
[('Punkt 1: CF - Evt.', 1, True), ('', 0, False), ('Opsamling_net', 0, False)]
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

_ATX = re.compile(r"^(#{1,6})(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_MARKUP = re.compile(r"\*\*|</?(?:b|strong|i|em|u|span|font|p)(?:\s[^>]*)?>|<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_WHOLE_BOLD = re.compile(r"^(?:\*\*[^*]+\*\*|<b>[^<]+</b>|<strong>[^<]+</strong>)[:.]?$", re.IGNORECASE)
_SPECIAL = re.compile(r"[*<\\&\f]")
_SPECIAL_FIRST = frozenset("#-*_=SsPp")
_NOISE = re.compile(r"^(?:side|page)\s+\d+(?:\s*(?:af|of|/)\s*\d+)?$", re.IGNORECASE)


class Line:
    """One source line after normalisation; ``text`` is "" for blank lines, rules and noise."""

    __slots__ = ("no", "text", "level", "marked")

    def __init__(self, no: int, text: str, level: int = 0, marked: bool = False) -> None:
        self.no, self.text, self.level, self.marked = no, text, level, marked

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r}, level={self.level}, marked={self.marked})"


def normalise(raw_lines: Iterable[str], first: int = 1) -> list[Line]:
    """Normalise every line; ``first`` is the number of the first one."""
    out = []
    for no, raw in enumerate(raw_lines, start=first):
        text = raw.strip()
        if text and (text[0] in _SPECIAL_FIRST or _SPECIAL.search(text) is not None):
            out.append(Line(no, *clean_line(text)))
        else:  # blank or plain text: the common case, kept fast
            out.append(Line(no, text))
    return out


def clean_line(raw: str) -> tuple[str, int, bool]:
    """(text, heading level, marked) of one raw line."""
    text = raw.strip()
    if not text:
        return "", 0, False
    if "\f" in text:
        text = text.replace("\f", " ").strip()
    level, marked = 0, False
    first = text[0]
    if first == "#":
        m = _ATX.match(text)
        if m is not None:
            level, text, marked = len(m[1]), m[2], True
    elif first in "-*_=" and _RULE.match(text):
        return "", 0, False
    if "*" in text or "<" in text or "\\" in text or "&" in text:
        marked = marked or _WHOLE_BOLD.match(text) is not None
        text = strip_markup(text)
    elif first in "SsPp" and _NOISE.match(text):
        return "", 0, False
    return text, level, marked


def strip_markup(text: str) -> str:
    """Text without inline markdown/HTML decoration and entities."""
    text = _MARKUP.sub("", text)
    if "*" in text:
        text = _EMPHASIS.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    return text.strip()


def blank_structured(lines: list[Line]) -> bool:
    """True when paragraphs are separated by blank lines (text files; not PDF text layers)."""
    blanks = sum(1 for line in lines if not line.text)
    return blanks * 6 >= len(lines)


def wrap_width(lines: list[Line]) -> int:
    """Typical length of a full line, for telling wrapped lines apart in a PDF's text layer.

    Long paragraphs fill most lines to about the same length, so a high percentile of the
    line lengths estimates where the typesetter wrapped.
    """
    lengths = sorted(len(line.text) for line in lines if line.text)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def is_wrapped(previous: str, following: str, width: int) -> bool:
    """True when ``following`` most likely continues ``previous`` (the typesetter wrapped it).

    The previous line is nearly full and the next word would not have fit on it.
    """
    if not width or len(previous) < 0.7 * width:
        return False
    first_word = following.split(" ", 1)[0]
    return len(previous) + 1 + len(first_word) > 0.9 * width
