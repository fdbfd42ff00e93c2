"""Every HTML page has a JSON twin at its path + ``.json`` (home: ``/index.json``), made from the
same data: the twin answers 200 with the page's facts, the page names it in ``Link: rel=alternate``
(entities also their RDF formats) and links it visibly; an unknown resource's twin is a 404 in
the one JSON error shape."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from markupsafe import escape

from server_fixtures import live_server  # noqa: F401

JSON_TYPE = 'rel="alternate"; type="application/json"'


def get(server, path: str, **kwargs) -> httpx.Response:
    return httpx.get(server.url + path, timeout=60, **kwargs)


@pytest.fixture(scope="module")
def targets(live_server) -> dict[str, str]:  # noqa: F811
    """One local id per kind of entity page."""
    meetings = get(live_server, "/api/meetings").json()["meetings"]
    meeting = get(live_server, f"/api/meetings/{meetings[0]['id']}").json()
    item = next(i for i in meeting["items"] if i["case"])
    person = get(live_server, "/api/people").json()["items"][0]
    department = get(live_server, "/api/departments").json()["items"][0]
    out = {"meeting": meeting["id"], "item": item["id"], "case": item["case"]["id"], "person": person["id"],
           "department": department["id"], "body": meeting["body"]["id"]}
    for summary in meetings:  # a KLE subject some case is filed under
        for it in get(live_server, f"/api/meetings/{summary['id']}").json()["items"]:
            if it["case"] and (kle := get(live_server, f"/api/cases/{it['case']['label']}").json()["kle"]):
                return {**out, "kle": kle["id"]}
    return out


PAGES = ["/", "/search?q=oekonomi", "/search", "/query-editor", "/dataset", "/.well-known/void"]
TWINS = {"/": "/index.json", "/search?q=oekonomi": "/search.json?q=oekonomi", "/search": "/search.json",
         "/query-editor": "/query-editor.json", "/dataset": "/dataset.json",
         "/.well-known/void": "/.well-known/void.json"}


def page_and_twin(server, path: str, twin: str) -> tuple[httpx.Response, httpx.Response]:
    page = get(server, path, headers={"Accept": "text/html"})
    assert page.status_code == 200, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    assert f"<{twin}>; {JSON_TYPE}" in page.headers["link"], page.headers.get("link")
    assert f'href="{escape(twin)}"' in page.text, "the page links its JSON twin visibly"
    data = get(server, twin)
    assert data.status_code == 200, data.text[:300]
    assert data.headers["content-type"].startswith("application/json")
    back = path.split("?")[0]
    assert f"<{back}" in data.headers["link"] and 'type="text/html"' in data.headers["link"]
    return page, data


@pytest.mark.parametrize("path", PAGES)
def test_site_pages_have_json_twins(live_server, path):  # noqa: F811
    page_and_twin(live_server, path, TWINS[path])


def test_home_twin_has_the_home_facts(live_server):  # noqa: F811
    page, data = page_and_twin(live_server, "/", "/index.json")
    twin = data.json()
    assert f"{twin['total']} meetings" in page.text
    assert twin["meetings"], "the newest meetings"
    for m in twin["meetings"]:
        assert f'href="/doc/{m["id"]}"' in page.text
    dates = [m["date"] for m in twin["meetings"]]
    assert dates == sorted(dates, reverse=True)
    assert get(live_server, "/.json").json() == twin


def test_search_twin_has_the_hits_of_the_page(live_server):  # noqa: F811
    page, data = page_and_twin(live_server, "/search?q=oekonomi", "/search.json?q=oekonomi")
    twin = data.json()
    assert twin["query"] == "oekonomi" and twin["total"] >= 1
    assert f"{twin['total']} punkt(er)" in page.text
    for hit in twin["hits"]:
        assert f'href="/doc/{hit["item"]["id"]}"' in page.text
    assert get(live_server, "/search.json").json()["hits"] == []


def test_editor_twin_lists_the_examples(live_server):  # noqa: F811
    page, data = page_and_twin(live_server, "/query-editor", "/query-editor.json")
    examples = data.json()["examples"]
    assert len(examples) >= 12
    for example in examples:
        assert f">{example['name']}</option>" in page.text


def test_dataset_twin_agrees_with_the_page(live_server):  # noqa: F811
    page, data = page_and_twin(live_server, "/dataset", "/dataset.json")
    info = data.json()
    assert info["triples"] == live_server.store.triple_count()
    assert f"<dd>{info['triples']}</dd>" in page.text
    assert info["uri_space"] == f"{live_server.base_iri}id/"
    assert info["sparql_endpoint"].endswith("/sparql")
    assert get(live_server, "/.well-known/void.json").json() == info


KINDS = ["meeting", "item", "case", "person", "department", "body", "kle"]


@pytest.mark.parametrize("kind", KINDS)
def test_entity_pages_have_json_twins(live_server, targets, kind):  # noqa: F811
    if kind not in targets:
        pytest.skip(f"no {kind} in the seeds")
    local = targets[kind]
    page, data = page_and_twin(live_server, f"/doc/{local}", f"/doc/{local}.json")
    for suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        assert f"</doc/{local}{suffix}>" in page.headers["link"]
    assert f"</doc/{local}.json>; {JSON_TYPE}" in data.headers["link"]
    twin = data.json()
    assert twin["id"] == local and twin["kind"] == kind
    assert twin["data"] is not None
    assert str(escape(twin["iri"])) in page.text
    if twin["label"]:
        assert str(escape(twin["label"])) in page.text


def test_entity_twins_are_the_api_objects(live_server, targets):  # noqa: F811
    """The twin's data is the object the JSON API gives for the same resource."""
    api = {"meeting": "/api/meetings/{}", "item": "/api/items/{}", "person": "/api/people/{}"}
    for kind, path in api.items():
        twin = get(live_server, f"/doc/{targets[kind]}.json").json()["data"]
        assert twin == get(live_server, path.format(targets[kind])).json(), kind
    case = get(live_server, f"/doc/{targets['case']}.json").json()["data"]
    assert case == get(live_server, f"/api/cases/{case['case_number']}").json()


def test_meeting_twin_has_the_items_of_the_page(live_server, targets):  # noqa: F811
    local = targets["meeting"]
    page = get(live_server, f"/doc/{local}.html").text
    twin = get(live_server, f"/doc/{local}.json").json()["data"]
    assert f"Agenda ({len(twin['items'])} items)" in page and twin["items"]
    for item in twin["items"]:
        assert f'href="/doc/{item["id"]}"' in page


@pytest.mark.parametrize("path", [
    "/doc/albertslund/meeting/chefforum/1900-01-01.json",
    "/doc/albertslund/case/no-such-case.json",
    "/doc/x%20y.json",
    "/doc/" + quote('"><script>') + ".json",
])
def test_unknown_twin_is_a_json_404(live_server, path):  # noqa: F811
    r = get(live_server, path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["status"] == 404


def test_twins_do_not_change_the_rdf_formats(live_server, targets):  # noqa: F811
    local = targets["case"]
    assert get(live_server, f"/doc/{local}.jsonld").headers["content-type"].startswith("application/ld+json")
    turtle = get(live_server, f"/doc/{local}", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert f"</doc/{local}.json>; {JSON_TYPE}" in turtle.headers["link"]
