"""Graph page benchmark: build time in Python and time-to-stable in headless Chromium.

For synthetic graphs of 200, 2,000 and 10,000 nodes (referatgraf.viz.synthetic, shaped like a
body's history) it measures, drawn node by node (node limit raised) and as the app serves them
by default (aggregated above ``Settings.viz_node_limit``):

* build: networkx graph → HTML page (median of 3);
* stable: navigation start → layout frozen in Chromium (``rgViz.stableAt``), network cut off
  (median of 3 page loads up to 2,000 nodes, one load at 10,000);
* longest task: the longest main-thread block while the page loads and lays out (how long
  the tab could not answer a click).

It also builds the real views (projection from an embedded store + page) over a corpus of
generated minutes (referatgraf.synth, 300 meetings by default, ``--meetings N``), ingested once
into benchmarks/work/viz/store.

Run: ``python benchmarks/bench_viz.py [--meetings N]`` → benchmarks/results/viz.json and viz.md.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

from referatgraf.settings import Settings
from referatgraf.viz.project import NodeType
from referatgraf.viz.render import render_page, write_page
from referatgraf.viz.synthetic import synthetic_graph
from referatgraf.viz.views import View

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "viz"
RESULTS = HERE / "results"
SIZES = (200, 2000, 10_000)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
LONGTASKS = """window.__longest = 0;
new PerformanceObserver(list => { for (const e of list.getEntries())
  window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask', buffered: true});"""


def build(n: int, settings: Settings) -> tuple[View, float, int]:
    """The view of a synthetic graph, the median time to render its page, and the page size."""
    view = View("body", f"Synthetic graph, {n:,} nodes", synthetic_graph(n), [])
    times, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(render_page(view, settings).encode("utf-8"))
        times.append(time.perf_counter() - start)
    return view, statistics.median(times), size


def in_chromium(browser, page_file: Path) -> dict:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = context.new_page()
    page.add_init_script(LONGTASKS)
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.rgViz && window.rgViz.stable", timeout=600_000, polling=100)
    result = page.evaluate("() => ({stable: rgViz.stableAt, drawn: rgViz.nodes.length, "
                           "longest: window.__longest})")
    context.close()
    return result


def store_views(meetings: int) -> list[dict]:
    """Build time of each kind of view from a store of ``meetings`` generated meetings."""
    import shutil

    from referatgraf.store.embedded import EmbeddedStore
    from referatgraf.ingest.pipeline import ingest_paths
    from referatgraf.synth.corpus import write_corpus
    from referatgraf.viz.analytics import case_spans, most_connected
    from referatgraf.viz.views import build_view

    folder = WORK / f"corpus-{meetings}"
    settings = Settings(store=folder / "store", municipality="Synthby")
    if not (folder / "store").exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder / "docs", meetings, seed=3)
        with EmbeddedStore(folder / "store") as store:
            ingest_paths([folder / "docs"], store, settings)
    rows = []
    with EmbeddedStore(folder / "store", read_only=True) as store:
        whole = _whole(store)
        top_case = case_spans(whole)[0].label
        person = most_connected(whole, (NodeType.PERSON,), top=1)[0].iri
        department = most_connected(whole, (NodeType.DEPARTMENT,), top=1)[0].iri
        body = max((n for n, a in whole.nodes(data=True) if a["type"] == "body"), key=whole.in_degree)
        asks = [("case", top_case), ("person", person), ("department", department), ("body", body), ("kle", "00")]
        for kind, ident in asks:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                view = build_view(store, settings, kind, ident)
                render_page(view, settings)
                times.append(time.perf_counter() - start)
            rows.append({"meetings": meetings, "view": kind, "nodes": view.graph.number_of_nodes(),
                         "build_s": round(statistics.median(times), 3)})
            print(rows[-1], file=sys.stderr)
    return rows


def _whole(store):  # noqa: ANN001, ANN202
    from referatgraf.viz.project import SELECT_ALL_ITEMS, project_items

    return project_items(store, SELECT_ALL_ITEMS, None, parts={"actors", "meeting_actors", "cases"})


def main() -> None:
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=300, help="generated meetings for the store views")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    default = Settings()
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in SIZES:
            for mode, settings in (("full", Settings(viz_node_limit=10**9)), ("default", default)):
                view, build_s, size = build(n, settings)
                page_file = write_page(view, settings, WORK / f"{mode}-{n}.html")
                runs = [in_chromium(browser, page_file) for _ in range(3 if n <= 2000 else 1)]
                measured = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                rows.append({"nodes": n, "edges": view.graph.number_of_edges(), "mode": mode,
                             "drawn_nodes": int(measured["drawn"]), "build_s": round(build_s, 4),
                             "page_bytes": size, "stable_s": round(measured["stable"] / 1000, 3),
                             "longest_task_ms": round(measured["longest"])})
                print(rows[-1], file=sys.stderr)
        version = browser.version
        browser.close()
    meta = {"chromium": version, "python": platform.python_version(), "machine": platform.machine(),
            "cpus": _cpus(), "node_limit": default.viz_node_limit}
    views = store_views(args.meetings)
    (RESULTS / "viz.json").write_text(json.dumps({"meta": meta, "rows": rows, "store_views": views}, indent=2) + "\n")
    (RESULTS / "viz.md").write_text(markdown(meta, rows, views))


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def markdown(meta: dict, rows: list[dict], views: list[dict]) -> str:
    lines = ["# Graph page benchmark (bench_viz.py)", "",
             f"Chromium {meta['chromium']} headless, Python {meta['python']}, {meta['cpus']} CPU(s); "
             f"node limit {meta['node_limit']:,}. *full* draws every node (limit raised); *default* is "
             "what the app serves (aggregated above the limit).", "",
             "| nodes | edges | mode | drawn nodes | build (s) | page (KB) | time to stable (s) | longest task (ms) |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['nodes']:,} | {r['edges']:,} | {r['mode']} | {r['drawn_nodes']:,} | {r['build_s']:.3f} | "
                     f"{r['page_bytes'] / 1024:,.0f} | {r['stable_s']:.2f} | {r['longest_task_ms']:,} |")
    lines += ["", f"Views built from an embedded store of {views[0]['meetings'] if views else 0} generated meetings "
              "(projection through SPARQL + page; median of 3):", "",
              "| view | nodes | build (s) |", "| --- | ---: | ---: |"]
    lines += [f"| {v['view']} | {v['nodes']:,} | {v['build_s']:.3f} |" for v in views]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
