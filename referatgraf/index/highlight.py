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

from referatgraf.index.analysis import FIELDS, Token, field_texts, tokens, word_matches
from referatgraf.index.model import Fragment, ItemRecord
from referatgraf.index.query import ParsedQuery, Term

SNIPPET_FIELDS = ("decision", "text", "attachments", "title")  # where a snippet is taken from
WIDTH = 200  # characters of a snippet, about


def matched_tokens(found: list[Token], terms: tuple[Term, ...]) -> set[int]:
    """Indexes of the tokens that a term matches (a word anywhere, a phrase as a run)."""
    hits: set[int] = set()
    for term in terms:
        if term.is_word:
            hits.update(i for i, t in enumerate(found) if word_matches(term.tokens[0], t))
            continue
        n = len(term.words)
        for i in range(len(found) - n + 1):
            if tuple(t.word for t in found[i:i + n]) == term.words:
                hits.update(range(i, i + n))
    return hits


def _term_in(found: list[Token], term: Term) -> bool:
    return bool(matched_tokens(found, (term,)))


def describe(record: ItemRecord, query: ParsedQuery, width: int = WIDTH) -> tuple[tuple[Fragment, ...], tuple[str, ...]]:
    """(:func:`snippet`, :func:`matched_in`) of a hit, analysing its text once."""
    texts = field_texts(record)
    found = {name: tokens(texts[name]) for name in FIELDS}
    return _snippet(texts, found, query, width), _matched_in(found, query)


def matched_in(record: ItemRecord, query: ParsedQuery) -> tuple[str, ...]:
    """The fields (of :data:`~referatgraf.index.analysis.FIELDS`) where some query term matches."""
    return describe(record, query)[1]


def snippet(record: ItemRecord, query: ParsedQuery, width: int = WIDTH) -> tuple[Fragment, ...]:
    """A piece of the first field that matched, around its first match, matches highlighted;
    with no match (an empty query) the start of the text."""
    return describe(record, query, width)[0]


def _matched_in(found: dict[str, list[Token]], query: ParsedQuery) -> tuple[str, ...]:
    return tuple(name for name in FIELDS if any(_term_in(found[name], term) for term in query.terms))


def _snippet(texts: dict[str, str], found: dict[str, list[Token]], query: ParsedQuery,
             width: int) -> tuple[Fragment, ...]:
    for name in SNIPPET_FIELDS:
        hits = matched_tokens(found[name], query.terms)
        if hits:
            return _fragments(texts[name], found[name], hits, width)
    plain = next((texts[n] for n in SNIPPET_FIELDS if texts[n].strip()), "")
    return _fragments(plain, [], set(), width) if plain else ()


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
