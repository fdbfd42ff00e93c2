"""The graph page renderer and the analytics, on hand-built and synthetic networkx graphs.

No browser here (see test_viz_browser.py): these check what the page is made of — escaping,
no remote URLs, aggregation above the node limit — and the analytics' answers on graphs whose
answers we know by construction.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from referatgraf.settings import Settings
from referatgraf.viz import analytics
from referatgraf.viz.project import EdgeType, NodeType, add_edge, add_node, new_graph
from referatgraf.viz.render import (ASSETS, STATIC_DIR, aggregate, doc_path, json_for_script, render_page,
                                    vis_data, write_page)
from referatgraf.viz.synthetic import synthetic_graph
from referatgraf.viz.views import Panel, PanelRow, View

BASE = "https://data.referatgraf.dk/"
EVIL = ['"><script>document.title="pwned"</script>', "<img src=x onerror=alert(1)>",
        "javascript:alert(1)", "</script><script>alert(2)</script>", "a & b 'quoted' \u2028 line"]


def evil_view() -> View:
    """Every string a document controls carries a payload."""
    g = new_graph()
    meeting = BASE + "id/x/meeting/udvalg/2021-03-03"
    add_node(g, meeting, NodeType.MEETING, EVIL[0], date="2021-03-03")
    for n, text in enumerate(EVIL, start=1):
        item = f"{meeting}/item/{n}"
        add_node(g, item, NodeType.ITEM, text, date="2021-03-03", position=n)
        add_edge(g, meeting, item, EdgeType.TREATS)
        add_node(g, f"{item}/decision", NodeType.DECISION, "Beslutning", detail=text, date="2021-03-03")
        add_edge(g, item, f"{item}/decision", EdgeType.DECISION)
    person = BASE + "id/x/person/" + "evil"
    add_node(g, person, NodeType.PERSON, EVIL[1])
    add_edge(g, meeting + "/item/1", person, EdgeType.PRESENTER)
    add_node(g, "javascript:alert(3)", NodeType.CASE, EVIL[2])  # an IRI we did not mint
    add_edge(g, meeting + "/item/2", "javascript:alert(3)", EdgeType.CASE)
    return View("case", "Case " + EVIL[0], g, [meeting], subtitle=EVIL[1],
                panels=[Panel(EVIL[3], [PanelRow(EVIL[4], EVIL[1], person), PanelRow(EVIL[2], "", "javascript:x")])])


class _Collect(HTMLParser):
    """Tags, attributes and script bodies of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):  # noqa: ANN001
        self._in_script = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_script:
            self.scripts.append(data)


def parse(html: str) -> _Collect:
    collector = _Collect()
    collector.feed(html)
    return collector


def test_document_strings_never_become_markup():
    html = render_page(evil_view(), Settings())
    page = parse(html)
    assert [t for t, _ in page.tags].count("script") == 3  # the JSON block, vis-network, viz.js
    assert not [t for t, _ in page.tags if t == "img"]
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not str(attrs.get("href", "")).lower().startswith("javascript")
    data = json.loads(page.scripts[0])  # the one inline script is the data block, still valid JSON
    assert data["nodes"][0]["tip"][1] == EVIL[0]  # the text is kept exactly, for a text node
    assert "<script" not in html.split('id="rg-data">', 1)[1].split("</script>", 1)[0]


def test_links_only_to_our_own_pages():
    data = vis_data(evil_view(), Settings())
    urls = [n["url"] for n in data["nodes"] if n["url"]]
    assert urls and all(u.startswith("/doc/x/") for u in urls)
    assert all(n["url"] is None for n in data["nodes"] if n["group"] == "case")  # javascript: IRI
    html = render_page(evil_view(), Settings())
    hrefs = [a.get("href") for t, a in parse(html).tags if t == "a"]
    assert hrefs == ["/doc/x/person/evil"]


@pytest.mark.parametrize("n", [200, 2000])
def test_pages_reference_no_remote_url(n, tmp_path):
    out = write_page(View("body", "Synthetic", synthetic_graph(n), []), Settings(), tmp_path / "p.html")
    html = out.read_text(encoding="utf-8")
    assert "http" not in html and "//" not in re.sub(r"<script type=\"application/json\".*?</script>", "", html, flags=re.S)
    refs = [a.get("src") or a.get("href") for t, a in parse(html).tags if t in ("script", "link")]
    assert sorted(r for r in refs if r) == sorted(f"viz-assets/{name}" for name in ASSETS)
    assert all((tmp_path / "viz-assets" / name).read_bytes() == (STATIC_DIR / name).read_bytes() for name in ASSETS)


