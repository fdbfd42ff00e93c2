"""Danish analysis, the same at index and at query time: text → folded words and their stems.

A token is either an *exact term* — a case number or a date, kept whole and only lower-cased
("13/13893", "00.01.00-a00-3-17", "2025-03-04") — or a word: split at anything that is not a
letter or digit (so a hyphenated word is two words), lower-cased, stemmed with the Danish
Snowball stemmer, then folded by :func:`fold` (æ → ae, ø → oe,
å → aa, other accents dropped). Each token carries its folded unstemmed ``word`` and its folded
``stem``; the index keeps both because stems alone are not enough in Danish: Snowball stems
"budget" to "budg" but "budgettet" to "budget". A query word therefore matches when its stem
equals a stem, or when the word (or its stem) is a prefix of a word — which also makes compound
prefixes work ("skole" finds "skolereform"). See :func:`word_matches`.

>>> [(t.word, t.stem) for t in tokens("Budgettet for Ålborg-café, sag 13/13893.")]
[('budgettet', 'budget'), ('for', 'for'), ('aalborg', 'aalborg'), ('cafe', 'cafe'), ('sag', 'sag'), ('13/13893', '13/13893')]
>>> word_matches(query_token("budget"), tokens("budgetopfølgning")[0])
True
>>> word_matches(query_token("budgettet"), tokens("Budget")[0])
True
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from referatgraf.index.model import ItemRecord

FIELDS = ("title", "case", "decision", "text", "attachments")  # searched, in the order of Hit.matched_in

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
# Case numbers and dates: begin with a digit (or a short letter prefix and a hyphen, as in
# "EMN-2025-003383") and have inner separators . / - each followed by letters or digits.
_EXACT = r"(?:[A-Za-z]{2,5}-\d[0-9A-Za-z]*|\d[0-9A-Za-z]*)(?:[./-][0-9A-Za-z]+)+"
# Not inside a longer number or word; after a dot only when it ends a word ("j.nr.13/13893").
_TOKEN = re.compile(rf"(?P<exact>(?<![\w/-])(?<![\d_]\.){_EXACT}(?![\w]|[./-]\w))|(?P<word>[^\W_]+)")
MIN_STEM_PREFIX = 4  # a stem shorter than this is not used as a prefix ("by" would find "byg…")
_local = threading.local()  # a Stemmer object is not thread-safe: one per thread


@dataclass(frozen=True)
class Token:
    """One analysed token: ``word`` folded, ``stem`` folded (equal to ``word`` for exact terms),
    ``start``/``end`` its place in the original text, ``exact`` for case numbers and dates."""

    word: str
    stem: str
    start: int
    end: int
    exact: bool = False


def fold(text: str) -> str:
    """Lower case, Danish letters spelt out, other accents dropped: the project's one folding rule.

    >>> fold("ØKONOMI"), fold("Ålborg"), fold("café")
    ('oekonomi', 'aalborg', 'cafe')
    """
    text = unicodedata.normalize("NFKD", text.translate(_DANISH))  # æøå first: NFKD would split å
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return unicodedata.normalize("NFKD", text.translate(_DANISH))


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


@lru_cache(maxsize=200_000)
def analyse_word(word: str) -> tuple[str, str]:
    """(folded word, folded stem) of one word; the stemmer sees it before folding.

    >>> analyse_word("Økonomiske")
    ('oekonomiske', 'oekonomisk')
    """
    lower = word.lower()
    return fold(lower), fold(_stemmer().stemWord(lower))


def tokens(text: str) -> list[Token]:
    """The analysed tokens of a text, in order.

    >>> [t.word for t in tokens("Mødet 04-03-2025: EMN-2025-003383 og budget-opfølgning")]
    ['moedet', '04-03-2025', 'emn-2025-003383', 'og', 'budget', 'opfoelgning']
    """
    out = []
    for m in _TOKEN.finditer(text):
        if m.group("exact"):
            term = m.group("exact").lower()
            out.append(Token(term, term, m.start(), m.end(), exact=True))
            continue
        for word, stem in _fold_parts(m.group("word")):
            out.append(Token(word, stem, m.start(), m.end()))
    return out


def index_terms(text: str) -> tuple[str, str]:
    """The folded words and the folded stems of a text, each joined by spaces: what the index
    stores per field. The same analysis as :func:`tokens` without its positions, for speed (it
    runs for every field of every item of a corpus; words repeat, so each is analysed once).

    >>> index_terms("Budgettet for sag 13/13893")
    ('budgettet for sag 13/13893', 'budget for sag 13/13893')
    """
    words: list[str] = []
    stems: list[str] = []
    # split() keeps the exact terms (odd places) between the stretches of plain words
    for place, chunk in enumerate(_EXACT_TERM.split(text)):
        if place % 2:
            term = chunk.lower()
            words.append(term)
            stems.append(term)
        elif chunk:
            pairs = [_PAIRS[w] for w in _PLAIN_WORD.findall(chunk)]
            words += [w for w, _ in pairs]
            stems += [st for _, st in pairs]
    return " ".join(words), " ".join(stems)


class _PairCache(dict):
    """word → (its folded parts, their stems), each joined by spaces; filled on first sight and
    emptied when it grows past a bound (a corpus has far fewer distinct words)."""

    def __missing__(self, word: str) -> tuple[str, str]:
        if len(self) > 500_000:
            self.clear()
        parts = _fold_parts(word)
        pair = self[word] = (" ".join(f for f, _ in parts), " ".join(st for _, st in parts))
        return pair


_PAIRS = _PairCache()
_EXACT_TERM = re.compile(rf"((?<![\w/-])(?<![\d_]\.){_EXACT}(?![\w]|[./-]\w))")
_PLAIN_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def _word_parts(word: str) -> tuple[tuple[str, str], ...]:
    return tuple(_fold_parts(word))


def _fold_parts(word: str) -> list[tuple[str, str]]:
    """Folding can yield characters that are not letters or digits (rare): split there too."""
    folded, stem = analyse_word(word)
    if folded.isalnum():
        return [(folded, stem)]
    return [analyse_word(p) for p in re.findall(r"[^\W_]+", folded)]


def query_token(word: str) -> Token:
    """One query word as a token (exact terms stay whole).

    >>> query_token("20-072985K").exact, query_token("Skolen").stem
    (True, 'skol')
    """
    found = tokens(word)
    if len(found) == 1:
        return found[0]
    raise ValueError(f"not one word: {word!r}")


def prefixes(token: Token) -> tuple[str, ...]:
    """The folded prefixes a query word matches words by: the word, and its stem if long enough.

    >>> prefixes(query_token("budgettet")), prefixes(query_token("by"))
    (('budgettet', 'budget'), ('by',))
    """
    if token.exact:
        return ()
    if token.stem != token.word and len(token.stem) >= MIN_STEM_PREFIX:
        return token.word, token.stem
    return (token.word,)


def word_matches(query: Token, token: Token) -> bool:
    """Whether a query word matches a text token: same exact term, same stem, or a prefix."""
    if query.exact or token.exact:
        return query.exact and token.exact and query.word == token.word
    return query.stem == token.stem or token.word.startswith(prefixes(query))


def field_texts(record: ItemRecord) -> dict[str, str]:
    """The searched text of a record by field (of :data:`FIELDS`): what the index analyses and
    what snippets and ``matched_in`` are computed from, so the two always agree.

    >>> field_texts(ItemRecord("i", "d", "m", title="Budget", cases=("21/1", "21/2")))["case"]
    '21/1\\n21/2'
    """
    return {"title": record.title, "case": "\n".join(record.cases), "decision": record.decision,
            "text": record.text, "attachments": "\n".join(record.attachments)}
