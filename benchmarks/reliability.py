"""Reliability of the public SPARQL endpoint under attack and runaway load (issue 19).

    python benchmarks/reliability.py                  # results/reliability.{md,json}
    python benchmarks/reliability.py --fuzz 100 --seconds 8 --quick   # a smoke run (results in --workdir)
    python benchmarks/reliability.py --report         # re-render reliability.md from reliability.json

Starts ``referatgraf serve`` in its own process on the five seeds (so a crash is seen as the
process dying, and its RSS is its own plus its query workers'), with a TCP listener on
127.0.0.1 that counts every connection made to it, then:

1. **attacks**: every query of ``tests/attacks.py`` (SERVICE smuggling aimed at the listener,
   the stack-overflowing nestings and chains) by POST, and by GET when it fits a URL;
2. **fuzz**: ``--fuzz`` queries from a seeded generator that mutates the attack and example
   queries (truncations, character flips, inserted SERVICE forms, escapes, comment ends, deep
   brackets and long chains); each answer's status is counted, a 5xx or a dead server is a failure;
3. **cap**: one SELECT of 360,000 rows against a cap of 10,000 — the server's RSS before/after;
4. **runaway load**: ``--runaway`` clients sending a query that would run for hours, for
   ``--seconds``, while a probe client (another loopback address) requests a small SELECT and a
   case page in turn; once with all runaways from one address, once from one address each;
5. **RSS after**: the server's RSS sampled for a minute after the load ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(ROOT / "tests"))

from attacks import SERVICE_FORMS, CountingListener, attack_queries  # noqa: E402

_THOUSAND = " ".join(str(i) for i in range(1000))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?x{k} {{ {_THOUSAND} }}" for k in range(4)) + " }"
SMALL = "SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 10"
_SIX_HUNDRED = " ".join(str(i) for i in range(600))
BIG = (f"SELECT * WHERE {{ VALUES ?a {{ {_SIX_HUNDRED} }} VALUES ?b {{ {_SIX_HUNDRED} }} "
       "BIND(CONCAT('row ', STR(?a), '-', STR(?b)) AS ?label) }")  # 360,000 rows
FIRST_CASE = "SELECT ?c WHERE { ?i <https://w3id.org/referatgraf/ns#case> ?c } ORDER BY ?c LIMIT 1"
QUERY_TIMEOUT = 3.0


# -- the server ----------------------------------------------------------------------------------
def start_server(store: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "REFERATGRAF_MUNICIPALITY": "Albertslund", "REFERATGRAF_QUERY_TIMEOUT": str(QUERY_TIMEOUT)}
    cmd = [sys.executable, "-m", "referatgraf.cli", "serve", "--store", str(store), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not start in 60 s")


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its query workers, MB."""
    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
    except psutil.NoSuchProcess:
        return 0.0
    return round(total / 2**20, 1)


def client(address: str = "127.0.0.1", timeout: float = 60) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout)


def send(c: httpx.Client, url: str, query: str, method: str = "POST") -> httpx.Response:
    if method == "GET":
        return c.get(f"{url}/sparql", params={"query": query})
    return c.post(f"{url}/sparql", data={"query": query})


# -- 1. attacks ------------------------------------------------------------------------------------
def run_attacks(url: str, server: subprocess.Popen, port: int) -> dict:
    statuses: dict[str, list[int]] = {}
    crashes = 0
    with client() as c:
        for name, query in attack_queries(port).items():
            methods = ["POST"] + (["GET"] if len(query) < 6_000 else [])
            statuses[name] = [send(c, url, query, m).status_code for m in methods]
            crashes += server.poll() is not None
    flat = [s for codes in statuses.values() for s in codes]
    return {"queries": len(statuses), "requests": len(flat), "4xx": sum(400 <= s < 500 for s in flat),
            "other": sorted({s for s in flat if not 400 <= s < 500}), "crashes": crashes, "by_query": statuses}


