"""Graph pages in real headless Chromium with the network cut off (only 127.0.0.1 and local files).

Each view of the seeds loads (with no Content-Security-Policy violation) and its vis DataSet
holds the nodes the seeds' facts call for;
clicking a case node opens the case page; filters and search act on the DataSet; and a document
whose every string is an XSS payload is shown as text without running anything. Screenshots go
to tests/screenshots/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from server_fixtures import live_server, running_server  # noqa: F401 - live_server is a fixture

from conftest import ROOT
from referatgraf.settings import Settings
from referatgraf.viz import views

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "tests" / "screenshots"
CASE = "00.01.00-A00-108-15"
SEED_VIEWS = {  # kind → (identifier, path)
    "case": (CASE, f"/viz/case/{CASE}"),
    "person": ("mie-thorup", "/viz/person/albertslund/mie-thorup"),
    "department": ("albertslund/oekonomi-og-stab", "/viz/department/albertslund/oekonomi-og-stab"),
    "body": ("chefforum", "/viz/body/chefforum"),
    "kle": ("00.01", "/viz/kle/00.01"),
}
READ_NODES = "() => rgViz.nodes.get().map(n => ({id: n.id, group: n.group, label: n.label, url: n.url, " \
             "date: n.date, hidden: !!n.hidden, tip: n.tip}))"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing on CI")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose requests leave the machine only to be refused and recorded."""

    def __init__(self, browser) -> None:  # noqa: ANN001
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.remote: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.csp: list[str] = []  # what the browser refused under the page's Content-Security-Policy
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: "Content Security Policy" in m.text and self.csp.append(m.text))

    def _route(self, route) -> None:  # noqa: ANN001
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:  # noqa: ANN001
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> list[dict]:
        """Load a graph page, wait until its layout is frozen, return the DataSet's nodes."""
        response = self.page.goto(url)
        assert response is None or response.status == 200, url
        self.page.wait_for_function("() => window.rgViz && window.rgViz.stable", timeout=30_000)
        return self.page.evaluate(READ_NODES)

    def node_point(self, node_id: int) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        return tuple(self.page.evaluate("""id => {
            const p = rgViz.network.canvasToDOM(rgViz.network.getPositions([id])[id]);
            const r = document.getElementById('rg-graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""", node_id))

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture
def watched(browser):  # noqa: ANN001
    w = Watched(browser)
    yield w
    w.context.close()
    assert w.csp == [], "graph pages, their tooltips and their search work under the CSP"


def groups(nodes: list[dict]) -> Counter:
    return Counter(n["group"] for n in nodes)


# -- the seeds -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(SEED_VIEWS))
def test_each_seed_view_loads_with_the_expected_nodes(watched, live_server, kind):  # noqa: F811
    ident, path = SEED_VIEWS[kind]
    nodes = watched.open(live_server.url + path)
    view = views.build_view(live_server.store, live_server.settings, kind, ident)
    expected = Counter(a["type"] for _, a in view.graph.nodes(data=True))
    assert groups(nodes) == expected
    focus = [n for n in nodes if n["label"] and n["url"] == _doc(live_server, view.focus[0])]
    assert len(focus) == 1, "the focus node is drawn once and links to its page"
    watched.shot(f"viz-{kind}")
    assert watched.remote == [] and watched.errors == [] and watched.dialogs == []


def _doc(server, iri: str) -> str:
    return "/doc/" + iri.split("/id/", 1)[1]


def test_case_view_holds_items_2_7_8_of_2016_09_01(watched, live_server, seed_meetings):  # noqa: F811
    nodes = watched.open(f"{live_server.url}/viz/case/{CASE}")
    items = [(m.date.isoformat(), i) for m in seed_meetings.values() for i in m.items if i.case_number == CASE]
    assert sorted((d, i.order) for d, i in items) == [("2016-09-01", 2), ("2016-09-01", 7), ("2016-09-01", 8)]
    drawn = sorted((n["date"], int(n["label"].split(".")[0])) for n in nodes if n["group"] == "item")
    assert drawn == sorted((d, i.order) for d, i in items)
    assert groups(nodes)["decision"] == sum(len(i.decisions) for _, i in items)
    assert groups(nodes)["attachment"] == sum(len(i.attachments) for _, i in items)
    assert [n["label"] for n in nodes if n["group"] == "meeting"] == ["2016-09-01"]


def test_body_and_kle_views_follow_the_seeds(watched, live_server, seed_meetings):  # noqa: F811
    body = watched.open(live_server.url + "/viz/body/chefforum")
    assert sorted(n["date"] for n in body if n["group"] == "meeting") == \
        sorted(m.date.isoformat() for m in seed_meetings.values())
    kle = watched.open(live_server.url + "/viz/kle/00.01")
    cases = {i.case_number for m in seed_meetings.values() for i in m.items
             if i.case and (i.case.kle_subject or "").startswith("00.01")}
    assert {n["label"] for n in kle if n["group"] == "case"} == cases


def test_clicking_a_case_node_opens_the_case_page(watched, live_server):  # noqa: F811
    nodes = watched.open(f"{live_server.url}/viz/case/{CASE}")
    case = next(n for n in nodes if n["group"] == "case")
    x, y = watched.node_point(case["id"])
    with watched.page.expect_navigation() as navigation:
        watched.page.mouse.click(x, y)
    assert navigation.value.status == 200
    assert watched.page.url == f"{live_server.url}/doc/albertslund/case/{CASE}"
    assert CASE in watched.page.inner_text("body")


