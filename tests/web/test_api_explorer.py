"""The API explorer (/docs) works offline: every asset it loads is served by the app itself."""

from __future__ import annotations

import re

import httpx

from server_fixtures import live_server  # noqa: F401


def test_docs_page_loads_only_local_assets(live_server):
    page = httpx.get(live_server.url + "/docs", timeout=30)
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""", page.text)
    urls = [a or b for a, b in assets]
    assert urls, "the page names no assets"
    for url in urls:
        assert not url.startswith(("http:", "https:", "//")), url
        assert httpx.get(live_server.url + url, timeout=30).status_code == 200, url


def test_openapi_schema_is_served(live_server):
    schema = httpx.get(live_server.url + "/openapi.json", timeout=30).json()
    assert "/api/cases/{case_number}" in schema["paths"]
