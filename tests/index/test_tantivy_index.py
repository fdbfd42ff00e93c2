"""TantivyIndex against the TextIndex contract, on real index folders in tmp dirs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referatgraf.index import tantivy_index
from referatgraf.index.base import IndexLockedError, QuerySyntaxError, TextIndexError
from referatgraf.index.model import FACETS, ItemRecord, SearchRequest
from referatgraf.index.open import open_index
from referatgraf.index.tantivy_index import TantivyIndex
from referatgraf.settings import Settings as AppSettings


def rec(n: int, doc: str = "d1", **kw) -> ItemRecord:
    base = dict(item=f"i{n}", document=doc, meeting=f"m-{doc}", municipality="greve", body="Byrådet",
                date=dt.date(2025, 1, n % 28 + 1))
    return ItemRecord(**{**base, **kw})


CORPUS = {
    "d1": [rec(1, title="Budgetopfølgning 2025", text="Økonomiudvalget følger budgettet.", cases=("21/123",),
               kle=("00.01.00",), kle_groups=("00",), people=("Anna Hansen",), has_decision=True,
               decision="Godkendt."),
           rec(2, title="Skolereform", text="Budget budget budget budget for skolerne.", body="Børneudvalget",
               people=("Anna Hansen", "Bo Jensen"), kle=("17.01.00",), kle_groups=("17",)),
           rec(3, title="Lukket punkt", closed=True, text="Ejendomssag 13/13893 om grund.", cases=("13/13893",))],
    "d2": [rec(4, doc="d2", title="Ældre Sagen høring", municipality="roskilde", body="Ældrerådet",
               text="Høring om ældrepleje og budget.", kind="dagsorden", date=dt.date(2024, 6, 1)),
           rec(5, doc="d2", title="Café i Ålborg", municipality="roskilde", text="<script>alert(1)</script> café budget",
               date=dt.date(2024, 12, 31), proposer="Bo Jensen")],
    "d3": [rec(6, doc="d3", title="Sag 00.01.00-A00-3-17", cases=("00.01.00-A00-3-17",), date=None,
               attachments=("Bilag: budget-opfølgning",))],
}


@pytest.fixture
def index(tmp_path):
    idx = TantivyIndex(tmp_path / "idx")
    for doc, records in CORPUS.items():
        idx.replace_document(doc, records)
    yield idx
    idx.close()


def items(answer):
    return [h.record.item for h in answer.hits]


def search(idx, q="", **kw):
    return idx.search(SearchRequest(q, **kw))


def test_a_hit_carries_the_whole_record_back(index):
    assert [h.record for h in search(index, "skolereform").hits] == [CORPUS["d1"][1]]


def test_counts_and_documents(index):
    assert index.count() == 6 and index.documents() == {"d1": 3, "d2": 2, "d3": 1}


@pytest.mark.parametrize("q,expected", [
    ("budget", {"i1", "i2", "i4", "i5", "i6"}), ("budgettet", {"i1", "i2", "i4", "i5", "i6"}),
    ("ØKONOMI", {"i1"}), ("oekonomiudvalget", {"i1"}), ("aalborg", {"i5"}), ("cafe", {"i5"}),
    ("skole", {"i2"}), ('"ældre sagen"', {"i4"}), ('"sagen ældre"', set()), ("budget -skole", {"i1", "i4", "i5", "i6"}),
    ('budget -"ældre sagen"', {"i1", "i2", "i5", "i6"}), ("13/13893", {"i3"}), ("13893", {"i3"}), ("13/1389", set()), ("1389", set()),
    ("00.01.00-A00-3-17", {"i6"}), ("budget-opfølgning", {"i6"}),
    ("-budget", {"i3"}), ("", {"i1", "i2", "i3", "i4", "i5", "i6"}), ('"ældre sagen', {"i4"}), ("-", {f"i{n}" for n in range(1, 7)}),
])
def test_what_a_query_finds(index, q, expected):
    answer = search(index, q, limit=50)
    assert set(items(answer)) == expected and answer.total == len(expected)


def test_title_and_case_matches_rank_first(index):
    assert items(search(index, "budget"))[0] == "i1"  # the title, over i2's four mentions in the text
    assert items(search(index, "skolerne"))[0] == "i2"
    index.replace_document("d4", [rec(7, doc="d4", title="Diverse", text="Se 13/13893 og 13/13893 igen og 13/13893.")])
    assert items(search(index, "13/13893")) == ["i3", "i7"]  # i3 has it as its case number


def test_a_whole_word_ranks_above_a_compound_that_begins_with_it(index):
    index.replace_document("d5", [rec(40, doc="d5", title="Budget 2026")])
    assert items(search(index, "budget"))[:2] == ["i40", "i1"]


def test_facets_count_all_matches_not_only_the_page(index):
    answer = search(index, "budget", limit=1)
    assert answer.total == 5 and len(answer.hits) == 1
    assert set(answer.facets) == set(FACETS)
    counts = {f: {v.value: v.count for v in vs} for f, vs in answer.facets.items()}
    assert counts["municipality"] == {"greve": 3, "roskilde": 2}
    assert counts["person"] == {"Anna Hansen": 2, "Bo Jensen": 1}
    assert counts["year"] == {"2025": 2, "2024": 2}  # i6 has no date
    assert counts["closed"] == {"false": 5} and counts["has_decision"] == {"false": 4, "true": 1}
    assert counts["kind"] == {"referat": 4, "dagsorden": 1} and counts["kle_group"] == {"00": 1, "17": 1}
    assert counts["case"] == {"21/123": 1, "00.01.00-A00-3-17": 1} and counts["proposer"] == {"Bo Jensen": 1}
    assert [v.value for v in answer.facets["body"]] == ["Byrådet", "Børneudvalget", "Ældrerådet"]


def test_cached_facet_counts_follow_every_commit_in_any_process(index):
    def budget_bodies(idx):
        return {v.value: v.count for v in search(idx, "budget").facets["body"]}

    with TantivyIndex(index.path, read_only=True) as reader:
        before = budget_bodies(reader)
        assert budget_bodies(reader) == before == {"Byrådet": 3, "Børneudvalget": 1, "Ældrerådet": 1}
        index.replace_document("d4", [rec(21, doc="d4", title="Budget", body="Ældrerådet")])  # another writer
        assert budget_bodies(reader) == {**before, "Ældrerådet": 2}
        index.remove_document("d4")
        assert budget_bodies(reader) == before
        search(reader, "budget").facets["body"] = ()  # an answer is the caller's own
        assert budget_bodies(reader) == before


def test_no_facets_when_not_asked(index):
    assert search(index, "budget", facets=False).facets == {}


def test_filters_or_within_a_facet_and_across_facets(index):
    assert set(items(search(index, filters=(("body", ("Byrådet", "Ældrerådet")),)))) == {"i1", "i3", "i4", "i5", "i6"}
    both = search(index, "budget", filters=(("body", ("Byrådet", "Ældrerådet")), ("municipality", ("roskilde",))))
    assert set(items(both)) == {"i4", "i5"} and both.total == 2
    assert {v.value: v.count for v in both.facets["body"]} == {"Byrådet": 1, "Ældrerådet": 1}
    assert items(search(index, filters=(("closed", ("true",)),))) == ["i3"]
    assert items(search(index, filters=(("person", ("Bo Jensen",)), ("year", ("2025",))))) == ["i2"]


def test_date_ranges_are_inclusive_and_leave_out_undated_items(index):
    on = dict(sort="date", limit=50)
    assert items(search(index, date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 12, 31), **on)) == ["i4", "i5"]
    assert items(search(index, date_to=dt.date(2024, 6, 1), **on)) == ["i4"]
    assert set(items(search(index, date_from=dt.date(2025, 1, 1), **on))) == {"i1", "i2", "i3"}


def test_sorts_by_date_both_ways(index):
    asc = items(search(index, "budget", sort="date"))
    assert asc == ["i6", "i4", "i5", "i1", "i2"]  # undated first, oldest first
    assert items(search(index, "budget", sort="-date")) == asc[::-1]


def test_pages_cover_every_hit_once(index):
    pages = [items(search(index, limit=2, offset=o, sort="date")) for o in (0, 2, 4, 6)]
    assert [len(p) for p in pages] == [2, 2, 2, 0]
    assert sorted(sum(pages, [])) == [f"i{n}" for n in range(1, 7)]
    assert search(index, limit=0).total == 6


def test_snippets_highlight_matches_and_stay_plain_text(index):
    hit = search(index, "café").hits[0]
    assert hit.matched_in == ("title", "text")
    assert [(f.text, f.highlighted) for f in hit.snippet] == [("<script>alert(1)</script> ", False), ("café", True),
                                                              (" budget", False)]
    phrase = search(index, '"ældre sagen"').hits[0]
    assert [f.text for f in phrase.snippet if f.highlighted] == ["Ældre", "Sagen"]
    assert search(index, "00.01.00-A00-3-17").hits[0].matched_in == ("title", "case")


def test_a_long_text_gives_a_short_snippet_around_the_match(index):
    text = "Indledning. " * 100 + "Her står kommuneplanen. " + "Afslutning. " * 100
    index.replace_document("d9", [rec(9, doc="d9", text=text)])
    snippet = search(index, "kommuneplan").hits[0].snippet
    joined = "".join(f.text for f in snippet)
    assert len(joined) < 260 and joined.startswith("…") and joined.endswith("…")
    assert [f.text for f in snippet if f.highlighted] == ["kommuneplanen"]


def test_replace_document_replaces_and_removes(index):
    index.replace_document("d1", [rec(10, title="Ny budgetplan")])
    assert index.documents() == {"d1": 1, "d2": 2, "d3": 1}
    assert items(search(index, "skolereform")) == [] and items(search(index, "budgetplan")) == ["i10"]
    index.remove_document("d2")
    assert index.documents() == {"d1": 1, "d3": 1}


def test_a_failed_replace_leaves_the_index_as_it_was(index, monkeypatch):
    before = (index.documents(), items(search(index, limit=50, sort="date")))
    real = tantivy_index.to_document
    calls = []

    def failing(record):
        calls.append(record)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(record)

    monkeypatch.setattr(tantivy_index, "to_document", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        index.replace_document("d1", [rec(11, title="x"), rec(12, title="y")])
    monkeypatch.setattr(tantivy_index, "to_document", real)
    assert (index.documents(), items(search(index, limit=50, sort="date"))) == before
    index.replace_document("d3", [rec(13, doc="d3", title="efter fejlen")])  # and the writer still works
    assert index.documents() == {"d1": 3, "d2": 2, "d3": 1} and items(search(index, "fejlen")) == ["i13"]


def test_a_record_of_another_document_is_refused_and_nothing_changes(index):
    with pytest.raises(TextIndexError, match="belongs to document d2"):
        index.replace_document("d1", [rec(30, doc="d1"), rec(31, doc="d2")])
    assert index.documents() == {"d1": 3, "d2": 2, "d3": 1}


def test_one_writer_at_a_time(index):
    with pytest.raises(IndexLockedError, match="being written by another process"):
        TantivyIndex(index.path)
    index.close()
    with TantivyIndex(index.path) as again:
        assert again.count() == 6


def test_a_reader_sees_the_writers_commits(index):
    with TantivyIndex(index.path, read_only=True) as reader:
        assert reader.count() == 6
        index.replace_document("d4", [rec(20, doc="d4", title="Helt ny")])
        assert items(search(reader, "helt")) == ["i20"] and reader.count() == 7
        with pytest.raises(TextIndexError, match="read-only"):
            reader.clear()


def test_reopen_keeps_everything_and_clear_removes_it(index):
    index.close()
    with TantivyIndex(index.path) as again:
        assert again.documents() == {"d1": 3, "d2": 2, "d3": 1}
        again.clear()
        assert again.count() == 0 and search(again, "budget").total == 0


def test_a_missing_index_read_only_says_how_to_build_it(tmp_path):
    with pytest.raises(TextIndexError, match="referatgraf index"):
        TantivyIndex(tmp_path / "nothing", read_only=True)


@pytest.mark.parametrize("request_", [
    SearchRequest(filters=(("colour", ("red",)),)), SearchRequest(sort="title"), SearchRequest(limit=-1),
    SearchRequest(offset=-5), SearchRequest(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 1, 1)),
    SearchRequest("x" * 5000),
])
def test_odd_requests_are_syntax_errors(index, request_):
    with pytest.raises(QuerySyntaxError):
        index.search(request_)


@pytest.mark.parametrize("q", ['"', "-", '-"', "***", "a.*", "[", "(", "\\", "ø" * 300, "13/", "/13", "a-", "-a-b"])
def test_odd_queries_never_crash(index, q):
    assert index.search(SearchRequest(q)).total >= 0


def test_open_index_uses_the_settings_folder(tmp_path):
    settings = AppSettings(store=tmp_path / "store")
    with open_index(settings) as idx:
        idx.replace_document("d", [rec(1, doc="d")])
    assert (tmp_path / "store.index").is_dir()
    with open_index(settings, read_only=True) as idx:
        assert idx.count() == 1


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    idx = TantivyIndex(tmp_path_factory.mktemp("shared") / "idx")
    for doc, records in CORPUS.items():
        idx.replace_document(doc, records)
    yield idx
    idx.close()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('abøå ÆB-"/.:012*?[](){}\\|^$+~!'), max_size=60) | st.text(max_size=40))
def test_any_query_answers_or_is_a_syntax_error(shared, q):
    try:
        answer = shared.search(SearchRequest(q, limit=3))
    except QuerySyntaxError:
        return
    assert 0 <= answer.total <= 6 and len(answer.hits) <= 3
    assert all(not f.highlighted or f.text.strip() for h in answer.hits for f in h.snippet)


@pytest.mark.parametrize("day", ["2024-06-01", "01-06-2024", "1-6-2024"])
def test_a_date_finds_the_items_of_that_days_meetings(index, day):
    assert items(search(index, day)) == ["i4"]


def test_a_date_in_the_text_is_found_too_and_an_impossible_date_is_just_a_term(tmp_path):
    with TantivyIndex(tmp_path / "d") as idx:
        idx.replace_document("d", [rec(1, doc="d", text="Udsat til mødet 2025-03-04.", date=dt.date(2025, 1, 2))])
        assert items(search(idx, "2025-03-04")) == ["i1"]
        assert items(search(idx, "31-02-2025")) == []


def test_an_index_of_an_older_analysis_says_rebuild_and_the_rebuild_starts_it_afresh(tmp_path):
    from referatgraf.index.base import TextIndexError
    from referatgraf.index.model import ItemRecord, SearchRequest
    from referatgraf.index.tantivy_index import MARKER, TantivyIndex

    with TantivyIndex(tmp_path / "idx") as idx:
        idx.replace_document("d1", [ItemRecord("i1", "d1", "m1", title="Budget")])
    (tmp_path / "idx" / MARKER).unlink()  # as an index built before analysis versions were recorded
    with TantivyIndex(tmp_path / "idx") as idx:
        with pytest.raises(TextIndexError, match="rebuild it with `referatgraf index`"):
            idx.search(SearchRequest("budget"))
        with pytest.raises(TextIndexError, match="older referatgraf"):
            idx.replace_document("d2", [ItemRecord("i2", "d2", "m2", title="Skole")])
        idx.clear()
        idx.replace_document("d2", [ItemRecord("i2", "d2", "m2", title="Skole")])
        assert idx.documents() == {"d2": 1} and idx.search(SearchRequest("skolen")).total == 1
    assert (tmp_path / "idx" / MARKER).exists()
