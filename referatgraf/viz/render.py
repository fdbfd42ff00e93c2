"""Render a :class:`~referatgraf.viz.model.View` as one interactive HTML page that is offline and safe.

Node and edge records are pyvis ``Node``/``Edge`` objects (the vis-network shapes pyvis uses);
the page is our own template, not pyvis's: pyvis's template loads Bootstrap and tom-select from
CDNs, turns any tooltip into raw HTML once a title contains "href", pastes node ids into its
select menu unescaped, and ``Network.add_edge`` scans every node per edge (too slow at 10,000
nodes). Here:

* every string from a document travels inside one JSON block (``<``, ``>``, ``&`` escaped) and
  reaches the page only through DOM text nodes; vis node ids are integers we assign;
* assets (vis-network, our JS and CSS) are local files: served from ``/viz/static/`` or copied
  next to an exported page, so no page references a remote URL;
* above ``Settings.viz_node_limit`` nodes the graph is aggregated (one node per type and year)
  and the page says so, so a browser tab never freezes.

>>> from referatgraf.graph.iris import Minter
>>> doc_path(Minter("https://d.dk/", "Albertslund").case("13/13893"), "https://d.dk/")
'/doc/albertslund/case/13_13893'
>>> short("Forskningsmæssigt oplæg om tværgående organiseringsformer", 20)
'Forskningsmæssigt o…'
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from referatgraf.read.ids import id_space
from referatgraf.viz.model import NodeType, View, short  # noqa: F401 - short re-exported

if TYPE_CHECKING:
    import networkx as nx

    from referatgraf.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"
ASSETS = ("vis-network.min.js", "vis-network.css", "viz.js", "viz.css")
EXPORT_ASSET_DIR = "viz-assets"


@dataclass(frozen=True)
class TypeStyle:
    name: str
    plural: str
    color: str
    shape: str


STYLES: dict[str, TypeStyle] = {
    NodeType.MEETING.value: TypeStyle("Meeting", "meetings", "#4e79a7", "box"),
    NodeType.ITEM.value: TypeStyle("Agenda item", "agenda items", "#f28e2b", "diamond"),
    NodeType.CASE.value: TypeStyle("Case", "cases", "#e15759", "star"),
    NodeType.DECISION.value: TypeStyle("Decision", "decisions", "#59a14f", "square"),
    NodeType.PERSON.value: TypeStyle("Person", "people", "#b07aa1", "dot"),
    NodeType.POST.value: TypeStyle("Post", "posts", "#ff9da7", "triangleDown"),
    NodeType.DEPARTMENT.value: TypeStyle("Department", "departments", "#9c755f", "ellipse"),
    NodeType.BODY.value: TypeStyle("Body", "bodies", "#edc948", "database"),
    NodeType.ATTACHMENT.value: TypeStyle("Attachment", "attachments", "#bab0ac", "triangle"),
    NodeType.KLE.value: TypeStyle("KLE subject", "KLE subjects", "#76b7b2", "hexagon"),
}
_LABEL_INSIDE = {"box", "ellipse", "database"}
_SAFE_PATH = re.compile(r"^/(doc|viz)/[^\s\"'<>\\`]*$")


def doc_path(iri: str, base: str) -> str | None:
    """The app's page for an IRI we minted: ``{base}id/X`` → ``/doc/X``; None for other IRIs."""
    prefix = id_space(base if base.endswith("/") else base + "/")
    if not iri.startswith(prefix):
        return None
    path = "/doc/" + iri[len(prefix):]
    return path if _SAFE_PATH.match(path) else None


# -- labels and tooltips (plain text; the page turns them into text nodes) -----------------------
def node_label(attrs: dict[str, Any]) -> str:
    type_, label = attrs["type"], attrs.get("label") or ""
    if type_ == NodeType.MEETING.value:
        return attrs.get("date") or short(label)
    if type_ == NodeType.ITEM.value:
        title = "Lukket" if attrs.get("closed") and not label else label
        number = attrs.get("number") or attrs.get("position")  # as written ("715", "1.1"), else the order
        return short(f"{str(number).rstrip('.')}. {title}" if number is not None else title)
    if type_ == NodeType.DECISION.value:
        return short(attrs.get("detail") or label, 24)
    if type_ == NodeType.KLE.value:
        return attrs.get("notation") or short(label)
    return short(label)