def test_filters_and_search_act_on_the_dataset(watched, live_server):  # noqa: F811
    nodes = watched.open(live_server.url + "/viz/body/chefforum")
    page = watched.page
    page.uncheck("input.rg-type[value=case]")
    after = page.evaluate(READ_NODES)
    assert {n["group"] for n in after if n["hidden"]} == {"case"}
    page.check("input.rg-type[value=case]")
    page.fill("#rg-from", "2017-01-01")
    page.dispatch_event("#rg-from", "change")
    hidden = {n["label"] for n in page.evaluate(READ_NODES) if n["hidden"]}
    assert hidden == {n["label"] for n in nodes if n["date"] and n["date"] < "2017-01-01"} and hidden
    page.fill("#rg-search", "2019-01-17")
    assert page.evaluate("rgViz.network.getSelectedNodes().length") == 1
    assert page.inner_text("#rg-search-status") == "1 match"


# -- a hostile document --------------------------------------------------------------------------
XSS = {
    "body": 'Udvalg <img src=x onerror="window.__xss=1;alert(1)">',
    "title": '<script>window.__xss=2;document.title="pwned"</script>',
    "case": '"><svg onload=alert(3)>\'x',
    "attachment": '<a href="javascript:alert(4)">Bilag</a>',
    "decision": "href=javascript:alert(5) '\"><iframe src=\"javascript:alert(6)\"></iframe>",
    "person": "<img src=x onerror=alert(7)> Hansen",
}


def xss_meeting():
    """A meeting whose every free-text field is an attack (invented, not seed text)."""
    from referatgraf.parse.case_number import CaseNumber
    from referatgraf.parse.model import (AgendaItem, Attachment, Decision, Meeting, ParseReport,
                                         SourceDocument)

    case = CaseNumber(raw=XSS["case"], scheme="kle", year=2021, serial=1, kle_subject="00.01.00", facet="A00")
    items = [AgendaItem(number=n, title=XSS["title"], raw_title=XSS["title"] + f" v. {XSS['person']}",
                        cases=[case], presenters=[XSS["person"]], lines=(10 * n, 10 * n + 9),
                        decisions=[Decision(text=XSS["decision"], lines=(10 * n + 2, 10 * n + 3))],
                        attachments=[Attachment(title=XSS["attachment"], line=10 * n + 5)])
             for n in (1, 2)]
    return Meeting(body=XSS["body"], municipality="Albertslund", date=dt.date(2021, 3, 4),
                   location='<b onmouseover="alert(8)">Lokale</b>', items=items,
                   source=SourceDocument(file_name="xss.txt", sha256="cd" * 32, media_type="text/plain"),
                   report=ParseReport(layout="test"))


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory):
    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.ingest.pipeline import ingest_meeting

    directory = tmp_path_factory.mktemp("viz-xss") / "store"
    settings = Settings(store=directory, municipality="Albertslund")
    store = EmbeddedStore(directory)
    try:
        ingest_meeting(xss_meeting(), store, settings)
    finally:
        store.close()
    with running_server(settings) as server:
        yield server


def _hover_every_node(watched: Watched, nodes: list[dict]) -> str:
    """Move the real mouse over each node so vis builds its tooltip; return the tooltips' text."""
    seen = []
    for node in nodes:
        x, y = watched.node_point(node["id"])
        watched.page.mouse.move(x, y)
        watched.page.wait_for_timeout(180)
        seen.append(watched.page.evaluate(
            "() => Array.from(document.querySelectorAll('div.vis-tooltip')).map(t => t.textContent).join(' ')"))
    return " ".join(seen)


def _assert_nothing_ran(watched: Watched, title: str) -> None:
    page = watched.page
    assert watched.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.title() == title and "pwned" not in page.title()
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, script:not([src]):not([type])').length") == 0
    assert watched.remote == [] and watched.errors == []


@pytest.mark.parametrize("kind,ident", [("case", XSS["case"]), ("body", "albertslund/body/" + "udvalg-img-src-x"
                                        "-onerror-window-xss-1-alert-1"), ("kle", "00.01")])
def test_xss_document_is_shown_as_text_and_runs_nothing(watched, xss_server, kind, ident):
    view = views.build_view(xss_server.store, xss_server.settings, kind, ident)
    path = f"/viz/{kind}/{quote(ident, safe='/')}"
    nodes = watched.open(xss_server.url + path)
    tooltips = _hover_every_node(watched, nodes)
    watched.page.fill("#rg-search", XSS["title"])
    watched.page.keyboard.press("Enter")
    _assert_nothing_ran(watched, f"{view.title} · referatgraf")
    labels = " ".join(n["label"] for n in nodes) + " " + tooltips
    assert XSS["case"] in labels  # the payload is there, as text
    if kind == "case":
        assert XSS["title"] in tooltips and XSS["decision"] in tooltips
        assert watched.page.evaluate("rgViz.network.getSelectedNodes().length") == 2  # both items found
        watched.shot("viz-xss-case")


def test_exported_xss_page_is_safe_offline(watched, xss_server, tmp_path):
    from referatgraf.viz.render import write_page

    view = views.build_view(xss_server.store, xss_server.settings, "case", XSS["case"])
    out = write_page(view, xss_server.settings, tmp_path / "case.html")
    nodes = watched.open(out.as_uri())
    assert groups(nodes)["item"] == 2
    _hover_every_node(watched, nodes)
    _assert_nothing_ran(watched, f"{view.title} · referatgraf")
