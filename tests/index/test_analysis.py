"""Danish analysis: the same tokens at index and query time, matching as people expect."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referatgraf.index.analysis import Token, analyse_word, fold, index_words, query_token, spell_out, tokens, word_matches
from referatgraf.index.tantivy_analysis import analyzers


def matches(query: str, text: str) -> bool:
    q = query_token(query)
    return any(word_matches(q, t) for t in tokens(text))


@pytest.mark.parametrize(("text", "folded"), [
    ("Økonomi & Stab: Café-Ålborg", "oekonomi & stab: cafe-aalborg"), ("ÆØÅ æøå", "aeoeaa aeoeaa"),
    ("naïve Ærø", "naive aeroe"), ("façade", "facade")])
def test_folding_spells_out_the_danish_letters_and_drops_accents(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query,text", [
    ("budgettet", "Budget 2026"), ("budgetter", "Budget 2026"), ("budget", "budgettet blev vedtaget"),
    ("budget", "Budgetter for skoler"),
    ("Økonomi", "oekonomi"), ("oekonomi", "ØKONOMI"), ("ØKONOMI", "Økonomiudvalget"),
    ("Ålborg", "aalborg"), ("aalborg", "Ålborg"), ("cafe", "Café"), ("café", "cafe"),
    ("budget", "Budgetopfølgning 2. kvartal"), ("skole", "Skolereform"), ("opfølgning", "budget-opfølgning"),
    ("skolerne", "skolen"), ("ældre", "Ældrerådet"),
])
def test_a_query_word_finds(query, text):
    assert matches(query, text)


@pytest.mark.parametrize("query,text", [
    ("reform", "Skolereform"),  # a prefix, not an infix
    ("skat", "budget"), ("bus", "budget"),
    ("13", "sag 13/13893"), ("13893", "sag 13/13893"), ("2025", "mødet 2025-03-04"),
    ("13/1389", "sag 13/13893"),  # a case number is exact, never a prefix
])
def test_a_query_word_does_not_find(query, text):
    assert not matches(query, text)


@pytest.mark.parametrize("term", ["00.01.00-A00-3-17", "13/13893", "23-013402", "EMN-2025-003383",
                                  "20-072985K", "2025-03-04", "04-03-2025"])
def test_case_numbers_and_dates_are_exact_terms_in_text_and_query(term):
    found = tokens(f"Sag ({term}), behandlet.")
    assert [t.word for t in found if t.exact] == [term.lower()]
    assert query_token(term).exact and matches(term, f"se {term}.")


def test_a_hyphenated_word_is_its_parts():
    assert [t.word for t in tokens("Budget-opfølgning")] == ["budget", "opfoelgning"]


def test_offsets_point_into_the_original_text():
    text = "Ældre-Sagen i Ålborg"
    assert [text[t.start:t.end] for t in tokens(text)] == ["Ældre", "Sagen", "i", "Ålborg"]


def test_words_are_folded_then_stemmed_as_the_index_does():
    assert query_token("økonomiske").stem == "oekonomisk"
    assert query_token("budget").stem == "budg" and query_token("budgettet").stem == "budget"


def test_a_case_number_right_after_an_abbreviation_is_still_whole():
    assert [t.word for t in tokens("j.nr.13/13893 og 1.2.3-4")] == ["j", "nr", "13/13893", "og", "1.2.3-4"]


# Latin letters with and without accents (Latin-1 and Latin Extended-A), the Danish letters in
# both cases, digits, the case-number separators and other punctuation.
LATIN = "".join(chr(c) for c in range(0x20, 0x180) if chr(c).isprintable()) + "\n\tﬁ"
# (Beyond them a few letters fold apart, e.g. "ǿ": Python "oe", tantivy "o"; see docs/search.md.)


@settings(max_examples=400)
@given(st.text(alphabet=LATIN, max_size=80) | st.text(alphabet="ab1/.-_ æøÅ:é0Kﬁ\n", max_size=60))
def test_the_index_analyses_exactly_like_tokens(text: str) -> None:
    """The index's Rust analyzers (what it stores) and tokens (what queries and snippets use)
    must give the same words and, for words, the same stems."""
    words, stems = analyzers()
    found = tokens(text)
    assert words.analyze(spell_out(text)) == [w for t in found for w in index_words(t)]
    assert stems.analyze(spell_out(text)) == [s for t in found for s in _stems(t)]


def _stems(token: Token) -> tuple[str, ...]:
    """What the index stems a token to: an exact term's parts are stemmed as words (rarely
    changing them, as in "17b"), a word has its stem."""
    return tuple(analyse_word(w)[1] for w in index_words(token)) if token.exact else (token.stem,)


def test_offsets_after_danish_letters_point_into_the_original_text():
    text = "Øå-2025-1 og ÆØÅÆ blåbær 13/1, ½ time, ŀa"
    assert [text[t.start:t.end] for t in tokens(text)] == [
        "Øå-2025-1", "og", "ÆØÅÆ", "blåbær", "13/1", "½", "½", "time", "ŀ", "a"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåéü", min_size=1, max_size=20))
def test_a_stem_is_a_prefix_of_its_word(word: str) -> None:
    """The snippet prefilter (index.highlight.needle) relies on it: Danish stemming only removes
    endings and undoubles final consonants."""
    folded, stem = analyse_word(word)
    assert folded.startswith(stem)
