"""One benchmark stage per process: ``python benchmarks/stages.py STAGE '{json args}'``.

Each stage prints one JSON object (its figures) as the last line of stdout. Running every stage
in its own process keeps their memory apart, so ``run.py`` can measure each one's peak RSS.

Stages: ``parse``, ``bulk``, ``ingest`` (per-document, transactional; embedded or remote),
``queries`` (embedded or remote), ``rdflib`` (the in-memory baseline: load and query).
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import random
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from referatgraf.settings import Settings

Q_TIME_BUDGET = 3.0  # seconds spent on repetitions of one query (at least MIN_REPS runs)
MIN_REPS = 5
MAX_REPS = 100
CASE_HISTORY = "api_case_history"  # the API's query (examples/queries has its own case_history.rq)


# -- corpus helpers ---------------------------------------------------------------------------------

def corpus_folders(corpus: Path) -> list[tuple[Path, str]]:
    """(folder, municipality) of a generated corpus: the root, or one folder per municipality."""
    from referatgraf.synth.corpus import TRUTH_FILE

    if (corpus / TRUTH_FILE).exists():
        return [(corpus, "Egebjerg")]
    return [(p, p.name) for p in sorted(corpus.iterdir()) if p.is_dir()]


def documents(corpus: Path) -> list[tuple[str, str]]:
    from referatgraf.ingest.bulk import iter_documents

    by_folder = not (corpus / "truth.jsonl").exists()
    return list(iter_documents([corpus], by_folder=by_folder, municipality=None if by_folder else "Egebjerg"))


def case_numbers(corpus: Path, k: int = 20, seed: int = 0) -> list[str]:
    """Case numbers to ask the case history of: the most treated ten and ten at random."""
    from referatgraf.synth.corpus import read_truth

    counts: Counter[str] = Counter()
    folder, _ = corpus_folders(corpus)[0]
    for truth in read_truth(folder).values():
        counts.update(i["case"] for i in truth["items"] if i["case"] and not i["closed"])
    common = [c for c, _ in counts.most_common(k // 2)]
    rest = sorted(set(counts) - set(common))
    return common + random.Random(seed).sample(rest, min(k - len(common), len(rest)))


def peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_peak_rss_mb": round(own, 1), "largest_child_peak_rss_mb": round(children, 1)}


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _family() -> list[int]:
    """This process and its children (the worker pool)."""
    me = os.getpid()
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == me:
                    kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return [me, *kids]


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children (worker pools)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6, 1)


# -- parse ------------------------------------------------------------------------------------------

def _parse_chunk(chunk: list[tuple[str, str]]) -> tuple[int, int]:
    from referatgraf.parse import parse_file

    size = 0
    for path, municipality in chunk:
        parse_file(path, municipality=municipality)
        size += os.path.getsize(path)
    return len(chunk), size


def stage_parse(corpus: str, workers: int, limit: int | None = None, sample: int = 400) -> dict:
    """Parse throughput on all cores (the bulk path's parsing; the first ``limit`` documents),
    on one core, and correctness."""
    from referatgraf.parse import parse_file
    from referatgraf.synth.check import differences
    from referatgraf.synth.corpus import read_truth

    docs = documents(Path(corpus))[:limit]
    chunks = [docs[i:i + 32] for i in range(0, len(docs), 32)]
    started = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(_parse_chunk, chunks, chunksize=1))
    seconds = time.perf_counter() - started
    size = sum(s for _, s in done)

    folder, municipality = corpus_folders(Path(corpus))[0]
    truth = read_truth(folder)
    names = sorted(truth)[:sample]
    parse_cpu, one_size, wrong_docs, wrong_items, items = 0.0, 0, 0, 0, 0
    for name in names:
        cpu = time.process_time()
        meeting = parse_file(folder / name, municipality=municipality)
        parse_cpu += time.process_time() - cpu  # the parse only, not the check against the truth
        one_size += (folder / name).stat().st_size
        found = differences(meeting, truth[name])
        wrong_docs += bool(found)
        wrong_items += len({d.split(":")[0] for d in found if d.startswith("item ")})
        items += len(truth[name]["items"])
    one_seconds = parse_cpu
    return {"documents": len(docs), "mb": round(size / 1e6, 2), "seconds": round(seconds, 2),
            "mb_per_s": round(size / 1e6 / seconds, 2), "workers": workers,
            "single_core_mb_per_s": round(one_size / 1e6 / one_seconds, 2),
            # parsing is embarrassingly parallel: one core's CPU-time rate times the workers
            "mb_per_s_if_cores_free": round(one_size / 1e6 / one_seconds * workers, 2),
            "checked_documents": len(names), "documents_with_differences": wrong_docs,
            "items_checked": items, "items_with_differences": wrong_items, **peak_rss_mb()}


# -- ingest -----------------------------------------------------------------------------------------

def stage_bulk(corpus: str, store: str, workers: int, progress_file: str | None = None) -> dict:
    """Bulk ingest; every 15 s the figures so far go to ``progress_file`` (a run stopped for time
    still tells how far it got, how fast, and how much memory it used)."""
    from referatgraf.ingest.bulk import bulk_ingest

    by_folder = not (Path(corpus) / "truth.jsonl").exists()
    settings = Settings(store=store, municipality=None if by_folder else "Egebjerg")
    cpu = cpu_seconds()
    last = [0.0]

    def progress(s) -> None:  # noqa: ANN001
        if progress_file and s.seconds - last[0] >= 15:
            last[0] = s.seconds
            rss = sum(_rss_mb(pid) for pid in _family())
            Path(progress_file).write_text(json.dumps({
                "documents": s.documents, "quads": s.quads, "seconds": round(s.seconds, 1),
                "meetings_per_s": round(s.meetings_per_second, 1), "triples_per_s": round(s.quads_per_second),
                "cpu_seconds_parent": round(cpu_seconds() - cpu, 1), "rss_mb_now": round(rss, 1),
                "self_peak_rss_mb": peak_rss_mb()["self_peak_rss_mb"]}))

    s = bulk_ingest([corpus], settings, by_folder=by_folder, workers=workers, progress=progress)
    cpu = cpu_seconds() - cpu
    return {"documents": s.documents, "quads": s.quads, "seconds": round(s.seconds, 2), "cpu_seconds": round(cpu, 1),
            "triples_per_s_if_cores_free": round(s.quads / (cpu / workers)) if cpu else None,
            "meetings_per_s": round(s.meetings_per_second, 1), "triples_per_s": round(s.quads_per_second),
            "failures": len(s.failures), "first_failure": s.failures[0][1] if s.failures else None,
            "store_mb": dir_size_mb(Path(store)), **peak_rss_mb()}


def stage_ingest(corpus: str, store: str | None = None, endpoint: str | None = None, limit: int | None = None) -> dict:
    """The per-document path (`referatgraf ingest`): one atomic replace_graph per document."""
    from referatgraf.ingest.pipeline import ingest_file
    from referatgraf.store.open import open_store

    docs = documents(Path(corpus))[:limit]
    base = Settings(store=store or "unused", endpoint=endpoint)
    triples = failures = 0
    started, cpu = time.perf_counter(), cpu_seconds()
    with open_store(base) as target:
        for path, municipality in docs:
            try:
                triples += ingest_file(Path(path), target, base.model_copy(update={"municipality": municipality})).triples
            except Exception:  # noqa: BLE001 - counted, the benchmark goes on
                failures += 1
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    out = {"documents": len(docs), "triples": triples, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
           "meetings_per_s": round(len(docs) / seconds, 1), "triples_per_s": round(triples / seconds),
           "failures": failures, **peak_rss_mb()}
    if store:
        out["store_mb"] = dir_size_mb(Path(store))
    return out


# -- queries ----------------------------------------------------------------------------------------

def _latencies(run, budget: float = Q_TIME_BUDGET, min_reps: int = MIN_REPS) -> tuple[list[float], int]:  # noqa: ANN001
    """Milliseconds of repeated runs after a warm-up (fewer repetitions for slow queries)."""
    t = time.perf_counter()
    rows = run()  # warm-up (and the row count)
    if time.perf_counter() - t > 1.0:
        min_reps = min(min_reps, 2)
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < min_reps or (time.perf_counter() - started < budget and len(times) < MAX_REPS):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return times, rows


def _summary(times: list[float], rows: int) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2), "runs": len(times), "rows": rows}


def stage_queries(queries: dict[str, str], cases: list[str], store: str | None = None,
                  endpoint: str | None = None) -> dict:
    """p50/p95 latency of every query and of the API's case-history endpoint: the function the
    endpoint calls (``Reader.case_history``: its query and the typed answer built from the rows;
    no HTTP), over the same case numbers on every store. A query with a ``?caseParam`` gets the
    busiest case bound (its default case comes from the seeds, not from the generated corpus)."""
    from referatgraf.read.reader import Reader
    from referatgraf.store.open import open_store

    settings = Settings(store=store or "unused", endpoint=endpoint)
    out: dict[str, dict] = {}
    with open_store(settings, read_only=True) as target:
        for name, text in queries.items():
            bound = case_binding(text, cases)
            out[name] = _summary(*_latencies(lambda: len(target.select(text, bound))))
        reader = Reader(target, settings.base_iri)
        times: list[float] = []
        rows = 0
        for case in cases if not queries else ():  # the endpoint is timed in a run of its own
            t, rows_one = _latencies(lambda: len(reader.case_history(case).events), budget=0.5)
            times += t
            rows = max(rows, rows_one)
        if cases and not queries:
            out[CASE_HISTORY] = _summary(times, rows)
    return {"queries": out, **peak_rss_mb()}


def case_binding(text: str, cases: list[str]) -> dict:
    """``{"caseParam": <the busiest case>}`` for a query that takes one, else nothing."""
    from rdflib import Literal

    return {"caseParam": Literal(cases[0])} if cases and "?caseParam" in text else {}


# -- rdflib baseline ----------------------------------------------------------------------------------

def _rdflib_latencies(dataset, texts: list[str], bound: dict | None = None) -> dict:  # noqa: ANN001
    times, rows = [], 0
    for text in texts:
        one, rows_one = _latencies(lambda: len(list(dataset.query(text, initBindings=bound or {}))),
                                   budget=3.0 / len(texts), min_reps=2)
        times += one
        rows = max(rows, rows_one)
    return _summary(times, rows)


def _in_thread(work, timeout: float) -> dict:  # noqa: ANN001
    """``work()`` in a daemon thread; a query that outlives ``timeout`` is abandoned (rdflib
    cannot be interrupted) and reported as timed out."""
    import threading

    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(result=work()), daemon=True)
    thread.start()
    thread.join(timeout)
    return box.get("result") or {"skipped": f"timed out after {timeout:.0f} s"}


def stage_rdflib(corpus: str, queries: dict[str, str], cases: list[str], budget: float,
                 query_timeout: float = 120.0) -> dict:
    """The same pipeline into rdflib's default in-memory store, then the same queries."""
    from rdflib import Dataset, Literal, URIRef

    from referatgraf.read import queries as Q
    from referatgraf.extract import extract
    from referatgraf.graph.iris import Minter
    from referatgraf.graph.mapping import graph_iri, map_meeting
    from referatgraf.parse import parse_file

    settings = Settings()
    dataset = Dataset(default_union=True)
    docs = documents(Path(corpus))
    started, cpu = time.perf_counter(), cpu_seconds()
    triples = 0
    for index, (path, municipality) in enumerate(docs):
        meeting = parse_file(path, municipality=municipality)
        minter = Minter(settings.base_iri, municipality)
        graph = map_meeting(meeting, extract(meeting, settings), minter)
        target = dataset.graph(URIRef(graph_iri(meeting, minter)))
        target += graph
        triples += len(graph)
        if len(docs) > 2000 and (index + 1) % 1000 == 0:  # a long load leaves a trace if it is stopped
            Path(f"{corpus}.rdflib-progress.json").write_text(json.dumps({
                "loading": index + 1, "triples": triples, "seconds": round(time.perf_counter() - started, 1),
                "cpu_seconds": round(cpu_seconds() - cpu, 1), **peak_rss_mb()}))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    out: dict = {"documents": len(docs), "triples": triples, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
                 "meetings_per_s": round(len(docs) / seconds, 1), "triples_per_s": round(triples / seconds)}
    results: dict[str, dict] = {}
    deadline = time.perf_counter() + budget
    progress = Path(f"{corpus}.rdflib-progress.json")  # what a stopped run got so far
    progress.write_text(json.dumps(out))
    first = ("group_by_kle", "text_search", "meetings_per_body_year", CASE_HISTORY)  # the targets' queries
    ordered = sorted(list(queries.items()) + [(CASE_HISTORY, None)], key=lambda kv: kv[0] not in first)
    for name, text in ordered:
        left = deadline - time.perf_counter()
        if left <= 0:
            results[name] = {"skipped": "time budget spent"}
            continue
        if text is None:  # the case-history endpoint's query, over the same cases as the other stores
            texts, bound = [Q.q(Q.CASE_HISTORY, caseNumber=Literal(c)) for c in cases], {}
        else:
            texts, bound = [text], case_binding(text, cases)
        results[name] = _in_thread(lambda: _rdflib_latencies(dataset, texts, bound), min(left, query_timeout))
        progress.write_text(json.dumps({**out, "queries": results, **peak_rss_mb()}))
    out["queries"] = results
    out.update(peak_rss_mb())
    return out


STAGES = {"parse": stage_parse, "bulk": stage_bulk, "ingest": stage_ingest, "queries": stage_queries,
          "rdflib": stage_rdflib}

if __name__ == "__main__":
    result = STAGES[sys.argv[1]](**json.loads(sys.argv[2]))
    print(json.dumps(result))