# -- 2. fuzz ---------------------------------------------------------------------------------------
def fuzz_sources(port: int) -> list[str]:
    examples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))]
    small = [q for q in attack_queries(port).values() if len(q) < 10_000]
    return examples + small + [SMALL, "ASK {}", "DESCRIBE <http://x/>", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"]


def pieces(rng: random.Random, port: int) -> str:
    url = f"http://127.0.0.1:{port}/sparql"
    k = rng.choice([3, 50, 150, 3000])
    options = [form.format(url=url) for form in SERVICE_FORMS.values()] + [
        "#", "\r", "\n", "#\r", "'", '"', "<", ">", "\\u0053ERVICE", "\\u0027", "\\u003E", "\\u0022", "\\U00000041",
        "SERVICE", "service", "{" * k, "}" * k, "(" * k, "[ <http://p/> " * k, "/<http://p/>" * k, " UNION {}" * k,
        " MINUS { ?s ?p ?o }" * k, " 1" * k, "\x00", "\ud7ff", "é", "LOAD <http://x/>", "INSERT DATA {}", ";",
    ]
    return rng.choice(options)


def mutate(rng: random.Random, text: str, port: int) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        op = rng.choice(["truncate", "flip", "insert", "insert", "duplicate"])
        if op == "truncate":
            text = text[:at]
        elif op == "flip" and text:
            at = min(at, len(text) - 1)
            text = text[:at] + rng.choice("{}()[]<>\"'#\r\n\\.;,/|?$:") + text[at + 1:]
        elif op == "insert":
            text = text[:at] + pieces(rng, port) + text[at:]
        else:
            end = min(len(text), at + rng.randint(1, 200))
            text = text[:end] + text[at:end] * rng.randint(1, 20) + text[end:]
    return text


def run_fuzz(url: str, server: subprocess.Popen, port: int, count: int, seed: int) -> dict:
    rng = random.Random(seed)
    sources = fuzz_sources(port)
    statuses: dict[int, int] = {}
    crashes = client_errors = 0
    slowest = 0.0
    failures: list[str] = []
    with client() as c:
        for _ in range(count):
            query = mutate(rng, rng.choice(sources), port)
            started = time.monotonic()
            try:
                status = send(c, url, query).status_code
            except httpx.HTTPError:
                status = -1
                client_errors += 1
            slowest = max(slowest, time.monotonic() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500 and status != 503 or status == -1:
                failures.append(query[:200])
            if server.poll() is not None:
                crashes += 1
                break
    return {"queries": count, "seed": seed, "statuses": dict(sorted(statuses.items())), "crashes": crashes,
            "transport_errors": client_errors, "slowest_s": round(slowest, 2), "failures": failures[:5]}


# -- 3. the result cap -----------------------------------------------------------------------------
def run_cap(url: str, server: subprocess.Popen) -> dict:
    before = rss_mb(server.pid)
    with client() as c:
        started = time.monotonic()
        r = send(c, url, BIG)
        seconds = time.monotonic() - started
    return {"rows": 360_000, "status": r.status_code, "seconds": round(seconds, 2),
            "rss_before_mb": before, "rss_after_mb": rss_mb(server.pid)}


# -- 4. runaway load -------------------------------------------------------------------------------
def case_page(url: str) -> str:
    with client() as c:
        r = c.post(f"{url}/sparql", data={"query": FIRST_CASE}, headers={"Accept": "application/sparql-results+json"})
    iri = r.json()["results"]["bindings"][0]["c"]["value"]
    return "/doc/" + iri.split("/id/", 1)[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)


def run_load(url: str, server: subprocess.Popen, attackers: list[str], seconds: float, page: str,
             warmup: float = 2 * QUERY_TIMEOUT + 1.5) -> dict:
    stop = threading.Event()
    attack_statuses: dict[int, int] = {}
    lock = threading.Lock()

    def attack(address: str) -> None:
        with client(address) as c:
            while not stop.is_set():
                try:
                    status = send(c, url, RUNAWAY).status_code
                except httpx.HTTPError:
                    status = -1
                with lock:
                    attack_statuses[status] = attack_statuses.get(status, 0) + 1
                if status in (429, 503) and not stop.is_set():
                    time.sleep(0.2)  # a polite retry; the limit is what keeps the workers free

    threads = [threading.Thread(target=attack, args=(a,), daemon=True) for a in attackers]
    for t in threads:
        t.start()
    time.sleep(warmup)  # the runaways run, and the first have met the time limit
    probes: dict[str, dict] = {"small SELECT": {"ms": [], "statuses": {}}, "case page": {"ms": [], "statuses": {}}}
    peak = 0.0
    started = time.monotonic()
    with client("127.0.0.2") as c:
        while time.monotonic() - started < seconds:
            for kind, request in (("small SELECT", lambda: send(c, url, SMALL)), ("case page", lambda: c.get(url + page))):
                t0 = time.perf_counter()
                try:
                    status = request().status_code
                except httpx.HTTPError:
                    status = -1
                ms = (time.perf_counter() - t0) * 1000
                probe = probes[kind]
                probe["statuses"][status] = probe["statuses"].get(status, 0) + 1
                if status == 200:
                    probe["ms"].append(ms)
            peak = max(peak, rss_mb(server.pid))
            time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(timeout=QUERY_TIMEOUT + 10)
    out = {"attackers": len(attackers), "addresses": len(set(attackers)), "seconds": seconds, "warmup_s": warmup,
           "runaway_statuses": dict(sorted(attack_statuses.items())), "rss_peak_mb": peak}
    for kind, probe in probes.items():
        ms = probe["ms"]
        out[kind] = {"ok": len(ms), "statuses": dict(sorted(probe["statuses"].items())),
                     "p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99), "max_ms": round(max(ms), 1) if ms else None}
    return out


# -- 5. memory afterwards -----------------------------------------------------------------------
def run_rss_after(server: subprocess.Popen, seconds: float = 60) -> dict:
    samples = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        samples.append((round(time.monotonic() - started), rss_mb(server.pid)))
        time.sleep(5)
    return {"samples": samples, "final_mb": samples[-1][1] if samples else None}


# -- report ----------------------------------------------------------------------------------------
def counts(by_status: dict) -> str:
    """``{200: 3, 400: 5}`` (or its JSON form with string keys) as ``200 × 3, 400 × 5``.

    >>> counts({"400": 5, "200": 3})
    '200 × 3, 400 × 5'
    """
    return ", ".join(f"{k} × {v}" for k, v in sorted(by_status.items(), key=lambda kv: int(kv[0]))) or "none"


def write_report(report: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reliability.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    a, f, cap = report["attacks"], report["fuzz"], report["cap"]
    lines = [
        "# Reliability of the public SPARQL endpoint (issue 19)", "",
        f"Run {report['date']} on {report['machine']}; `python benchmarks/reliability.py` "
        f"(`referatgraf serve` in its own process on the five seeds, query timeout {QUERY_TIMEOUT:g} s, "
        f"{report['query_workers']} query workers, {report['query_per_client']} per client). A listener on "
        "127.0.0.1 is the target of every SERVICE form and counts connections.", "",
        "| check | result |", "|---|---|",
        f"| attack queries ({a['queries']}, {a['requests']} requests by POST and GET) | {a['4xx']} × 4xx, "
        f"other statuses {a['other'] or 'none'}, {a['crashes']} crashes |",
        f"| fuzzed queries ({f['queries']}, seed {f['seed']}; a 200 is a mutation that is still a valid query "
        f"without SERVICE) | statuses {counts(f['statuses'])}, {f['crashes']} crashes, "
        f"{f['transport_errors']} transport errors, slowest {f['slowest_s']} s |",
        f"| outbound connections to the listener | {report['outbound_connections']} |",
        f"| server alive at the end | {report['server_alive']} |",
        f"| RSS (server + query workers) at start | {report['rss_start_mb']} MB |",
        f"| SELECT of {cap['rows']:,} rows, cap 10,000 | {cap['status']} in {cap['seconds']} s; RSS "
        f"{cap['rss_before_mb']} → {cap['rss_after_mb']} MB |", "",
        "## Runaway load", "",
        "Each runaway client sends a query that would run for hours (a COUNT over 10^12 rows), again "
        "as soon as it is answered (after 0.2 s on a 429/503). After a warm-up of "
        f"{report['load'][0]['warmup_s']:g} s (the runaways run, the first meet the time limit), a probe client on "
        "another loopback address requests a small SELECT and a case page in turn for "
        f"{report['load'][0]['seconds']:g} s; latencies of its 200s:", "",
        "| runaway clients | addresses | runaway answers | probe | 200s | statuses | p50 ms | p99 ms | max ms | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for load in report["load"]:
        for kind in ("small SELECT", "case page"):
            p = load[kind]
            lines.append(f"| {load['attackers']} | {load['addresses']} | {counts(load['runaway_statuses'])} | {kind} | "
                         f"{p['ok']} | {counts(p['statuses'])} | {p['p50_ms']} | {p['p99_ms']} | {p['max_ms']} | {load['rss_peak_mb']} |")
    after = report["rss_after"]
    lines += ["", f"RSS (server + workers) in the minute after the load: {after['samples']} (seconds, MB); "
              f"final {after['final_mb']} MB.", ""]
    if f["failures"]:
        lines += ["Fuzzed queries that failed (first 200 characters):", ""] + [f"- `{q!r}`" for q in f["failures"]] + [""]
    (folder / "reliability.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzz", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--runaway", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--after", type=float, default=60, help="seconds of RSS samples after the load")
    parser.add_argument("--quick", action="store_true", help="write the results into --workdir, not results/")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--report", action="store_true", help="only re-render results/reliability.md from its JSON")
    args = parser.parse_args()
    if args.report:
        write_report(json.loads((RESULTS / "reliability.json").read_text(encoding="utf-8")), RESULTS)
        return

    from server_fixtures import free_port, ingest_seeds
    from referatgraf.settings import Settings

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="referatgraf-reliability-"))
    store = workdir / "store"
    if not store.exists():
        ingest_seeds(store)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    defaults = Settings()
    report = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
              "query_workers": defaults.query_workers, "query_per_client": defaults.query_per_client}
    with CountingListener() as listener:
        server = start_server(store, port)
        try:
            report["rss_start_mb"] = rss_mb(server.pid)
            report["attacks"] = run_attacks(url, server, listener.port)
            print("attacks", {k: v for k, v in report["attacks"].items() if k != "by_query"}, flush=True)
            report["fuzz"] = run_fuzz(url, server, listener.port, args.fuzz, args.seed)
            print("fuzz", report["fuzz"], flush=True)
            report["cap"] = run_cap(url, server)
            print("cap", report["cap"], flush=True)
            page = case_page(url)
            report["load"] = [run_load(url, server, ["127.0.0.1"] * args.runaway, args.seconds, page),
                              run_load(url, server, [f"127.0.0.{11 + i}" for i in range(args.runaway)], args.seconds, page)]
            for load in report["load"]:
                print("load", load, flush=True)
            report["rss_after"] = run_rss_after(server, args.after)
            report["server_alive"] = server.poll() is None
            time.sleep(0.5)
            report["outbound_connections"] = listener.connections
        finally:
            server.terminate()
            server.wait(timeout=30)
    write_report(report, workdir if args.quick else RESULTS)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print((workdir if args.quick else RESULTS) / "reliability.md")


if __name__ == "__main__":
    main()
