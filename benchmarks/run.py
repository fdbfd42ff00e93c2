"""The benchmark suite, one command: ``python benchmarks/run.py --sizes 1000,10000[,100000]``.

For each size it generates a corpus (``referatgraf.synth``, cached in ``--workdir``), then runs,
each stage in its own process while the tree's resident memory is sampled:

* parse throughput on all cores and on one, and parse correctness against the ground truth;
* full ingest (parse + extract + map + store) into the embedded store with the bulk path (all
  documents), and with the per-document transactional path (timed on the first
  ``--per-document`` documents: it runs at a few documents a second);
* the per-document ingest into ``oxigraph serve`` (a real server process on 127.0.0.1) through
  the SPARQL protocols (same documents); queries on the server run against the bulk-loaded
  store files (``serve-read-only``), so both stores answer over identical data;
* latency p50/p95 of every ``examples/queries/*.rq`` and ``benchmarks/queries/*.rq`` query and of
  the API's case-history query, on both stores;
* the baseline: the same pipeline and queries with rdflib's default in-memory store, skipped
  when the estimate from a smaller size says it would take longer than ``--rdflib-budget``.

Results are merged by size into ``benchmarks/results/scale.json`` and ``scale.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUERY_DIRS = (ROOT / "examples" / "queries", HERE / "queries")


# -- memory ---------------------------------------------------------------------------------------

def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


class RssMonitor:
    """Samples the summed RSS of a process and its descendants (peak kept) every 0.25 s."""

    def __init__(self, *pids: int) -> None:
        self.pids, self.peak_kb, self._stop = list(pids), 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(_rss_kb(p) for root in self.pids for p in _tree(root))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(0.25)

    def __enter__(self) -> "RssMonitor":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak_kb / 1024, 1)


def run_stage(name: str, timeout: float | None = None, watch: tuple[int, ...] = (), **args: object) -> dict:
    """Run one stage in a child process; its figures plus the tree's sampled peak RSS."""
    cmd = [sys.executable, str(HERE / "stages.py"), name, json.dumps(args, default=str)]
    shown = {k: (",".join(v) if k == "queries" else v) for k, v in args.items() if k != "cases"}
    print(f"  · {name} {', '.join(f'{k}={v}' for k, v in shown.items())}", flush=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    with RssMonitor(proc.pid, *watch) as monitor:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return {"skipped": f"stopped after {timeout:.0f} s (over the time budget)", "peak_rss_mb": monitor.peak_mb}
    if proc.returncode != 0:
        return {"error": (err or "").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]}
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = monitor.peak_mb
    return result


# -- oxigraph serve -------------------------------------------------------------------------------

