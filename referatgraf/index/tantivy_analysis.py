"""The Danish analysis of :mod:`referatgraf.index.analysis`, run inside tantivy (Rust).

Why: analysing a corpus in Python ran at ~15 MB/s and held an index build to ~6,000 items/s;
the same steps as tantivy analyzers run in the writer's own threads, beside Python. Python feeds
each field's text once with its Danish letters spelt out (:func:`~referatgraf.index.analysis.spell_out`,
because tantivy's ASCII folding would turn "ø" into "o"); the analyzers then split it into runs
of letters and digits with tantivy's simple tokenizer (~4x faster than its regex tokenizer, which
ran at ~14 MB/s), lower-case, fold the remaining accents (lower-casing again) and (for stems)
stem. A case number or date is thus held as its parts at consecutive positions and searched as a
phrase of them (:func:`~referatgraf.index.analysis.index_words`):

* ``rg_words``: folded words and exact terms, with positions (phrases, prefixes, case numbers);
* ``rg_stems``: the same, stemmed (BM25 on stems).

>>> words, stems = analyzers()
>>> words.analyze(spell_out("Budgettet for Ålborg-café, sag 13/13893."))
['budgettet', 'for', 'aalborg', 'cafe', 'sag', '13', '13893']
>>> stems.analyze(spell_out("Budgettet blev Økonomiske"))
['budget', 'blev', 'oekonomisk']
"""

from __future__ import annotations

import tantivy

from referatgraf.index.analysis import spell_out  # noqa: F401 - the doctest above uses it

__all__ = ["ANALYSIS_VERSION", "STEMS", "WORDS", "analyzers", "register"]

WORDS, STEMS = "rg_words", "rg_stems"
# Raised whenever what the analyzers emit changes: an index built with another version is rebuilt.
ANALYSIS_VERSION = 3


def analyzers() -> tuple[tantivy.TextAnalyzer, tantivy.TextAnalyzer]:
    """(words, stems) analyzers."""
    F = tantivy.Filter

    def base() -> tantivy.TextAnalyzerBuilder:
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
            F.lowercase()).filter(F.ascii_fold()).filter(F.lowercase())  # folding can give capitals

    return base().build(), base().filter(F.stemmer("danish")).build()


def register(index: tantivy.Index) -> None:
    """Make the analyzers known to an opened index (tantivy does not store them with it)."""
    words, stems = analyzers()
    index.register_tokenizer(WORDS, words)
    index.register_tokenizer(STEMS, stems)
