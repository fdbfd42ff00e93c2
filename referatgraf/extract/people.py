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
from dataclasses import dataclass

from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer

_LOWER = "a-zæøåäöüéèáíóúëïçñßôâêû"
_UPPER = "A-ZÆØÅÄÖÜÉÈÁÍÓÚËÏÇÑÔÂÊÛ"
_TOKEN = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*"
_INITIALS = rf"(?:[{_UPPER}]\.){{2,3}}"
_PARTICLE = r"(?:van der|van den|von|van|de|der|du|da|di|la|le|ten|ter|zu)"
# a run of name words separated by single spaces (never tabs: table cells are separate)
_RUN = re.compile(
    rf"(?<![\w.-])(?:{_INITIALS} )?{_TOKEN}(?: (?:{_PARTICLE} )?{_TOKEN}){{0,5}}(?![\w-])"
)
_WORD = re.compile(rf"{_INITIALS}|{_TOKEN}|{_PARTICLE}")
_CUE_BEFORE = re.compile(r"([\w.]+)[ ]+$")

# capitalised words that end a name: "Mie Roskilde Kommune" is not one person
STOP_WORDS = frozenset({
    "Kommune", "Kommunes", "Kommunen", "Kommuner", "Universitet", "Institut", "Punkt", "Bilag",
    "Indstilling", "Beslutning", "Sagsfremstilling", "Anledning", "Chefforum", "Direktørforum",
})


@dataclass(frozen=True)
class PersonHit:
    """A name found in a line. ``tokens`` are the name's words without titles."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    context: str | None = None  # "konsulent", "ph.d.", a table's role cell
    post: str | None = None  # set when the title is a post ("kommunaldirektør" → Kommunaldirektør)
    single: bool = False  # a lone first name


def find_people(text: str, gaz: Gazetteer) -> list[PersonHit]:
    """Every name-like mention in one line of text, left to right."""
    hits = []
    for run in _RUN.finditer(text):
        hit = _person(text, run, gaz)
        if hit is not None:
            hits.append(hit)
    return hits


def _person(text: str, run: re.Match[str], gaz: Gazetteer) -> PersonHit | None:
    words = list(_WORD.finditer(run.group()))
    offset = run.start()
    context, post = _cue_before(text, offset, gaz)
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
    while words and re.fullmatch(_PARTICLE, words[-1].group()):
        words.pop()
    if not words:
        return None
    start, end = offset + words[0].start(), offset + words[-1].end()
    tokens = tuple(w.group() for w in words if not re.fullmatch(_PARTICLE, w.group()))
    single = len(words) == 1
    if single and not gaz.is_first_name(tokens[0]) and not _genitive_first_name(tokens[0], gaz):
        return None
    if context is None and "\t" in text:
        context = _table_role(text, start)
    return PersonHit(start, end, text[start:end], tokens, context, post if not single else None,
                     single)


def _starts_name(word: str, gaz: Gazetteer) -> bool:
    return (gaz.is_first_name(word) or _genitive_first_name(word, gaz)
            or bool(re.fullmatch(_INITIALS, word)))


def _genitive_first_name(word: str, gaz: Gazetteer) -> bool:
    return word.endswith("s") and gaz.is_first_name(word[:-1])


def _cue_before(text: str, start: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """A title written just before a name ("konsulent ", "kommunaldirektør ", "Ph.d. ")."""
    m = _CUE_BEFORE.search(text, max(0, start - 40), start)
    if m is None or m.end() != start:
        return None, None
    word = m.group(1).lower()
    title = gaz.name_titles.get(word)
    if title is None:
        return None, None
    return word, title.post if title.kind == "post" else None


def _table_role(text: str, start: int) -> str | None:
    """In a table row, the cell before the name ("Programleder\\tBirgitte Lund")."""
    cells_before = text[:start].split("\t")
    if len(cells_before) < 2:
        return None
    role = re.sub(r"<[^>]+>|\*\*", "", cells_before[-2]).strip()
    return role if role and not re.fullmatch(r"[\d.,\s%-]*", role) else None
