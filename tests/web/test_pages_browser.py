"""The HTML pages in real headless Chromium (Debian's /usr/bin/chromium driven by playwright), with
every non-loopback request blocked: each kind of page renders its content, links onward, runs no
script from a document, and the query editor (bundled YASGUI) runs a query against /sparql.
Every page here loads under the app's Content-Security-Policy with no violation reported (the
``page`` fixture listens for them), a graph page still draws and /docs (Swagger UI) still works.
Screenshots go to tests/screenshots/ (and the case timeline to docs/img/ for the README)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from conftest import ROOT
from server_fixtures import live_server  # noqa: F401

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "tests" / "screenshots"
README_IMG = ROOT / "docs" / "img" / "case-timeline.png"
# runs before any page script: records each CSP violation the browser reports
CSP_LISTENER = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.external_requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]

    def guard(route):  # noqa: ANN001
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            pg.external_requests.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.csp_console = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: "Content Security Policy" in m.text and pg.csp_console.append(m.text))
    pg.add_init_script(CSP_LISTENER)
    yield pg
    assert pg.external_requests == [], "pages must not reach the internet"
    assert pg.csp_console == [], "every page works under its Content-Security-Policy"
    assert csp_violations(pg) == []
    assert pg.dialogs == [], "no script from a document may run"
    context.close()


@pytest.fixture(scope="module")
def targets(live_server) -> dict[str, str]:
    api = live_server.url + "/api"
    meetings = httpx.get(f"{api}/meetings").json()["meetings"]
    meeting = httpx.get(f"{api}/meetings/{meetings[0]['id']}").json()
    item = next(i for i in meeting["items"] if i["case"])
    # the case treated most often makes the best timeline (and README picture)
    numbers = {i["case"]["label"]: i["case"]["id"] for m in meetings
               for i in httpx.get(f"{api}/meetings/{m['id']}").json()["items"] if i["case"]}
    histories = [httpx.get(f"{api}/cases/{n}").json() for n in numbers]
    history = max(histories, key=lambda h: (len(h["events"]), h["case_number"]))
    kle = history["kle"]["id"] if history["kle"] else "kle"
    person = httpx.get(f"{api}/people").json()["items"][0]
    department = httpx.get(f"{api}/departments").json()["items"][0]
    return {"meeting": meeting["id"], "item": item["id"], "case": numbers[history["case_number"]], "kle": kle,
            "person": person["id"], "department": department["id"], "body": meeting["body"]["id"], "case_number": history["case_number"]}


def csp_violations(page) -> list[str]:  # noqa: ANN001
    return page.evaluate("window.cspViolations || []")


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


KINDS = ["meeting", "item", "case", "person", "department", "body", "kle"]


@pytest.mark.parametrize("kind", KINDS)
def test_resource_page_renders(live_server, page, targets, kind):
    local = targets[kind]
    response = page.goto(f"{live_server.url}/id/{local}")  # 303 → /doc/… as a browser follows it
    assert response.status == 200
    assert page.url.endswith(f"/doc/{local}")
    heading = page.locator("h1").inner_text().strip()
    assert heading
    assert page.locator("footer.formats a").count() == 5  # four RDF formats and the JSON twin
    assert page.locator("footer.formats a.json-twin").get_attribute("href") == f"/doc/{local}.json"
    links = page.locator("main a[href^='/doc/']")
    assert links.count() > 0, "each page links onward"
    if kind == "case":
        assert page.locator("ol.timeline > li").count() >= 1
        dates = [d for d in page.locator("ol.timeline time").all_inner_texts()]
        assert dates == sorted(dates)
    if kind == "meeting":
        assert page.locator("ol.items > li").count() >= 1
    shot = shoot(page, f"page-{kind}")
    if kind == "case" and os.environ.get("REFERATGRAF_UPDATE_IMAGES"):  # refresh the docs' picture on request
        README_IMG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, README_IMG)
    # the link to the visual explorer (where the page has one) answers
    for viz in page.locator("a[href^='/viz/']").all():
        assert httpx.get(live_server.url + viz.get_attribute("href"), timeout=60).status_code == 200
    # follow one onward link: it must render too
    href = links.first.get_attribute("href")
    assert page.goto(live_server.url + href).status == 200


def test_home_and_search(live_server, page):
    assert page.goto(live_server.url + "/").status == 200
    assert page.locator("table.list tbody tr").count() >= 5
    page.fill("header form.search input[name=q]", "OEKONOMI")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=OEKONOMI")
    assert page.locator("table.hits tbody tr").count() >= 1
    assert page.locator("aside.facets section.facet").count() >= 1
    shoot(page, "search")


def test_query_editor_runs_a_query(live_server, page):
    assert page.goto(live_server.url + "/query-editor").status == 200
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    tabs = page.locator(".tabsList .tab")
    assert tabs.count() >= 2, "example queries are offered as tabs"
    page.evaluate("""() => { window.referatgrafYasgui.getTab().setQuery(
        'SELECT ?m WHERE { ?m a <http://data.vlaanderen.be/ns/besluit#Zitting> } LIMIT 5'); return true; }""")
    page.locator(".yasqe_queryButton").first.click()
    page.wait_for_selector(".yasr .dataTable tbody tr, .yasr table tbody tr", timeout=15_000)
    rows = page.locator(".yasr table tbody tr").count()
    assert rows >= 1
    shoot(page, "query-editor")


def test_dataset_page(live_server, page):
    assert page.goto(live_server.url + "/dataset").status == 200
    assert "N-Quads" in page.content()
    shoot(page, "dataset")


def test_violations_are_seen(live_server, page):
    """The listener works and the policy is enforced: an inline script and an inline style are refused."""
    assert page.goto(live_server.url + "/").status == 200
    page.evaluate("""() => { const d = document.createElement("div");
        d.innerHTML = '<img src="/static/referatgraf.css" onerror="window.ran = 1"><b style="color: red">x</b>';
        document.body.appendChild(d); }""")
    # polled from here: wait_for_function would evaluate its predicate as a string, which this
    # very policy forbids ('unsafe-eval'); and the console reports come after the events
    assert _eventually(lambda: page.evaluate("() => window.cspViolations.length") >= 2 and len(page.csp_console) >= 2)
    seen = csp_violations(page)
    assert page.evaluate("() => window.ran === undefined")
    assert any(v.startswith("script-src-attr") for v in seen) and any(v.startswith("style-src-attr") for v in seen)
    page.evaluate("() => { window.cspViolations = []; }")
    page.csp_console.clear()


def _eventually(check, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_graph_page_draws(live_server, page, targets):
    assert page.goto(f"{live_server.url}/viz/case/{targets['case_number']}").status == 200
    assert _eventually(lambda: page.evaluate("() => !!(window.rgViz && window.rgViz.stable)"), 30)
    assert page.locator("#rg-graph canvas").count() == 1
    assert page.evaluate("rgViz.nodes.length") >= 2
    swatch = page.locator(".rg-swatch").first  # its colour is set by viz.js, not an inline style
    assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
    shoot(page, "csp-graph")


def test_api_explorer_works(live_server, page):
    assert page.goto(live_server.url + "/docs").status == 200
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 20
    page.locator(".opblock-summary", has_text="/api/meetings").first.click()
    page.locator("button.try-out__btn").first.click()
    page.locator("button.execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip().startswith("200")
    shoot(page, "csp-docs")
