"""The search box's syntax → a parsed query that no engine type appears in.

Words must all match (AND); ``"an exact phrase"`` matches its words in order, unstemmed;
``-word`` and ``-"a phrase"`` exclude; case numbers and dates are exact terms. A hyphenated
word is the phrase of its parts ("budget-opfølgning"). Reading is lenient: an unclosed quote
runs to the end, a lone ``-`` is ignored; only a query too long or with too many terms is a
:class:`~referatgraf.index.base.QuerySyntaxError`. No terms at all means "every item" (minus
any exclusions).

>>> q = parse('budget "Ældre Sagen" -skat 13/13893')
>>> [t.words for t in q.terms], [t.words for t in q.excluded]
([('budget',), ('aeldre', 'sagen'), ('13/13893',)], [('skat',)])
>>> q.terms[1].phrase, q.terms[2].tokens[0].exact
(True, True)
>>> parse('-"ikke lukket').matches_all
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from referatgraf.index.analysis import Token, tokens
from referatgraf.index.base import QuerySyntaxError

MAX_LENGTH = 2000  # characters
MAX_TERMS = 32  # words, phrases and exclusions together
_PART = re.compile(r'\s*(-?)(?:"([^"]*)"?|([^\s"]+))')


@dataclass(frozen=True)
class Term:
    """A word (one token) or a phrase (tokens in order); ``phrase`` for a quoted one."""

    tokens: tuple[Token, ...]
    phrase: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t.word for t in self.tokens)

    @property
    def is_word(self) -> bool:
        """One token matched loosely (stem or prefix); else every token exactly, in order."""
        return len(self.tokens) == 1 and not self.phrase


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()  # all must match
    excluded: tuple[Term, ...] = ()  # none may match

    @property
    def matches_all(self) -> bool:
        """No positive terms: every item matches (minus the exclusions)."""
        return not self.terms


def parse(text: str) -> ParsedQuery:
    """Read a query; never raises anything but :class:`QuerySyntaxError`.

    >>> parse("   ").matches_all, parse("-").matches_all
    (True, True)
    """
    if len(text) > MAX_LENGTH:
        raise QuerySyntaxError(f"The search is too long ({len(text)} characters; at most {MAX_LENGTH}).")
    terms: list[Term] = []
    excluded: list[Term] = []
    for m in _PART.finditer(text):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        term = _term(quoted if quoted is not None else bare or "", quoted is not None)
        if term is not None:
            (excluded if negated else terms).append(term)
    if len(terms) + len(excluded) > MAX_TERMS:
        raise QuerySyntaxError(f"The search has too many words ({len(terms) + len(excluded)}; at most {MAX_TERMS}).")
    return ParsedQuery(tuple(terms), tuple(excluded))


def _term(text: str, quoted: bool) -> Term | None:
    found = tuple(tokens(text))
    if not found:
        return None
    return Term(found, phrase=quoted or len(found) > 1)