def test_bundled_assets_load_nothing_remote():
    """vis-network's own code and CSS fetch nothing: its only URLs are licence text and the SVG
    namespace; the CSS's images are data: URIs."""
    js = (STATIC_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    assert not re.search(r"(fetch|XMLHttpRequest|importScripts)\s*\(", js)
    css = (STATIC_DIR / "vis-network.css").read_text(encoding="utf-8")
    assert all(u.startswith('"data:') or u.startswith("data:") for u in re.findall(r"url\(([^)]*)\)", css))
    assert "@import" not in css


def test_above_the_limit_the_view_is_aggregated():
    g = synthetic_graph(2000)
    focus = next(n for n, a in g.nodes(data=True) if a["type"] == "body")
    data = vis_data(View("body", "Big", g, [focus]), Settings(viz_node_limit=500))
    assert len(data["nodes"]) < 500
    assert any("more than the limit of 500" in note for note in data["notes"])
    assert sum(int(n["tip"][1].split()[0].replace(",", "")) for n in data["nodes"] if n["label"][0].isdigit()) \
        == 2000 - 1  # every node but the focus is counted in exactly one group
    small = vis_data(View("body", "Small", g, [focus]), Settings(viz_node_limit=5000))
    assert len(small["nodes"]) == 2000 and not small["notes"]


def test_aggregate_sums_edges_between_groups():
    g = new_graph()
    for d in ("2019-01-01", "2019-06-01", "2020-01-01"):
        add_node(g, "m" + d, NodeType.MEETING, d, date=d)
        add_edge(g, "m" + d, "body", EdgeType.HELD_BY)
    add_node(g, "body", NodeType.BODY, "Udvalg")
    out = aggregate(g, keep={"body"})
    assert {n: a["count"] for n, a in out.nodes(data=True)} == {"meeting 2019": 2, "meeting 2020": 1, "body": 1}
    assert out.edges["meeting 2019", "body"]["weight"] == 2


def test_json_for_script_round_trips():
    value = {"s": "".join(EVIL), "n": [1, None, True]}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize("iri,path", [
    (BASE + "id/albertslund/case/13_13893", "/doc/albertslund/case/13_13893"),
    (BASE + "id/kle/00.01", "/doc/kle/00.01"),
    ("https://elsewhere.org/id/x", None),
    (BASE + 'id/x/"onmouseover=alert(1)', None),
    (BASE + "idx/y", None),
])
def test_doc_path(iri, path):
    assert doc_path(iri, BASE) == path


def co_graph():
    """Items 1-3: A and B together twice, B and C once, D alone; a meeting with C and D present."""
    g = new_graph()
    people = {x: f"p{x}" for x in "ABCD"}
    for x, iri in people.items():
        add_node(g, iri, NodeType.PERSON, x)
    add_node(g, "dep", NodeType.DEPARTMENT, "Økonomi")
    add_node(g, "m", NodeType.MEETING, "m", date="2020-01-01")
    for n, present in enumerate([("A", "B"), ("A", "B"), ("B", "C"), ("D",)], start=1):
        add_node(g, f"i{n}", NodeType.ITEM, f"item {n}")
        add_edge(g, "m", f"i{n}", EdgeType.TREATS)
        for x in present:
            add_edge(g, f"i{n}", people[x], EdgeType.PRESENTER)
    add_edge(g, "i3", "dep", EdgeType.PROPOSER)
    add_edge(g, "m", "pC", EdgeType.ATTENDEE)
    add_edge(g, "m", "pD", EdgeType.ATTENDEE)
    return g


def test_most_connected_by_degree_then_betweenness():
    scores = analytics.most_connected(co_graph(), (NodeType.PERSON,), top=4)
    assert [(s.label, s.degree, s.weighted_degree) for s in scores] == [
        ("B", 2, 3), ("C", 2, 2), ("A", 1, 2), ("D", 1, 1)]
    assert scores[0].betweenness > 0 and scores[2].betweenness == 0
    everyone = analytics.most_connected(co_graph(), top=10)
    assert {s.label for s in everyone} == {"A", "B", "C", "D", "Økonomi"}


def test_co_appearing_counts_shared_items_and_meetings():
    rows = analytics.co_appearing(co_graph(), "pB")
    assert [(r.label, r.shared) for r in rows] == [("A", 2), ("C", 1), ("Økonomi", 1)]


def test_communities_split_weakly_linked_groups():
    g = new_graph()
    groups = [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    for k, group in enumerate(groups):
        for n in group:
            add_node(g, n, NodeType.PERSON, n)
        for i in range(3):
            add_node(g, f"i{k}{i}", NodeType.ITEM, "x")
            for n in group:
                add_edge(g, f"i{k}{i}", n, EdgeType.PARTICIPANT)
    add_node(g, "bridge", NodeType.ITEM, "x")
    add_edge(g, "bridge", "a1", EdgeType.PARTICIPANT)
    add_edge(g, "bridge", "b1", EdgeType.PARTICIPANT)
    found = analytics.communities(g)
    assert sorted(sorted(m.iri for m in c.members) for c in found) == groups


def test_case_spans_count_distinct_meetings():
    g = synthetic_graph(2000)
    spans = analytics.case_spans(g)
    top = spans[0]
    meetings = {m for i in g.predecessors(top.iri) for m in g.predecessors(i)}
    assert top.meetings == len(meetings) == len(top.meeting_iris) and top.meetings >= spans[-1].meetings
    assert top.first == min(g.nodes[m]["date"] for m in meetings)


def test_networkx_and_pyvis_load_only_when_used():
    code = ("import sys, referatgraf.viz, referatgraf.web.viz_pages, referatgraf.web.app as a; "
            "a.create_app(); print(sorted(m for m in ('networkx', 'pyvis') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