@contextlib.contextmanager
def oxigraph_serve(location: Path, read_only: bool = False, attempts: int = 200) -> Iterator[tuple[str, int]]:
    """A real ``oxigraph serve`` on 127.0.0.1; yields (query endpoint, server pid)."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", command, "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(attempts):
            try:
                if httpx.get(endpoint, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("oxigraph serve did not start")
        yield endpoint, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- the run ---------------------------------------------------------------------------------------

def load_queries() -> dict[str, str]:
    out = {}
    for folder in QUERY_DIRS:
        for path in sorted(folder.glob("*.rq")):
            out[path.stem] = path.read_text(encoding="utf-8")
    return out


def ensure_corpus(workdir: Path, size: int, seed: int) -> tuple[Path, dict]:
    from referatgraf.synth.corpus import write_corpus

    corpus = workdir / f"corpus-{size}-seed{seed}"
    done = corpus / "COMPLETE"
    if done.exists():
        return corpus, json.loads(done.read_text())
    shutil.rmtree(corpus, ignore_errors=True)
    started = time.perf_counter()
    summary = write_corpus(corpus, size, seed=seed)
    info = {"meetings": summary["meetings"], "mb": round(summary["bytes"] / 1e6, 1),
            "municipalities": len(summary["folders"]), "generate_seconds": round(time.perf_counter() - started, 1)}
    done.write_text(json.dumps(info))
    return corpus, info


def bench_size(size: int, args: argparse.Namespace, queries: dict[str, str], previous: dict,
               save: Callable[[dict], None] = lambda partial: None) -> dict:
    """Every stage at one size; ``save`` gets the figures so far after each stage (a long run
    stopped midway still leaves its measured figures)."""
    sys.path.insert(0, str(HERE))
    from stages import case_numbers

    workdir = Path(args.workdir)
    print(f"== {size} meetings", flush=True)
    corpus, info = ensure_corpus(workdir, size, args.seed)
    cases = case_numbers(corpus)
    result: dict = {"size": size, "corpus": info, "workers": args.workers}
    result["parse"] = run_stage("parse", corpus=str(corpus), workers=args.workers, limit=args.parse_max)
    save({**result, 'partial': True})

    store = workdir / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    progress_file = workdir / f"bulk-progress-{size}.json"
    progress_file.unlink(missing_ok=True)
    bulk = run_stage("bulk", timeout=args.bulk_timeout, corpus=str(corpus), store=str(store), workers=args.workers,
                     progress_file=str(progress_file))
    if "skipped" in bulk and progress_file.exists():  # stopped for time: keep how far it got
        bulk = {"stopped": bulk["skipped"], **json.loads(progress_file.read_text()), "peak_rss_mb": bulk["peak_rss_mb"],
                "store_mb": _mb(store)}
    embedded: dict = {"bulk": bulk}
    save({**result, 'embedded': embedded, 'partial': True})
    embedded["queries"] = query_stages(queries, cases, args.query_timeout, store=str(store))
    save({**result, 'embedded': embedded, 'partial': True})
    limit = min(size, args.per_document)
    remote: dict = {}
    if limit:
        one = workdir / f"store-{size}-per-document"
        shutil.rmtree(one, ignore_errors=True)
        embedded["ingest"] = run_stage("ingest", corpus=str(corpus), store=str(one), limit=limit)
        shutil.rmtree(one, ignore_errors=True)
        save({**result, "embedded": embedded, "partial": True})
        location = workdir / f"remote-{size}"
        shutil.rmtree(location, ignore_errors=True)
        with oxigraph_serve(location) as (endpoint, pid):
            remote["ingest"] = run_stage("ingest", watch=(pid,), corpus=str(corpus), endpoint=endpoint, limit=limit)
        remote["ingest"]["store_mb"] = _mb(location)
        shutil.rmtree(location, ignore_errors=True)
    result["embedded"] = embedded
    with oxigraph_serve(store, read_only=True) as (endpoint, pid):
        remote["queries"] = query_stages(queries, cases, args.query_timeout, endpoint=endpoint)
    result["remote"] = remote
    save({**result, 'partial': True})

    estimate = _rdflib_estimate(size, previous)
    if size > args.rdflib_max:
        result["rdflib"] = {"skipped": f"not run above {args.rdflib_max:,} meetings (linear estimate from the "
                                       f"10,000-meeting run: far over the {args.rdflib_budget / 60:.0f} min budget)"}
    elif estimate is not None and estimate > args.rdflib_budget:
        result["rdflib"] = {"skipped": f"estimated {estimate / 60:.0f} min from the smaller run, over the "
                                       f"{args.rdflib_budget / 60:.0f} min budget"}
    else:
        result["rdflib"] = run_stage("rdflib", timeout=args.rdflib_budget * 2, corpus=str(corpus), queries=queries,
                                     cases=cases, budget=args.rdflib_budget, query_timeout=args.query_timeout)
    result["store_mb"] = _mb(store)
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
    return result


def query_stages(queries: dict[str, str], cases: list[str], timeout: float, **target: str) -> dict:
    """Each query in its own process, killed after ``timeout`` s (pyoxigraph cannot cancel a
    query; a query with ``?caseParam`` gets the busiest case); then the API's case-history
    endpoint over several case numbers."""
    out: dict[str, dict] = {}
    for name, text in queries.items():
        result = run_stage("queries", timeout=timeout, queries={name: text}, cases=cases[:1], **target)
        out[name] = result.get("queries", {}).get(name, result)
    result = run_stage("queries", timeout=timeout, queries={}, cases=cases, **target)
    out.update(result.get("queries", {}))
    return {"queries": out}


def _mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1) if path.exists() else 0.0


def _rdflib_estimate(size: int, previous: dict) -> float | None:
    """Seconds rdflib would need at ``size`` (load + queries), scaled linearly from the largest
    smaller size that ran; None when no smaller size ran."""
    ran = [(int(s), r["rdflib"]) for s, r in previous.items()
           if int(s) < size and "seconds" in r.get("rdflib", {})]
    if not ran:
        return None
    smaller, figures = max(ran)
    query_ms = sum(q.get("p50_ms", 0) * 3 for q in figures.get("queries", {}).values())
    return (figures["seconds"] + query_ms / 1000) * size / smaller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated meeting counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", default="/tmp/referatgraf-bench", help="corpora and stores (not committed)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rdflib-budget", type=float, default=600.0, help="seconds the rdflib baseline may take")
    parser.add_argument("--bulk-timeout", type=float, default=None,
                        help="stop the bulk load after this many seconds (its progress so far is kept)")
    parser.add_argument("--rdflib-max", type=int, default=10_000, help="largest size the rdflib baseline runs at")
    parser.add_argument("--parse-max", type=int, default=20_000, help="documents the all-cores parse pass reads")
    parser.add_argument("--per-document", type=int, default=300,
                        help="documents the per-document (transactional) ingest paths are timed on")
    parser.add_argument("--results", default=str(HERE / "results"), help="folder for scale.json and scale.md")
    parser.add_argument("--query-timeout", type=float, default=60.0, help="seconds one query (all its runs) may take")
    parser.add_argument("--keep", action="store_true", help="keep the embedded stores")
    args = parser.parse_args()

    from report import write_results

    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    results_file = Path(args.results) / "scale.json"
    previous = json.loads(results_file.read_text())["sizes"] if results_file.exists() else {}
    queries = load_queries()
    def save(size: int, figures: dict) -> None:
        previous[str(size)] = figures
        meta = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}, "
                           f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared)",
                "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
                "queries": sorted(queries) + ["api_case_history"]}
        write_results(Path(args.results), meta, previous)

    for size in sorted(int(s) for s in args.sizes.split(",")):
        save(size, bench_size(size, args, queries, previous, lambda partial, size=size: save(size, partial)))
        print(f"   wrote {results_file}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
