"""A parsed query, facet filters and a date range → one tantivy query over the schema of
:mod:`referatgraf.index.tantivy_index`.

Every searched field has two indexed forms: ``<field>_w`` (folded words, with positions, for
prefixes and phrases; an exact term is the phrase of its parts) and ``<field>_s`` (folded stems, for BM25 on stems). A query
word matches a field when its stem is a stem there or its word/stem is a prefix of a word; the
fields of one word are combined by disjunction-max with field boosts (title and case numbers
first); all words are required, exclusions are must-not, filters and dates score nothing.

>>> import tantivy
>>> from referatgraf.index.query import parse
>>> b = tantivy.SchemaBuilder()
>>> for f in FIELD_BOOSTS:
...     _ = b.add_text_field(f + "_w", tokenizer_name="whitespace")
...     _ = b.add_text_field(f + "_s", tokenizer_name="whitespace", index_option="freq")
>>> _ = b.add_integer_field("day", indexed=True, fast=True)
>>> isinstance(build(b.build(), parse('budget -"ældre sagen"'), {}, None, None), tantivy.Query)
True
"""

from __future__ import annotations

import datetime as dt
import re

import tantivy

from referatgraf.index.analysis import Token, index_words, prefixes
from referatgraf.index.cache import LRU
from referatgraf.index.query import ParsedQuery, Term

Q, Occur = tantivy.Query, tantivy.Occur
# Field boosts: a title or case-number match outranks many matches in the long texts.
FIELD_BOOSTS = {"title": 6.0, "case": 6.0, "decision": 2.0, "text": 1.0, "attachments": 1.0}
TIE_BREAKER = 0.2  # how much matches in the other fields add to the best field's score
PREFIX_WEIGHT = 0.5  # a prefix-only match (compound word) scores this, times the field boost


def build(schema: tantivy.Schema, query: ParsedQuery, filters: dict[str, tuple[str, ...]],
          date_from: dt.date | None, date_to: dt.date | None) -> tantivy.Query:
    """The whole query: text terms (scored), exclusions, filters and date range (unscored)."""
    clauses = [(Occur.Must, term_query(schema, t)) for t in query.terms]
    clauses += [(Occur.MustNot, term_query(schema, t)) for t in query.excluded]
    clauses += [(Occur.Must, Q.const_score_query(f, 0.0)) for f in filter_queries(schema, filters, date_from, date_to)]
    if not query.terms:
        clauses.append((Occur.Must, Q.const_score_query(Q.all_query(), 0.0)))
    return Q.boolean_query(clauses)


def filter_queries(schema: tantivy.Schema, filters: dict[str, tuple[str, ...]],
                   date_from: dt.date | None, date_to: dt.date | None) -> list[tantivy.Query]:
    """One query per filtered facet (any of its values) and one for the date range."""
    out = [Q.term_set_query(schema, "f_" + facet, list(values)) for facet, values in filters.items()]
    if date_from or date_to:
        low = date_from.toordinal() if date_from else 1  # 1, not None: undated items (0) are out
        high = date_to.toordinal() if date_to else None
        out.append(Q.range_query(schema, "day", tantivy.FieldType.Integer, low, high))
    return out


def term_query(schema: tantivy.Schema, term: Term) -> tantivy.Query:
    """A word or phrase in any searched field, the best field counting most; a date also finds
    the items of the meetings held that day ("2025-03-04", "04-03-2025")."""
    per_field = [Q.boost_query(_in_field(schema, field, term), boost) for field, boost in FIELD_BOOSTS.items()]
    if (day := meeting_day(term)) is not None:
        per_field.append(Q.const_score_query(Q.range_query(schema, "day", tantivy.FieldType.Integer, day, day),
                                             FIELD_BOOSTS["title"]))
    return Q.disjunction_max_query(per_field, tie_breaker=TIE_BREAKER)


_ISO_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")
_DANISH_DAY = re.compile(r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$")


def meeting_day(term: Term) -> int | None:
    """The day (``date.toordinal()``) a one-word term names, or None.

    >>> from referatgraf.index.query import parse
    >>> meeting_day(parse("04-03-2025").terms[0]) == dt.date(2025, 3, 4).toordinal()
    True
    >>> meeting_day(parse("budget").terms[0]) is None
    True
    """
    if not term.is_word or not term.tokens[0].exact:
        return None
    m = _ISO_DAY.match(term.tokens[0].word) or _DANISH_DAY.match(term.tokens[0].word)
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).toordinal() if m else None
    except ValueError:  # "31-02-2025"
        return None


def _in_field(schema: tantivy.Schema, field: str, term: Term) -> tantivy.Query:
    if term.is_word:
        return _word(schema, field, term.tokens[0])
    return _words(schema, field, [w for t in term.tokens for w in index_words(t)])


def _words(schema: tantivy.Schema, field: str, words: list[str]) -> tantivy.Query:
    """Words in this order at consecutive positions (a phrase, or an exact term's parts)."""
    if len(words) == 1:
        return Q.term_query(schema, field + "_w", words[0])
    return Q.phrase_query(schema, field + "_w", words)


def _word(schema: tantivy.Schema, field: str, token: Token) -> tantivy.Query:
    """Exact terms as the phrase of their parts; a word by its stem (BM25) and/or as a prefix
    (compound words)."""
    if token.exact:
        return _words(schema, field, list(index_words(token)))
    loose = [Q.term_query(schema, field + "_s", token.stem)]
    loose += [Q.const_score_query(prefix_query(schema, field + "_w", p), PREFIX_WEIGHT) for p in prefixes(token)]
    return Q.boolean_query([(Occur.Should, q) for q in loose])  # a whole word scores above a prefix


# ~100 KB each (the automaton of a Unicode ".*"): a bounded few, not one per word ever asked
_PREFIX_QUERIES: LRU[tuple[tantivy.Schema, tantivy.Query]] = LRU(256)


def prefix_query(schema: tantivy.Schema, field: str, prefix: str) -> tantivy.Query:
    """Words of ``field`` that begin with ``prefix``, kept for the recently asked prefixes:
    compiling the pattern's automaton takes ~0.25 ms, a tenth of a whole search, and ~100 KB.
    (Keyed by the schema's id, the schema kept with the query so the id cannot be reused while
    cached.)

    >>> import tantivy
    >>> b = tantivy.SchemaBuilder(); _ = b.add_text_field("t", tokenizer_name="raw"); sch = b.build()
    >>> prefix_query(sch, "t", "budget") is prefix_query(sch, "t", "budget")
    True
    """
    key = (id(schema), field, prefix)
    cached = _PREFIX_QUERIES.get(key)
    if cached is None:
        cached = _PREFIX_QUERIES.put(key, (schema, Q.regex_query(schema, field, re.escape(prefix) + ".*")))
    return cached[1]
