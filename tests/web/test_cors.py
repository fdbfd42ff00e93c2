"""CORS over real HTTP: reads (GET/HEAD anywhere, POST to the SPARQL endpoint) are open to every
origin and their preflight gets 204; writes (the upload's POST, PUT, DELETE) get no CORS header,
neither on the preflight nor on the answer — also on a server that accepts uploads."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from referatgraf.settings import Settings
from server_fixtures import MUNICIPALITY, live_server, resources, running_server  # noqa: F401

ORIGIN = "https://client.example"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "minutes" / "chefforum_2019-09-05.txt"


def preflight(url: str, method: str, headers: str = "accept") -> httpx.Response:
    return httpx.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": method,
                                       "Access-Control-Request-Headers": headers})


def read_paths(resources) -> list[str]:
    return [f"/doc/{resources['case']}", "/dataset", "/api/meetings", "/ns/context.jsonld", "/sparql", "/"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_preflight_for_reads(live_server, resources, method):
    for path in read_paths(resources):
        r = preflight(live_server.url + path, method)
        assert r.status_code == 204, path
        assert r.headers["access-control-allow-origin"] == "*"
        methods = {m.strip() for m in r.headers["access-control-allow-methods"].split(",")}
        assert {"GET", "HEAD", "OPTIONS"} <= methods and not {"PUT", "DELETE"} & methods
        assert "accept" in r.headers["access-control-allow-headers"].lower()
        assert int(r.headers["access-control-max-age"]) > 0


def test_reads_carry_allow_origin(live_server, resources):
    for path in read_paths(resources):
        for method in ("GET", "HEAD"):
            r = httpx.request(method, live_server.url + path, headers={"Origin": ORIGIN, "Accept": "text/turtle"})
            assert r.headers["access-control-allow-origin"] == "*", (method, path)
            assert "Link" in r.headers["access-control-expose-headers"]


def test_sparql_post_is_a_read(live_server):
    assert preflight(f"{live_server.url}/sparql", "POST", "content-type").status_code == 204
    r = httpx.post(f"{live_server.url}/sparql", data={"query": "ASK {}"}, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_preflight_for_writes_is_refused(live_server, resources, method):
    for path in ("/api/documents", f"/doc/{resources['case']}", "/dataset"):
        if method == "POST" and path != "/api/documents":
            continue
        r = preflight(live_server.url + path, method, "authorization, content-type")
        assert r.status_code == 403, (method, path)
        assert not [h for h in r.headers if h.startswith("access-control-")], (method, path)


def test_write_answers_carry_no_allow_origin(tmp_path):
    settings = Settings(store=tmp_path / "store", municipality=MUNICIPALITY, write_token="t")
    with running_server(settings) as server:
        url = f"{server.url}/api/documents"
        refused = httpx.post(url, files={"file": ("a.txt", b"x")}, headers={"Origin": ORIGIN})
        assert refused.status_code == 401 and "access-control-allow-origin" not in refused.headers
        done = httpx.post(url, files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, timeout=60,
                          headers={"Origin": ORIGIN, "Authorization": "Bearer t"})
        assert done.status_code == 201, done.text
        assert "access-control-allow-origin" not in done.headers
        for method in ("PUT", "DELETE"):
            r = httpx.request(method, url, headers={"Origin": ORIGIN})
            assert "access-control-allow-origin" not in r.headers
