"""A concrete request for every GET route of the app (walked from ``app.routes``), shared by the
tests that check something on every route (HEAD in test_head.py, security headers in
test_security_headers.py): a new route without an example here fails
``test_every_get_route_has_an_example``."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Mount


def routes(routes_: list) -> list:
    """Every route of the app, FastAPI's included routers opened (they nest from 0.16x on)."""
    out = []
    for route in routes_:
        if hasattr(route, "effective_candidates"):
            out += routes(route.effective_candidates())
        else:
            out.append(route)
    return out


def get_paths(app) -> list[str]:  # noqa: ANN001
    """Route templates that answer GET (a mount: its path)."""
    found = []
    for route in routes(app.routes):
        if isinstance(route, Mount):
            found.append(route.path + "/{file}")
        elif "GET" in (route.methods or ()):
            found.append(route.path)
    return sorted(set(found))


@pytest.fixture(scope="module")
def examples(live_server, resources) -> dict[str, str]:  # noqa: F811
    """A concrete request for each GET route template (values from the shared server's data)."""
    url = live_server.url
    department = httpx.get(f"{url}/api/departments").json()["items"][0]["id"]
    meeting = httpx.get(f"{url}/api/meetings/{resources['meeting']}").json()
    body = meeting["body"]["id"]
    case_number = httpx.get(f"{url}/api/items/{resources['item']}").json()["case"]["label"]
    return {
        "/": "/", "/.json": "/.json", "/index.json": "/index.json", "/docs": "/docs", "/openapi.json": "/openapi.json",
        "/static/{file}": "/static/referatgraf.css", "/sparql": "/sparql?query=ASK%7B%7D",
        "/sparql/": "/sparql/?query=ASK%7B%7D", "/query-editor": "/query-editor",
        "/query-editor.json": "/query-editor.json", "/id/{id:path}": f"/id/{resources['case']}",
        "/doc/{id:path}": f"/doc/{resources['meeting']}", "/dataset": "/dataset", "/dataset.json": "/dataset.json",
        "/.well-known/void": "/.well-known/void", "/.well-known/void.json": "/.well-known/void.json",
        "/dumps/{name}": "/dumps/referatgraf.ttl.gz", "/ns/context.jsonld": "/ns/context.jsonld",
        "/api/meetings": "/api/meetings", "/api/meetings/{id:path}": f"/api/meetings/{resources['meeting']}",
        "/api/items/{id:path}": f"/api/items/{resources['item']}",
        "/api/cases/{case_number:path}": f"/api/cases/{case_number}", "/api/people": "/api/people",
        "/api/people/{id:path}": f"/api/people/{resources['person']}", "/api/departments": "/api/departments",
        "/api/search": "/api/search?q=budget", "/search": "/search?q=budget", "/search.json": "/search.json?q=budget",
        "/search.csv": "/search.csv?q=budget", "/viz/static/{name}": "/viz/static/viz.css",
        "/viz/case/{case_number:path}": f"/viz/case/{case_number}", "/viz/person/{id:path}": f"/viz/person/{resources['person']}",
        "/viz/department/{id:path}": f"/viz/department/{department}", "/viz/body/{id:path}": f"/viz/body/{body}",
        "/viz/kle/{notation}": "/viz/kle/00", "/api/analytics/actors": "/api/analytics/actors",
        "/api/analytics/cases": "/api/analytics/cases", "/api/analytics/communities": "/api/analytics/communities",
    }
