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
from collections.abc import Iterable, Mapping, Sequence

from referatgraf.parse.model import AgendaItem, Attendance

_ABSENT_LABELS = ("fraværende", "fravær", "afbud fra", "afbud", "forfald", "ikke til stede",
                  "ikke mødt", "meldt afbud", "fraværende med afbud", "fraværende uden afbud", "meldt fravær",
                  "inhabil", "inhabile")  # inhabil: took no part in the item
_PRESENT_LABELS = ("deltagere", "deltager", "til stede", "tilstede", "mødt", "fremmødte",
                   "medlemmer", "mødedeltagere", "stedfortræder", "stedfortrædere", "suppleant")
# Prose: "Bo Jensen (V) deltog ikke i behandlingen af punktet." / "… var fraværende under punkt 3-4."
_SENTENCE = re.compile(
    r"^(?P<names>[A-ZÆØÅ][^.:]{2,120}?)\s+(?:deltog\s+ikke|var\s+fraværende|var\s+ikke\s+til\s+stede|"
    r"havde\s+meldt\s+afbud|har\s+meldt\s+afbud|erklærede\s+sig\s+inhabil)\b(?P<rest>[^.]*)",
)
_ITEMS_IN = re.compile(r"\b(?:punkt(?:erne)?|pkt\.?)\s*(?P<items>\d[\d\s,\-–og]*)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[a-zæøå)])\.\s+(?=[A-ZÆØÅ])")
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


# "Fraværende: A, B og C" / "Afbud (punkt 3): A": a line that lists absentees under a label
ABSENCE = re.compile(r"^(?P<label>Fraværende|Afbud|Forfald|Lovligt forfald|Ikke til stede|Ikke tilstede)"
                     r"\s*(?:\([^)]*\))?\s*:\s*(?P<names>.+)$",
                     re.IGNORECASE)
PARTY = re.compile(r"\s*\([A-ZÆØÅ][\w-]{0,8}\)\s*$")  # "Ronnie Mark Nielsen (V)": the party letter is no part of the name


def parse_attendance(lines: Sequence[tuple[int, str]], item: int | None = None) -> list[Attendance]:
    """Attendance entries in ``lines`` ((line number, text) pairs of a header or one item)."""
    found: list[Attendance] = []
    block_status: str | None = None  # inside a heading-led block of one name per line
    skip = 0
    for index, (number, raw) in enumerate(lines):
        text = clean(raw)
        if skip or not text:
            skip = max(skip - 1, 0)
            continue
        if (h := _HEADING_ONLY.match(text)) is not None:
            block_status = _status_of(h["label"])
            continue
        if (labelled := _labelled(lines, index)) is not None:
            label, rest, skip = labelled
            block_status = None
            found += entries_from_list(rest, _status_of(label), number, item)
            continue
        listed = entries_from_list(text, block_status, number, item) if block_status else []
        if listed:
            found += listed
            continue
        block_status = None
        if _MARK.search(text) and _looks_like_name(name_part(text)):
            found += entries_from_list(text, "present", number, item)
        elif (s := _SENTENCE.match(text)) is not None:
            found += _from_sentence(s, number, item)
    return locate(merge(found), dict(lines))


def _wrapped(rest: str, lines: Sequence[tuple[int, str]], index: int) -> tuple[str, int]:
    """A list wrapped onto the next lines (PDF text): (the whole list, how many lines it took).

    >>> _wrapped("Ib Holm (A), Ulla", [(1, "Deltagere: Ib Holm (A), Ulla"), (2, "Skov (V), Eva Dam")], 0)
    ('Ib Holm (A), Ulla Skov (V), Eva Dam', 1)
    """
    taken = 0
    while index + taken + 1 < len(lines):
        number, raw = lines[index + taken + 1]
        if number != lines[index + taken][0] + 1:
            break
        joined = _continued(rest, clean(raw))
        if joined is None:
            break
        rest, taken = joined, taken + 1
    return rest, taken


