"""Items of Word-made minutes: outline-numbered headings and their labelled parts.

An item heading is a line "1 First Agenda", "1.1 Status siden sidst" or "2. Eventuelt": an
outline number (up to three levels, a closing dot allowed) and a title. Numbers are taken as
written. Body text can start with a number too ("2016 og derefter …", "2 timer om ugen"), so a
heading must also

- follow the previous heading in outline order: its first child (1 → 1.1), its next sibling
  (1.1 → 1.2) or the next sibling of one of its parents (1.4 → 2); the first heading is 1 or 1.1;
- have a title that reads like one: a capital in its first word ("Budget", "eDagsorden"; body
  text goes on in lower case: "2 timer om ugen"), at most 15 words, no trailing comma and no
  sentence ending in a full stop;
- be confirmed by what follows: a label line ("Oplæg:", "Referat:" …) within the next two
  lines, another heading right below it (a group heading over its sub-items), or the end.

Inside an item, a label line starts a part; its text is the rest of the line and the lines
below it, up to the next label. "Oplæg:" is the presentation, "Referat:" what was noted and
decided: the item's decision when it has text. Text before the first label is the item's
introduction.

>>> lines = list(enumerate(["1 Budget", "1.1 Status", "Oplæg:", "2 timer om ugen.", "Referat: Godkendt.",
...                         "2 Eventuelt", "Oplæg:", "Referat:"], start=10))
>>> [(h.number, h.title, h.line) for h in find_headings(lines)]
[('1', 'Budget', 10), ('1.1', 'Status', 11), ('2', 'Eventuelt', 15)]
>>> parts = read_parts(lines[2:5])
>>> [(p.kind, p.heading, p.text) for p in parts]
[('oplaeg', 'Oplæg', '2 timer om ugen.'), ('beslutning', 'Referat', 'Godkendt.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from referatgraf.parse.model import Section
from referatgraf.parse.sections import join_paragraphs

Line = tuple[int, str]

OUTLINE = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<title>[^\W\d_].*?)\s*$")
# The labels of an item's parts, and the kind of section each starts.
PART_KINDS = {"oplæg": "oplaeg", "referat": "beslutning", "beslutning": "beslutning",
              "indstilling": "indstilling", "bilag": "bilag"}
MARKER_LABELS = ("oplæg", "referat")  # the template's own pair, sniffed on
LABEL = re.compile(r"^(?P<label>" + "|".join(PART_KINDS) + r")\s*:\s*(?P<rest>.*?)\s*$", re.IGNORECASE)
_MAX_TITLE_WORDS = 15
_LOOKAHEAD = 2
_SENTENCE_WORDS = 4  # "Evt." is a title, "Vi har lavet en liste." a sentence


@dataclass(frozen=True)
class Heading:
    """An item heading: its number as written, outline key, title and line."""

    number: str
    key: tuple[int, ...]
    title: str
    line: int
    index: int  # position in the list of lines it was found in
    extra: int = 0  # lines below the heading line that its title took (a wrapped title)


def find_headings(lines: list[Line]) -> list[Heading]:
    """The item headings among non-blank ``lines`` ((line number, stripped text) pairs)."""
    candidates = {k: h for k, (n, text) in enumerate(lines) if (h := _candidate(text, n, k)) is not None}
    out: list[Heading] = []
    for k in sorted(candidates):
        heading = candidates[k]
        if follows(out[-1].key if out else None, heading.key) and _confirmed(heading, lines, candidates):
            out.append(_wrapped_title(heading, lines, candidates))
    return out


def _wrapped_title(heading: Heading, lines: list[Line], candidates: dict[int, Heading]) -> Heading:
    """A title wrapped onto the next line: that line goes on in lower case and a label follows it.

    >>> lines = list(enumerate(["1 Status på ønsker og plan for", "resten af året", "Oplæg:"], start=1))
    >>> find_headings(lines)[0].title
    'Status på ønsker og plan for resten af året'
    """
    k = heading.index + 1
    if k + 1 < len(lines) and k not in candidates and lines[k][1][:1].islower() and LABEL.match(lines[k + 1][1]) \
            and not LABEL.match(lines[k][1]) and len(lines[k][1].split()) <= _MAX_TITLE_WORDS // 2:
        return Heading(heading.number, heading.key, f"{heading.title} {lines[k][1]}", heading.line, heading.index,
                       extra=1)
    return heading


def _candidate(text: str, line: int, index: int) -> Heading | None:
    m = OUTLINE.match(text)
    if m is None or LABEL.match(m["title"]):
        return None
    title, words = m["title"], m["title"].split()
    if not any(c.isupper() for c in words[0]) or len(words) > _MAX_TITLE_WORDS or title.endswith((",", ";")):
        return None
    if title.endswith(".") and len(words) >= _SENTENCE_WORDS:
        return None
    return Heading(m["number"], tuple(int(p) for p in m["number"].split(".")), title, line, index)


def follows(previous: tuple[int, ...] | None, key: tuple[int, ...]) -> bool:
    """Whether outline number ``key`` may come right after ``previous``.

    >>> follows((1, 4), (2,)), follows((1,), (1, 1)), follows((1, 4), (1, 5)), follows((2, 3), (2016,))
    (True, True, True, False)
    """
    if previous is None:
        return key in ((1,), (1, 1))
    if len(key) == len(previous) + 1 and key[:-1] == previous and key[-1] == 1:
        return True
    return any(len(key) == depth and key[:-1] == previous[:depth - 1] and key[-1] == previous[depth - 1] + 1
               for depth in range(1, len(previous) + 1))


def _confirmed(heading: Heading, lines: list[Line], candidates: dict[int, Heading]) -> bool:
    following = lines[heading.index + 1: heading.index + 1 + _LOOKAHEAD]
    if not following:
        return True
    nxt = candidates.get(heading.index + 1)
    if nxt is not None and follows(heading.key, nxt.key):
        return True
    for k, (_, text) in enumerate(following, start=heading.index + 1):
        if LABEL.match(text):
            return True
        if k in candidates:
            return False
    return False


def has_marker_label(lines: list[Line]) -> bool:
    """Whether ``lines`` hold an "Oplæg:" or "Referat:" label line."""
    return any((m := LABEL.match(text)) is not None and m["label"].casefold() in MARKER_LABELS for _, text in lines)


def read_parts(lines: list[Line]) -> list[Section]:
    """The parts of one item (its lines below the heading) as sections."""
    parts: list[tuple[str, str, int, list[Line]]] = []  # kind, heading, first line, text lines
    for n, text in lines:
        m = LABEL.match(text)
        if m is not None:
            label = m["label"][0].upper() + m["label"][1:].lower()
            parts.append((PART_KINDS[m["label"].casefold()], label, n, [(n, m["rest"])] if m["rest"] else []))
        elif parts:
            parts[-1][3].append((n, text))
        else:
            parts.append(("intro", "", n, [(n, text)]))
    return [Section(kind=kind, heading=heading, text=join_paragraphs(body),
                    lines=(first, max([first, *(n for n, _ in body)])))
            for kind, heading, first, body in parts]
