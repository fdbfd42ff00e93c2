"""Danish analysis, the same at index and at query time: text → folded words and their stems.

A token is either an *exact term* — a case number or a date, kept whole and only lower-cased
("13/13893", "00.01.00-a00-3-17", "2025-03-04") — or a word: split at anything that is not a
letter or digit (so a hyphenated word is two words), folded by :func:`fold` (lower case,
æ → ae, ø → oe, å → aa, other accents dropped), then stemmed with the Danish Snowball stemmer.
The index does the same in Rust (:mod:`referatgraf.index.tantivy_analysis`, fed :func:`spell_out`
text), so Python analyses only queries and snippets, never a whole corpus; there an exact term is
indexed as its parts at consecutive positions and found as a phrase of them
(:func:`index_words`), the way Lucene's standard analysis keeps "13/13893"; a property test
keeps the two sides equal. Each token carries its folded unstemmed ``word`` and its folded
``stem``; the index keeps both because stems alone are not enough in Danish: Snowball stems
"budget" to "budg" but "budgettet" to "budget". A query word therefore matches when its stem
equals a stem, or when the word (or its stem) is a prefix of a word — which also makes compound
prefixes work ("skole" finds "skolereform"). See :func:`word_matches`.

>>> [(t.word, t.stem) for t in tokens("Budgettet for Ålborg-café, sag 13/13893.")]
[('budgettet', 'budget'), ('for', 'for'), ('aalborg', 'aalborg'), ('cafe', 'caf'), ('sag', 'sag'), ('13/13893', '13/13893')]
>>> word_matches(query_token("budget"), tokens("budgetopfølgning")[0])
True
>>> word_matches(query_token("budgettet"), tokens("Budget")[0])
True
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from referatgraf.index.model import ItemRecord

FIELDS = ("title", "case", "decision", "text", "attachments")  # searched, in the order of Hit.matched_in

# The Danish letters spelt out, and the few Latin letters that Unicode decomposition leaves alone
# spelt as tantivy's ASCII folding spells them (so both sides fold alike: see tantivy_analysis).
_SPELL_OUT = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa", "ß": "ss", "ẞ": "ss",
              "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l", "đ": "d",
              "Đ": "d", "ħ": "h", "Ħ": "h", "ı": "i", "ŧ": "t", "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "ĸ": "q"}
_DANISH = str.maketrans(_SPELL_OUT)
_DANISH_LETTERS = ("æ", "ø", "å", "Æ", "Ø", "Å")
# Case numbers and dates: begin with a digit (or a short letter prefix and a hyphen, as in
# "EMN-2025-003383") and have inner separators . / - each followed by letters or digits.
EXACT_PATTERN = r"(?:[A-Za-z]{2,5}-\d[0-9A-Za-z]*|\d[0-9A-Za-z]*)(?:[./-][0-9A-Za-z]+)+"
# An exact term where one starts, else a run of letters and digits, scanned leftmost-first (no
# look-behind is needed: every run of letters is consumed whole by the scan).
_TOKEN = re.compile(rf"(?P<exact>{EXACT_PATTERN})(?![^\W_])|(?P<word>[^\W_]+)")  # "0/0Ç" is no exact term
MIN_STEM_PREFIX = 4  # a stem shorter than this is not used as a prefix ("by" would find "byg…")
_local = threading.local()  # a Stemmer object is not thread-safe: one per thread


class Token(NamedTuple):
    """One analysed token: ``word`` folded, ``stem`` folded (equal to ``word`` for exact terms),
    ``start``/``end`` its place in the original text, ``exact`` for case numbers and dates.
    (A named tuple: snippets make tens of thousands a second.)"""

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


def spell_out(text: str) -> str:
    """The Danish letters spelt out, case kept, and the few Latin-1 and Latin Extended-A
    characters whose compatibility form tantivy's ASCII folding does not know (ª, ½, İ, ŀ …)
    decomposed: what both sides tokenize, since the index's own (Rust) folding would turn "ø"
    into "o". Fast: the common letters go by str.replace, which runs in C.

    >>> spell_out("Ærø og Århus, ½ time")
    'aeroe og aarhus, 1⁄2 time'
    """
    if text.isascii():
        return text
    for letter in _DANISH_LETTERS:
        if letter in text:
            text = text.replace(letter, _SPELL_OUT[letter])
    if not text.isascii() and _RARE.search(text):  # isascii: a C scan, far faster than a regex
        text = text.translate(_RARE_TABLE)
    return text


# Within Latin-1 and Latin Extended-A, the characters Python's NFKD decomposes and tantivy's
# ASCII folding leaves alone (found by comparing the two analyses character by character).
_RARE_SPELLING = {"ª": "a", "º": "o", "µ": "μ", "¼": "1⁄4", "½": "1⁄2", "¾": "3⁄4", "İ": "I", "Ŀ": "L·",
                  "ŀ": "l·", "ŉ": "ʼn"}
_RARE = re.compile("[" + "".join(_RARE_SPELLING) + "]")
_RARE_TABLE = str.maketrans(_RARE_SPELLING)
_REPLACED = re.compile("[" + "".join(_DANISH_LETTERS) + "".join(_RARE_SPELLING) + "]")
_WIDTH = {**{c: len(_SPELL_OUT[c]) for c in _DANISH_LETTERS}, **{c: len(v) for c, v in _RARE_SPELLING.items()}}


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


@lru_cache(maxsize=200_000)
def analyse_word(word: str) -> tuple[str, str]:
    """(folded word, its stem) of one word: folded first, then stemmed, as the index does.

    >>> analyse_word("Økonomiske")
    ('oekonomiske', 'oekonomisk')
    """
    folded = fold(word)
    return folded, _stemmer().stemWord(folded)


def tokens(text: str) -> list[Token]:
    """The analysed tokens of a text, in order; offsets point into ``text`` as given.

    Tokens are found in the text with its Danish letters spelt out, exactly as the index finds
    them ("Å-2025-1" is then one exact term on both sides), and mapped back to the original.

    >>> [t.word for t in tokens("Mødet 04-03-2025: EMN-2025-003383 og budget-opfølgning")]
    ['moedet', '04-03-2025', 'emn-2025-003383', 'og', 'budget', 'opfoelgning']
    """
    return list(iter_tokens(text))


def iter_tokens(text: str, begin: int = 0) -> Iterator[Token]:
    """:func:`tokens` one by one from ``begin`` (where no token may be cut), for a reader that
    may start late and stop early (a snippet)."""
    spelt = spell_out(text[begin:])
    place = _Offsets(text[begin:]) if len(spelt) != len(text) - begin else None
    for m in _TOKEN.finditer(spelt):
        start, end = (place.start(m.start()), place.end(m.end())) if place else m.span()
        start, end = start + begin, end + begin
        exact = m.group("exact")
        if exact:
            term = exact.lower()
            yield Token(term, term, start, end, True)
            continue
        for word, stem in _fold_parts(m.group("word")):
            yield Token(word, stem, start, end)


class _Offsets:
    """Maps an offset in the spelt-out text back to the original, where each spelt-out
    character was one (a token's start maps to the character it begins in, its end to the one
    it ends in)."""

    def __init__(self, text: str) -> None:
        self.extra: list[int] = []  # spelt-out offsets of the characters a spelling added, in order
        for m in _REPLACED.finditer(text):
            at = m.start() + len(self.extra)
            self.extra += range(at + 1, at + _WIDTH[m.group()])

    def start(self, offset: int) -> int:
        return offset - bisect.bisect_right(self.extra, offset)

    def end(self, offset: int) -> int:
        return offset - bisect.bisect_right(self.extra, offset - 1)


def _fold_parts(word: str) -> list[tuple[str, str]]:
    """Folding can yield characters that are not letters or digits (rare): split there too."""
    folded, stem = analyse_word(word)
    if folded.isalnum():
        return [(folded, stem)]
    return [analyse_word(p) for p in re.findall(r"[^\W_]+", folded)]


def index_words(token: Token) -> tuple[str, ...]:
    """The words the index holds for a token, at consecutive positions: an exact term's parts
    (the index's tokenizer splits at every character that is not a letter or digit), else the
    word itself.

    >>> index_words(query_token("00.01.00-A00-3-17")), index_words(query_token("Sagen"))
    (('00', '01', '00', 'a00', '3', '17'), ('sagen',))
    """
    return tuple(_SEPARATOR.split(token.word)) if token.exact else (token.word,)


_SEPARATOR = re.compile(r"[./-]")


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
    if token.exact or token.word.isdigit():  # a number is no compound: "1389" is not "13893"
        return ()
    if token.stem != token.word and len(token.stem) >= MIN_STEM_PREFIX:
        return token.word, token.stem
    return (token.word,)


def word_matches(query: Token, token: Token, starts: tuple[str, ...] | None = None) -> bool:
    """Whether a query word matches a text token: same exact term, same stem, or a prefix
    (``starts``: the query's :func:`prefixes`, for a caller testing many tokens)."""
    if query.exact or token.exact:
        return query.exact and token.exact and query.word == token.word
    return query.stem == token.stem or token.word.startswith(prefixes(query) if starts is None else starts)


def field_texts(record: ItemRecord) -> dict[str, str]:
    """The searched text of a record by field (of :data:`FIELDS`): what the index analyses and
    what snippets and ``matched_in`` are computed from, so the two always agree.

    >>> field_texts(ItemRecord("i", "d", "m", title="Budget", cases=("21/1", "21/2")))["case"]
    '21/1\\n21/2'
    """
    return {"title": record.title, "case": "\n".join(record.cases), "decision": record.decision,
            "text": record.text, "attachments": "\n".join(record.attachments)}
