"""Every graph page (``/viz/…``) has a JSON twin at its path + ``.json``: the same nodes and edges
the page draws, typed, with the page named back in ``Link: rel=alternate``; the page names and
links its twin. An unknown anchor's twin is a 404 in the one JSON error shape."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from server_fixtures import live_server  # noqa: F401

SEED_VIEWS = {
    "case": "/viz/case/00.01.00-A00-108-15",
    "person": "/viz/person/albertslund/mie-thorup",
    "department": "/viz/department/albertslund/oekonomi-og-stab",
    "body": "/viz/body/chefforum",
    "kle": "/viz/kle/00.01",
}
PAGE_DATA = re.compile(r'<script type="application/json" id="rg-data">(.*?)</script>', re.S)


def _get(server, path: str) -> httpx.Response:
    return httpx.get(server.url + path, timeout=60)


@pytest.mark.parametrize("kind", SEED_VIEWS)
def test_the_twin_holds_what_the_page_draws(live_server, kind):  # noqa: F811
    path = SEED_VIEWS[kind]
    page, twin = _get(live_server, path), _get(live_server, path + ".json")
    assert page.status_code == twin.status_code == 200
    assert f'<{path}.json>; rel="alternate"; type="application/json"' in page.headers["link"]
    assert f'<{path}>; rel="alternate"; type="text/html"' in twin.headers["link"]
    assert f'href="{path}.json"' in page.text  # a visible link, and <link rel=alternate>
    drawn = json.loads(html.unescape(PAGE_DATA.search(page.text)[1]))
    data = twin.json()
    assert data["kind"] == kind and data["title"]
    assert len(data["nodes"]) == len(drawn["nodes"]) and len(data["edges"]) == len(drawn["edges"])
    assert {n["iri"] for n in data["nodes"]} >= set(data["focus"])
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds and None not in kinds


def test_the_twin_of_an_unknown_anchor_is_a_404(live_server):  # noqa: F811
    r = _get(live_server, "/viz/body/no-such-body.json")
    assert r.status_code == 404 and r.json()["error"]["status"] == 404
