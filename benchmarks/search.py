"""Full-text search, side by side: the old scan (benchmarks/search_scan.py), SQLite FTS5
(benchmarks/search_fts5.py) and tantivy (referatgraf.index.tantivy_index, when it is there).

    python benchmarks/search.py --sizes 10000,100000      # meetings; results/search.{md,json}
    python benchmarks/search.py --sizes 200 --quick       # a smoke run, under a minute (results in --workdir)
    python benchmarks/search.py --load                    # + 16 clients × 20 s against `serve`
    python benchmarks/search.py report                    # re-render search.md from search.json

Per engine and size: build time (items/s, fed document by document in batches of
``--batch`` documents, as a rebuild does), index size on disk, RSS after opening, the first query
after opening (cold: a fresh process) and p50/p99 over a fixed mix of queries (common word,
rare word, two words, phrase, prefix/compound, case number, date, facet counts, a filter,
sorted by date, a deep page). Every engine runs in its own process (``_worker``) so RSS is its own.
The old scan only reads words; filters, date ranges, sorting, paging and facet counts are done
in Python over its hits (what the app would have to do), and it is skipped where its estimated
time exceeds ``--scan-budget`` seconds (the table says so).

Results are merged by size into benchmarks/results/search.json and written as tables to
benchmarks/results/search.md after every engine, so a stopped run keeps what it measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
RESULTS = HERE / "results"
ENGINES = ("scan", "fts5", "tantivy")
LABEL = {"scan": "old scan (benchmarks/search_scan.py)", "fts5": "SQLite FTS5", "tantivy": "tantivy"}


# -- the query mix ---------------------------------------------------------------------------------

def query_mix(sample: list) -> list[tuple[str, dict]]:
    """(name, SearchRequest keyword arguments); the rare word, case number and date come from the
    first meetings of the corpus (deterministic)."""
    from search_scan import words

    df: Counter = Counter()
    for r in sample:
        df.update(set(words(r.title + " " + r.text + " " + r.decision)))
    rare = sorted(w for w, n in df.items() if 2 <= n <= 3 and len(w) >= 7 and w.isalpha())[0]
    case = next(r.cases[0] for r in sample if r.cases and not r.closed and r.title.find("Godkendelse") < 0)
    date = sample[len(sample) // 2].date.isoformat()
    return [
        ("common word", dict(q="sagen")),
        ("rare word", dict(q=rare)),
        ("two words", dict(q="budget skole")),
        ("phrase", dict(q='"til efterretning"')),
        ("prefix/compound", dict(q="budgetopf")),
        ("case number", dict(q=case)),
        ("date", dict(q=date)),
        ("broad word", dict(q="økonomi")),
        ("filter", dict(q="budget", filters=(("body", ("Økonomiudvalget", "Chefforum")), ("year", ("2019",))))),
        ("sorted by date", dict(q="skole", sort="-date")),
        ("deep page", dict(q="sagen", offset=1000)),
    ]


# -- engines ---------------------------------------------------------------------------------------

class ScanEngine:
    """The old scan as a stand-in index: entries in memory, everything else in Python."""

    def __init__(self, records: list) -> None:
        from search_scan import make_entry

        self.records = {}
        self.entries = []
        for r in records:
            self.records[r.item] = r
            self.entries.append(make_entry(r.item, r.title, r.meeting, r.date, r.body,
                                           r.cases[0] if r.cases else None, r.decision, r.text))

    def search(self, request):
        from referatgraf.index.model import FACETS, FacetValue, SearchAnswer

        from search_scan import search

        hits = [self.records[e.item] for e, *_ in search(self.entries, request.q)]
        for name, values in request.filters:
            hits = [r for r in hits if set(r.facet_values(name)) & set(values)]
        if request.date_from:
            hits = [r for r in hits if r.date and r.date >= request.date_from]
        if request.date_to:
            hits = [r for r in hits if r.date and r.date <= request.date_to]
        if request.sort != "relevance":
            hits.sort(key=lambda r: r.date or dt.date.min, reverse=request.sort == "-date")
        facets = {}
        if request.facets:
            for f in FACETS:
                c = Counter(v for r in hits for v in r.facet_values(f))
                facets[f] = tuple(FacetValue(v, n) for v, n in c.most_common(50))
        return SearchAnswer(request, len(hits), (), facets)


def open_engine(engine: str, path: Path, cache: bool = False, write: bool = False):
    """An engine over ``path`` (tantivy: read-only unless ``write``, as the server opens it); its
    facet cache only when asked (the mix measures counting)."""
    if engine == "fts5":
        from search_fts5 import Fts5Index

        return Fts5Index(path)
    from referatgraf.index.tantivy_index import FACET_CACHE, TantivyIndex

    return TantivyIndex(path, read_only=not write, facet_cache=FACET_CACHE if cache else 0)


def tantivy_available() -> str | None:
    try:
        import referatgraf.index.tantivy_index  # noqa: F401
    except ImportError as e:
        return f"not available ({e})"
    return None


def rss_mb() -> tuple[float, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


# -- the worker (one engine, one size, one step, its own process) ----------------------------------

def worker(args: argparse.Namespace) -> dict:
    from search_corpus import iter_records

    from referatgraf.index.model import SearchRequest

    path = Path(args.dir)
    out: dict = {}
    if args.step == "build":
        if path.exists():
            shutil.rmtree(path)
        index = open_engine(args.engine, path, write=True)
        items, engine_s, t0 = 0, 0.0, time.perf_counter()
        batch: list = []
        bulk = getattr(index, "replace_documents", None)

        def flush() -> float:
            """Hand a batch to the engine; the seconds it took (generating records, ~50 µs an
            item, is the generator's cost, not the engine's, and is not counted)."""
            start = time.perf_counter()
            if bulk:
                bulk(batch)
            else:
                for doc, recs in batch:
                    index.replace_document(doc, recs)
            batch.clear()
            return time.perf_counter() - start

        for doc, recs in itertools.groupby(iter_records(args.size, args.seed), key=lambda r: r.document):
            recs = list(recs)
            items += len(recs)
            batch.append((doc, recs))
            if len(batch) >= args.batch:
                engine_s += flush()
        engine_s += flush()
        gen = time.perf_counter()
        if callable(getattr(index, "optimize", None)):  # FTS5 merges its b-trees; counted in the build
            index.optimize()
        index.close()  # tantivy: waits for its merges, counted in the build
        finish = time.perf_counter() - gen
        secs = engine_s + finish
        out.update(items=items, build_s=secs, items_per_s=items / secs, size_mb=dir_mb(path),
                   build_peak_rss_mb=rss_mb()[1], batched=bool(bulk), finish_s=finish,
                   wall_s=time.perf_counter() - t0)
        return out
    # step "query": open, cold first query, then the mix
    sample = list(itertools.islice(iter_records(args.size, args.seed), 3000))
    mix = [(n, SearchRequest(**kw)) for n, kw in query_mix(sample)]
    del sample
    gc.collect()
    base_rss = rss_mb()[0]
    t0 = time.perf_counter()
    if args.engine == "scan":
        index = ScanEngine(list(iter_records(args.size, args.seed)))
        gc.collect()
    else:
        index = open_engine(args.engine, path)
    out["open_s"] = time.perf_counter() - t0
    out["rss_after_open_mb"] = rss_mb()[0] - base_rss
    t0 = time.perf_counter()
    first = index.search(mix[0][1])
    out["cold_ms"] = (time.perf_counter() - t0) * 1000
    out["cold_total"] = first.total
    per: dict[str, list[float]] = {n: [] for n, _ in mix}
    totals: dict[str, int] = {}
    deadline = time.perf_counter() + args.query_budget
    for _ in range(args.reps):
        for name, req in mix:
            t = time.perf_counter()
            answer = index.search(req)
            per[name].append((time.perf_counter() - t) * 1000)
            totals[name] = answer.total
        if time.perf_counter() > deadline:
            break
    if args.engine == "tantivy":  # the same mix again through the facet cache, as a server answers a repeat
        cached = open_engine(args.engine, path, cache=True)
        repeat: list[float] = []
        for round_ in range(2):
            for _, req in mix:
                t = time.perf_counter()
                cached.search(req)
                if round_:
                    repeat.append((time.perf_counter() - t) * 1000)
        cached.close()
        out.update(cached_p50_ms=percentile(repeat, 50), cached_p99_ms=percentile(repeat, 99))
    every = [v for vs in per.values() for v in vs]
    out.update(p50_ms=percentile(every, 50), p99_ms=percentile(every, 99), runs=len(every),
               queries={n: dict(p50_ms=percentile(v, 50), max_ms=max(v), total=totals[n], q=req.q)
                        for (n, req), v in zip(mix, per.values())},
               rss_peak_mb=rss_mb()[1], rss_after_queries_mb=rss_mb()[0] - base_rss)
    if hasattr(index, "close"):
        index.close()
    return out


def run_worker(engine: str, size: int, step: str, workdir: Path, opts: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "_worker", "--engine", engine, "--size", str(size), "--step", step,
           "--dir", str(workdir / f"{engine}-{size}"), "--seed", str(opts.seed), "--batch", str(opts.batch),
           "--reps", str(opts.reps), "--query-budget", str(opts.query_budget)]
    proc = subprocess.run(["nice", "-n", "10", *cmd], capture_output=True, text=True, timeout=opts.timeout)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- load test -------------------------------------------------------------------------------------

def fresh_searches():
    """A picker of searches never asked before in the run (words of the corpus' vocabulary),
    so no cache can answer them; safe to share between client threads."""
    import itertools
    import threading

    from search_corpus import iter_records
    from search_scan import words

    vocabulary = sorted({w for r in itertools.islice(iter_records(2000, 0), 12000)
                         for w in words(r.title + " " + r.text) if len(w) >= 4 and w.isalpha()})
    random.Random(0).shuffle(vocabulary)
    # every word once, then pairs of them (rarer hits, but still nothing asked before)
    queue = itertools.chain(vocabulary, (f"{a} {b}" for a in vocabulary for b in vocabulary if a < b))
    lock = threading.Lock()

    def pick(_n: int) -> str:
        with lock:
            return next(queue)

    return pick


def run_clients(base: str, path: str, pick, opts: argparse.Namespace) -> dict:
    """``opts.clients`` threads asking ``path?q=pick(n)`` for ``opts.load_seconds``."""
    import threading

    import httpx

    times: list[float] = []
    errors = [0]
    stop = time.perf_counter() + opts.load_seconds
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            n = k
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    ok = c.get(path, params={"q": pick(n)}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    (times.append((time.perf_counter() - t) * 1000) if ok else errors.__setitem__(0, errors[0] + 1))
                n += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(opts.clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    return dict(requests=len(times), errors=errors[0], rps=len(times) / wall,
                p50_ms=percentile(times, 50) if times else None, p99_ms=percentile(times, 99) if times else None)


def load_test(opts: argparse.Namespace, workdir: Path) -> dict:
    """16 clients for 20 s against a served store of ``--load-size`` meetings (built if missing)."""
    import httpx

    size = opts.load_size
    store = Path(opts.load_store) if opts.load_store else workdir / f"store-{size}"
    rg = [sys.executable, "-m", "referatgraf.cli"]
    if not store.exists():
        corpus = workdir / f"corpus-{size}"
        if not corpus.exists():
            subprocess.run(["nice", "-n", "10", *rg, "generate", str(corpus), "-n", str(size)], check=True)
        subprocess.run(["nice", "-n", "10", *rg, "bulk-ingest", str(corpus), "--by-folder", "--store", str(store),
                        "--workers", "2"], check=True)
    index_cmd = subprocess.run([*rg, "index", "--help"], capture_output=True)
    if index_cmd.returncode == 0 and not Path(str(store) + ".index").exists():
        subprocess.run(["nice", "-n", "10", *rg, "index", "--store", str(store)], check=False)
    port = opts.load_port
    server = subprocess.Popen(["nice", "-n", "5", *rg, "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    result: dict = {"size": size, "clients": opts.clients, "seconds": opts.load_seconds}
    try:
        for _ in range(240):
            try:
                httpx.get(base + "/api/search", params={"q": "budget"}, timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        probe = httpx.get(base + "/api/search", params={"q": "budget"}, timeout=600).json()
        result["backend"] = "index" if "facets" in probe else "old scan (no index behind /api/search)"
        if opts.load_require_index and "facets" not in probe:
            result["skipped"] = "/api/search has no index yet"
            return result
        repeated = ["budget", "sagen", "skole", "økonomi", '"til efterretning"', "budgetopf", "trafik", "borger"]
        fresh = fresh_searches()
        for path in ("/api/search", "/search"):
            for mode, pick in (("repeated", lambda n: repeated[n % len(repeated)]), ("new", fresh)):
                result[f"{path} {mode}"] = run_clients(base, path, pick, opts)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


# -- report ----------------------------------------------------------------------------------------

def fmt(v, spec: str = ".1f") -> str:
    return "–" if v is None else format(v, spec)


def write_report(data: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    lines = ["# Full-text search: old scan vs SQLite FTS5 vs tantivy", "",
             f"Generated by `benchmarks/search.py` ({data.get('updated', '')}; {data.get('machine', '')}). "
             "Records come from the generator's plans (benchmarks/search_corpus.py). Times are wall "
             "clock on a shared 2-core machine under `nice`; RSS is the process's resident memory after "
             "opening the index, minus what it held before. The old scan's filters, sorting, paging and "
             "facet counts are Python over its hits. Every query of the mix counts all facets (as the search "
             "page and `/api/search` do), with tantivy's facet cache off: the mix measures counting, and a "
             "row below shows the same mix repeated through the cache. Build time is the engine's: the seconds spent handing "
             "it batches of 500 documents (each ending in a commit) and closing it (tantivy waits for its "
             "merges there); generating the records between batches is the generator's cost and is shown "
             "apart (the wall time).", ""]
    for size in sorted(data["sizes"], key=int):
        s = data["sizes"][size]
        lines += [f"## {int(size):,} meetings ({s.get('items', '?'):,} items)" if isinstance(s.get('items'), int)
                  else f"## {int(size):,} meetings", ""]
        if s.get("partial"):
            lines += ["*Partial run: engines without figures did not finish.*", ""]
        engines = [e for e in ENGINES if e in s["engines"]]
        lines.append("| | " + " | ".join(LABEL[e] for e in engines) + " |")
        lines.append("|---|" + "---:|" * len(engines))

        def row(label: str, get) -> None:
            lines.append(f"| {label} | " + " | ".join(get(s["engines"][e]) for e in engines) + " |")

        def note(e: dict) -> str | None:
            return e.get("skipped") or e.get("error")

        row("build (items/s)", lambda e: note(e) or ("in memory at open" if e.get("build", {}).get("note")
                                                    else fmt(e.get("build", {}).get("items_per_s"), ",.0f")))
        row("build time (s)", lambda e: "" if note(e) else fmt(e.get("build", {}).get("build_s")))
        row("build wall time with generating the records (s)",
            lambda e: "" if note(e) else fmt(e.get("build", {}).get("wall_s")))
        row("index size on disk (MB)", lambda e: "" if note(e) else fmt(e.get("build", {}).get("size_mb")))
        row("RSS after open (MB)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("rss_after_open_mb")))
        row("RSS after the query mix (MB)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("rss_after_queries_mb")))
        row("open (s)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("open_s"), ".2f"))
        row("first query, cold (ms)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("cold_ms")))
        row("query mix p50 (ms)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("p50_ms")))
        row("query mix p99 (ms)", lambda e: "" if note(e) else fmt(e.get("query", {}).get("p99_ms")))
        row("the mix repeated, through the facet cache: p50 / p99 (ms)",
            lambda e: "" if note(e) or "cached_p50_ms" not in e.get("query", {}) else
            f"{fmt(e['query']['cached_p50_ms'])} / {fmt(e['query']['cached_p99_ms'])}")
        names = next((list(e["query"]["queries"]) for e in s["engines"].values() if "queries" in e.get("query", {})), [])
        for n in names:
            def cell(e: dict, n: str = n) -> str:
                q = e.get("query", {}).get("queries", {}).get(n)
                return "" if not q else f"{fmt(q['p50_ms'])} ({q['total']:,})"
            row(f"p50 ms (hits): {n}", cell)
        qs = next((e["query"]["queries"] for e in s["engines"].values() if "queries" in e.get("query", {})), {})
        if qs:
            lines += ["", "Queries: " + "; ".join(f"{n} `{q['q']}`" for n, q in qs.items()) + "."]
        lines.append("")
    load = data.get("load")
    if load:
        lines += ["## Load test", "", f"{load.get('clients')} clients for {load.get('seconds')} s against "
                  f"`referatgraf serve` with a store of {load.get('size'):,} meetings; backend: "
                  f"{load.get('backend', '?')}. {load.get('skipped', '') or load.get('error', '')}", ""]
        runs = [k for k in load if k.startswith("/")]
        if runs:
            lines += ["Repeated: 8 searches asked again and again (as popular searches are; answered from the "
                      "caches after their first time). New: every request a search not asked before in the run "
                      "(a word of the corpus' vocabulary, then pairs of them), so no cache helps.", "",
                      "| | requests/s | p50 (ms) | p99 (ms) | errors |", "|---|---:|---:|---:|---:|"]
            for k in runs:
                r = load[k]
                path, _, mode = k.partition(" ")
                lines.append(f"| `{path}?q=…` {mode} | {fmt(r['rps'])} | {fmt(r['p50_ms'])} | {fmt(r['p99_ms'])} | {r['errors']} |")
        lines.append("")
    (RESULTS / "search.md").write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    global RESULTS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step_", nargs="?", help=argparse.SUPPRESS)
    ap.add_argument("--sizes", default="10000", help="meetings, comma-separated")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--quick", action="store_true", help="few repetitions (a smoke run)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=500, help="documents per write batch")
    ap.add_argument("--reps", type=int, default=None, help="rounds of the query mix (default 20; --quick 3)")
    ap.add_argument("--query-budget", type=float, default=120.0, help="seconds of query rounds per engine at most")
    ap.add_argument("--scan-budget", type=float, default=900.0, help="skip the old scan when its estimate is longer")
    ap.add_argument("--scan-max-gb", type=float, default=4.0, help="skip the old scan when its estimated RAM is more")
    ap.add_argument("--timeout", type=float, default=3 * 3600)
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "referatgraf-bench-search"))
    ap.add_argument("--keep", action="store_true", help="keep the built indexes in --workdir")
    ap.add_argument("--load", action="store_true", help="also run the load test against `referatgraf serve`")
    ap.add_argument("--load-size", type=int, default=10000)
    ap.add_argument("--load-store", default=None, help="an existing store to serve (default: built in --workdir)")
    ap.add_argument("--load-require-index", action="store_true", help="skip when /api/search has no index")
    ap.add_argument("--load-port", type=int, default=8765)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--load-seconds", type=float, default=20.0)
    # worker-only
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.reps is None:
        args.reps = 3 if args.quick else 20
    if args.step_ == "report":  # re-render search.md from search.json
        write_report(json.loads((RESULTS / "search.json").read_text()))
        print(f"wrote {RESULTS / 'search.md'}")
        return
    if args.step_ == "_worker":
        print(json.dumps(worker(args)))
        return
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.quick:  # a smoke run does not touch the committed results
        RESULTS = workdir / "results"
    path = RESULTS / "search.json"
    data = json.loads(path.read_text()) if path.exists() else {"sizes": {}}
    data["machine"] = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    engines = [e for e in args.engines.split(",") if e]
    scan_rate = scan_mb = None  # ms per item per query and MB per item, from the largest size measured
    for known in sorted(data["sizes"].values(), key=lambda v: v.get("items") or 0):
        q = known["engines"].get("scan", {}).get("query", {})
        if "queries" in q and known.get("items"):
            scan_rate = statistics.mean(v["p50_ms"] for v in q["queries"].values()) / known["items"]
            scan_mb = q["rss_after_open_mb"] / known["items"]
    for size in [int(s) for s in args.sizes.split(",")]:
        entry = data["sizes"].setdefault(str(size), {"engines": {}})  # engines not rerun keep their figures
        entry["partial"] = True
        for engine in engines:
            e = entry["engines"][engine] = {}
            data["updated"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            if engine == "tantivy" and (why := tantivy_available()):
                e["skipped"] = why
                write_report(data)
                continue
            if engine == "scan":
                items = entry.get("items") or size * 7
                est_s = scan_rate * items * 11 / 1000 * 2 if scan_rate else 0  # two rounds of the mix
                est_gb = scan_mb * items / 1024 if scan_mb else 0
                if est_s > args.scan_budget or est_gb > args.scan_max_gb:
                    e["skipped"] = (f"skipped: est. {est_s:,.0f} s for two rounds of the mix (budget "
                                    f"{args.scan_budget:.0f} s), {est_gb:.1f} GB RAM (max {args.scan_max_gb:.0f})")
                    write_report(data)
                    continue
                e["build"] = {}
            else:
                print(f"{size}: building {engine} …", file=sys.stderr, flush=True)
                e["build"] = run_worker(engine, size, "build", workdir, args)
                if "error" in e["build"]:
                    e["error"] = e["build"]["error"]
                    write_report(data)
                    continue
                entry["items"] = e["build"]["items"]
            write_report(data)
            print(f"{size}: querying {engine} …", file=sys.stderr, flush=True)
            e["query"] = run_worker(engine, size, "query", workdir, args)
            if "error" in e["query"]:
                e["error"] = e["query"]["error"]
            elif engine == "scan":
                e["build"] = {"items_per_s": None, "note": "built in memory at open"}
                mean = statistics.mean(q["p50_ms"] for q in e["query"]["queries"].values())
                scan_rate = mean / (entry.get("items") or size * 7)
                scan_mb = e["query"]["rss_after_open_mb"] / (entry.get("items") or size * 7)
            write_report(data)
            if not args.keep:
                shutil.rmtree(workdir / f"{engine}-{size}", ignore_errors=True)
        entry["partial"] = False
        write_report(data)
    if args.load:
        data["load"] = {"running": True}
        try:
            data["load"] = load_test(args, workdir)
        except Exception as exc:  # noqa: BLE001 - the report says what failed
            data["load"] = {"error": f"{type(exc).__name__}: {exc}", "size": args.load_size,
                            "clients": args.clients, "seconds": args.load_seconds}
        write_report(data)
    print((RESULTS / "search.md").read_text())


if __name__ == "__main__":
    main()
