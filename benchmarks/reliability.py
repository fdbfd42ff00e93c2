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
5. **RSS after**: the server's RSS sampled for a minute after the load ends;
6. **large documents** (``--only documents``): a 50 MB text document and documents just under
   the per-document limits (parse.limits; referatgraf.synth.large, our own words), each sent to
   ``referatgraf ingest`` (its own process: seconds, peak RSS) and uploaded to a writable
   ``referatgraf serve`` (seconds, status, the server's peak RSS);
7. **a write under read load** (``--only writes``): ``--readers`` clients request a small SELECT
   and a case page in turn, once without writes and once while meetings are uploaded one after
   another for the whole load: the uploads' commit times and the readers' latencies side by side.

    python benchmarks/reliability.py --only documents writes   # sections 6 and 7 into the same results
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
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(ROOT / "tests"))

from attacks import SERVICE_FORMS, CountingListener, attack_queries  # noqa: E402
from server_fixtures import free_port, ingest_seeds  # noqa: E402

from referatgraf.settings import Settings  # noqa: E402
from referatgraf.synth.large import long_items, long_section, many_items  # noqa: E402

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


def probe_round(c: httpx.Client, url: str, page: str) -> list[tuple[str, int, float]]:
    """A small SELECT, then the case page ``page``: (kind, status (-1: no answer), ms) each."""
    out = []
    for kind, request in (("small SELECT", lambda: send(c, url, SMALL)), ("case page", lambda: c.get(url + page))):
        t0 = time.perf_counter()
        try:
            status = request().status_code
        except httpx.HTTPError:
            status = -1
        out.append((kind, status, (time.perf_counter() - t0) * 1000))
    return out


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
            for kind, status, ms in probe_round(c, url, page):
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
    lines = endpoint_lines(report) if "attacks" in report else ["# Reliability (issue 19)", ""]
    if "documents" in report:
        lines += document_lines(report["documents"])
    if "writes" in report:
        lines += write_lines(report["writes"])
    (folder / "reliability.md").write_text("\n".join(lines), encoding="utf-8")