def node_tip(attrs: dict[str, Any]) -> list[str]:
    """Tooltip lines: the type, the full name, then dates, decision text and view facts."""
    style = STYLES[attrs["type"]]
    lines = [style.name, attrs.get("label") or ""]
    if attrs["type"] == NodeType.ITEM.value and (attrs.get("number") or attrs.get("position")) is not None:
        lines[1] = f"Punkt {attrs.get('number') or attrs['position']}: {lines[1]}"
    if attrs["type"] == NodeType.KLE.value and attrs.get("name"):
        lines[1] = f"{attrs.get('notation') or ''} {attrs['name']}".strip()
    if attrs.get("date"):
        lines.append(f"Date: {attrs['date']}")
    if attrs.get("closed"):
        lines.append("Closed item (Lukket)")
    if attrs.get("detail"):
        lines.append(short(attrs["detail"], 600))
    lines.extend(attrs.get("facts") or [])
    return [line for line in lines if line]


# -- aggregation above the node limit ----------------------------------------------------------
def aggregate(g: "nx.DiGraph", keep: set[str]) -> "nx.DiGraph":
    """One node per (type, year) plus the ``keep`` nodes; edges summed between groups.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("m1", type="meeting", label="a", date="2019-01-02")
    >>> g.add_node("m2", type="meeting", label="b", date="2019-05-02")
    >>> g.add_node("p", type="person", label="P")
    >>> g.add_edge("m1", "p", kind="attendee"); g.add_edge("m2", "p", kind="attendee")
    >>> a = aggregate(g, keep={"p"})
    >>> sorted((n, d["count"]) for n, d in a.nodes(data=True))
    [('meeting 2019', 2), ('p', 1)]
    >>> a.edges["meeting 2019", "p"]["weight"]
    2
    """
    import networkx as nx

    group: dict[str, str] = {}
    out = nx.DiGraph()
    for node, attrs in g.nodes(data=True):
        if node in keep:
            group[node] = node
            out.add_node(node, **attrs, count=1)
            continue
        year = (attrs.get("date") or "")[:4]
        key = f"{attrs['type']} {year}".strip()
        group[node] = key
        if key not in out:
            out.add_node(key, type=attrs["type"], year=year or None, count=0, aggregate=True)
        out.nodes[key]["count"] += 1
    for source, target, attrs in g.edges(data=True):
        a, b = group[source], group[target]
        if a == b:
            continue
        if out.has_edge(a, b):
            out.edges[a, b]["weight"] += 1
        else:
            out.add_edge(a, b, kind=attrs.get("kind", ""), weight=1)
    for key, attrs in out.nodes(data=True):
        if attrs.get("aggregate"):
            plural = STYLES[attrs["type"]].plural
            attrs["label"] = f"{attrs['count']} {plural}" + (f" · {attrs['year']}" if attrs["year"] else "")
            attrs["date"] = f"{attrs['year']}-07-01" if attrs["year"] else None
    return out


# -- vis records -------------------------------------------------------------------------------
def _vis_node(index: int, attrs: dict[str, Any], url: str | None, degree: int, focus: bool) -> dict:
    from pyvis.node import Node

    style = STYLES[attrs["type"]]
    aggregated = bool(attrs.get("aggregate"))
    label = attrs["label"] if aggregated else node_label(attrs)
    tip = ([style.name + " (aggregated)", attrs["label"]] if aggregated else node_tip(attrs))
    shape = "dot" if aggregated else style.shape
    node = Node(index, shape, label, color=style.color, group=attrs["type"], tip=tip,
                url=url, date=attrs.get("date"), search=" ".join(tip))
    if shape not in _LABEL_INSIDE:
        size = 8 + 3 * (attrs.get("count", 1) if aggregated else degree) ** 0.5
        node.options["size"] = round(min(size, 60 if aggregated else 36), 1)
    else:
        node.options["font"] = {"color": "#ffffff"}
    if focus:
        node.options.update(borderWidth=4, font={"size": 16, "bold": True, "color": "#111111"})
    if "level" in attrs:
        node.options["level"] = attrs["level"]
    return node.options


