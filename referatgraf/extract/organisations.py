"""Find posts, departments, bodies and external organisations in a line of text.

One compiled regular expression per gazetteer does the whole job in a single pass over a line:
posts built from a title and a department ("Chefen for Økonomi & Stab" → post
"Chef for Økonomi & Stab"), posts that stand alone ("Kommunaldirektøren" → "Kommunaldirektør"),
and every department, body and organisation alias. Longer alternatives win over shorter ones
at the same place, and a genitive s ("Direktørforums", "KMDs", "ØS's") is left out of the span.

>>> m = OrgMatcher(load_gazetteer())
>>> [(h.kind, h.name) for h in m.find("Chefen for Økonomi og Stab indstiller")]
[('post', 'Chef for Økonomi & Stab')]
>>> m.resolve_proposer("Kommunaldirektøren")
('post', 'Kommunaldirektør', None)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer, normalise_space

# Text is matched lower-cased with punctuation turned into spaces (same length, so offsets carry
# over): then every name starts after a space, and a pattern led by a literal space lets the
# regex engine jump from space to space in C. Aliases are normalised the same way.
_PUNCTUATION = "\n\t([{\"'“”„«»‘’/:;,.!?*_–—-"
_GENITIVE = r"s?"
_END = r"(?![\w&])"
# a department not in the gazetteer after "Chefen for": capitalised words joined by , og &
_FREE_UNIT = r"\w+(?:(?:  | og | & )\w+)*"
_FREE_PART = re.compile(r", | og | & ")


class OrgHit(NamedTuple):
    """One match: ``name`` is canonical; ``unit`` the department of a post ("Chef for X" → X)."""

    kind: str  # post | department | body | organisation
    name: str
    start: int
    end: int
    text: str
    unit: str | None = None


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def trie_pattern(forms: list[str], char: Callable[[str], str] = re.escape) -> str:
    """One alternation shaped as a trie, so the regex engine tests each first letter once
    (``char`` turns one character into its pattern).

    >>> trie_pattern(["chef", "chefen", "cf"])
    'c(?:f|hef(?:en)?)'
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie, char)


