"""HEAD on every GET route of the app (walked from ``app.routes``, so a new route is covered or
this test names it): same status and headers as GET, no body — over real HTTP."""

from __future__ import annotations

import httpx

from route_examples import examples, get_paths  # noqa: F401 - examples is a fixture
from server_fixtures import live_server, resources  # noqa: F401

# headers that differ between any two requests
_PER_REQUEST = {"date", "server"}


def test_every_get_route_has_an_example(live_server, examples):
    assert set(get_paths(live_server.app)) - set(examples) == set()


def test_head_answers_like_get_on_every_get_route(live_server, examples):
    checked = []
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        for template in get_paths(live_server.app):
            path = examples[template]
            got, head = client.get(path), client.head(path)
            assert head.status_code == got.status_code, path
            assert head.content == b"", path
            assert _headers(head) == _headers(got), path
            checked.append((path, got.status_code))
    assert len(checked) >= 35
    assert [c for c in checked if c[1] >= 400] == [], checked  # the examples are real resources


def test_405_names_head_too(live_server, resources):
    r = httpx.post(f"{live_server.url}/doc/{resources['case']}")
    assert r.status_code == 405
    assert [m.strip() for m in r.headers["allow"].split(",")] == ["GET", "HEAD"]


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in _PER_REQUEST}