def document_lines(documents: dict) -> list[str]:
    d = Settings()
    lines = ["## Large documents", "",
             f"Run {documents['date']}; `python benchmarks/reliability.py --only documents`. Each document "
             "(referatgraf.synth.large) goes to `referatgraf ingest` in its own process (peak RSS of that "
             "process) and is uploaded to a writable `referatgraf serve` on an empty store (peak RSS of the "
             "server and its query workers while the upload ran). Limits: the defaults — "
             f"max_document_bytes {d.max_document_bytes:,}, max_pages {d.max_pages:,}, max_items {d.max_items:,}, "
             f"max_section_chars {d.max_section_chars:,}, max_mentions {d.max_mentions:,}, max_triples {d.max_triples:,}. "
             "Target: finished (ingested or refused) in ≤ 60 s with peak RSS ≤ 1 GB.", "",
             "| document | bytes | CLI exit | CLI s | CLI peak RSS MB | upload status | upload s | server RSS MB (before → peak) | refused with |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in documents["rows"]:
        c, u = row["cli"], row["upload"]
        why = (u["detail"] or c["message"]).split(" (setting")[0] if c["exit"] else "—"
        lines.append(f"| {row['document']} | {row['bytes']:,} | {c['exit']} | {c['seconds']} | {c['peak_rss_mb']} | "
                     f"{u['status']} | {u['seconds']} | {u['rss_before_mb']} → {u['peak_rss_mb']} | {why} |")
    return lines + [""]


def write_lines(writes: dict) -> list[str]:
    quiet = writes["without writes"]
    loads = [(label, load) for label, load in writes.items() if label.startswith("with ")]
    lines = ["## An upload during read load", "",
             f"Run {writes['date']}; `python benchmarks/reliability.py --only writes`. {quiet['readers']} read "
             "clients (one loopback address each) request a small SELECT and a case page in turn for "
             f"{quiet['seconds']:g} s: without writes, then while synthetic meetings are uploaded (from one "
             "second in to one second before the end) one every 2 s, then back to back. A 503 is the "
             "query admission's immediate answer when the query workers are all busy (16 readers, "
             f"{Settings().query_workers} workers); latencies are of the 200s. Target: each upload commits "
             "in ≤ 2 s; the readers' p99 within 2× of the same load without writes.", "",
             "| load | reader statuses | probe | 200s | p50 ms | p99 ms | p99 / without writes |",
             "|---|---|---|---|---|---|---|"]
    for label, load in [("without writes", quiet), *loads]:
        for kind in ("small SELECT", "case page"):
            p, base = load[kind], quiet[kind]["p99_ms"]
            ratio = f"{p['p99_ms'] / base:.2f}×" if base and label != "without writes" else ""
            lines.append(f"| {label} | {counts(load['statuses'])} | {kind} | {p['ok']} | {p['p50_ms']} | {p['p99_ms']} | {ratio} |")
    lines.append("")
    for label, load in loads:
        w = load["writes"]
        lines.append(f"Uploads {label}: {w['uploads']}, statuses {counts(w['statuses'])}, commit p50 {w['p50_s']} s, "
                     f"max {w['max_s']} s.")
    return lines + [""]


def endpoint_lines(report: dict) -> list[str]:
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
    return lines


# -- 6. large documents ---------------------------------------------------------------------------
TOKEN = "reliability-token"
#: (label, builder): the 50 MB target, then one document just under each limit that bounds it
LARGE_DOCUMENTS = [
    ("50 MB, one long section", lambda: long_section(50_000_000)),
    ("20 MB (just under max_document_bytes), one long section", lambda: long_section(20 * 2**20 - 2_000)),
    ("20 MB, 21 items of ~990,000 characters each (under max_document_bytes, max_items and max_section_chars)",
     lambda: long_items(20 * 2**20 - 1_000_000, 990_000)),
    ("3 items of ~990,000 characters, 279,872 triples (just under max_triples)", lambda: long_items(2_900_000, 990_000)),
    ("997 items, 150,054 triples (just under max_items)", lambda: many_items(760_000)),
    ("1 MB, one section of ~990,000 characters (just under max_section_chars), 95,111 triples", lambda: long_section(1_000_000)),
    ("PDF of 100,000 blank pages (over max_pages)", lambda: blank_pdf(100_000)),
]


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty A4 pages (PDFium)."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def start_writable_server(store: Path, port: int) -> subprocess.Popen:
    os.environ["REFERATGRAF_WRITE_TOKEN"] = TOKEN  # start_server passes the environment on
    try:
        return start_server(store, port)
    finally:
        del os.environ["REFERATGRAF_WRITE_TOKEN"]


def cli_ingest(path: Path, store: Path) -> dict:
    """``referatgraf ingest`` of one file in its own process: seconds, peak RSS, exit, message."""
    cmd = [sys.executable, "-m", "referatgraf.cli", "ingest", str(path), "--store", str(store), "-m", "Albertslund"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "REFERATGRAF_ENDPOINT": ""})
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": round(time.monotonic() - started, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "exit": proc.returncode, "message": stderr.strip().splitlines()[-1][:220] if stderr.strip() else ""}


