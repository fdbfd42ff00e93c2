"""Find person names in a line: full names, lone first names, and the titles written around them.

No Danish NER model is available offline, so a name is a run of capitalised words that either
starts with a known first name (data/first_names.txt) or follows a title from
data/name_titles.tsv ("konsulent Lars Lundmann", "Sikkerhedskoordinator Lene Paulli",
"ph.d. Mie Kragh Thorup"). Hyphenated first names ("Anne-Mette"), letters with diacritics
("Björkman"), particles ("van", "de") and initials ("P.H. Christensen") are handled. A lone first
name ("Mie", "v. Søren") is returned with ``single=True``; the resolver decides whether it can
be linked.

>>> [(h.text, h.context) for h in find_people("ved konsulent Lars Lundmann og Mie", load_gazetteer())]
[('Lars Lundmann', 'konsulent'), ('Mie', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer  # noqa: F401 - doctest
from referatgraf.extract.organisations import trie_pattern

_LOWER = "a-zæøåäöüéèáíóúëïçñßôâêû"
_UPPER = "A-ZÆØÅÄÖÜÉÈÁÍÓÚËÏÇÑÔÂÊÛ"
_TOKEN = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
_INITIALS = rf"(?:[{_UPPER}]\.){{2,3}}"
_PARTICLE = r"(?:van der|van den|von|van|de|der|du|da|di|la|le|ten|ter|zu)"
# a run of name words separated by single spaces (never tabs: table cells are separate). It starts
# with a capital letter so the regex engine can skip ahead in C; what stands before is checked.
RUN_REST = (  # what follows the leading capital letter (extract.scanner shares the pass)
    rf"(?:[{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*|\.(?:[{_UPPER}]\.){{1,2}} {_TOKEN})"
    rf"(?: (?:{_PARTICLE} )?{_TOKEN}){{0,5}}(?![\w-])"
)
RUN_START = f"[{_UPPER}]"
_RUN = re.compile(RUN_START + RUN_REST)


def run_guard(first_names: frozenset[str]) -> str:
    """A look-ahead to put between ``RUN_START`` and ``RUN_REST``: it fails only for a run that
    :func:`people_in_runs` drops at once — one capitalised word, no hyphen, that is neither a
    first name nor a first name + one letter ("Punkt", "Bilag"), by far the most common run.
    Dropping those in the regex engine saves a Python round per capitalised word.
    """
    by_first: dict[str, list[str]] = {}
    for name in first_names:
        by_first.setdefault(name[0], []).append(name[1:])
    known = _by_first_letter(sorted(by_first.items()))
    # possessive: neither "-" nor " " is a lower-case letter, so giving letters back never helps
    return (rf"(?=[{_LOWER}]++(?:-| (?:{_PARTICLE} )?[{_UPPER}])|\."
            rf"|(?:{known or '(?!)'})[{_LOWER}]?(?![\w-]))")


def _by_first_letter(groups: list[tuple[str, list[str]]]) -> str:
    """The names as a binary tree of one-letter look-behinds on their first letter (it has been
    read already): a capital letter is sent to its names in ~log2(26) tests, not ~13.

    >>> _by_first_letter([("A", ["nne"]), ("B", ["o"]), ("C", ["arl"])])
    '(?<=A)nne|(?<=[BC])(?:(?<=B)o|(?<=C)arl)'
    """
    if len(groups) <= 1:
        return "".join(f"(?<={re.escape(first)}){trie_pattern(rests)}" for first, rests in groups)
    half, parts = len(groups) // 2, []
    for part in (groups[:half], groups[half:]):
        body = _by_first_letter(part)
        letters = "".join(re.escape(first) for first, _ in part)
        parts.append(body if len(part) == 1 else f"(?<=[{letters}])(?:{body})")
    return "|".join(parts)


_WORD = re.compile(rf"{_INITIALS}|{_TOKEN}|{_PARTICLE}")
_IS_PARTICLE = re.compile(_PARTICLE).fullmatch
_IS_INITIALS = re.compile(_INITIALS).fullmatch

# capitalised words that end a name: "Mie Roskilde Kommune" is not one person
STOP_WORDS = frozenset({
    "Kommune", "Kommunes", "Kommunen", "Kommuner", "Universitet", "Institut", "Punkt", "Bilag",
    "Indstilling", "Beslutning", "Sagsfremstilling", "Anledning", "Chefforum", "Direktørforum",
})


class PersonHit(NamedTuple):  # a NamedTuple: built several times faster than a frozen dataclass
    """A name found in a line. ``tokens`` are the name's words without titles."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    context: str | None = None  # "konsulent", "ph.d.", a table's role cell
    post: str | None = None  # set when the title is a post ("kommunaldirektør" → Kommunaldirektør)
    single: bool = False  # a lone first name


