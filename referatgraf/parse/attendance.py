"""Attendance (*fremmøde*): who was present at or absent from a meeting or one agenda item.

Every layout calls :func:`parse_attendance` on the lines of its header (``item=None``) and on
the lines of each item (``item=N``). Forms read, all as seen in Danish minutes::

    Fraværende: Anna Hansen (A) og Bo Jensen          labelled list, absent
    Afbud: Anna Hansen / Afbud fra Anna Hansen         absent
    Deltagere: Anna Hansen, Bo Jensen (Fraværende)     labelled list, present unless marked
    Fraværende                                         heading, one name per line below it
    Anna Hansen
    Bo Jensen (Fraværende)                             a name marked absent, anywhere
    Carl Berg (Fraværende under punkt 3-4)             present, but absent from items 3 and 4

Party letters "(A)" and roles after a comma ("formand") are not names; "Ingen" yields nothing.
When a name is both listed as present and as absent in the same scope, absent wins.

>>> rows = parse_attendance([(4, "Fraværende: Anna Hansen (A) og Bo Jensen")])
>>> [(a.name, a.status, a.item, a.line) for a in rows]
[('Anna Hansen', 'absent', None, 4), ('Bo Jensen', 'absent', None, 4)]
>>> [(a.name, a.status) for a in parse_attendance([(1, "Deltagere: Eva Holm, Ole Dam (Fraværende)")])]
[('Eva Holm', 'present'), ('Ole Dam', 'absent')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from referatgraf.parse.model import AgendaItem, Attendance

_ABSENT_LABELS = ("fraværende", "fravær", "afbud fra", "afbud", "forfald", "ikke til stede",
                  "ikke mødt", "meldt afbud")
_PRESENT_LABELS = ("deltagere", "deltager", "til stede", "tilstede", "mødt", "fremmødte",
                   "medlemmer", "mødedeltagere")
_LABELS = sorted(_ABSENT_LABELS + _PRESENT_LABELS, key=len, reverse=True)

_LABEL_RE = "|".join(re.escape(label) for label in _LABELS)
_LABEL_LINE = re.compile(r"^(?P<label>" + _LABEL_RE + r")\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
# Without a colon ("Fraværende Anna Hansen", "**Fraværende** Anna Hansen") the rest must be names
# only, so prose like "Deltagere i workshoppen var Anna Hansen" is never read as a list.
_BARE_LABEL_LINE = re.compile(r"^(?P<label>" + _LABEL_RE + r")\s+(?P<rest>\S.*)$", re.IGNORECASE)
_HEADING_ONLY = re.compile(r"^(?P<label>" + "|".join(re.escape(label) for label in _LABELS) + r")\s*:?$",
                           re.IGNORECASE)
_MARK = re.compile(r"\((?P<mark>fraværende|fravær|afbud|forfald|ikke til stede)"
                   r"(?:\s+(?:under|ved|fra)\s+(?:behandlingen\s+af\s+)?(?:punkt(?:erne)?|pkt\.?)\s*"
                   r"(?P<items>[\d\s,\-–og]+))?\)", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|[*_#`]+|\\(?=[_*])")
_NAME_WORD = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’\-.]*|af|de|la|le|van|von|der|den|du|el|bin)$")
_NONE = re.compile(r"^(?:ingen|intet|-|—|alle\b.*)$", re.IGNORECASE)


def parse_attendance(lines: Sequence[tuple[int, str]], item: int | None = None) -> list[Attendance]:
    """Attendance entries in ``lines`` ((line number, text) pairs of a header or one item)."""
    found: list[Attendance] = []
    block_status: str | None = None  # inside a heading-led block of one name per line
    for number, raw in lines:
        text = clean(raw)
        if not text:
            continue
        if (h := _HEADING_ONLY.match(text)) is not None:
            block_status = _status_of(h["label"])
            continue
        if (m := _labelled(text)) is not None:
            block_status = None
            found += entries_from_list(m["rest"], _status_of(m["label"]), number, item)
            continue
        listed = entries_from_list(text, block_status, number, item) if block_status else []
        if listed:
            found += listed
            continue
        block_status = None
        if _MARK.search(text) and _looks_like_name(name_part(text)):
            found += entries_from_list(text, "present", number, item)
    return merge(found)


def entries_from_list(text: str, status: str, line: int, item: int | None = None) -> list[Attendance]:
    """Entries for a list of names ("A, B og C"), each maybe marked "(Fraværende)".

    >>> [(a.name, a.status, a.item) for a in entries_from_list("Ida Lund (Fraværende under punkt 2-3)", "present", 7)]
    [('Ida Lund', 'present', None), ('Ida Lund', 'absent', 2), ('Ida Lund', 'absent', 3)]
    """
    out: list[Attendance] = []
    for chunk in split_names(text):
        name = name_part(chunk)
        if not _looks_like_name(name):
            continue
        mark = _MARK.search(chunk)
        if mark is None:
            out.append(Attendance(name=name, status=status, item=item, line=line))
        elif mark["items"]:  # there for the meeting, away for some items
            out.append(Attendance(name=name, status=status, item=item, line=line))
            out += [Attendance(name=name, status="absent", item=n, line=line) for n in item_numbers(mark["items"])]
        else:
            out.append(Attendance(name=name, status="absent", item=item, line=line))
    return out


def attendance_from_names(names: Iterable[str], status: str, line: int, item: int | None = None) -> list[Attendance]:
    """Entries for names given one by one (structured exports); markers still apply."""
    return merge([a for name in names for a in entries_from_list(str(name), status, line, item)])


def split_names(text: str) -> list[str]:
    """Split a list of names on commas, semicolons and " og ", never inside parentheses.

    >>> split_names("Anna Hansen (A, formand), Bo Jensen og Carl Berg")
    ['Anna Hansen (A, formand)', 'Bo Jensen', 'Carl Berg']
    """
    parts, depth, current = [], 0, []
    tokens = re.split(r"(\(|\)|,|;|\s+og\s+|\s+samt\s+)", text)
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and token and (token in ",;" or re.fullmatch(r"\s+(?:og|samt)\s+", token)):
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(token)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def name_part(chunk: str) -> str:
    """The name in "Anna Hansen (A) (Fraværende)": parenthesised notes and dashes removed."""
    name = _PARENS.sub(" ", chunk)
    name = re.split(r"\s[-–—]\s|:", name)[0]
    return " ".join(name.split()).strip(" .")


def item_numbers(text: str) -> list[int]:
    """Item numbers in "3-5", "2, 4 og 6".

    >>> item_numbers("3-5 og 8")
    [3, 4, 5, 8]
    """
    numbers: list[int] = []
    for a, b in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", text):
        lo, hi = int(a), int(b or a)
        numbers += range(lo, min(hi, lo + 200) + 1)
    return numbers


def merge(entries: Iterable[Attendance]) -> list[Attendance]:
    """One entry per (name, item) in first-seen order; absent beats present."""
    out: dict[tuple[str, int | None], Attendance] = {}
    for entry in entries:
        key = (entry.name.casefold(), entry.item)
        if key not in out or (entry.status == "absent" and out[key].status == "present"):
            out[key] = entry if key not in out else out[key].model_copy(update={"status": "absent", "line": entry.line})
    return list(out.values())


def distribute(entries: Iterable[Attendance], items: Sequence[AgendaItem]) -> list[Attendance]:
    """Move item-specific entries into their item's ``attendance``; return the meeting-wide rest.
    An entry naming an item that does not exist stays with the meeting."""
    by_number = {item.number: item for item in items}
    rest: list[Attendance] = []
    for entry in entries:
        if entry.item is not None and entry.item in by_number:
            target = by_number[entry.item]
            target.attendance = merge([*target.attendance, entry])
        else:
            rest.append(entry)
    return rest


def clean(text: str) -> str:
    """Line text without markdown/HTML decoration and surrounding space."""
    return " ".join(_MARKUP.sub("", text).split()).strip()


def _status_of(label: str) -> str:
    return "absent" if label.lower() in _ABSENT_LABELS else "present"


def _labelled(text: str) -> re.Match[str] | None:
    """The label/rest match of an attendance line, or None when the line is something else."""
    if (m := _LABEL_LINE.match(text)) is not None and _names_or_none(m["rest"], every=False):
        return m
    if (m := _BARE_LABEL_LINE.match(text)) is not None and _names_or_none(m["rest"], every=True):
        return m
    return None


def _names_or_none(rest: str, every: bool) -> bool:
    """What follows a label is a list of names (any/every chunk a name), or says "none"."""
    rest = rest.strip()
    if _NONE.match(rest):
        return True
    chunks = [name_part(c) for c in split_names(rest)]
    return (all if every else any)(_looks_like_name(c) for c in chunks) and bool(chunks)


def _looks_like_name(text: str) -> bool:
    """Two to six words, each capitalised (or a particle like "von"): "Anna Marie Hansen"."""
    words = text.split()
    if not 2 <= len(words) <= 6 or not words[0][0].isupper() or not words[-1][0].isupper():
        return False
    return all(_NAME_WORD.match(w) for w in words) and not any(w.lower() in _STOP for w in words)


_STOP = {w for label in _LABELS for w in label.split()} | {"punkt", "bilag", "beslutning", "indstilling",
                                                           "sagsnr", "mødested", "mødedato", "kommune",
                                                           "udvalg", "udvalget", "byrådet"}