def upload(url: str, server: subprocess.Popen, data: bytes, name: str) -> dict:
    """One upload: seconds, status, the server's RSS before and at its peak while it ran."""
    before, peak, done = rss_mb(server.pid), [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(server.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    try:
        with client(timeout=300) as c:
            media = "application/pdf" if name.endswith(".pdf") else "text/plain"
            r = c.post(f"{url}/api/documents", files={"file": (name, data, media)},
                       headers={"Authorization": f"Bearer {TOKEN}"})
        status, detail = r.status_code, (r.json().get("error", {}).get("detail", "") if r.status_code >= 400 else "")
    except httpx.HTTPError as exc:
        status, detail = -1, f"{type(exc).__name__}: {exc}"
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    return {"seconds": round(seconds, 2), "status": status, "rss_before_mb": before,
            "peak_rss_mb": max(peak[0], before), "detail": detail[:220]}


def run_documents(workdir: Path) -> list[dict]:
    out = []
    port = free_port()
    server = start_writable_server(workdir / "upload-store", port)
    try:
        for k, (label, build) in enumerate(LARGE_DOCUMENTS):
            data = build()
            data = data.encode("utf-8") if isinstance(data, str) else data
            path = workdir / f"large-{k}{'.pdf' if data.startswith(b'%PDF-') else '.txt'}"
            path.write_bytes(data)
            row = {"document": label, "bytes": len(data), "cli": cli_ingest(path, workdir / f"cli-store-{k}"),
                   "upload": upload(f"http://127.0.0.1:{port}", server, data, path.name)}
            path.unlink()
            print("document", row, flush=True)
            out.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


# -- 7. a write under read load ----------------------------------------------------------------------
def read_load(url: str, page: str, readers: int, seconds: float, during: Callable[[], dict] | None = None) -> dict:
    """``readers`` clients (one loopback address each) requesting a small SELECT and a case page
    in turn for ``seconds``; ``during`` (the uploads) runs meanwhile, from one second in."""
    stop = threading.Event()
    ms: dict[str, list[float]] = {"small SELECT": [], "case page": []}
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def reader(address: str) -> None:
        with client(address) as c:
            while not stop.is_set():
                for kind, status, took in probe_round(c, url, page):
                    with lock:
                        statuses[status] = statuses.get(status, 0) + 1
                        if status == 200:
                            ms[kind].append(took)

    threads = [threading.Thread(target=reader, args=(f"127.0.1.{1 + i}",), daemon=True) for i in range(readers)]
    for t in threads:
        t.start()
    started = time.monotonic()
    writes = None
    if during is not None:
        time.sleep(1.0)
        writes = during()
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    stop.set()
    for t in threads:
        t.join(timeout=60)
    out = {"readers": readers, "seconds": round(time.monotonic() - started, 1), "statuses": dict(sorted(statuses.items()))}
    for kind, values in ms.items():
        out[kind] = {"ok": len(values), "p50_ms": percentile(values, 0.5), "p99_ms": percentile(values, 0.99)}
    if writes is not None:
        out["writes"] = writes
    return out


def uploads(url: str, until: float, every: float = 0.0) -> dict:
    """Synthetic meetings uploaded one after another until ``until`` (monotonic), one each
    ``every`` seconds (0: back to back): each commit's seconds."""
    from referatgraf.synth import iter_documents

    seconds, statuses = [], {}
    with client(timeout=120) as c:
        for k, doc in enumerate(iter_documents(500, seed=91 + int(every * 10), layout="markdown")):
            if k and every:
                time.sleep(max(0.0, every - seconds[-1]))
            if time.monotonic() >= until:
                break
            t0 = time.perf_counter()
            r = c.post(f"{url}/api/documents", files={"file": (doc.name, doc.content, "text/plain")},
                       headers={"Authorization": f"Bearer {TOKEN}"})
            seconds.append(time.perf_counter() - t0)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    return {"uploads": len(seconds), "every_s": every, "statuses": dict(sorted(statuses.items())), "p50_s": round(statistics.median(seconds), 2),
            "max_s": round(max(seconds), 2)}


def run_writes(workdir: Path, readers: int, seconds: float) -> dict:
    store = workdir / "writes-store"
    if not store.exists():
        ingest_seeds(store)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_writable_server(store, port)
    try:
        page = case_page(url)
        quiet = read_load(url, page, readers, seconds)
        print("reads without writes", quiet, flush=True)
        paced = read_load(url, page, readers, seconds, during=lambda: uploads(url, time.monotonic() + seconds - 2, 2.0))
        print("reads with an upload every 2 s", paced, flush=True)
        busy = read_load(url, page, readers, seconds, during=lambda: uploads(url, time.monotonic() + seconds - 2))
        print("reads with uploads back to back", busy, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"without writes": quiet, "with an upload every 2 s": paced, "with uploads back to back": busy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzz", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--runaway", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--after", type=float, default=60, help="seconds of RSS samples after the load")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=None,
                        help="run these sections only; the others' results are kept from the last run")
    parser.add_argument("--readers", type=int, default=16, help="read clients of the write-under-load section")
    parser.add_argument("--write-seconds", type=float, default=20, help="seconds of each read load (with and without uploads)")
    parser.add_argument("--quick", action="store_true", help="write the results into --workdir, not results/")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--report", action="store_true", help="only re-render results/reliability.md from its JSON")
    args = parser.parse_args()
    if args.report:
        write_report(json.loads((RESULTS / "reliability.json").read_text(encoding="utf-8")), RESULTS)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="referatgraf-reliability-"))
    folder = workdir if args.quick else RESULTS
    previous = folder / "reliability.json"
    report = json.loads(previous.read_text(encoding="utf-8")) if args.only and previous.exists() else {}
    report["machine"] = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    for section in args.only or SECTIONS:
        report.update(RUNS[section](args, workdir))
    write_report(report, folder)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    print(folder / "reliability.md")


def run_endpoint(args: argparse.Namespace, workdir: Path) -> dict:
    """Sections 1-5: the public SPARQL endpoint under attack and runaway load."""
    store = workdir / "store"
    if not store.exists():
        ingest_seeds(store)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    defaults = Settings()
    report = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
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
    return report


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


SECTIONS = ("endpoint", "documents", "writes")
RUNS = {
    "endpoint": run_endpoint,
    "documents": lambda args, workdir: {"documents": {"date": _stamp(), "rows": run_documents(workdir)}},
    "writes": lambda args, workdir: {"writes": {"date": _stamp(), **run_writes(
        workdir, args.readers, args.write_seconds)}},
}


if __name__ == "__main__":
    main()