def _continued(rest: str, nxt: str) -> str | None:
    """``rest`` + ``nxt`` when ``nxt`` carries the list on: after a comma or "og", a half name
    ("…, Tove" / "Nygaard (Ø)") or a marker starting the line ("(Fraværende), …")."""
    if not nxt or ":" in nxt or len(nxt) > 200:
        return None
    chunks = split_names(nxt)
    if not chunks:
        return None
    tail = rest.rstrip()
    if tail.endswith((",", ";")) or re.search(r"\s(?:og|samt)$", tail):
        ok = _names_so_far(chunks)
    elif nxt.startswith("("):
        ok = _names_so_far(chunks[1:])
    else:
        last = name_part(split_names(tail)[-1]) if split_names(tail) else ""
        ok = len(last.split()) == 1 and _looks_like_name(f"{last} {name_part(chunks[0])}") \
            and _names_so_far(chunks[1:])
    return f"{tail} {nxt}" if ok else None


def _names_so_far(chunks: list[str]) -> bool:
    """Every chunk is a name; the last may be a first name whose rest is on the next line."""
    *whole, last = chunks or [""]
    tail = name_part(last)
    return all(_looks_like_name(name_part(c)) for c in whole) and (
        not chunks or _looks_like_name(tail) or (len(tail.split()) == 1 and tail[:1].isupper()))


def _from_sentence(m: re.Match[str], line: int, item: int | None) -> list[Attendance]:
    """Absences told in prose; "under punkt 3-4" names the items (in a header) explicitly.

    >>> [(a.name, a.item) for a in parse_attendance([(5, "Bo Jensen (V) deltog ikke i behandlingen af punkt 3.")])]
    [('Bo Jensen', 3)]
    """
    items = _ITEMS_IN.search(m["rest"])
    numbers = item_numbers(items["items"]) if items else [item]
    names = [name_part(c) for c in split_names(m["names"])]
    return [Attendance(name=n, status="absent", item=k, line=line) for n in names if _looks_like_name(n)
            for k in numbers]


def locate(entries: Iterable[Attendance], lines: Mapping[int, str]) -> list[Attendance]:
    """Entries with ``start`` set to where the name is written in its line (when it is).

    >>> locate([Attendance(name="Bo Jensen", status="absent", line=3)], {3: "Fraværende: Bo Jensen"})[0].start
    12
    """
    out = []
    for entry in entries:
        at = lines.get(entry.line, "").find(entry.name)
        out.append(entry.model_copy(update={"start": at}) if at >= 0 else entry)
    return out


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
        if entry.item is not None and str(entry.item) in by_number:
            target = by_number[str(entry.item)]
            entry.item = target.order
            target.attendance = merge([*target.attendance, entry])
        else:
            rest.append(entry)
    return rest


def clean(text: str) -> str:
    """Line text without markdown/HTML decoration and surrounding space."""
    return " ".join(_MARKUP.sub("", text).split()).strip()


def _status_of(label: str) -> str:
    return "absent" if label.lower() in _ABSENT_LABELS else "present"


def _labelled(lines: Sequence[tuple[int, str]], index: int) -> tuple[str, str, int] | None:
    """(label, the list after it, extra lines it was wrapped onto) when ``lines[index]`` is a
    labelled attendance list, else None. Only the first sentence counts ("Afbud fra Bo Jensen
    (V). I stedet deltog …"); without a colon every part must be a name."""
    text = _SENTENCE_END.split(clean(lines[index][1]), maxsplit=1)[0]
    for pattern, every in ((_LABEL_LINE, False), (_BARE_LABEL_LINE, True)):
        if (m := pattern.match(text)) is not None:
            rest, taken = _wrapped(m["rest"], lines, index)
            if _names_or_none(rest, every):
                return m["label"], rest, taken
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


def absences(text: str, line: int, item: int | None) -> list[Attendance]:
    """ "Fraværende: A, B og C" / "Afbud: A" → absent entries with the label as reason.

    >>> [(a.name, a.reason) for a in absences("Fraværende: Ib Holm og Eva Lund", 3, 2)]
    [('Ib Holm', 'Fraværende'), ('Eva Lund', 'Fraværende')]
    """
    m = ABSENCE.match(text.strip())
    if m is None:
        return []
    label = m["label"][0].upper() + m["label"][1:].lower()
    names = [n for n in (PARTY.sub("", n).strip(" .") for n in split_names(m["names"])) if n]
    return [Attendance(name=n, status="absent", item=item, line=line, reason=label) for n in names]
