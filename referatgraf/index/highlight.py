"""Which fields of a hit matched, and its snippet: computed from the stored record and the
parsed query with the same analysis as the index, so highlights agree with what was found.

Engine-independent and plain text: a snippet is a tuple of
:class:`~referatgraf.index.model.Fragment` (pages escape them), never HTML.

>>> from referatgraf.index.model import ItemRecord
>>> from referatgraf.index.query import parse
>>> r = ItemRecord("i", "d", "m", title="Budget", text="Forslag til budgetopfølgning <b>nu</b>.")
>>> matched_in(r, parse("budget"))
('title', 'text')
>>> [(f.text, f.highlighted) for f in snippet(r, parse("budget"))]
[('Forslag til ', False), ('budgetopfølgning', True), (' <b>nu</b>.', False)]
"""

from __future__ import annotations

import re
from functools import lru_cache

from referatgraf.index.analysis import FIELDS, Token, field_texts, fold, iter_tokens, prefixes, spell_out, word_matches
from referatgraf.index.model import Fragment, ItemRecord
from referatgraf.index.query import ParsedQuery, Term

SNIPPET_FIELDS = ("decision", "text", "attachments", "title")  # where a snippet is taken from
WIDTH = 200  # characters of a snippet, about


def describe(record: ItemRecord, query: ParsedQuery, width: int = WIDTH) -> tuple[tuple[Fragment, ...], tuple[str, ...]]:
    """(:func:`snippet`, :func:`matched_in`) of a hit. Each field is analysed at most once, only
    when it can match at all (:func:`first_candidate`), and only as far as needed
    (:func:`scan`): to the end of the snippet window in the field the snippet comes from, to the
    first match in the others. Analysing every field of every hit in full was most of a
    search's time."""
    texts = field_texts(record)
    needles = [needle(term) for term in query.terms]
    shown: tuple[Fragment, ...] | None = None
    matched = set()
    for name in SNIPPET_FIELDS + tuple(f for f in FIELDS if f not in SNIPPET_FIELDS):
        begin = first_candidate(texts[name], needles, width)
        if begin is None:
            continue
        found, hits = scan(texts[name], query.terms, width if shown is None else 0, begin)
        if hits:
            matched.add(name)
            if shown is None:
                shown = _fragments(texts[name], found, hits, width)
    if shown is None:
        plain = next((texts[n] for n in SNIPPET_FIELDS if texts[n].strip()), "")
        shown = _fragments(plain, [], set(), width) if plain else ()
    return shown, tuple(name for name in FIELDS if name in matched)


def matched_in(record: ItemRecord, query: ParsedQuery) -> tuple[str, ...]:
    """The fields (of :data:`~referatgraf.index.analysis.FIELDS`) where some query term matches."""
    return describe(record, query)[1]


def snippet(record: ItemRecord, query: ParsedQuery, width: int = WIDTH) -> tuple[Fragment, ...]:
    """A piece of the first field that matched, around its first match, matches highlighted;
    with no match (an empty query) the start of the text."""
    return describe(record, query, width)[0]


def needle(term: Term) -> tuple[str, ...]:
    """Folded pieces of text that every match of the term contains: a word's stem (a Danish
    stem is always a prefix of its word, and a prefix match begins with the query's stem too),
    an exact term itself, a phrase's words.

    >>> from referatgraf.index.query import parse
    >>> [needle(t) for t in parse('budgettet 13/13893 "til efterretning"').terms]
    [('budget',), ('13/13893',), ('til', 'efterretning')]
    """
    if term.is_word:
        return (term.tokens[0].stem,)
    return term.words


