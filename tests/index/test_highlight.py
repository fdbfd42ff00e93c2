"""Snippets and matched fields: the fast path (read only what can match, only up to the
snippet) gives exactly what analysing every field in full gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from referatgraf.index.analysis import FIELDS, field_texts, tokens, word_matches
from referatgraf.index.highlight import SNIPPET_FIELDS, WIDTH, _fragments, describe
from referatgraf.index.model import ItemRecord
from referatgraf.index.query import parse


def full_describe(record, query, width=WIDTH):
    """The reference: every field analysed in full, every token tested."""
    texts = field_texts(record)
    found = {n: tokens(texts[n]) for n in FIELDS}

    def hits(toks):
        out = set()
        for term in query.terms:
            if term.is_word:
                out.update(i for i, t in enumerate(toks) if word_matches(term.tokens[0], t))
                continue
            n = len(term.words)
            for i in range(len(toks) - n + 1):
                if tuple(t.word for t in toks[i:i + n]) == term.words:
                    out.update(range(i, i + n))
        return out

    matched = tuple(n for n in FIELDS if hits(found[n]))
    for n in SNIPPET_FIELDS:
        h = hits(found[n])
        if h:
            return _fragments(texts[n], found[n], h, width), matched
    plain = next((texts[n] for n in SNIPPET_FIELDS if texts[n].strip()), "")
    return (_fragments(plain, [], set(), width) if plain else ()), matched


WORDS = ["budget", "budgettet", "Skole", "skolereform", "til", "efterretning", "Økonomi", "økonomiske",
         "café", "cafe", "13/13893", "2025-03-04", "sag", "sagen", "forsagt", "æbler", "Ålborg", "ﬁ", "–", "x"]
text = st.lists(st.sampled_from(WORDS), max_size=150).map(" ".join) | st.text(max_size=60)
query = st.lists(st.sampled_from(WORDS[:-2]), min_size=1, max_size=3).flatmap(
    lambda ws: st.sampled_from([" ".join(ws), '"' + " ".join(ws) + '"']))


@settings(max_examples=300, deadline=None)
@given(title=text, body=text, decision=text, q=query, width=st.sampled_from([20, 60, WIDTH]))
def test_the_fast_snippet_equals_the_full_analysis(title, body, decision, q, width):
    record = ItemRecord("i", "d", "m", title=title, text=body, decision=decision)
    parsed = parse(q)
    assert describe(record, parsed, width) == full_describe(record, parsed, width)


def test_a_match_far_into_a_long_text_is_found_and_shown_in_context():
    body = "Indledning. " * 400 + "Forslaget tages til efterretning af udvalget."
    record = ItemRecord("i", "d", "m", title="Orientering", text=body)
    fragments, matched = describe(record, parse('"til efterretning"'))
    assert matched == ("text",)
    assert [f.text for f in fragments if f.highlighted] == ["til", "efterretning"]
    assert fragments[0].text.startswith("…Indledning.")