def _vis_edge(source: int, target: int, attrs: dict[str, Any]) -> dict:
    from pyvis.edge import Edge

    kinds = attrs.get("kinds") or [attrs.get("kind", "")]
    title = ", ".join(kinds)
    if attrs.get("weight", 1) > 1:
        title += f" ×{attrs['weight']}"
    edge = Edge(source, target, directed=True, title=title)
    if attrs.get("weight", 1) > 1:
        edge.options["width"] = round(min(1 + attrs["weight"] ** 0.5, 8), 1)
    return edge.options


def vis_options(layout: str, node_count: int) -> dict:
    """vis-network options: physics runs until stable (in batches, the tab stays responsive),
    then the page switches it off."""
    iterations = 400 if node_count <= 500 else 200 if node_count <= 2500 else 120
    # Iterations per batch: between batches the browser handles input, so big graphs take
    # one iteration at a time (one iteration of 2,000 nodes costs ~80 ms on one core).
    per_batch = 20 if node_count <= 500 else 5 if node_count <= 1000 else 1
    stabilization = {"enabled": True, "iterations": iterations, "updateInterval": per_batch, "fit": True}
    options: dict[str, Any] = {
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa5b1", "highlight": "#333333"},
                  "smooth": False if node_count > 400 else {"type": "continuous"}},
        "interaction": {"hover": node_count <= 2500, "tooltipDelay": 120,
                        "hideEdgesOnDrag": node_count > 1000, "hideEdgesOnZoom": node_count > 1000},
    }
    if layout == "timeline":
        options["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "levelSeparation": 200,
                                              "nodeSpacing": 60, "treeSpacing": 80}}
        options["physics"] = {"solver": "hierarchicalRepulsion", "stabilization": stabilization,
                              "hierarchicalRepulsion": {"nodeDistance": 80, "avoidOverlap": 0.5}}
    else:
        options["layout"] = {"improvedLayout": node_count <= 150, "randomSeed": 7}
        solver = "forceAtlas2Based" if node_count <= 1000 else "barnesHut"
        options["physics"] = {"solver": solver, "stabilization": stabilization,
                              "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90},
                              "barnesHut": {"gravitationalConstant": -3000, "springLength": 110}}
    return options


