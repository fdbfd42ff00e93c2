"""The query syntax: a table of cases, and any text reads or is a QuerySyntaxError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referatgraf.index.base import QuerySyntaxError
from referatgraf.index.query import MAX_LENGTH, MAX_TERMS, parse


def shape(q: str):
    p = parse(q)
    return ([(t.words, t.phrase) for t in p.terms], [(t.words, t.phrase) for t in p.excluded])


@pytest.mark.parametrize("q,terms,excluded", [
    ("", [], []),
    ("budget skole", [(("budget",), False), (("skole",), False)], []),
    ('"ældre sagen" budget', [(("aeldre", "sagen"), True), (("budget",), False)], []),
    ("-skat", [], [(("skat",), False)]),
    ('-"lukket punkt" x', [(("x",), False)], [(("lukket", "punkt"), True)]),
    ('"unclosed quote', [(("unclosed", "quote"), True)], []),
    ("budget -", [(("budget",), False)], []),
    ("- - -", [], []),
    ('""', [], []),
    ('"budget"', [(("budget",), True)], []),
    ("13/13893 2025-03-04", [(("13/13893",), False), (("2025-03-04",), False)], []),
    ("-00.01.00-A00-3-17", [], [(("00.01.00-a00-3-17",), False)]),
    ("budget-opfølgning", [(("budget", "opfoelgning"), True)], []),
    ("ØKONOMI!!", [(("oekonomi",), False)], []),
    ("!!! ???", [], []),
])
def test_the_syntax(q, terms, excluded):
    assert shape(q) == (terms, excluded)


def test_empty_and_only_exclusions_match_all():
    assert parse("").matches_all and parse("-skat").matches_all and not parse("skat").matches_all


def test_limits_are_syntax_errors_with_a_message():
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse("a" * (MAX_LENGTH + 1))
    with pytest.raises(QuerySyntaxError, match="too many"):
        parse(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab æøÅé-"/.:0123456789\t\n\\*()[]{}^~'), max_size=80) | st.text(max_size=80))
def test_any_text_parses_or_is_a_syntax_error(text):
    try:
        parsed = parse(text)
    except QuerySyntaxError:
        return
    for term in parsed.terms + parsed.excluded:
        assert term.tokens and all(t.word for t in term.tokens)
