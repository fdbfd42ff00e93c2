"""The search API, page, JSON twin and CSV download over the index of the seeds and examples."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLES_DIR, SEED_FILES
from index_fixtures import built_index
from referatgraf.ingest.pipeline import ingest_paths
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore
from referatgraf.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("search-web")
    settings = Settings(store=root / "store", municipality="Albertslund")
    store = EmbeddedStore(settings.store)
    ingest_paths(SEED_FILES, store, settings)
    ingest_paths([EXAMPLES_DIR / "minutes"], store, Settings(store=settings.store, municipality="Egebjerg"))
    index = built_index(store, settings)
    patch = pytest.MonkeyPatch()
    with TestClient(create_app(settings, store)) as c:
        yield c
    patch.undo()
    index.close()
    store.close()


def test_api_filters_sorts_and_pages(client) -> None:
    everything = client.get("/api/search", params={"limit": 5}).json()
    assert everything["total"] > 100 and len(everything["hits"]) == 5 and everything["next_offset"] == 5
    chef = client.get("/api/search", params={"body": "Chefforum", "sort": "-date", "limit": 500}).json()
    assert chef["total"] and {h["body"] for h in chef["hits"]} == {"Chefforum"}
    dates = [h["date"] for h in chef["hits"]]
    assert dates == sorted(dates, reverse=True)
    two = client.get("/api/search", params=[("municipality", "albertslund"), ("municipality", "egebjerg"),
                                            ("limit", "1")]).json()
    assert two["total"] == everything["total"]  # OR within a facet
    assert {f["value"] for f in two["facets"]["municipality"]} == {"albertslund", "egebjerg"}
    counted = {f["value"]: f["count"] for f in everything["facets"]["municipality"]}
    assert sum(counted.values()) == everything["total"]


def test_api_dates_and_flags(client) -> None:
    data = client.get("/api/search", params={"from": "2019-10-01", "to": "2019-12-31", "has_decision": "true",
                                             "limit": 500}).json()
    assert data["total"] and all("2019-10-01" <= h["date"] <= "2019-12-31" for h in data["hits"])
    assert client.get("/api/search", params={"sort": "size"}).status_code == 422


def test_openapi_types_the_search(client) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "body", "municipality", "kind", "kle", "case", "proposer", "person", "closed", "has_decision",
            "from", "to", "sort", "limit", "offset"} <= params.keys()
    assert params["body"]["schema"]["anyOf"][0]["type"] == "array"  # repeat the parameter for several


def test_page_has_danish_labels_facets_paging_and_csv_link(client) -> None:
    page = client.get("/search", params={"q": "", "body": "Chefforum", "limit": 5}).text
    for label in ("Søg", "Resultater", "Udvalg", "Dato", "Sortér", "Næste", "CSV"):
        assert label in page, label
    assert 'href="/search?body=Chefforum&amp;limit=5&amp;offset=5"' in page
    assert 'href="/search.csv?body=Chefforum&amp;limit=5"' in page
    assert "✕ Chefforum" in page  # the chosen filter links to its removal
    assert re.search(r'href="/search\?body=Chefforum&amp;limit=5&amp;sort=-date"', page)


def test_blank_page_is_only_the_form(client) -> None:
    page = client.get("/search").text
    assert "Resultater" not in page and 'name="q"' in page
    assert client.get("/search.json").json()["hits"] == []


def test_csv_streams_every_match_not_one_page(client) -> None:
    total = client.get("/api/search", params={"body": "Chefforum", "limit": 1}).json()["total"]
    response = client.get("/search.csv", params={"body": "Chefforum", "limit": 5})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and {r["body"] for r in rows} == {"Chefforum"}


def test_twin_has_the_pages_hits(client) -> None:
    data = client.get("/search.json", params={"body": "Chefforum", "limit": 3}).json()
    page = client.get("/search", params={"body": "Chefforum", "limit": 3}).text
    assert len(data["hits"]) == 3 and all(h["item"]["label"] in page for h in data["hits"] if h["item"]["label"])


def test_snippets_are_escaped_and_only_matches_are_marked() -> None:
    from referatgraf.read.schemas import Ref, SearchHit, SearchResult, SnippetFragment
    from referatgraf.web.pages import FACET_LABELS, SORT_LABELS, _env, search_href

    hit = SearchHit(item=Ref(iri="https://e.org/id/x/item/1", id="x/item/1", label="<b>Titel</b>"),
                    meeting=Ref(iri="https://e.org/id/x", id="x"), matched_in=["text"], score=1.0,
                    fragments=[SnippetFragment(text="før <script>alert(1)</script> "),
                               SnippetFragment(text="budget<i>", highlighted=True)])
    result = SearchResult(total=1, limit=20, offset=0, query="budget", hits=[hit])
    html = _env.get_template("search.html").render(
        q="budget", result=result, params=[("q", "budget")], link=search_href, facet_labels=FACET_LABELS,
        sort_labels=SORT_LABELS, shown=12, csv_href="/search.csv?q=budget", href=lambda iri: str(iri))
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>budget&lt;i&gt;</mark>" in html and html.count("<mark>") == 1
    assert "&lt;b&gt;Titel&lt;/b&gt;" in html


def test_page_says_when_the_index_is_behind_the_store(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store", municipality="Egebjerg")
    store = EmbeddedStore(settings.store)
    ingest_paths([EXAMPLES_DIR / "minutes" / "chefforum_2019-09-05.txt"], store, settings)
    index = built_index(store, settings)
    ingest_paths([EXAMPLES_DIR / "minutes" / "chefforum_2019-10-03.txt"], store, settings)  # not indexed
    patch = pytest.MonkeyPatch()
    try:
        with TestClient(create_app(settings, store)) as c:
            page = c.get("/search", params={"q": "budget"}).text
            api = c.get("/api/search", params={"q": "budget"}).json()
            twin = c.get("/search.json", params={"q": "budget"}).json()
        assert "referatgraf index" in page and "1 document(s) not indexed" in page
        assert "1 document(s) not indexed" in api["index_notice"] and twin["index_notice"] == api["index_notice"]
    finally:
        patch.undo()
        index.close()
        store.close()


def test_an_index_in_step_with_the_store_adds_no_notice(client) -> None:
    assert client.get("/api/search", params={"q": "budget"}).json()["index_notice"] is None
