"""Content negotiation over real HTTP: what cannot be served gets 406 with the available types
(body, ``Link``, ``Vary``); every negotiated answer says ``Vary: Accept``; the dataset page's
RDF links give RDF to a browser."""

from __future__ import annotations

import re

import httpx
import pytest
from rdflib import Graph

from referatgraf.web import conneg
from server_fixtures import live_server, resources  # noqa: F401

PARSERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def _paths(resources) -> list[str]:
    return [f"/doc/{resources['meeting']}", f"/doc/{resources['case']}", "/dataset", "/.well-known/void"]


@pytest.mark.parametrize("accept", ["image/png", "application/pdf, image/*;q=0.5"])
@pytest.mark.parametrize("which", range(4))
def test_unservable_accept_gets_406_with_the_available_types(live_server, resources, accept, which):
    path = _paths(resources)[which]
    r = httpx.get(live_server.url + path, headers={"Accept": accept})
    assert r.status_code == 406
    error = r.json()["error"]
    assert error["status"] == 406
    assert error["available"] == list(conneg.available(conneg.GRAPH_TYPES, html=True))
    for media_type in conneg.GRAPH_TYPES:
        assert media_type in error["detail"]
        assert f'type="{media_type}"' in r.headers["link"]
    assert "Accept" in r.headers["vary"]
    alternate = r.headers["link"].split(",")[1].split(";")[0].strip(" <>")  # the Turtle alternate
    got = httpx.get(live_server.url + alternate, headers={"Accept": accept})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle", "application/ld+json", BROWSER,
                                    "image/png, application/n-triples;q=0.1"])
@pytest.mark.parametrize("which", range(4))
def test_negotiated_answers_vary_on_accept(live_server, resources, accept, which):
    path = _paths(resources)[which]
    r = httpx.get(live_server.url + path, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert "accept" in [v.strip().lower() for v in r.headers["vary"].split(",")]


def test_unknown_format_parameter_gets_406(live_server, resources):
    r = httpx.get(f"{live_server.url}/doc/{resources['case']}", params={"format": "png"})
    assert r.status_code == 406 and "text/turtle" in r.json()["error"]["available"]


@pytest.mark.parametrize("page", ["dataset", "case", "meeting"])
def test_pages_rdf_links_give_rdf_to_a_browser(live_server, resources, page):
    path = "/dataset" if page == "dataset" else f"/doc/{resources[page]}"
    html = httpx.get(live_server.url + path, headers={"Accept": BROWSER})
    assert html.headers["content-type"].startswith("text/html")
    links = re.findall(rf'<a href="({re.escape(path)}[?.][^"]+)"[^>]*>([^<]+)</a>', html.text)
    got = {}
    for href, label in links:
        r = httpx.get(live_server.url + href, headers={"Accept": BROWSER})  # what a click sends
        assert r.status_code == 200, href
        media_type = r.headers["content-type"].split(";")[0]
        got[media_type] = label
        if media_type != "application/json":
            assert len(Graph().parse(data=r.content, format=PARSERS[media_type])) > 5, href
    assert {"text/turtle", "application/ld+json"} <= set(got), links
    assert "Turtle" in got["text/turtle"] and "JSON-LD" in got["application/ld+json"]
