"""Security headers over real HTTP on every GET route (walked from ``app.routes``): ``nosniff``
everywhere, and on each HTML page the one Content-Security-Policy, ``frame-ancestors 'none'`` and
the referrer policy; error answers and the upload's answers carry ``nosniff`` too."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx

from route_examples import examples, get_paths  # noqa: F401 - examples is a fixture
from server_fixtures import live_server, resources  # noqa: F401
from referatgraf.web.app import STATIC
from referatgraf.web.security import CSP, YASR_RESIZER_STYLE

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
# the routes whose answer is a page (any other route answering HTML, or one of these not, fails)
HTML_ROUTES = {"/", "/docs", "/.well-known/void", "/query-editor", "/id/{id:path}", "/doc/{id:path}", "/dataset", "/search",
               "/viz/case/{case_number:path}", "/viz/person/{id:path}", "/viz/department/{id:path}",
               "/viz/body/{id:path}", "/viz/kle/{notation}"}


def _directives(policy: str) -> dict[str, str]:
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split(";") if d.strip()}


def test_the_policy_allows_only_our_own_code():
    d = _directives(CSP)
    assert d["default-src"] == "'self'"
    assert d["script-src"] == "'self'" and d["style-src"] == f"'self' {YASR_RESIZER_STYLE}"
    assert d["frame-ancestors"] == "'none'" and d["object-src"] == "'none'"
    assert "unsafe" not in CSP and "http" not in CSP


def test_the_allowed_style_hash_is_yasrs_resizer_style():
    bundle = (STATIC / "vendor" / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    [style] = re.findall(r"createStyle\(a,`( \.grip-resizable\{[^`]*)`\)", bundle)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert YASR_RESIZER_STYLE == f"'sha256-{digest}'"


def test_every_get_route_carries_the_headers(live_server, examples):
    pages = set()
    with httpx.Client(base_url=live_server.url, timeout=60, headers=BROWSER) as client:
        for template in get_paths(live_server.app):
            r = client.get(examples[template])  # /id/… answers 303: its page is checked below
            assert r.status_code < 400, (template, r.status_code)
            assert r.headers["x-content-type-options"] == "nosniff", template
            if r.headers.get("content-type", "").startswith("text/html"):
                pages.add(template)
                assert r.headers["content-security-policy"] == CSP, template
                assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin", template
                assert len(r.headers.get_list("content-security-policy")) == 1, template
            else:
                assert "content-security-policy" not in r.headers, template
        seen = client.get(examples["/id/{id:path}"], follow_redirects=True)
        assert seen.headers["content-security-policy"] == CSP
        pages.add("/id/{id:path}")
    assert pages == HTML_ROUTES


def test_pages_hold_no_inline_script_or_style(live_server, examples):
    with httpx.Client(base_url=live_server.url, timeout=60, headers=BROWSER) as client:
        for template in HTML_ROUTES - {"/id/{id:path}"}:
            html = client.get(examples[template]).text.lower()
            scripts = html.count("<script")
            assert scripts == html.count("<script src=") + html.count('<script type="application/'), template
            assert "<style" not in html and " style=" not in html, template
            assert "javascript:" not in html, template


def test_errors_carry_nosniff(live_server):
    missing = httpx.get(f"{live_server.url}/doc/no/such/thing")
    assert missing.status_code == 404 and missing.headers["x-content-type-options"] == "nosniff"
    refused = httpx.post(f"{live_server.url}/api/documents", files={"file": ("a.txt", b"x")})
    assert refused.status_code in (401, 403) and refused.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in refused.headers