def _emit(node: dict, char: Callable[[str], str]) -> str:
    ends = "" in node
    branches = [char(ch) + _emit(child, char) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


class OrgMatcher:
    """Compiled patterns for one gazetteer.

    One case-insensitive trie of every alias (fast: no leading look-behind, so the engine can
    skip ahead); word boundaries and the aliases that must match letter case ("Dagtilbud",
    acronyms) are checked on each hit.
    """

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._forms: dict[str, tuple[str, str]] = {}
        self._exact: dict[str, set[str]] = {}  # casefolded form → the spellings that must match
        for entry in gaz.entries:
            for form in entry.forms:
                folded = normalise_for_matching(normalise_space(form))
                self._forms.setdefault(folded, (entry.kind, entry.name))
                if entry.exact_case or _is_acronym(form):
                    self._exact.setdefault(folded, set()).add(normalise_space(form))
                if entry.kind == "post":  # definite forms: Kommunaldirektøren
                    for suffix in ("en", "et"):
                        self._forms.setdefault(folded + suffix, (entry.kind, entry.name))
        units = [f for f, (kind, _) in self._forms.items() if kind == "department"]
        titles = list(gaz.post_titles) or ["(?!)"]
        # Matched on lower-cased text behind a separator character: the leading character set
        # lets the regex engine skip ahead in C (a look-behind or IGNORECASE would not).
        self.pattern_text = (
            rf"(?P<title>{trie_pattern(titles)}) +(?P<prep>for|af) +"
            rf"(?:(?P<unit>{trie_pattern(units)}){_GENITIVE}{_END}|(?P<free>{_FREE_UNIT}))"
            rf"|(?P<form>{trie_pattern(list(self._forms))}){_GENITIVE}{_END}"
        )
        self._pattern = re.compile(rf" (?:{self.pattern_text})")

    def find(self, text: str, lowered: str | None = None) -> list[OrgHit]:
        """Every post, department, body and organisation in ``text``, left to right
        (``lowered`` = ``lower_same_length(text)`` when the caller has it already)."""
        return [OrgHit._make(row) for row in self.rows(text, lowered)]

    def rows(self, text: str,
             lowered: str | None = None) -> list[tuple[str, str, int, int, str, str | None]]:
        """:meth:`find` as plain tuples (kind, name, start, end, text, unit), without a named
        tuple built per hit: the pipeline reads a whole document this way."""
        rows, forms, exact = [], self._forms, self._exact
        append = rows.append
        for m in self.matches(text, lowered):
            if m.lastgroup == "form":  # the common case, inlined: a name from the gazetteer
                form = m.group("form")
                start, end = m.span("form")
                written = text[start - 1:end - 1]
                if form not in exact or written in exact[form]:
                    kind, name = forms[form]
                    append((kind, name, start - 1, end - 1, written, None))
            elif (hit := self.hit(m, text)) is not None:
                append(tuple(hit))
        return rows

    def matches(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """The matches of ``pattern_text`` on the normalised ``text`` (see :meth:`hit`)."""
        return self._pattern.finditer(" " + normalise_for_matching(text, lowered))

    def hit(self, m: re.Match[str], text: str) -> OrgHit | None:
        """The hit of a match of ``pattern_text`` on lower-cased text (offsets shifted by the one
        separator character put in front of ``text``); None when letter case rules it out."""
        if m.group("title") is not None:
            return self._post(m, text)
        start, end = m.start("form") - 1, m.end("form") - 1
        form = m.group("form")
        if form in self._exact and text[start:end] not in self._exact[form]:
            return None
        kind, name = self._forms[form]
        return OrgHit(kind, name, start, end, text[start:end])

    def _post(self, m: re.Match[str], text: str) -> OrgHit | None:
        title = self.gaz.post_titles.get(m.group("title"))
        start = m.start("title") - 1
        if m.group("unit") is not None:
            end = m.end("unit") - 1
            unit_text = text[m.start("unit") - 1:end]
            folded = m.group("unit")
            if folded in self._exact and unit_text not in self._exact[folded]:
                return None
            unit = self._forms[folded][1]
        else:
            free_start = m.start("free") - 1
            unit_text = _capitalised_prefix(text[free_start:m.end("free") - 1])
            if not unit_text:
                return None
            end = free_start + len(unit_text)
            unit = normalise_space(unit_text)
        if title is None:
            return None
        return OrgHit("post", f"{title.title} {title.preposition} {unit}", start, end,
                      text[start:end], unit)

    def canonical(self, kind: str, form: str) -> str | None:
        found = self._forms.get(normalise_for_matching(normalise_space(form)))
        return found[1] if found and found[0] == kind else None

    def resolve_proposer(self, proposer: str) -> tuple[str, str, str | None] | None:
        """(kind, canonical name, department of a post) of a Recommendation.proposer, or None.

        >>> OrgMatcher(load_gazetteer()).resolve_proposer("Afdelingschefen for Social & Familie")
        ('post', 'Chef for Social & Familie', 'Social & Familie')
        """
        hits = [h for h in self.find(proposer) if h.kind in ("post", "department")]
        if not hits:
            return None
        best = max(hits, key=lambda h: h.end - h.start)
        return best.kind, best.name, best.unit


def normalise_for_matching(text: str, lowered: str | None = None) -> str:
    """Lower case, punctuation as spaces, same length: "KOMBITs (KL)" → "kombits  kl ".

    ``lowered`` = ``lower_same_length(text)`` when the caller has it already.
    """
    if lowered is None and (fast := _latin1_normalised(text)) is not None:
        return fast
    text = lower_same_length(text) if lowered is None else lowered
    for mark in _PUNCTUATION:  # str.replace per mark is ~8x faster than one re.sub here
        if mark in text:
            text = text.replace(mark, " ")
    return text


_WIDE_PUNCTUATION = [mark for mark in _PUNCTUATION if ord(mark) > 0xFF]
# every Latin-1 character lower-cases to one Latin-1 character, so for text that is Latin-1 once
# the wide punctuation is gone, one bytes.translate does lower() and the punctuation together
_LATIN1_TABLE = bytes(ord(" ") if chr(i) in _PUNCTUATION else ord(chr(i).lower()) for i in range(256))


def _latin1_normalised(text: str) -> str | None:
    """:func:`normalise_for_matching` in C loops (~5x faster on a meeting's text), or None when
    ``text`` holds a character beyond Latin-1 other than the wide punctuation marks."""
    for mark in _WIDE_PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    return data.translate(_LATIN1_TABLE).decode("latin-1")


def lower_same_length(text: str) -> str:
    """Lower case with the same length (so offsets carry over): "İ" keeps its form."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _capitalised_prefix(free: str) -> str:
    """The leading capitalised words of a free department name ("Økonomi fremlægge" → "Økonomi")."""
    end, pos = 0, 0
    for sep in [*_FREE_PART.finditer(free), None]:
        part_end = sep.start() if sep else len(free)
        if not free[pos:part_end][:1].isupper():
            break
        end = part_end
        if sep is None:
            break
        pos = sep.end()
    return free[:end]


_MATCHERS: dict[int, tuple[Gazetteer, OrgMatcher]] = {}


def matcher_for(gaz: Gazetteer | None = None) -> OrgMatcher:
    """The compiled matcher of a gazetteer (built once per gazetteer)."""
    gaz = gaz or load_gazetteer()
    cached = _MATCHERS.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        cached = _MATCHERS[id(gaz)] = (gaz, OrgMatcher(gaz))
    return cached[1]
