"""The read core's search answers: cached per index generation, never stale after a commit."""

from __future__ import annotations

from referatgraf.index.model import ItemRecord
from referatgraf.index.tantivy_index import TantivyIndex
from referatgraf.read.search import make_request, search_result


def test_a_repeated_search_is_answered_from_the_cache_until_the_index_changes(tmp_path):
    with TantivyIndex(tmp_path / "idx") as index, TantivyIndex(tmp_path / "idx", read_only=True) as reader:
        index.replace_document("d1", [ItemRecord("i1", "d1", "m1", title="Budget", body="Byrådet")])
        first = search_result(reader, "http://x", make_request("budget"))
        assert search_result(reader, "http://x", make_request("budget")) is first
        assert search_result(reader, "http://x", make_request("budget", limit=5)) is not first
        index.replace_document("d2", [ItemRecord("i2", "d2", "m2", title="Budget 2", body="Ældrerådet")])
        after = search_result(reader, "http://x", make_request("budget"))
        assert after.total == 2 and first.total == 1
        assert {f.value: f.count for f in after.facets["body"]} == {"Byrådet": 1, "Ældrerådet": 1}
        index.remove_document("d2")
        assert search_result(reader, "http://x", make_request("budget")).total == 1
