"""Write benchmark results: ``scale.json`` (all figures) and ``scale.md`` (tables and targets)."""

from __future__ import annotations

import json
from pathlib import Path

GROUP_BY_QUERIES = ("group_by_kle", "meetings_per_body_year")
TEXT_SEARCH_QUERIES = ("text_search",)


def write_results(folder: Path, meta: dict, sizes: dict[str, dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ordered = dict(sorted(sizes.items(), key=lambda kv: int(kv[0])))
    (folder / "scale.json").write_text(json.dumps({"meta": meta, "sizes": ordered}, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    (folder / "scale.md").write_text(markdown(meta, ordered), encoding="utf-8")


def _get(d: dict, *keys: str, default: object = None) -> object:
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _stage(d: dict | None, key: str) -> str:
    if not isinstance(d, dict):
        return "–"
    if "skipped" in d:
        return f"skipped: {d['skipped']}"
    if "error" in d:
        return f"error: {d['error']}"
    return _fmt(d.get(key))


def markdown(meta: dict, sizes: dict[str, dict]) -> str:
    cols = list(sizes)
    head = "| | " + " | ".join(f"{int(s):,} meetings" + (" (partial run)" if sizes[s].get("partial") else "") for s in cols) + " |\n|---|" + "---|" * len(cols) + "\n"
    rows = [
        ("corpus (MB / municipalities)", lambda r: f"{_fmt(_get(r, 'corpus', 'mb'))} / {_get(r, 'corpus', 'municipalities')}"),
        ("parse, all cores (MB/s)", lambda r: _stage(r.get("parse"), "mb_per_s")),
        ("parse, all cores, if the cores were free: one core × workers (MB/s)", lambda r: _stage(r.get("parse"), "mb_per_s_if_cores_free")),
        ("parse, one core (MB/s)", lambda r: _stage(r.get("parse"), "single_core_mb_per_s")),
        ("parse correct (items right / checked)", lambda r: _parse_accuracy(r.get("parse"))),
        ("embedded bulk ingest: documents loaded", lambda r: _loaded(_get(r, "embedded", "bulk"))),
        ("embedded bulk ingest (meetings/s)", lambda r: _stage(_get(r, "embedded", "bulk"), "meetings_per_s")),
        ("embedded bulk ingest (triples/s)", lambda r: _stage(_get(r, "embedded", "bulk"), "triples_per_s")),
        ("embedded bulk ingest, from CPU time if the cores were free (triples/s)", lambda r: _stage(_get(r, "embedded", "bulk"), "triples_per_s_if_cores_free")),
        ("embedded bulk ingest (s / quads)", lambda r: f"{_stage(_get(r, 'embedded', 'bulk'), 'seconds')} / {_fmt(_get(r, 'embedded', 'bulk', 'quads'))}"),
        ("embedded bulk ingest peak RSS, all processes (MB)", lambda r: _stage(_get(r, "embedded", "bulk"), "peak_rss_mb")),
        ("embedded store on disk (MB)", lambda r: _stage(_get(r, "embedded", "bulk"), "store_mb")),
        ("per-document ingest: documents timed", lambda r: _stage(_get(r, "embedded", "ingest"), "documents")),
        ("embedded per-document ingest (meetings/s)", lambda r: _stage(_get(r, "embedded", "ingest"), "meetings_per_s")),
        ("embedded per-document ingest (triples/s)", lambda r: _stage(_get(r, "embedded", "ingest"), "triples_per_s")),
        ("embedded per-document ingest peak RSS (MB)", lambda r: _stage(_get(r, "embedded", "ingest"), "peak_rss_mb")),
        ("oxigraph serve ingest (meetings/s)", lambda r: _stage(_get(r, "remote", "ingest"), "meetings_per_s")),
        ("oxigraph serve ingest (triples/s)", lambda r: _stage(_get(r, "remote", "ingest"), "triples_per_s")),
        ("oxigraph serve ingest peak RSS, client + server (MB)", lambda r: _stage(_get(r, "remote", "ingest"), "peak_rss_mb")),
        ("rdflib in-memory ingest (meetings/s)", lambda r: _stage(r.get("rdflib"), "meetings_per_s")),
        ("rdflib in-memory ingest (triples/s)", lambda r: _stage(r.get("rdflib"), "triples_per_s")),
        ("rdflib peak RSS (MB)", lambda r: _stage(r.get("rdflib"), "peak_rss_mb")),
    ]
    out = [f"# Scale benchmarks\n\n{meta['date']} · {meta['machine']} · `{meta['command']}`\n",
           "Written by `benchmarks/run.py`; see docs/benchmarks.md for what each figure means.\n",
           *([f"**Note:** {meta['note']}\n"] if meta.get("note") else []),
           "## Throughput and memory\n", head + "".join(f"| {label} | " + " | ".join(f(sizes[c]) for c in cols) + " |\n"
                                                        for label, f in rows)]
    out.append("\n## Query latency, p50 / p95 (ms)\n")
    out.append("embedded = pyoxigraph in-process, remote = `oxigraph serve` over HTTP, rdflib = rdflib "
               "Dataset in memory; ×rdflib = rdflib p50 / embedded p50.\n\n")
    for c in cols:
        out.append(_latency_table(c, sizes[c], meta.get("queries", [])))
    out.append("\n## Targets\n\n" + _targets(sizes))
    return "\n".join(out) + "\n"


def _loaded(b: dict | None) -> str:
    if not isinstance(b, dict) or "documents" not in b:
        return _stage(b, "documents")
    return _fmt(b["documents"]) + (f" ({b['stopped']}; figures so far)" if "stopped" in b else "")


def _parse_accuracy(p: dict | None) -> str:
    if not isinstance(p, dict) or "items_checked" not in p:
        return _stage(p, "items_checked")
    return f"{p['items_checked'] - p['items_with_differences']:,} / {p['items_checked']:,}"


def _lat(q: dict | None) -> str:
    if not isinstance(q, dict):
        return "–"
    if "p50_ms" not in q:
        return "timed out" if "time" in str(q.get("skipped", "")) else f"not run ({q.get('skipped') or q.get('error')})"
    return f"{_fmt(q['p50_ms'])} / {_fmt(q['p95_ms'])}"


def _latency_table(size: str, r: dict, names: list[str]) -> str:
    emb = _get(r, "embedded", "queries", "queries", default={}) or {}
    rem = _get(r, "remote", "queries", "queries", default={}) or {}
    rdf = _get(r, "rdflib", "queries", default={}) or {}
    rdf_note = _get(r, "rdflib", "skipped")
    if not emb and not rem:
        return f"**{int(size):,} meetings**: no query figures (the run stopped before the queries).\n\n"
    lines = [f"**{int(size):,} meetings**" + (f" (rdflib {rdf_note})" if rdf_note else "") + "\n",
             "| query | embedded | remote | rdflib | ×rdflib | rows |", "|---|---|---|---|---|---|"]
    for name in names or sorted(emb):
        ratio = speedup(r, name)
        rows = _get(emb, name, "rows")
        lines.append(f"| {name} | {_lat(emb.get(name))} | {_lat(rem.get(name))} | {_lat(rdf.get(name))} | "
                     f"{_fmt(ratio) + '×' if ratio else '–'} | {_fmt(rows)} |")
    return "\n".join(lines) + "\n\n"


def speedup(r: dict, name: str) -> float | None:
    emb = _get(r, "embedded", "queries", "queries", name, "p50_ms")
    rdf = _get(r, "rdflib", "queries", name, "p50_ms")
    return round(rdf / emb, 1) if emb and rdf else None


def _targets(sizes: dict[str, dict]) -> str:
    rows = ["| target | measured | met |", "|---|---|---|"]

    def row(label: str, value: object, ok: bool | None) -> None:
        rows.append(f"| {label} | {_fmt(value)} | {'yes' if ok else 'no' if ok is not None else 'not measured'} |")

    for size, r in sizes.items():
        mbps = _get(r, "parse", "mb_per_s")
        row(f"parse ≥ 10 MB/s ({int(size):,} meetings, all cores, wall clock)", mbps, mbps >= 10 if mbps else None)
    for size, r in sizes.items():
        tps = _get(r, "embedded", "bulk", "triples_per_s")
        row(f"full ingest ≥ 50,000 triples/s into the embedded store ({int(size):,})", tps, tps >= 50_000 if tps else None)
    big = sizes.get("100000", {})
    rss = _get(big, "embedded", "bulk", "peak_rss_mb")
    row("peak RSS during ingest ≤ 1,536 MB at 100,000 meetings", rss, rss <= 1536 if rss else None)
    p50 = _get(big, "embedded", "queries", "queries", "api_case_history", "p50_ms")
    row("case-history p50 ≤ 5 ms at 100,000 meetings (embedded)", p50, p50 <= 5 if p50 else None)
    for size, r in sizes.items():
        if size != "100000" and (p := _get(r, "embedded", "queries", "queries", "api_case_history", "p50_ms")):
            row(f"case-history p50 ≤ 5 ms, at {int(size):,} meetings (embedded)", p, p <= 5)
    for name in GROUP_BY_QUERIES + TEXT_SEARCH_QUERIES:
        measured = [s for s in sizes if speedup(sizes[s], name)]
        at = "10000" if "10000" in measured else max(measured, key=int) if measured else None
        ratio = speedup(sizes[at], name) if at else None
        where = "" if at in (None, "10000") else f" (measured at {int(at):,}: rdflib did not fit at 10,000)"
        row(f"≥ 50× faster than rdflib at 10,000 meetings: {name}{where}", f"{ratio}×" if ratio else None,
            ratio >= 50 if ratio else None)
    return "\n".join(rows) + "\n"