def find_people(text: str, gaz: Gazetteer) -> list[PersonHit]:
    """Every name-like mention in ``text`` (a line or lines joined by newlines), left to right."""
    return people_in_runs(text, _RUN.finditer(text), gaz)


def people_in_runs(text: str, runs: Iterable[re.Match[str]], gaz: Gazetteer) -> list[PersonHit]:
    """The names among ``runs``, the matches of ``RUN_START + RUN_REST`` on ``text``."""
    hits, first_names = [], gaz.first_names
    for run in runs:
        start, value = run.start(), run.group()
        if start and (text[start - 1].isalnum() or text[start - 1] in ".-_"):
            continue
        if " " not in value and value not in first_names and value[:-1] not in first_names \
                and "-" not in value:
            continue  # one capitalised word that is no first name: the common case, made cheap
        hit = _person(text, run, gaz)
        if hit is not None:
            hits.append(hit)
    return hits


def _person(text: str, run: re.Match[str], gaz: Gazetteer) -> PersonHit | None:
    offset = run.start()
    context, post = _cue_before(text, offset, gaz)
    if context is None and not any(gaz.is_first_name(w) or _genitive_first_name(w, gaz)
                                   or w.lower() in gaz.name_titles or "." in w
                                   for w in run.group().split(" ")):
        return None  # "Albertslund Kommune", "Den Åbne Skole": no name in it
    words = list(_WORD.finditer(run.group()))
    # leading titles inside the run: "Sikkerhedskoordinator Lene Paulli", "Direktør Lars Lundmann"
    while len(words) > 1 and words[0].group().lower() in gaz.name_titles:
        title = gaz.name_titles[words[0].group().lower()]
        context, post = words[0].group().lower(), title.post if title.kind == "post" else None
        words.pop(0)
    # leading words that are not names ("Om Erik Harr"): start at the first known first name
    if context is None and not _starts_name(words[0].group(), gaz):
        first = next((i for i, w in enumerate(words) if gaz.is_first_name(w.group())), None)
        if first is None:
            return None
        words = words[first:]
    cut = next((i for i, w in enumerate(words) if w.group() in STOP_WORDS), len(words))
    words = words[:cut]
    while words and _IS_PARTICLE(words[-1].group()):
        words.pop()
    if not words:
        return None
    start, end = offset + words[0].start(), offset + words[-1].end()
    tokens = tuple(w.group() for w in words if not _IS_PARTICLE(w.group()))
    single = len(words) == 1
    if single and not gaz.is_first_name(tokens[0]) and not _genitive_first_name(tokens[0], gaz):
        return None
    if context is None:
        context = _table_role(text, start)
    return PersonHit(start, end, text[start:end], tokens, context, post if not single else None,
                     single)


def _starts_name(word: str, gaz: Gazetteer) -> bool:
    return (gaz.is_first_name(word) or _genitive_first_name(word, gaz)
            or _IS_INITIALS(word) is not None)


def _genitive_first_name(word: str, gaz: Gazetteer) -> bool:
    return word.endswith("s") and gaz.is_first_name(word[:-1])


def _cue_before(text: str, start: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """A title written just before a name ("konsulent ", "kommunaldirektør ", "Ph.d. ")."""
    # The word ([\w.]+) that ends where the spaces before ``start`` begin, within 40 characters
    # and the same line: what the regex ``([\w.]+)[ ]+$`` finds, but walked back from ``start``
    # instead of searched for from the left (which cost more than all the rest of this module).
    low = max(0, start - 40, text.rfind("\n", 0, start) + 1)
    end = start
    while end > low and text[end - 1] == " ":
        end -= 1
    begin = end
    while begin > low and (text[begin - 1].isalnum() or text[begin - 1] in "_."):
        begin -= 1
    if end == start or begin == end:
        return None, None
    word = text[begin:end].lower()
    title = gaz.name_titles.get(word)
    if title is None:
        return None, None
    return word, title.post if title.kind == "post" else None


def _table_role(text: str, start: int) -> str | None:
    """In a table row, the cell before the name ("Programleder\\tBirgitte Lund")."""
    line_start = text.rfind("\n", 0, start) + 1
    if text.find("\t", line_start, start) < 0:
        return None
    cells_before = text[line_start:start].split("\t")
    if len(cells_before) < 2:
        return None
    role = re.sub(r"<[^>]+>|\*\*", "", cells_before[-2]).strip()
    return role if role and not re.fullmatch(r"[\d.,\s%-]*", role) else None