def first_candidate(text: str, needles: list[tuple[str, ...]], width: int = WIDTH) -> int | None:
    """None when no term can match in the text, else where to begin reading it: before the
    first place any term could match, less the context a snippet shows before it (0 when unsure). A cheap test on
    the text folded the fast way (spelt out, lower-cased), which for plain ASCII is exactly
    :func:`~referatgraf.index.analysis.fold` and never shorter than the text; other text is
    folded in full and read from its start.

    >>> first_candidate("Budgetopfølgning", [("budget",)]), first_candidate("Café Ærø", [("cafe",)])
    (0, 0)
    >>> first_candidate("Skole", [("budget",)]), first_candidate("til skolen efterretning", [("til", "efterretning")])
    (None, None)
    >>> first_candidate("x " * 300 + "budget", [("budget",)], width=200)
    534
    """
    if not needles or not text:  # no terms: nothing is highlighted, nothing to analyse
        return None
    loose = spell_out(text).lower()
    exact_offsets = loose.isascii()
    if not exact_offsets:
        loose = fold(text)
    found = [_find(loose, pieces) for pieces in needles]
    found = [at for at in found if at >= 0]
    if not found:
        return None
    if not exact_offsets:
        return 0
    at = max(0, min(found) - (len(loose) - len(text)) - width // 3)  # spelt-out letters only lengthen
    while at > 0 and not text[at - 1].isspace():  # never inside a token
        at -= 1
    return at


def _find(loose: str, pieces: tuple[str, ...]) -> int:
    if len(pieces) == 1:
        return loose.find(pieces[0])
    m = _run(pieces).search(loose)
    return m.start() if m else -1


@lru_cache(maxsize=256)
def _run(words: tuple[str, ...]) -> re.Pattern[str]:
    """A phrase's words in order with only separators between them."""
    return re.compile(r"[\W_]*".join(map(re.escape, words)))


def scan(text: str, terms: tuple[Term, ...], width: int = WIDTH, begin: int = 0) -> tuple[list[Token], set[int]]:
    """The text's tokens from ``begin`` to past the snippet window of its first match, and the
    indexes of those that match a term: all a snippet shows and all ``matched_in`` needs.

    >>> from referatgraf.index.query import parse
    >>> found, hits = scan("Budget for skolen. " * 50, parse("skole").terms, width=20)
    >>> len(found), sorted(hits)
    (6, [2, 5])
    """
    found: list[Token] = []
    hits: set[int] = set()
    stop = None
    words = [(t.tokens[0], prefixes(t.tokens[0])) for t in terms if t.is_word]
    phrases = [t.words for t in terms if not t.is_word]
    for token in iter_tokens(text, begin):
        if stop is not None and token.start > stop:
            break
        found.append(token)
        last = len(found) - 1
        if any(word_matches(query, token, starts) for query, starts in words):
            hits.add(last)
        for phrase in phrases:
            n = len(phrase)
            if last + 1 >= n and tuple(t.word for t in found[last + 1 - n:]) == phrase:
                hits.update(range(last + 1 - n, last + 1))
        if hits and stop is None:
            stop = found[min(hits)].start + width  # the window (see _window) ends within this
    return found, hits


def _window(text: str, found: list[Token], hits: set[int], width: int) -> tuple[int, int]:
    first = found[min(hits)].start if hits else 0
    start = max(0, first - width // 3)
    if start > 0:  # begin at a word
        start = next((t.start for t in found if t.start >= start), start)
    end = min(len(text), start + width)
    if end < len(text):  # end after a word
        end = max((t.end for t in found if start < t.end <= end), default=end)
    return start, end


def _fragments(text: str, found: list[Token], hits: set[int], width: int) -> tuple[Fragment, ...]:
    start, end = _window(text, found, hits, width)
    pieces: list[Fragment] = [Fragment("…")] if start > 0 else []
    pos = start
    for i in sorted(hits):
        t = found[i]
        if t.start < pos or t.end > end:
            continue
        if t.start > pos:
            pieces.append(Fragment(_squash(text[pos:t.start])))
        pieces.append(Fragment(text[t.start:t.end], highlighted=True))
        pos = t.end
    tail = _squash(text[pos:end]) + ("…" if end < len(text) else "")
    if tail:
        pieces.append(Fragment(tail))
    return tuple(_merge(pieces))


def _squash(text: str) -> str:
    """Runs of whitespace (line breaks in the minutes) as one space."""
    head = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() and text.strip() else ""
    return head + " ".join(text.split()) + tail


def _merge(pieces: list[Fragment]) -> list[Fragment]:
    """Neighbouring fragments of the same kind as one."""
    out: list[Fragment] = []
    for p in pieces:
        if out and out[-1].highlighted == p.highlighted:
            out[-1] = Fragment(out[-1].text + p.text, p.highlighted)
        else:
            out.append(p)
    return out
