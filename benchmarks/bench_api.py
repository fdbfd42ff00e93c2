"""Load benchmark of the web app: requests/s and p50/p99 latency over loopback, ≥ 1,000 meetings.

    python benchmarks/bench_api.py [--meetings 1000] [--concurrency 8] [--requests 2000] [--seconds 20]

1. generates a corpus with ``referatgraf.synth`` (cached in benchmarks/work/api/) and bulk-loads
   it into an embedded store;
2. starts ``referatgraf serve`` on a free 127.0.0.1 port in its own process (so the load
   generator does not share the server's interpreter);
3. for each scenario — the case-history JSON request (``/api/cases/{n}``, over the most treated
   cases) and an entity page (a meeting's HTML page ``/doc/…`` with items, decisions, people) —
   runs an httpx async load generator with a fixed number of concurrent clients, bounded by
   request count AND wall time, after a short warm-up;
4. writes benchmarks/results/api.json and api.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "api"
RESULTS = HERE / "results"
PREFIX = "PREFIX dct: <http://purl.org/dc/terms/>\nPREFIX rg: <https://w3id.org/referatgraf/ns#>\n"
TOP_CASES = PREFIX + """SELECT ?n (COUNT(DISTINCT ?i) AS ?c) WHERE { ?case dct:identifier ?n . ?i rg:case ?case }
GROUP BY ?n ORDER BY DESC(?c) ?n LIMIT 25"""


def build_store(meetings: int) -> tuple[Path, int]:
    """A store with ``meetings`` generated meetings (built once, then reused)."""
    from referatgraf.ingest.bulk import bulk_ingest
    from referatgraf.settings import Settings
    from referatgraf.synth.corpus import TRUTH_FILE, write_corpus

    corpus, store = WORK / f"corpus-{meetings}", WORK / f"store-{meetings}"
    if not corpus.exists():
        write_corpus(corpus, meetings)
    if not store.exists():
        by_folder = not (corpus / TRUTH_FILE).exists()
        settings = Settings(store=store, municipality=None if by_folder else "Egebjerg")
        summary = bulk_ingest([corpus], settings, by_folder=by_folder)
        if summary.failures:
            print(f"warning: {len(summary.failures)} documents failed", file=sys.stderr)
    return store, meetings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "referatgraf.cli", "serve", "--store", str(store), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meetings?limit=1", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start in 60 s")


async def load(urls: list[str], headers: dict[str, str], concurrency: int, max_requests: int,
               max_seconds: float, warmup: int = 20) -> dict:
    """Closed-loop load: ``concurrency`` clients, each sending its next request when the last
    answered, until ``max_requests`` are done or ``max_seconds`` have passed."""
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as client:
        for url in urls[:warmup]:
            await client.get(url)
        started = time.perf_counter()
        stop_at = started + max_seconds

        async def worker() -> None:
            nonlocal sent, errors
            while sent < max_requests and time.perf_counter() < stop_at:
                url = urls[sent % len(urls)]
                sent += 1
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else latencies * 99
    return {"requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc), to report server CPU per request:
    a figure that, unlike latency, does not depend on what else the machine is running."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scenario_urls(base: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    r = httpx.get(f"{base}/sparql", params={"query": TOP_CASES}, timeout=120,
                  headers={"Accept": "application/sparql-results+json"})
    cases = [b["n"]["value"] for b in r.json()["results"]["bindings"]]
    meetings = httpx.get(f"{base}/api/meetings", params={"limit": 500, "offset": 0}, timeout=120).json()
    step = max(1, len(meetings["meetings"]) // 25)
    pages = [m["id"] for m in meetings["meetings"][::step]][:25]
    return {
        "case history (JSON)": ([f"{base}/api/cases/{c}" for c in cases], {"Accept": "application/json"}),
        "meeting page (HTML)": ([f"{base}/doc/{m}" for m in pages], {"Accept": "text/html"}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--requests", type=int, default=2000, help="most requests per scenario")
    ap.add_argument("--seconds", type=float, default=20.0, help="most seconds per scenario")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    store, meetings = build_store(args.meetings)
    build_s = time.perf_counter() - t0
    port = free_port()
    server = start_server(store, port)
    base = f"http://127.0.0.1:{port}"
    try:
        loaded = httpx.get(f"{base}/api/meetings", params={"limit": 1}, timeout=60).json()["total"]
        results = {}
        for name, (urls, headers) in scenario_urls(base).items():
            cpu0 = cpu_seconds(server.pid)
            figures = asyncio.run(load(urls, headers, args.concurrency, args.requests, args.seconds))
            cpu_ms = (cpu_seconds(server.pid) - cpu0) * 1000 / max(1, figures["requests"] + 20)  # + warm-up
            results[name] = {"distinct_urls": len(urls), **figures, "server_cpu_ms_per_request": round(cpu_ms, 1)}
            print(name, results[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
                          "load_average_1min_at_end": round(os.getloadavg()[0], 1)},
              "meetings_generated": meetings, "meetings_served": loaded, "store_build_s": round(build_s, 1),
              "concurrency": args.concurrency, "bounds": {"requests": args.requests, "seconds": args.seconds},
              "scenarios": results}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "api.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


def markdown(report: dict) -> str:
    lines = [
        "# API load benchmark", "",
        f"{report['meetings_served']} meetings served (generated {report['meetings_generated']}), "
        f"{report['concurrency']} concurrent loopback clients (httpx async), at most "
        f"{report['bounds']['requests']} requests or {report['bounds']['seconds']:g} s per scenario; "
        f"server: `referatgraf serve` (uvicorn, one process) on the embedded store. "
        f"{report['machine']['cpus']} CPUs, Python {report['machine']['python']}, {report['date']}; "
        f"load average at the end {report['machine']['load_average_1min_at_end']} (latency and req/s depend on "
        "what else runs; server CPU per request much less).", "",
        "| scenario | requests | errors | req/s | p50 ms | p99 ms | max ms | server CPU ms/request |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in report["scenarios"].items():
        lines.append(f"| {name} | {r['requests']} | {r['errors']} | {r['requests_per_s']} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {r['max_ms']} | {r['server_cpu_ms_per_request']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
