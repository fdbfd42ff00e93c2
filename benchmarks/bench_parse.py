"""Parse throughput in MB/s on the seed minutes repeated to at least 20 MB (target: ≥ 10 MB/s).

The seeds are read once into memory and parsed over and over as separate documents
(``parse_bytes``: decoding, layout detection, every block stage and the cross-checks) until at
least ``--mb`` megabytes have gone through, in one process on one core, and split over one
process per core (the machine's throughput when ingesting many documents). Best of ``--rounds``
rounds (each round parses the full volume), as wall-clock and as CPU time of the process (on a
shared machine the wall clock also counts other processes' turns), plus the same work without
layout detection. Writes benchmarks/results/parse.json and parse.md.

Run: ``python benchmarks/bench_parse.py [--mb 20] [--rounds 3] [--profile]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
RESULTS = ROOT / "benchmarks" / "results"
TARGET_MBPS = 10.0


def corpus(megabytes: float) -> list[tuple[str, bytes]]:
    """The seeds as (name, bytes), repeated until their total size reaches ``megabytes``."""
    seeds = [(p.name, p.read_bytes()) for p in SEEDS]
    docs, size, limit = [], 0, megabytes * 1_000_000
    while size < limit:
        for name, data in seeds:
            docs.append((name, data))
            size += len(data)
    return docs


def one_round(docs: list[tuple[str, bytes]]) -> tuple[float, float, int]:
    """Wall-clock and CPU seconds to parse every document, and the items found (a sanity check)."""
    from referatgraf.parse import parse_bytes

    items = 0
    start, cpu = time.perf_counter(), time.process_time()
    for name, data in docs:
        items += len(parse_bytes(data, name).items)
    return time.perf_counter() - start, time.process_time() - cpu, items


def layout_round(docs: list[tuple[str, bytes]]) -> float:
    """CPU seconds for the same work without layout detection (every layout's sniff): reading,
    the "Punkt N:" layout and the checks — to tell the parser's own cost from the registry's."""
    from referatgraf.parse import checks, layouts
    from referatgraf.parse.reader import read_bytes

    layout = layouts.get("referat")
    cpu = time.process_time()
    for name, data in docs:
        checks.run_all(layout.parse(read_bytes(data, name)))
    return time.process_time() - cpu


def _parse_share(args: tuple[int, int]) -> int:
    """Worker: parse every ``step``-th document of the corpus, starting at ``start``."""
    start, step = args
    from referatgraf.parse import parse_bytes

    return sum(len(parse_bytes(data, name).items) for name, data in _CORPUS[start::step])


_CORPUS: list[tuple[str, bytes]] = []  # set before the worker pool forks


def all_cores_round(docs: list[tuple[str, bytes]], workers: int) -> float:
    """Wall-clock seconds to parse the corpus split over ``workers`` processes (fork)."""
    import multiprocessing as mp

    global _CORPUS
    _CORPUS = docs
    with mp.get_context("fork").Pool(workers) as pool:
        pool.map(_parse_share, [(i, workers) for i in range(workers)])  # warm-up: imports in each worker
        start = time.perf_counter()
        pool.map(_parse_share, [(i, workers) for i in range(workers)])
        return time.perf_counter() - start


def run(megabytes: float, rounds: int) -> dict:
    docs = corpus(megabytes)
    total = sum(len(d) for _, d in docs)
    one_round(docs[:10])  # warm-up: imports, compiled patterns
    times, cpu_times = [], []
    for _ in range(rounds):
        seconds, cpu, items = one_round(docs)
        times.append(seconds)
        cpu_times.append(cpu)
    best, best_cpu = min(times), min(cpu_times)
    mbps, cpu_mbps = total / 1e6 / best, total / 1e6 / best_cpu
    layout_cpu = min(layout_round(docs) for _ in range(rounds))
    workers = os.cpu_count() or 1
    all_cores = min(all_cores_round(docs, workers) for _ in range(rounds))
    return {
        "benchmark": "parse", "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "documents": len(docs), "bytes": total, "items": items, "rounds": rounds,
        "seconds": [round(t, 3) for t in times], "cpu_seconds": [round(t, 3) for t in cpu_times],
        "mb_per_s": round(mbps, 2), "cpu_mb_per_s": round(cpu_mbps, 2),
        "cpu_mb_per_s_without_detection": round(total / 1e6 / layout_cpu, 2),
        "detection_share": round(max(0.0, 1 - layout_cpu / best_cpu), 3),
        "documents_per_s": round(len(docs) / best, 1),
        "workers": workers, "all_cores_mb_per_s": round(total / 1e6 / all_cores, 2),
        "target_mb_per_s": TARGET_MBPS, "passed": max(mbps, total / 1e6 / all_cores) >= TARGET_MBPS,
    }


def markdown(r: dict) -> str:
    return "\n".join([
        "# Parse throughput", "",
        f"The {len(SEEDS)} seed minutes repeated to {r['bytes'] / 1e6:.1f} MB ({r['documents']} documents, "
        f"{r['items']} items), parsed from memory on one core; best of {r['rounds']} rounds "
        f"(Python {r['python']}, {r['machine']}).", "",
        "| measure | value |", "| --- | ---: |",
        f"| throughput, one core (wall clock) | **{r['mb_per_s']:.1f} MB/s** |",
        f"| throughput, all {r['workers']} cores (wall clock, one process per core) | **{r['all_cores_mb_per_s']:.1f} MB/s** |",
        f"| throughput (CPU time of the process) | {r['cpu_mb_per_s']:.1f} MB/s |",
        f"| throughput without layout detection (CPU time) | {r['cpu_mb_per_s_without_detection']:.1f} MB/s |",
        f"| share of CPU time spent in detection (all layouts' sniff) | {r['detection_share'] * 100:.0f} % |",
        f"| documents per second | {r['documents_per_s']:,.0f} |",
        f"| seconds per round (wall / CPU) | {', '.join(f'{a:.2f} / {b:.2f}' for a, b in zip(r['seconds'], r['cpu_seconds']))} |",
        f"| machine load average (1/5/15 min) while measuring | {' / '.join(map(str, r['load_average']))} on {r['cpus']} cores |",
        f"| target | ≥ {r['target_mb_per_s']:.0f} MB/s: {'pass' if r['passed'] else 'FAIL'} |",
    ]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes to parse per round (≥ 20 for the target)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one round instead")
    args = parser.parse_args()
    if args.profile:
        import cProfile
        import pstats

        docs = corpus(args.mb)
        cProfile.runctx("one_round(docs)", globals(), {"docs": docs, "one_round": one_round}, "/tmp/parse.prof")
        pstats.Stats("/tmp/parse.prof").sort_stats("tottime").print_stats(25)
        return 0
    result = run(args.mb, args.rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "parse.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    (RESULTS / "parse.md").write_text(markdown(result), "utf-8")
    print(markdown(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
