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
from dataclasses import dataclass

from referatgraf.extract.gazetteer import Gazetteer, load_gazetteer, normalise_space

_GENITIVE = r"(?:'s|’s|s|(?<=[A-ZÆØÅ])S)?"  # "KOMBITS" is the genitive of an acronym
_END = r"(?![\w&])"
_START = r"(?<![\w&])"
# a department not in the gazetteer after "Chefen for": capitalised words joined by , og &
_FREE_UNIT = r"[A-ZÆØÅ][\w]*(?:(?:, | og | & )[A-ZÆØÅ][\w]*)*"


@dataclass(frozen=True)
class OrgHit:
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


def _alternative(form: str, exact: bool) -> str:
    body = re.escape(form).replace(r"\ ", r"\s+")
    return body if exact or _is_acronym(form) else f"(?i:{body})"


class OrgMatcher:
    """Compiled patterns for one gazetteer."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._forms: dict[str, tuple[str, str]] = {}
        alternatives: list[tuple[str, str]] = []
        for entry in gaz.entries:
            for form in entry.forms:
                self._forms.setdefault(normalise_space(form).casefold(), (entry.kind, entry.name))
                alt = _alternative(form, entry.exact_case)
                if entry.kind == "post":  # definite and genitive endings: Kommunaldirektøren(s)
                    alt = f"(?i:{re.escape(form)})(?i:en|et)?"
                alternatives.append((form, alt))
        alternatives.sort(key=lambda fa: -len(fa[0]))
        units = [alt for form, alt in alternatives
                 if self._forms[normalise_space(form).casefold()][0] == "department"]
        titles = sorted(gaz.post_titles, key=len, reverse=True)
        title_alt = "|".join(re.escape(t) for t in titles) or "(?!)"
        self._pattern = re.compile(
            rf"{_START}(?:(?P<title>(?i:{title_alt}))\s+(?P<prep>(?i:for|af))\s+"
            rf"(?:(?P<unit>{'|'.join(units) or '(?!)'})|(?P<free>{_FREE_UNIT})){_GENITIVE}{_END}"
            rf"|(?P<form>{'|'.join(alt for _, alt in alternatives)}){_GENITIVE}{_END})"
        )

    def find(self, text: str) -> list[OrgHit]:
        """Every post, department, body and organisation in ``text``, left to right."""
        hits = []
        for m in self._pattern.finditer(text):
            hit = self._hit(m)
            if hit is not None:
                hits.append(hit)
        return hits

    def _hit(self, m: re.Match[str]) -> OrgHit | None:
        if m.group("title"):
            title = self.gaz.post_titles[m.group("title").lower()]
            unit_text = m.group("unit") or m.group("free")
            unit = self.canonical("department", unit_text) or normalise_space(unit_text)
            end = m.end("unit") if m.group("unit") else m.end("free")
            return OrgHit("post", f"{title.title} {title.preposition} {unit}", m.start(), end,
                          m.string[m.start():end], unit)
        form = m.group("form")
        found = self._lookup(form)
        if found is None:
            return None
        kind, name = found
        return OrgHit(kind, name, m.start("form"), m.end("form"), form)

    def _lookup(self, form: str) -> tuple[str, str] | None:
        key = normalise_space(form).casefold()
        if key in self._forms:
            return self._forms[key]
        for suffix in ("en", "et"):  # definite post forms
            base = self._forms.get(key[: -len(suffix)]) if key.endswith(suffix) else None
            if base is not None and base[0] == "post":
                return base
        return None

    def canonical(self, kind: str, form: str) -> str | None:
        found = self._forms.get(normalise_space(form).casefold())
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


_MATCHERS: dict[int, tuple[Gazetteer, OrgMatcher]] = {}


def matcher_for(gaz: Gazetteer | None = None) -> OrgMatcher:
    """The compiled matcher of a gazetteer (built once per gazetteer)."""
    gaz = gaz or load_gazetteer()
    cached = _MATCHERS.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        cached = _MATCHERS[id(gaz)] = (gaz, OrgMatcher(gaz))
    return cached[1]