def vis_data(view: "View", settings: "Settings", link_base: str = "") -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able data (aggregated when too big)."""
    g, notes = view.graph, list(view.notes)
    limit = settings.viz_node_limit
    if g.number_of_nodes() > limit:
        notes.append(f"This view has {g.number_of_nodes():,} nodes, more than the limit of {limit:,}; "
                     "it shows one node per type and year instead (the focus stays itself). "
                     "Narrow it with a case, person or KLE view, or raise REFERATGRAF_VIZ_NODE_LIMIT.")
        g = aggregate(g, keep=set(view.focus))
    index = {node: i for i, node in enumerate(g.nodes)}
    nodes = []
    for node, attrs in g.nodes(data=True):
        url = None if attrs.get("aggregate") else doc_path(attrs.get("iri") or node, settings.base_iri)
        if url and link_base:
            url = link_base.rstrip("/") + url
        nodes.append(_vis_node(index[node], attrs, url, g.degree(node), node in view.focus))
    edges = [_vis_edge(index[s], index[t], a) for s, t, a in g.edges(data=True)]
    counts = Counter(attrs["type"] for _, attrs in g.nodes(data=True))
    types = [{"key": key, "name": STYLES[key].name, "plural": STYLES[key].plural,
              "color": STYLES[key].color, "shape": STYLES[key].shape, "count": counts[key]}
             for key in STYLES if counts[key]]
    dates = sorted(a["date"] for _, a in g.nodes(data=True) if a.get("date"))
    return {"title": view.title, "kind": view.kind, "notes": notes, "types": types,
            "nodes": nodes, "edges": edges, "layout": view.layout,
            "dateMin": dates[0] if dates else None, "dateMax": dates[-1] if dates else None,
            "linkBase": link_base.rstrip("/"), "options": vis_options(view.layout, len(nodes))}


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>`` break-out).

    >>> json_for_script({"t": "</script><img src=x onerror=alert(1)>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


@lru_cache(maxsize=1)
def _environment():  # noqa: ANN202 - jinja2 Environment
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def view_record(view: "View") -> dict[str, Any]:
    """The data of a graph page as plain JSON (the page's ``.json`` twin): the title, the nodes
    with their IRI, type, label and date, the typed edges, and the side panels.

    >>> from referatgraf.viz.model import EdgeType, NodeType, View, add_edge, add_node, new_graph
    >>> g = new_graph()
    >>> add_node(g, "https://e.org/id/a/case/1", NodeType.CASE, "1")
    >>> add_node(g, "https://e.org/id/a/item/1", NodeType.ITEM, "Budget", date="2021-03-02")
    >>> add_edge(g, "https://e.org/id/a/item/1", "https://e.org/id/a/case/1", EdgeType.CASE)
    >>> record = view_record(View("case", "Sag 1", g, ["https://e.org/id/a/case/1"]))
    >>> record["nodes"][1]["label"], record["edges"]
    ('Budget', [{'source': 'https://e.org/id/a/item/1', 'target': 'https://e.org/id/a/case/1', 'kind': 'case'}])
    """
    g = view.graph
    return {
        "kind": view.kind, "title": view.title, "subtitle": view.subtitle, "focus": list(view.focus),
        "nodes": [{"iri": key, "type": a.get("type"), "label": a.get("label") or "", "date": a.get("date")}
                  for key, a in g.nodes(data=True)],
        "edges": [{"source": u, "target": v, "kind": a.get("kind")} for u, v, a in g.edges(data=True)],
        "panels": [{"heading": p.heading, "rows": [{"label": r.label, "value": r.value, "iri": r.iri} for r in p.rows]}
                   for p in view.panels],
    }


def render_page(view: "View", settings: "Settings", asset_base: str = "/viz/static/",
                link_base: str = "", json_href: str | None = None) -> str:
    """The HTML page of ``view``; assets are loaded from ``asset_base`` (a local path);
    ``json_href`` is the page's JSON twin (served pages; a page written to a file has none)."""
    from markupsafe import Markup

    data = vis_data(view, settings, link_base)
    panels = [{"heading": p.heading, "rows": [_panel_row(r, settings, link_base) for r in p.rows]}
              for p in view.panels]
    return _environment().get_template("viz.html.j2").render(
        title=view.title, subtitle=view.subtitle, notes=data["notes"], types=data["types"],
        panels=panels, date_min=data["dateMin"], date_max=data["dateMax"],
        node_count=len(data["nodes"]), edge_count=len(data["edges"]), asset_base=asset_base,
        data_json=Markup(json_for_script(data)), json_href=json_href)


def _panel_row(row: Any, settings: "Settings", link_base: str) -> dict[str, Any]:
    url = doc_path(row.iri, settings.base_iri) if row.iri else None
    return {"label": row.label, "value": row.value, "url": (link_base.rstrip("/") + url) if url else None}


def write_page(view: "View", settings: "Settings", out: Path, link_base: str = "") -> Path:
    """Write ``view`` to ``out`` and copy the assets into ``viz-assets/`` beside it (works offline)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    assets = out.parent / EXPORT_ASSET_DIR
    assets.mkdir(exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(STATIC_DIR / name, assets / name)
    out.write_text(render_page(view, settings, asset_base=f"{EXPORT_ASSET_DIR}/", link_base=link_base),
                   encoding="utf-8")
    return out
